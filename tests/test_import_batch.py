"""Tx.insert_many writes exactly what one Tx.insert per row writes (rows, outbox, field stamps, recorded
changes, refusals), and the batch stocktake books exactly what one stock.count per row books."""

from __future__ import annotations

from datetime import datetime

import pytest

from xhduty.core import clock
from xhduty.core.resources import assets, stock
from xhduty.core.store import StoreError, init_station, open_store
from xhduty.sync import state

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=clock.SHANGHAI)


def _station(path, role="centre"):
    store = open_store(path)
    init_station(store, "XH-BATCH", "批量站", role)
    return store


def _everything(store, tables):
    """Every row of ``tables`` and the whole outbox and field clock, less the change ids (random)."""
    out = {t: sorted((dict(r) for r in store.query(f"SELECT * FROM {t}")), key=lambda r: str(list(r.values())))
           for t in tables}
    out["changes"] = [dict(r) for r in store.query(
        "SELECT station, station_seq, hlc, tbl, record_id, op, fields, prev FROM changes ORDER BY station_seq")]
    out["field_clock"] = [dict(r) for r in store.query("SELECT * FROM field_clock ORDER BY tbl, record_id, field")]
    return out


def _two_stations(tmp_path, role="centre"):
    return _station(tmp_path / "one" / "station.db", role), _station(tmp_path / "many" / "station.db", role)


def test_insert_many_writes_what_one_insert_per_row_writes(tmp_path):
    one, many = _two_stations(tmp_path)
    depots = [{"id": f"D{n}", "name": f"储备库{n}", "kind": "储备库", "division": "longhua"} for n in range(3)]
    moves = [{"id": f"M{n}", "at": "2026-12-01T09:00:00+08:00", "kind": "count", "depot_id": "D0",
              "item_id": "I", "lot": f"L{n % 2}", "qty": n + 1, "counted": n + 1} for n in range(4)]
    moves[2]["expires"] = "2030-06-30"                       # a row naming one more column than the others
    with clock.frozen(T0):
        with one.write() as tx:
            for row in depots:
                tx.insert("depots", row)
            for row in moves:
                tx.insert("stock_movements", row)
            by_one = tx.changes
        with many.write() as tx:
            assert tx.insert_many("depots", depots) == ["D0", "D1", "D2"]
            assert tx.insert_many("stock_movements", moves) == ["M0", "M1", "M2", "M3"]
            by_many = tx.changes
    tables = ("depots", "stock_movements", "stock_balances")
    assert _everything(many, tables) == _everything(one, tables)
    assert by_many.rows == by_one.rows and set(by_many) == set(by_one)
    assert len(_everything(many, tables)["field_clock"]) > 0           # the mutable depots' stamps
    assert [r["qty"] for r in many.query("SELECT qty FROM stock_balances ORDER BY lot")] == [1 + 3, 2 + 4]


def test_insert_many_fills_ids_and_stamps_as_insert_does(tmp_path):
    one, many = _two_stations(tmp_path)
    rows = [{"name": f"库{n}", "kind": "储备库", "division": "longhua"} for n in range(3)]
    with clock.frozen(T0):
        with one.write() as tx:
            first = [tx.insert("depots", r) for r in rows]
        with many.write() as tx:
            ids = tx.insert_many("depots", rows)
    assert len(set(ids)) == 3 and ids == sorted(ids)                   # fresh, time-ordered ids
    strip = lambda store, got: [{k: v for k, v in r.items() if k != "id"}
                                for r in (store.get("depots", i) for i in got)]
    assert strip(many, ids) == strip(one, first)
    assert [r["record_id"] for r in many.query("SELECT record_id FROM changes ORDER BY station_seq")] == ids
    assert [r["station_seq"] for r in many.query("SELECT station_seq FROM changes ORDER BY hlc")] == [1, 2, 3]


def test_insert_many_refuses_as_insert_does_and_writes_nothing(tmp_path):
    street = _station(tmp_path / "s" / "station.db", role="street")
    with street.write() as tx:
        state.put(tx, "hub_url", "http://127.0.0.1:9")
        state.put(tx, "division", "longhua")
    ours = {"name": "龙华储备点", "kind": "储备点", "division": "longhua"}
    theirs = {"id": "TIANLIN-1", "name": "田林储备点", "kind": "储备点", "division": "tianlin"}
    with pytest.raises(StoreError) as single:
        with street.write() as tx:
            tx.insert("depots", theirs)
    with pytest.raises(StoreError) as batch:
        with street.write() as tx:
            tx.insert_many("depots", [ours, theirs])
    assert str(batch.value) == str(single.value) and "无权修改" in str(batch.value)
    with pytest.raises(StoreError, match="没有字段：colour"):
        with street.write() as tx:
            tx.insert_many("depots", [ours, {**ours, "colour": "红"}])
    with pytest.raises(StoreError) as second:                         # the first refused row is named
        with street.write() as tx:
            tx.insert_many("depots", [ours, theirs, {**theirs, "id": "TIANLIN-2"}])
    assert "TIANLIN-1" in str(second.value) and "TIANLIN-2" not in str(second.value)
    with pytest.raises(StoreError, match="不能通过同步写入路径"):
        with street.write() as tx:
            tx.insert_many("meta", [{"key": "a", "value": "b"}])
    assert street.query("SELECT * FROM depots") == [] and street.query("SELECT * FROM changes") == []


