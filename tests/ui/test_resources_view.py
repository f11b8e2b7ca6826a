"""The resources area through its widgets: highlighted inventory, booking with a shortage warning, the stock
card, registers, and what is available for an incident with dispatch to its timeline.

Screenshots are saved to /tmp/resources-*.png (示例数据) for looking at the layouts at 1366×768.
"""

from __future__ import annotations

import pytest

from xhduty.core import clock
from xhduty.core.resources import assets
from xhduty.core.duty import duty
from xhduty.core.incidents import incidents
from xhduty.core.resources import stock
from xhduty.ui.context import AppContext
from xhduty.ui.qt import QDialogButtonBox, QMessageBox, Qt
from xhduty.ui.resources.dialogs import MovementDialog, RecordDialog, StockCardDialog
from xhduty.ui.resources.models import EXPIRED, EXPIRING, LOW, NEGATIVE
from xhduty.ui.resources.resources_view import View

T0 = clock.parse("2026-06-01T10:00")


@pytest.fixture
def ctx(on_duty):
    with clock.frozen(T0):
        store = on_duty
        depots = {}
        for name, kind, division in (("示例数据 区应急物资保障库", "储备库", "xujiahui"),
                                     ("示例数据 龙华街道储备点", "储备点", "longhua"),
                                     ("示例数据 长桥街道储备点", "储备点", "changqiao")):
            depots[division] = assets.save(store, "depots", {"name": name, "kind": kind, "division": division,
                                                             "keeper": "示例数据", "phone": "021-00000000"})[0]
        items = {}
        for name, code, unit, spec in (("编织袋（沙袋）", "3010100", "条", "50×80cm"), ("水泵", "2040100", "台", "100m³/h"),
                                       ("饮用水", "1010100", "箱", "550ml×24"), ("棉被", "1020300", "条", "2kg")):
            items[name] = assets.save(store, "items", {"name": name, "class_code": code, "unit": unit,
                                                       "spec": spec})[0]
        with store.write() as tx:
            stock.receive(tx, depots["xujiahui"], items["编织袋（沙袋）"], 5000, lot="2026-01")
            stock.receive(tx, depots["longhua"], items["编织袋（沙袋）"], 300, lot="2026-01")
            stock.set_minimum(tx, depots["longhua"], items["编织袋（沙袋）"], 500)
            stock.receive(tx, depots["changqiao"], items["水泵"], 12)
            stock.receive(tx, depots["longhua"], items["饮用水"], 80, lot="W1", expires="2026-06-20")
            stock.receive(tx, depots["longhua"], items["饮用水"], 60, lot="W0", expires="2026-05-20")
            stock.receive(tx, depots["xujiahui"], items["棉被"], 400, lot="B1")
            stock.issue(tx, depots["changqiao"], items["水泵"], 14, confirm=True)  # overdrawn elsewhere
        assets.save(store, "teams", {"name": "示例数据 龙华街道防汛抢险队", "type": "防汛抢险", "size": 24,
                                     "leader": "陈示例", "phone": "13800000001", "division": "longhua",
                                     "readiness": "待命", "capabilities": "排涝、堆沙袋"})
        assets.save(store, "teams", {"name": "示例数据 长桥街道应急分队", "size": 12, "division": "changqiao",
                                     "readiness": "待命", "leader": "周示例", "phone": "13800000002"})
        for name, cls, division, cap, occ in (("示例数据 龙华中学体育馆", "Ⅲ类", "longhua", 300, 0),
                                              ("示例数据 长桥公园", "Ⅱ类", "changqiao", 1200, 40),
                                              ("示例数据 徐家汇体育公园", "Ⅰ类", "xujiahui", 5000, 0)):
            assets.save(store, "shelters", {"name": name, "class": cls, "division": division, "capacity": cap,
                                            "occupancy": occ, "area_m2": cap * 2, "address": "示例数据 地址",
                                            "facilities": "饮水、厕所、照明", "contact": "示例数据"})
        context = AppContext(store)
        context.depots, context.items = depots, items
        yield context


def _view(qtbot, ctx):
    view = View(ctx)
    qtbot.addWidget(view)
    ctx.data_changed.connect(view.refresh)  # the main window does this for every area
    view.resize(1234, 700)
    view.show()
    return view


