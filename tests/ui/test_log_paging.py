"""The log view at any size (issue 13): pages read by key, rows found by dict, and a write shows its one new
row without re-reading the log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from xhduty.core import clock
from xhduty.core.duty import duty, log_search
from xhduty.ui import ops
from xhduty.ui.context import AppContext
from xhduty.ui.duty import log_model, log_view


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 5 and at most 3 kept, so a log of a few dozen entries has many pages."""
    monkeypatch.setattr(log_model, "PAGE", 5)
    monkeypatch.setattr(log_model, "KEEP", 3)


def _fill(store, n: int) -> list[str]:
    """``n`` entries in the current shift, a minute apart, after the shift's start."""
    shift = duty.current_shift(store)
    ids = []
    with clock.frozen(clock.parse(shift["started_at"])), store.write() as tx:
        for i in range(n):
            clock.advance(timedelta(minutes=1))
            ids.append(duty.append_entry(tx, shift_id=shift["id"], text=f"记录 {i}", open_item=i == 3))
    return ids


def _view(qtbot, store):
    view = log_view.View(AppContext(store))
    view.ctx.data_changed.connect(view.refresh)     # as the main window connects every view
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    return view


class WorkCounter:
    """SQLite virtual-machine steps run on a connection (in hundreds): the work queries do, whatever they
    are — re-reading the log costs in proportion to its length, a one-row insert does not."""

    def __init__(self, store):
        self.con, self.steps = store.con, 0

    def __enter__(self):
        self.con.set_progress_handler(self._tick, 100)
        return self

    def _tick(self) -> int:
        self.steps += 1
        return 0

    def __exit__(self, *exc):
        self.con.set_progress_handler(None, 0)


def test_a_one_row_write_inserts_its_row_and_does_not_reread_the_log(qtbot, on_duty):
    _fill(on_duty, 3000)
    view = _view(qtbot, on_duty)
    model = view.model
    with WorkCounter(on_duty) as reread:       # what reading every entry id of the shift costs
        on_duty.query("SELECT entry_id FROM log_order WHERE shift_id = ?", (model.filter.shift_id,))
    resets, inserted = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    before = model.rowCount()
    with WorkCounter(on_duty) as write_work:
        done = ops.run_op(view.ctx, view, duty.add_entry, "一条新记录")
    # the write and the view's update together cost a small part of re-reading the log
    assert write_work.steps * 4 < reread.steps, (write_work.steps, reread.steps)
    assert resets == [] and inserted == [(before, before)]
    assert model.rowCount() == before + 1 and model.row_of(done.result) == before
    assert model.data(model.index(before, 2)) == "一条新记录"
    assert view.count.text().endswith(f"{before + 1} 条")


def test_scrolling_reads_every_page_in_order_and_keeps_only_a_few(qtbot, on_duty, small_pages):
    ids = _fill(on_duty, 37)
    view = _view(qtbot, on_duty)
    model = view.model
    everything = duty.list_entries(on_duty, duty.LogFilter(shift_id=duty.current_shift(on_duty)["id"]))
    assert model.rowCount() == len(everything) == 38          # 开始值班 and the 37
    down = [model.entry(r)["id"] for r in range(model.rowCount())]
    up = [model.entry(r)["id"] for r in reversed(range(model.rowCount()))][::-1]
    jumps = [model.entry(r)["id"] for r in (20, 3, 36, 11, 0, 37)]
    assert down == up == [e["id"] for e in everything]
    assert jumps == [down[r] for r in (20, 3, 36, 11, 0, 37)]
    assert len(model._pages) <= log_model.KEEP
    assert model.row_of(ids[-1]) == 37 and model.row_of(ids[0]) in (-1, 1)  # found by dict when loaded


def test_an_entry_pulled_from_the_past_lands_in_its_row(qtbot, on_duty, small_pages):
    """A pulled entry recorded earlier than the newest here goes where the log's order puts it."""
    ids = _fill(on_duty, 12)
    view = _view(qtbot, on_duty)
    model = view.model
    for r in range(model.rowCount()):
        model.entry(r)
    earlier = on_duty.one("SELECT created_at FROM log_entries WHERE id = ?", (ids[5],))[0]
    entry = {"id": "01PULLED0000000000000000XY", "station": "XH-LH", "seq": 1, "created_at": earlier,
             "shift_id": duty.current_shift(on_duty)["id"], "at": earlier, "kind": "note", "text": "街道的记录",
             "significant": 0, "open_item": 0, "details": None, "corrects": None, "refers_to": None,
             "incident_id": None, "author": "钱值班", "prev_hash": duty.GENESIS}
    entry["hash"] = duty.entry_hash(entry)
    change = {"change_id": "01PULLEDCHANGE00000000000X", "station": "XH-LH", "station_seq": 1,
              "hlc": f"{clock.wall_ms():013d}.00000.XH-LH", "tbl": "log_entries", "record_id": entry["id"],
              "op": "insert", "fields": entry, "prev": None}
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    done = ops.run_op(view.ctx, view, _apply, change)
    assert done.ok and resets == []
    shown = [model.entry(r)["id"] for r in range(model.rowCount())]
    assert shown == [e["id"] for e in duty.list_entries(on_duty, model.filter)]
    assert shown.index(entry["id"]) == shown.index(ids[5]) - 1  # recorded with 记录 5; XH-LH sorts before XH-TEST