def test_insert_many_of_nothing_writes_nothing(store):
    with store.write() as tx:
        assert tx.insert_many("depots", []) == []
        assert not tx.changes
    assert store.query("SELECT * FROM changes") == []


def _depot_and_items(store):
    depot = assets.save(store, "depots", {"name": "区储备库", "kind": "储备库", "division": "longhua"})[0]
    items = [assets.save(store, "items", {"name": n, "class_code": "3010100", "unit": "件"})[0]
             for n in ("编织袋", "救生衣")]
    return depot, items


def test_a_batch_stocktake_books_what_one_count_per_row_books(tmp_path):
    one, many = _two_stations(tmp_path)
    with clock.frozen(T0):
        setup = [_depot_and_items(s) for s in (one, many)]
        for store, (depot, (bags, vests)) in zip((one, many), setup):
            with store.write() as tx:
                stock.receive(tx, depot, bags, 100, lot="A", expires="2030-01-31")
                stock.issue(tx, depot, bags, 30, lot="A")
        counts = lambda depot, bags, vests: [
            {"depot_id": depot, "item_id": bags, "counted": 60, "lot": "A"},            # found 10 short
            {"depot_id": depot, "item_id": bags, "counted": 60, "lot": "A"},            # counted again: 0
            {"depot_id": depot, "item_id": bags, "counted": 5, "lot": "B", "expires": "2031-12-31"},
            {"depot_id": depot, "item_id": vests, "counted": 0, "lot": ""},
            {"depot_id": depot, "item_id": bags, "counted": 7, "lot": "A", "expires": None},
        ]
        depot, (bags, vests) = setup[0]
        with one.write() as tx:
            singly = [stock.count(tx, c["depot_id"], c["item_id"], c["counted"], lot=c["lot"],
                                  expires=c.get("expires"), reason="导入") for c in counts(depot, bags, vests)]
        depot, (bags, vests) = setup[1]
        with many.write() as tx:
            batched = stock.count_many(tx, counts(depot, bags, vests), reason="导入")
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("id", "depot_id", "item_id")} for r in rows]
    assert strip(batched) == strip(singly)
    assert [m["qty"] for m in batched] == [-10, 0, 5, 0, -53]
    assert batched[2]["expires"] == "2031-12-31" and batched[4]["expires"] == "2030-01-31"
    keep = lambda store: sorted((r["lot"], r["qty"], r["expires"]) for r in store.query(
        "SELECT lot, qty, expires FROM stock_balances"))
    assert keep(many) == keep(one) == [("", 0, None), ("A", 7, "2030-01-31"), ("B", 5, "2031-12-31")]


def test_a_batch_stocktake_refuses_an_unknown_or_deleted_depot_and_books_nothing(store):
    depot, (bags, _) = _depot_and_items(store)
    with store.write() as tx:
        tx.delete("depots", depot)
    for depot_id in (depot, "nope"):
        with pytest.raises(StoreError, match=f"储备库.*没有编号为 {depot_id}"):
            with store.write() as tx:
                stock.count_many(tx, [{"depot_id": depot_id, "item_id": bags, "counted": 3}])
    other = assets.save(store, "depots", {"name": "二号库", "kind": "储备库", "division": "longhua"})[0]
    good = {"depot_id": other, "item_id": bags, "counted": 3}
    with pytest.raises(StoreError, match="盘点数量应为整数，而不是「三」"):
        with store.write() as tx:
            stock.count_many(tx, [good, {**good, "counted": "三"}])
    with pytest.raises(StoreError, match="有效期应为日期.*「明年」"):
        with store.write() as tx:
            stock.count_many(tx, [good, {**good, "expires": "明年"}])
    assert store.query("SELECT * FROM stock_movements") == []


# ------------------------------------------------------------------- the preview's check, reused by the import