def _row(model, **match):
    return next(i for i, r in enumerate(model.rows) if all(r[k] == v for k, v in match.items()))


def test_inventory_highlights_low_expiring_expired_and_negative(qtbot, ctx):
    with clock.frozen(T0):
        view = _view(qtbot, ctx)
        model = view.inventory.model
        low = _row(model, item_name="编织袋（沙袋）", depot_name="示例数据 龙华街道储备点")
        expiring = _row(model, lot="W1")
        expired = _row(model, lot="W0")
        negative = _row(model, item_name="水泵")
        assert model.data(model.index(low, 0), Qt.BackgroundRole).color() == LOW
        assert model.data(model.index(expiring, 0), Qt.BackgroundRole).color() == EXPIRING
        assert model.data(model.index(expired, 0), Qt.BackgroundRole).color() == EXPIRED
        assert model.data(model.index(negative, 8), Qt.ForegroundRole).color() == NEGATIVE
        assert model.data(model.index(negative, 8)) == "-2"
        assert model.data(model.index(low, 11)) == "低于最低库存"
        view.grab().save("/tmp/resources-inventory.png")
        view.inventory.action_only.setChecked(True)
        assert {r["lot"] for r in model.rows} == {"2026-01", "W1", "W0", ""}
        assert len(model.rows) == 4
        view.inventory.action_only.setChecked(False)
        view.inventory.text.setText("棉被")
        qtbot.waitUntil(lambda: len(model.rows) == 1)


def test_issue_more_than_on_hand_asks_then_books_and_the_card_shows_it(qtbot, ctx, monkeypatch):
    with clock.frozen(T0):
        view = _view(qtbot, ctx)
        d, i = ctx.depots["longhua"], ctx.items["编织袋（沙袋）"]
        dialog = MovementDialog(ctx, "issue", d, i)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.on_hand.text() == "300"
        dialog.qty.setValue(350)
        dialog.party.setText("示例数据 龙华路抢险现场")
        asked = []
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
        qtbot.keyClick(dialog.party, Qt.Key_Return)     # Enter saves
        assert "现有 300条" in asked[0] and dialog.result() != dialog.DialogCode.Accepted
        assert stock.on_hand(ctx.store, d, i)[0]["qty"] == 300
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
        qtbot.keyClick(dialog.party, Qt.Key_Return)
        assert dialog.result() == dialog.DialogCode.Accepted
        row = _row(view.inventory.model, depot_id=d, item_id=i)
        assert view.inventory.model.rows[row]["qty"] == -50   # refreshed through data_changed

        card = StockCardDialog(ctx, i, d, view)
        qtbot.addWidget(card)
        card.show()
        assert [r["kind_name"] for r in card.model.rows] == ["入库", "出库"]
        assert card.model.data(card.model.index(1, 6)) == "-50"
        assert card.model.data(card.model.index(1, 8)) == "示例数据 龙华路抢险现场"
        assert card.model.data(card.model.index(1, 7)) == "李值班"
        card.grab().save("/tmp/resources-stock-card.png")
        card.depot.setCurrentIndex(0)   # all depots
        assert len(card.model.rows) == 3


def test_stocktake_in_the_dialog_books_the_difference(qtbot, ctx):
    with clock.frozen(T0):
        dialog = MovementDialog(ctx, "count", ctx.depots["xujiahui"], ctx.items["棉被"], lot="B1")
        qtbot.addWidget(dialog)
        dialog.qty.setValue(396)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
        assert [(m["qty"], m["counted"]) for m in dialog.moved] == [(-4, 396)]


def test_register_form_names_the_bad_field_and_the_shelter_list(qtbot, ctx, monkeypatch):
    with clock.frozen(T0):
        view = _view(qtbot, ctx)
        pane = view.show_tab("shelters")
        assert [r["name"] for r in pane.model.rows] == ["示例数据 长桥公园", "示例数据 徐家汇体育公园", "示例数据 龙华中学体育馆"]
        free = pane.model.columns.index(next(c for c in pane.model.columns if c.header == "可再安置"))
        row = _row(pane.model, name="示例数据 长桥公园")
        assert pane.model.data(pane.model.index(row, free)) == "1160"
        view.grab().save("/tmp/resources-shelters.png")

        warned = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
        dialog = RecordDialog(ctx, "items")
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.widgets["name"].setText("折叠床")
        dialog.widgets["unit"].setText("张")
        dialog.widgets["class_code"].setText("123")
        qtbot.keyClick(dialog.widgets["name"], Qt.Key_Return)
        assert "「分类代码」应为 GB/T 38565" in warned[0]
        dialog.widgets["class_code"].setText("1030200")
        qtbot.keyClick(dialog.widgets["name"], Qt.Key_Return)
        assert dialog.result() == dialog.DialogCode.Accepted
        items_pane = view.show_tab("items")
        assert "折叠床" in [r["name"] for r in items_pane.model.rows]
        items_pane.cls.setCurrentIndex(items_pane.cls.findData("2"))
        assert [r["name"] for r in items_pane.model.rows] == ["水泵"]


