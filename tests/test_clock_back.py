"""The clock going backwards (issue 19, item 6): NTP corrects a clock that ran an hour fast while a shift
is open.  The station warns once and logs 时钟校正, a shift never ends before it started, and `check`
reports the inversion."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from xhduty.core import clock, integrity, jobs
from xhduty.core.duty import clock_watch, duty, handover
from xhduty.core.store import StoreError

REAL = datetime(2026, 12, 1, 9, 0, tzinfo=clock.SHANGHAI)
FAST = REAL + timedelta(hours=1)  # the clock ran an hour fast


@pytest.fixture
def stepped_back(store):
    """A shift started and logged on a clock an hour fast, then the clock corrected back to REAL."""
    with clock.frozen(FAST):
        duty.start_shift(store, "王带班", ["李值班"])
        duty.add_entry(store, "走快的时钟下记录")
    with clock.frozen(REAL):
        yield store


def _clock_entries(store) -> list[str]:
    return [r[0] for r in store.query("SELECT text FROM log_entries WHERE text LIKE '时钟校正%'")]


def test_no_warning_while_the_clock_only_moves_forward(store):
    with clock.frozen(REAL):
        duty.start_shift(store, "王带班", ["李值班"])
        clock.advance(timedelta(minutes=5))
        assert clock_watch.clock_alerts(store) == []
        assert jobs.run_due(store, only="clock") == []
    assert integrity.check(store) == []


def test_a_step_back_of_under_a_minute_is_not_reported(store):
    with clock.frozen(REAL):
        duty.start_shift(store, "王带班", ["李值班"])
    with clock.frozen(REAL - timedelta(seconds=50)):
        assert clock_watch.clock_alerts(store) == []


def test_step_back_warns_once_in_alert_bar_and_log(stepped_back):
    store = stepped_back
    raised = jobs.run_due(store, only="clock")
    assert len(raised) == 1 and raised[0].level == "warning"
    assert "回拨约 60 分钟" in raised[0].text
    assert [a["source"] for a in jobs.active_alerts(store)] == ["clock"]
    assert len(_clock_entries(store)) == 1
    clock.advance(timedelta(minutes=2))
    assert jobs.run_due(store, only="clock") == []  # the same step back: no second entry
    assert len(_clock_entries(store)) == 1


def test_warning_clears_once_the_clock_catches_up(stepped_back):
    store = stepped_back
    jobs.run_due(store, only="clock")
    clock.advance(timedelta(hours=1, minutes=1))
    jobs.run_due(store, only="clock")
    assert jobs.active_alerts(store) == []


def test_scheduled_checks_still_run_after_the_clock_went_back(stepped_back):
    """Before: a check last run at the fast time was not 'due' again for an hour (elapsed < 0)."""
    store = stepped_back
    with clock.frozen(FAST):
        jobs.run_due(store, force=True)
    assert jobs.run_due(store)  # the clock check is due at once, and finds the step back


def test_handover_after_step_back_does_not_end_before_start(stepped_back):
    store = stepped_back
    shift = duty.current_shift(store)
    record = handover.hand_over(store, ["赵接班"])
    closed = duty.get_shift(store, shift["id"])
    assert clock.parse(closed["ended_at"]) >= clock.parse(closed["started_at"])
    assert record["at"] == shift["started_at"]
    texts = [r[0] for r in store.query("SELECT text FROM log_entries WHERE kind = 'shift' ORDER BY seq")]
    assert texts[0].startswith("开始值班") and texts[1].startswith("交班") and "时钟可能被回拨" in texts[1]
    listed = [e["text"] for e in duty.list_entries(store, duty.LogFilter()) if e["kind"] == "shift"]
    assert listed.index(texts[0]) < listed.index(texts[1])  # 交班 is not listed before 开始值班


def test_typed_handover_time_before_start_is_refused(stepped_back):
    store = stepped_back
    with pytest.raises(StoreError, match="早于本班开始时间"):
        handover.hand_over(store, ["赵接班"], at=REAL)
    assert duty.current_shift(store)["status"] == "open"  # nothing written


def test_check_reports_the_time_inversion(stepped_back):
    store = stepped_back
    assert integrity.check(store) == []
    duty.add_entry(store, "校时之后的记录")
    problems = integrity.check(store)
    assert len(problems) == 1
    assert "早于第" in problems[0] and "时间倒退约 60 分钟" in problems[0]


def test_log_lists_entries_in_the_order_recorded_after_the_clock_went_back(stepped_back):
    """Recorded after the step back, at an earlier wall time: still listed after what was recorded before
    (before: sorted by time, it came first, above 开始值班)."""
    store = stepped_back
    later = duty.add_entry(store, "校时之后的记录")
    texts = [e["text"] for e in duty.list_entries(store, duty.LogFilter())]
    assert texts[0].startswith("开始值班") and texts[1:] == ["走快的时钟下记录", "校时之后的记录"]
    [entry] = [e for e in duty.list_entries(store, duty.LogFilter()) if e["id"] == later]
    assert entry["at"] == clock.iso(REAL)    # the time shown is the one the clock gave, not a made-up one


def test_order_holds_across_a_restart_after_the_step_back(stepped_back, tmp_path):
    """The order is kept by the database: a second connection (the command line) sees and extends it."""
    from xhduty.core.store import open_store

    other = open_store(stepped_back.path)
    try:
        duty.add_entry(other, "命令行记录")
    finally:
        other.close()
    duty.add_entry(stepped_back, "窗口记录")
    texts = [e["text"] for e in duty.list_entries(stepped_back, duty.LogFilter())][1:]
    assert texts == ["走快的时钟下记录", "命令行记录", "窗口记录"]


def test_a_log_written_before_the_order_was_kept_is_ordered_when_upgraded(tmp_path):
    """A station upgraded with a step back already in its log: the upgrade (db/migrations/0076_log_order.sql)
    places every entry as recorded and knows each shift's size, as if the order had been kept all along."""
    from xhduty.core import store as storage

    path = tmp_path / "xhduty.db"
    storage.migrate(path, [m for m in storage.known_migrations() if m.version <= 74])  # as installed
    old = storage.Store(path, storage._connect(path))
    storage.init_station(old, "XH-OLD", "升级前的站", "centre")
    with clock.frozen(FAST):
        duty.start_shift(old, "王带班", ["李值班"])
        duty.add_entry(old, "走快的时钟下记录")
    with clock.frozen(REAL):
        duty.add_entry(old, "校时之后的记录")
    old.close()
    upgraded = storage.open_store(path)
    try:
        texts = [e["text"] for e in duty.list_entries(upgraded, duty.LogFilter())]
        assert texts[1:] == ["走快的时钟下记录", "校时之后的记录"] and texts[0].startswith("开始值班")
        shift = duty.current_shift(upgraded)["id"]
        assert duty.count_entries(upgraded, duty.LogFilter(shift_id=shift)) == 3
        duty.add_entry(upgraded, "升级之后的记录")
        assert [e["text"] for e in duty.list_entries(upgraded, duty.LogFilter())][-1] == "升级之后的记录"
    finally:
        upgraded.close()