def _apply(store, change) -> None:
    with store.write() as tx:
        tx.apply(change)


def test_entries_written_together_each_land_in_their_row(qtbot, on_duty, small_pages):
    _fill(on_duty, 12)
    view = _view(qtbot, on_duty)
    model = view.model
    for r in range(model.rowCount()):
        model.entry(r)

    def two(store):
        with store.write() as tx:
            shift = duty.current_shift(store)["id"]
            return [duty.append_entry(tx, shift_id=shift, text=text) for text in ("同一操作 甲", "同一操作 乙")]

    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    ops.run_op(view.ctx, view, two)
    assert resets == []
    shown = [model.data(model.index(r, 2)) for r in range(model.rowCount())]
    assert shown[-2:] == ["同一操作 甲", "同一操作 乙"]
    assert [model.entry(r)["id"] for r in range(model.rowCount())] == \
        [e["id"] for e in duty.list_entries(on_duty, model.filter)]


def test_closing_an_item_repaints_its_row_without_a_reset(qtbot, on_duty):
    ids = _fill(on_duty, 6)          # 记录 3 is an open item
    view = _view(qtbot, on_duty)
    model = view.model
    row = model.row_of(ids[3])
    assert model.data(model.index(row, 3)) == "待办"
    resets, repainted = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda first, last, roles=(): repainted.append(first.row()))
    ops.run_op(view.ctx, view, duty.close_item, ids[3], "已回电")
    assert resets == [] and row in repainted
    assert model.data(model.index(row, 3)) == "已办结" and model.rowCount() == 8


def test_a_count_made_on_a_worker_puts_the_rows_above_the_last_page(qtbot, on_duty, small_pages, monkeypatch):
    """A keyword whose count would hold the window (a common word at a million entries) shows its last page
    at once and "共 … 条"; the count comes from a worker and the rows before go in above, without a reset."""
    monkeypatch.setattr(log_model, "QUICK", 0)
    shift = duty.current_shift(on_duty)
    with on_duty.write() as tx:
        for i in range(23):
            duty.append_entry(tx, shift_id=shift["id"], text=f"第{i}起路面积水" if i % 2 else f"第{i}起树木倒伏",
                              details={"place": "漕溪北路地下车库"} if i == 4 else None)
    log_search.index_log(on_duty, limit=10)            # part indexed: the rest is read by LIKE
    view = _view(qtbot, on_duty)
    model = view.model
    resets = []
    with qtbot.waitSignal(model.counted, timeout=5000):
        view.search.setText("路面积水")
        view.apply_filter()
        assert model.counting and view.count.text() == "共 … 条"
        assert [model.entry(r)["id"] for r in range(model.rowCount())] == \
            [e["id"] for e in duty.list_entries(on_duty, model.filter)][-5:]
        model.modelReset.connect(lambda: resets.append(1))
    expected = [e["id"] for e in duty.list_entries(on_duty, model.filter)]
    assert not model.counting and resets == [] and model.rowCount() == len(expected) == 11
    assert [model.entry(r)["id"] for r in range(model.rowCount())] == expected
    assert view.count.text().endswith("11 条")
    assert view.selected()["id"] == expected[-1]          # the newest, as before the count came
    with qtbot.waitSignal(model.counted, timeout=5000):    # a word of the 来电接报 fields
        view.search.setText("地下车库")
        view.apply_filter()
    assert [model.entry(r)["text"] for r in range(model.rowCount())] == ["第4起树木倒伏"]


def test_a_count_is_made_again_when_the_log_grew_meanwhile(qtbot, on_duty, small_pages, monkeypatch):
    monkeypatch.setattr(log_model, "QUICK", 0)
    _fill(on_duty, 8)
    view = _view(qtbot, on_duty)
    model = view.model
    counts = []
    monkeypatch.setattr(log_model.duty, "count_entries", _recording(log_model.duty.count_entries, counts))
    with qtbot.waitSignal(model.counted, timeout=5000):
        view.search.setText("记录")
        view.apply_filter()
        duty.add_entry(on_duty, "记录 另一窗口写的")        # not announced to this view: another program
    assert counts == [0, None, 0, None]                  # on the window's thread, on a worker; both again
    assert model.rowCount() == 9 and not model.counting
    assert [model.entry(r)["id"] for r in range(9)] == [e["id"] for e in duty.list_entries(on_duty, model.filter)]


def _recording(count_entries, calls):
    def counting(store, flt, budget=None):
        calls.append(budget)
        return count_entries(store, flt, budget)
    return counting


def test_the_view_indexes_the_log_on_a_worker(qtbot, on_duty, monkeypatch):
    monkeypatch.setattr(log_view, "INDEX_AFTER_MS", 10)
    _fill(on_duty, 30)
    view = _view(qtbot, on_duty)
    qtbot.waitUntil(lambda: log_search.pending(on_duty) == 0 and not view._indexing, timeout=5000)
    done = ops.run_op(view.ctx, view, duty.add_entry, "新写的一条：燃气泄漏")
    assert log_search.pending(on_duty) == 1                # read by LIKE until the worker reaches it
    view.search.setText("燃气泄漏")
    view.apply_filter()
    assert view.model.rowCount() == 1 and view.model.entry(0)["id"] == done.result
    qtbot.waitUntil(lambda: log_search.pending(on_duty) == 0, timeout=5000)
    assert log_search.candidates(on_duty, ["燃气泄漏"]).indexed == 1