def test_available_for_an_incident_and_dispatch_a_team(qtbot, ctx, monkeypatch):
    with clock.frozen(T0):
        incident = incidents.open_incident(ctx.store, title="示例数据 龙华路积水", type_code="N.flood",
                                           division="longhua")
        view = _view(qtbot, ctx)
        pane = view.show_tab("available")
        pane.choose_incident(incident)
        assert pane.division.currentData() == "longhua"
        items = pane.models["items"].rows
        assert [(r["proximity"], r["item_name"]) for r in items][:2] == [("本街镇", "编织袋（沙袋）"), ("本街镇", "饮用水")]
        assert all(r["item_name"] != "水泵" for r in items)                 # overdrawn: nothing to offer
        assert [r["proximity"] for r in pane.models["shelters"].rows] == ["本街镇", "相邻街镇", "其他街镇"]
        view.resize(1234, 700)
        view.grab().save("/tmp/resources-available.png")
        pane.tables["teams"].selectRow(0)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
        pane.dispatch_team()
        log = duty.list_entries(ctx.store, duty.LogFilter(incident_id=incident, kinds=["dispatch"]))
        assert log[0]["text"].startswith("调派队伍：示例数据 龙华街道防汛抢险队")
        assert pane.models["teams"].rows[0]["readiness"] == "出动"


def test_dispatch_dialog_for_an_incident_issues_stock_onto_its_timeline(qtbot, ctx):
    from xhduty.ui.resources.available import DispatchDialog

    with clock.frozen(T0):
        incident = incidents.open_incident(ctx.store, title="示例数据 长桥积水", type_code="N.flood",
                                           division="changqiao")
        dialog = DispatchDialog(ctx, incident)
        qtbot.addWidget(dialog)
        pane = dialog.pane
        assert pane.incident.currentData() == incident and pane.division.currentData() == "changqiao"
        first = pane.models["items"].rows[0]
        assert first["proximity"] == "相邻街镇" and first["item_name"] == "编织袋（沙袋）"  # 龙华 borders 长桥
        issue = MovementDialog(ctx, "issue", first["depot_id"], first["item_id"], incident_id=incident)
        qtbot.addWidget(issue)
        assert issue.incident.currentData() == incident
        issue.qty.setValue(100)
        issue.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
        assert [r["qty"] for r in pane.models["items"].rows if r["depot_id"] == first["depot_id"]
                and r["item_id"] == first["item_id"]] == [200]     # refreshed through data_changed
        log = duty.list_entries(ctx.store, duty.LogFilter(incident_id=incident, kinds=["dispatch"]))
        assert log[0]["text"] == "调派物资：示例数据 龙华街道储备点 编织袋（沙袋） 100条"


def test_minimum_from_the_inventory_and_a_depot_with_stock_is_not_deleted(qtbot, ctx, monkeypatch):
    from xhduty.ui.qt import QInputDialog

    with clock.frozen(T0):
        view = _view(qtbot, ctx)
        inv = view.inventory
        inv.table.selectRow(_row(inv.model, item_name="棉被"))
        monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (1000, True))
        inv.set_minimum()
        row = inv.model.rows[_row(inv.model, item_name="棉被")]
        assert (row["minimum"], row["low"]) == (1000, True)

        pane = view.show_tab("depots")
        pane.table.selectRow(_row(pane.model, division="xujiahui"))
        warned = []
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
        pane.delete()
        assert "还有库存，不能删除" in warned[0]
        assert len(pane.model.rows) == 3