def _ledger(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "库存"
    for row in [("仓库", "品名", "批号", "有效期", "库存数量"), *rows]:
        ws.append(list(row))
    wb.save(path)
    return path


@pytest.fixture
def opened(monkeypatch):
    """Counts the files an importer reads."""
    from xhduty.core import tabular

    seen = []
    real = tabular.Workbook.open.__func__

    def counting(cls, path):
        seen.append(path)
        return real(cls, path)

    monkeypatch.setattr(tabular.Workbook, "open", classmethod(counting))
    return seen


def test_the_import_right_after_its_preview_does_not_read_the_file_again(store, tmp_path, opened):
    from xhduty.core.resources import xlsx_io

    depot, (bags, _) = _depot_and_items(store)
    path = _ledger(tmp_path / "台账.xlsx", [("区储备库", "编织袋", "A", "长期", 40)])
    assert xlsx_io.preview(store, path).ok
    assert xlsx_io.import_xlsx(store, path)["stock_movements"] == 1
    assert len(opened) == 1
    assert xlsx_io.import_xlsx(store, path)["stock_movements"] == 1    # again: read again (and agrees)
    assert len(opened) == 2
    assert stock.on_hand(store) == [{"depot_id": depot, "item_id": bags, "lot": "A", "expires": None, "qty": 40}]


def test_a_file_saved_again_after_its_preview_is_read_again(store, tmp_path, opened):
    from xhduty.core.resources import xlsx_io

    _depot_and_items(store)
    path = _ledger(tmp_path / "台账.xlsx", [("区储备库", "编织袋", "A", "长期", 40)])
    assert xlsx_io.preview(store, path).ok
    _ledger(path, [("区储备库", "编织袋", "A", "长期", 40), ("区储备库", "救生衣", "", "", 7)])
    assert xlsx_io.import_xlsx(store, path)["stock_movements"] == 2
    assert len(opened) == 2
    assert sorted(r["qty"] for r in stock.on_hand(store)) == [7, 40]


def test_a_depot_renamed_after_the_preview_is_checked_again_and_nothing_is_imported(store, tmp_path):
    from xhduty.core.resources import xlsx_io
    from xhduty.core.tabular import ImportRejected

    depot, _ = _depot_and_items(store)
    path = _ledger(tmp_path / "台账.xlsx", [("区储备库", "编织袋", "A", "长期", 40)])
    assert xlsx_io.preview(store, path).ok
    assets.save(store, "depots", {"name": "区物资储备中心", "kind": "储备库", "division": "longhua"}, depot)
    with pytest.raises(ImportRejected, match="第 2 行「储备库」（A 列）：储备库（点）「区储备库」不存在"):
        xlsx_io.import_xlsx(store, path)
    assert stock.on_hand(store) == []


def test_contacts_import_right_after_its_preview_reads_the_file_once(store, tmp_path, opened):
    from openpyxl import Workbook

    from xhduty.core.contacts import xlsx_io

    wb = Workbook()
    wb.active.title = "人员"
    for row in [("单位路径", "姓名", "手机"), ("区应急局/值班室", "王　伟", "13900000001")]:
        wb.active.append(list(row))
    wb.save(tmp_path / "通讯录.xlsx")
    assert xlsx_io.preview(tmp_path / "通讯录.xlsx").ok
    assert xlsx_io.import_xlsx(store, tmp_path / "通讯录.xlsx")["added"] == 1
    assert len(opened) == 1
    assert [r["name"] for r in store.query("SELECT name FROM people")] == ["王伟"]


def test_a_ledger_failing_in_its_last_batch_leaves_nothing_written(store, tmp_path, monkeypatch):
    from xhduty.core.resources import xlsx_io

    _depot_and_items(store)
    path = _ledger(tmp_path / "台账.xlsx", [("区储备库", "编织袋", f"L{n}", "长期", n + 1) for n in range(5)])
    before = store.one("SELECT count(*) FROM changes")[0]
    monkeypatch.setattr(xlsx_io, "COUNT_BATCH", 2)
    real, calls = stock.count_many, []

    def failing_third(tx, counts, **kw):
        calls.append(len(counts))
        if len(calls) == 3:
            raise StoreError("磁盘已满，未能保存")
        return real(tx, counts, **kw)

    monkeypatch.setattr(stock, "count_many", failing_third)
    with pytest.raises(StoreError, match="磁盘已满"):
        xlsx_io.import_xlsx(store, path)
    assert calls == [2, 2, 1]
    assert store.query("SELECT * FROM stock_movements") == [] and stock.on_hand(store) == []
    assert store.one("SELECT count(*) FROM changes")[0] == before


def test_the_command_line_imports_a_ledger_after_its_preview(store, tmp_path, capsys, opened):
    from xhduty.cli import main

    _depot_and_items(store)
    path = _ledger(tmp_path / "台账.xlsx", [("区储备库", "编织袋", "A", "2030/6/30", 40)])
    assert main(["resources", "import", str(path), "--dry-run"]) == 0
    assert "将导入：" in capsys.readouterr().out and stock.on_hand(store) == []
    assert main(["resources", "import", str(path)]) == 0
    assert "库存批次（盘点） 1" in capsys.readouterr().out
    assert len(opened) == 2                          # the dry run's preview, then the import's (reused)
    assert [(r["lot"], r["expires"], r["qty"]) for r in stock.on_hand(store)] == [("A", "2030-06-30", 40)]


def test_a_check_is_handed_back_once_for_the_same_key_and_not_when_old(monkeypatch):
    from xhduty.core.tabular import LastChecked

    kept = LastChecked()
    kept.keep(("a.xlsx", 10, 1), "plan")
    assert kept.take(("a.xlsx", 10, 2)) is None          # saved again since: nothing, and let go
    assert kept.take(("a.xlsx", 10, 1)) is None
    kept.keep(("a.xlsx", 10, 1), "plan")
    assert kept.take(("a.xlsx", 10, 1)) == "plan" and kept.take(("a.xlsx", 10, 1)) is None
    kept.keep(("a.xlsx", 10, 1), "plan")
    monkeypatch.setattr(LastChecked, "KEEP_SECONDS", -1)
    assert kept.take(("a.xlsx", 10, 1)) is None


def test_every_error_of_a_ledger_row_is_named_at_once(store, tmp_path):
    from xhduty.core.resources import xlsx_io

    _depot_and_items(store)
    path = _ledger(tmp_path / "台账.xlsx", [("区储备库", "编织袋", "A", "长期", 40), ("二号库", "帐篷", "", "明年", "十")])
    seen = xlsx_io.preview(store, path)
    assert [str(p) for p in seen.errors] == [
        "台账.xlsx 工作表「库存」第 3 行「储备库」（A 列）：储备库（点）「二号库」不存在",
        "台账.xlsx 工作表「库存」第 3 行「物资」（B 列）：物资目录「帐篷」不存在",
        "台账.xlsx 工作表「库存」第 3 行「有效期至」（D 列）：应为日期（可写 2026-12-01、2026/12/1、2026.12.1、"
        "2026年12月1日；无期限写“长期”），而不是「明年」",
        "台账.xlsx 工作表「库存」第 3 行「数量」（E 列）：应为整数，而不是「十」"]
    assert seen.counts["库存"] == 1


def test_a_street_station_imports_its_own_depots_ledger_and_is_refused_another_divisions(tmp_path):
    from xhduty.core.resources import xlsx_io

    street = _station(tmp_path / "s" / "station.db", role="street")
    ours = assets.save(street, "depots", {"name": "龙华储备点", "kind": "储备点", "division": "longhua"})[0]
    theirs = assets.save(street, "depots", {"name": "田林储备点", "kind": "储备点", "division": "tianlin"})[0]
    assets.save(street, "items", {"name": "编织袋", "class_code": "3010100", "unit": "条"})
    with street.write() as tx:
        state.put(tx, "hub_url", "http://127.0.0.1:9")
        state.put(tx, "division", "longhua")
    good = _ledger(tmp_path / "龙华.xlsx", [("龙华储备点", "编织袋", "A", "长期", 40)])
    assert xlsx_io.import_xlsx(street, good)["stock_movements"] == 1
    bad = _ledger(tmp_path / "混合.xlsx", [("龙华储备点", "编织袋", "B", "长期", 5), ("田林储备点", "编织袋", "", "", 9)])
    with pytest.raises(StoreError, match="中心不会接收这项修改：stock_movements 记录 .* 属于 tianlin 辖区"):
        xlsx_io.import_xlsx(street, bad)
    assert [(r["depot_id"], r["lot"], r["qty"]) for r in stock.on_hand(street)] == [(ours, "A", 40)]
    assert not stock.on_hand(street, depot_id=theirs)


def test_a_list_of_changes_is_refused_for_its_first_refused_change_as_one_by_one(tmp_path):
    from xhduty.core import authority

    street = _station(tmp_path / "s" / "station.db", role="street")
    ours = assets.save(street, "depots", {"name": "龙华储备点", "kind": "储备点", "division": "longhua"})[0]
    theirs = assets.save(street, "depots", {"name": "田林储备点", "kind": "储备点", "division": "tianlin"})[0]
    with street.write() as tx:
        state.put(tx, "division", "longhua")
    move = lambda n, depot: {"station": "XH-BATCH", "tbl": "stock_movements", "record_id": f"M{n}", "op": "insert",
                             "fields": {"id": f"M{n}", "station": "XH-BATCH", "depot_id": depot, "qty": 1}}
    changes = [move(1, ours), move(2, theirs), move(3, theirs)]
    singly = [authority.write_refusal(street, c) for c in changes]
    assert singly[0] is None and singly[1] and "M2" in singly[1]
    assert authority.first_write_refusal(street, changes) == singly[1]
    assert authority.first_write_refusal(street, changes[:1]) is None
