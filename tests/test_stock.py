"""The stock ledger: on hand is the sum of movements, whatever happens; lots, FEFO, stocktake, shortage."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from xhduty.core import clock, jobs
from xhduty.core.resources import assets
from xhduty.core.resources import stock
from xhduty.core.store import StoreError, init_station, open_store

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=clock.SHANGHAI)


def make_depot(store, name="区应急物资保障库", division="longhua"):
    return assets.save(store, "depots", {"name": name, "kind": "储备库", "division": division})[0]


def make_item(store, name="编织袋（沙袋）", unit="条"):
    return assets.save(store, "items", {"name": name, "class_code": "3010100", "unit": unit})[0]


def totals(store):
    return {(r["depot_id"], r["item_id"], r["lot"]): r["qty"] for r in stock.on_hand(store)}


# ------------------------------------------------------------------ property: on hand = sum of movements

LOTS = ("", "A", "B")
op = st.one_of(
    st.tuples(st.just("receive"), st.integers(0, 1), st.integers(0, 1), st.sampled_from(LOTS), st.integers(1, 50)),
    st.tuples(st.just("issue"), st.integers(0, 1), st.integers(0, 1), st.sampled_from(LOTS), st.integers(1, 50)),
    st.tuples(st.just("transfer"), st.integers(0, 1), st.integers(0, 1), st.sampled_from(LOTS), st.integers(1, 50)),
    st.tuples(st.just("writeoff"), st.integers(0, 1), st.integers(0, 1), st.sampled_from(LOTS), st.integers(1, 9)),
    st.tuples(st.just("return"), st.integers(0, 1), st.integers(0, 1), st.sampled_from(LOTS), st.integers(1, 9)),
    st.tuples(st.just("count"), st.integers(0, 1), st.integers(0, 1), st.sampled_from(LOTS), st.integers(0, 80)),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(op, max_size=25))
def test_on_hand_is_the_sum_of_movements_after_any_sequence(ops):
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "s.db")
        try:
            init_station(store, "XH-P", "性质测试", "centre")
            depots = [make_depot(store, "甲库"), make_depot(store, "乙库", "huajing")]
            items = [make_item(store, "沙袋"), make_item(store, "水泵", "台")]
            model: dict[tuple, int] = defaultdict(int)
            expected: dict[tuple, int] = {}
            for name, d, i, lot, n in ops:
                key = (depots[d], items[i], lot)
                with store.write() as tx:
                    if name == "receive":
                        stock.receive(tx, depots[d], items[i], n, lot=lot)
                        model[key] += n
                    elif name == "issue":  # confirmed: may overdraw, as a concurrent issue can
                        stock.issue(tx, depots[d], items[i], n, lot=lot, confirm=True)
                        model[key] -= n
                    elif name == "transfer":
                        stock.transfer(tx, depots[d], depots[1 - d], items[i], n, lot=lot, confirm=True)
                        model[key] -= n
                        model[(depots[1 - d], items[i], lot)] += n
                    elif name == "writeoff":
                        stock.write_off(tx, depots[d], items[i], n, lot=lot, reason="破损", confirm=True)
                        model[key] -= n
                    elif name == "return":
                        stock.give_back(tx, depots[d], items[i], n, lot=lot)
                        model[key] += n
                    else:
                        stock.count(tx, depots[d], items[i], n, lot=lot)
                        model[key] = n
                # read after every step: the derived balances are folded in step by step
                expected = {k: v for k, v in model.items() if v != 0}
                assert totals(store) == expected
            # the same through the movements themselves and through every stock card
            raw = defaultdict(int)
            for r in store.query("SELECT depot_id, item_id, lot, qty FROM stock_movements"):
                raw[(r[0], r[1], r[2])] += r[3]
            assert {k: v for k, v in raw.items() if v} == expected
            for d in depots:
                for i in items:
                    card = stock.stock_card(store, i, d)
                    assert (card[-1]["balance"] if card else 0) == sum(
                        v for (dd, ii, _), v in expected.items() if (dd, ii) == (d, i))
            # a transfer never makes or loses stock
            for i in items:
                assert sum(v for (_, ii, _), v in expected.items() if ii == i) == sum(
                    v for (_, ii, _), v in model.items() if ii == i)
        finally:
            store.close()


# ------------------------------------------------------------------------------------------ examples

def test_issue_takes_first_expiring_lot_first(store):
    depot, item = make_depot(store), make_item(store, "饮用水", "箱")
    with clock.frozen(T0), store.write() as tx:
        stock.receive(tx, depot, item, 10, lot="L2", expires="2027-03-01")
        stock.receive(tx, depot, item, 10, lot="L1", expires="2026-12-01")
        moved = stock.issue(tx, depot, item, 15, party="龙华街道")
    assert [(m["lot"], m["qty"]) for m in moved] == [("L1", -10), ("L2", -5)]
    assert totals(store) == {(depot, item, "L2"): 5}


def test_issue_and_transfer_leave_expired_lots_which_write_off_takes_first(store):
    """Relief goes out unexpired: FEFO passes over lots already past their date (就近可用 does not count
    them either); the shortage names them; a lot named on purpose, and a write-off, still take them."""
    depot, other, item = make_depot(store), make_depot(store, "龙华街道储备点"), make_item(store, "饮用水", "箱")
    with store.write() as tx:
        stock.receive(tx, depot, item, 10, lot="OLD", expires="2026-05-31")   # expired the day before T0
        stock.receive(tx, depot, item, 10, lot="TODAY", expires="2026-06-01")  # still good on its last day
        stock.receive(tx, depot, item, 30, lot="NEW", expires="2027-03-01")
    with clock.frozen(T0):
        with store.write() as tx:
            moved = stock.issue(tx, depot, item, 15, party="龙华街道")
        assert [(m["lot"], m["qty"]) for m in moved] == [("TODAY", -10), ("NEW", -5)]
        with pytest.raises(stock.Shortage) as err:
            with store.write() as tx:
                stock.transfer(tx, depot, other, item, 30)
        assert "现有 25箱（另有已过期 10箱，不出库）" in str(err.value) and "不足 30箱" in str(err.value)
        with store.write() as tx:
            assert [m["lot"] for m in stock.issue(tx, depot, item, 2, lot="OLD", reason="退供应商")] == ["OLD"]
            assert [(m["lot"], m["qty"]) for m in stock.write_off(tx, depot, item, 8, reason="过期")] == \
                [("OLD", -8)]
        # booked at a time before the lot expired, it is taken as it was then
        with store.write() as tx:
            stock.receive(tx, depot, item, 5, lot="OLD2", expires="2026-05-20")
            moved = stock.issue(tx, depot, item, 5, at=datetime(2026, 5, 19, 10, 0, tzinfo=clock.SHANGHAI))
        assert [m["lot"] for m in moved] == ["OLD2"]
    assert totals(store) == {(depot, item, "NEW"): 25}


def test_a_mistyped_lot_is_named_before_it_is_overdrawn(store):
    depot, item = make_depot(store), make_item(store, "饮用水", "箱")
    with store.write() as tx:
        stock.receive(tx, depot, item, 10, lot="W-2026-01", expires="2099-01-01")
        stock.receive(tx, depot, item, 5)
    with pytest.raises(stock.Shortage) as err:
        with store.write() as tx:
            stock.issue(tx, depot, item, 3, lot="W-2026-10")
    assert "没有批次「W-2026-10」（本库该物资的批次：「W-2026-01」、（无批次））" in str(err.value)
    assert totals(store) == {(depot, item, "W-2026-01"): 10, (depot, item, ""): 5}


def test_issuing_more_than_on_hand_needs_confirmation_then_shows_negative(store):
    depot, item = make_depot(store), make_item(store)
    with store.write() as tx:
        stock.receive(tx, depot, item, 100)
    with pytest.raises(stock.Shortage) as err:
        with store.write() as tx:
            stock.issue(tx, depot, item, 120)
    assert "现有 100条" in str(err.value) and "不足 120条" in str(err.value)
    assert totals(store) == {(depot, item, ""): 100}  # nothing booked
    with store.write() as tx:
        stock.issue(tx, depot, item, 120, confirm=True)
    [row] = stock.inventory(store)
    assert row["qty"] == -20 and row["negative"]


def test_stocktake_books_the_difference_and_keeps_the_count(store):
    depot, item = make_depot(store), make_item(store)
    with store.write() as tx:
        stock.receive(tx, depot, item, 500, lot="2026-06")
        stock.issue(tx, depot, item, 30)
        short = stock.count(tx, depot, item, 460, lot="2026-06", person="张保管")
        agree = stock.count(tx, depot, item, 460, lot="2026-06")
    assert short["qty"] == -10 and short["counted"] == 460
    assert agree["qty"] == 0
    card = stock.stock_card(store, item, depot)
    assert [c["kind_name"] for c in card] == ["入库", "出库", "盘点", "盘点"]
    assert [c["balance"] for c in card] == [500, 470, 460, 460]


def test_transfer_is_a_pair_and_carries_the_lot_expiry(store):
    a, b, item = make_depot(store, "甲库"), make_depot(store, "乙库", "huajing"), make_item(store)
    with store.write() as tx:
        stock.receive(tx, a, item, 50, lot="X", expires="2027-01-31")
        out, into = stock.transfer(tx, a, b, item, 20)
    assert into["transfer_id"] == out["id"] and into["expires"] == "2027-01-31"
    assert totals(store) == {(a, item, "X"): 30, (b, item, "X"): 20}
    with pytest.raises(StoreError, match="不能相同"):
        with store.write() as tx:
            stock.transfer(tx, a, a, item, 1)


def test_bad_quantities_and_unknown_records_are_refused(store):
    depot, item = make_depot(store), make_item(store)
    for bad in (0, -3, "abc", 1.5):
        with pytest.raises(StoreError, match="数量应为正整数"):
            with store.write() as tx:
                stock.receive(tx, depot, item, bad)
    with pytest.raises(StoreError, match="没有编号"):
        with store.write() as tx:
            stock.receive(tx, "nope", item, 1)
    with pytest.raises(StoreError, match="须填写原因"):
        with store.write() as tx:
            stock.write_off(tx, depot, item, 1, reason=" ")
    assert stock.on_hand(store) == []


def test_movements_are_append_only(store):
    depot, item = make_depot(store), make_item(store)
    with store.write() as tx:
        [m] = stock.receive(tx, depot, item, 5)
    with pytest.raises(StoreError, match="只能追加"):
        with store.write() as tx:
            tx.update("stock_movements", m["id"], {"qty": 6})


def test_concurrent_issues_at_two_stations_add_up(tmp_path):
    """Two stations issue from the same stock while apart; after exchanging changes both see the sum."""
    import json

    stations = []
    for code in ("XH-A", "XH-B"):
        s = open_store(tmp_path / f"{code}.db")
        init_station(s, code, code, "street")
        stations.append(s)
    a, b = stations
    with a.write() as tx:
        depot = assets.save_in(tx, "depots", {"name": "储备点", "kind": "储备点", "division": "longhua"})
        item = assets.save_in(tx, "items", {"name": "沙袋", "class_code": "3010100", "unit": "条"})
        stock.receive(tx, depot, item, 100)

    def ship(src, dst):
        have = {r[0] for r in dst.query("SELECT change_id FROM changes")}
        with dst.write() as tx:
            for ch in src.query("SELECT * FROM changes ORDER BY station, station_seq"):
                if ch["change_id"] not in have:
                    tx.apply({**dict(ch), "fields": json.loads(ch["fields"])})

    ship(a, b)
    with a.write() as tx:
        stock.issue(tx, depot, item, 70)
    with b.write() as tx:
        stock.issue(tx, depot, item, 60)
    ship(a, b)
    ship(b, a)
    for s in stations:
        assert totals(s) == {(depot, item, ""): -30}
        assert stock.inventory(s)[0]["negative"]
        s.close()


# ------------------------------------------------------------------------------------------- alerts

def test_daily_check_raises_low_expiring_and_expired_once(on_duty):
    store = on_duty
    depot = make_depot(store)
    bags, water, masks = make_item(store), make_item(store, "饮用水", "箱"), make_item(store, "口罩", "只")
    with store.write() as tx:
        stock.receive(tx, depot, bags, 300)
        stock.set_minimum(tx, depot, bags, 500)
        stock.receive(tx, depot, water, 40, lot="W1", expires="2026-06-20")
        stock.receive(tx, depot, masks, 1000, lot="M1", expires="2026-05-31")
        stock.receive(tx, depot, masks, 1000, lot="M2", expires="2028-01-01")
    with clock.frozen(T0):
        raised = jobs.run_due(store, only="stock")
        texts = sorted(a.text for a in raised)
        assert len(raised) == 3
        assert any("库存不足" in t and "300条" in t and "500条" in t for t in texts)
        assert any("物资临期" in t and "W1" in t for t in texts)
        assert any("物资过期" in t and "M1" in t for t in texts)
        assert jobs.run_due(store, only="stock") == []  # raised once, not every day
        log = store.query("SELECT text FROM log_entries WHERE kind = 'alert'")
        assert len(log) == 3
        with store.write() as tx:
            stock.receive(tx, depot, bags, 300)  # restocked: the low alert clears
        jobs.run_due(store, only="stock")
        assert not any("库存不足" in a["text"] for a in jobs.active_alerts(store))


def test_expiry_window_is_a_setting(store):
    depot, item = make_depot(store), make_item(store)
    with store.write() as tx:
        stock.receive(tx, depot, item, 5, lot="L", expires="2026-08-01")
    today = date(2026, 6, 1)
    assert not stock.inventory(store, today=today)[0]["expiring"]
    stock.set_expiry_days(store, 90)
    assert stock.inventory(store, today=today)[0]["expiring"]


def test_reading_stock_writes_nothing(store):
    """Stock on hand is kept by the write path (a trigger on every movement), so a read never opens a
    write transaction — not even the first read after a pull (issue 13: reads never write)."""
    depot, item = make_depot(store), make_item(store)
    with store.write() as tx:
        stock.receive(tx, depot, item, 40, lot="A", expires="2030-06-30")
        stock.issue(tx, depot, item, 15, confirm=True)
    before = store.con.total_changes
    assert totals(store) == {(depot, item, "A"): 25}
    assert stock.item_totals(store) == [{"depot_id": depot, "item_id": item, "qty": 25}]
    assert [line["qty"] for line in stock.inventory(store)] == [25]
    assert store.con.total_changes == before
    with store.write() as tx:   # and inside a write transaction the balance is already the new one
        stock.receive(tx, depot, item, 5, lot="A")
        assert tx.con.execute("SELECT qty FROM stock_balances").fetchone()[0] == 30