def test_import_runs_in_the_background_and_a_bad_file_is_explained(qtbot, ctx, monkeypatch, tmp_path):
    from openpyxl import Workbook

    view = _view(qtbot, ctx)
    wb = Workbook()
    ws = wb.active
    ws.title = "储备库（点）"
    ws.append(["名称", "类型", "街镇"])
    ws.append(["示例数据 华泾镇储备点", "储备点", "华泾镇"])
    ws.append(["示例数据 坏行", "仓库", "华泾镇"])
    wb.save(tmp_path / "in.xlsx")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    view.inventory.start_import(tmp_path / "in.xlsx")
    qtbot.waitUntil(lambda: len(warned) > 0, timeout=10000)
    assert "工作表「储备库（点）」第 3 行「类型」（B 列）：应为 储备库、储备点 之一" in warned[0]
    ws.delete_rows(3)
    wb.save(tmp_path / "in.xlsx")
    with qtbot.waitSignal(ctx.data_changed, timeout=10000):
        view.inventory.start_import(tmp_path / "in.xlsx")
    assert "示例数据 华泾镇储备点" in [d["name"] for d in assets.records(ctx.store, "depots")]



def test_a_one_record_write_updates_only_its_rows_in_the_lists(qtbot, ctx, monkeypatch, selects):
    """A team edited, added or deleted, a stock booking, a new minimum: each list changes the rows written in
    place (no reset), reading only those records and that depot/item's balances — never the whole register
    or every balance again."""
    from xhduty.core.resources import resources
    from xhduty.ui.ops import run_op

    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: pytest.fail(text))
    with clock.frozen(T0):
        view = _view(qtbot, ctx)
        store = ctx.store
        near = view.show_tab("available")
        teams, inv = view.show_tab("teams"), view.inventory
        resets = []
        for model in (teams.model, inv.model, *near.models.values()):
            model.modelReset.connect(lambda: resets.append(1))
        team = teams.model.rows[1]

        edited = {**{f.key: team[f.key] for f in assets.kind("teams").fields}, "readiness": "出动"}
        reads = selects(store, lambda: run_op(ctx, view, assets.save, "teams", edited, team["id"]))
        assert [s for s in reads if "FROM teams" in s] and all(" IN (" in s or "id = " in s
                                                                for s in reads if "FROM teams" in s), reads
        assert teams.model.rows[1]["readiness"] == "出动"
        run_op(ctx, view, assets.save, "teams", {"name": "示例数据 长桥街道第二分队", "division": "changqiao",
                                                  "readiness": "待命"})
        assert [r["name"] for r in teams.model.rows] == [r["name"] for r in assets.records(store, "teams")]
        run_op(ctx, view, assets.remove, "teams", team["id"])
        assert team["id"] not in [r["id"] for r in teams.model.rows]

        sandbags = ctx.items["编织袋（沙袋）"]
        reads = selects(store, lambda: run_op(ctx, view, resources.book, "issue", ctx.depots["longhua"], sandbags, 100))
        balances = [s for s in reads if "FROM stock_balances" in s]
        assert balances and all("depot_id = " in s for s in balances), balances
        row = inv.model.rows[_row(inv.model, depot_id=ctx.depots["longhua"], item_name="编织袋（沙袋）")]
        assert (row["qty"], row["total"], row["low"]) == (200, 200, True)
        run_op(ctx, view, resources.book, "receive", ctx.depots["longhua"], sandbags, 50, lot="2026-07")
        lots = [r["lot"] for r in inv.model.rows if (r["depot_id"], r["item_id"]) == (ctx.depots["longhua"], sandbags)]
        assert sorted(lots) == ["2026-01", "2026-07"]
        run_op(ctx, view, resources.set_minimum, ctx.depots["xujiahui"], ctx.items["棉被"], 1000)
        assert inv.model.rows[_row(inv.model, item_name="棉被")]["low"] is True
        assert resets == []                      # no list was read again: only the rows written changed
        assert list(inv.model.rows) == list(stock.inventory(store))   # and they are what a fresh read gives
        fresh = resources.available(store, near.division.currentData())
        for name, model in near.models.items():
            assert sorted(map(model.key, model.rows)) == sorted(map(model.key, fresh[name])), name
            assert [resources.available_order(r) for r in model.rows] == sorted(map(resources.available_order,
                                                                                  fresh[name])), name
