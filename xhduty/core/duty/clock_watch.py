"""Noticing that the wall clock went back (时钟校正): NTP corrects a clock that ran fast, and records
made afterwards carry times earlier than records already saved.

The station compares now with the newest time it has recorded (the ``created_at`` of its own newest log
entry).  While now is earlier by more than :data:`TOLERANCE`, :func:`clock_alerts` reports one warning;
the scheduled check in :mod:`xhduty.core.jobs` raises it once, which shows it in the alert bar and
writes it to the duty log as one 时钟校正 entry.  `xhduty check` reports the inversions left in the log
(:func:`inversions`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from xhduty.core import clock
from xhduty.core.alerts import Alert
from xhduty.core.store import Store

TOLERANCE = timedelta(minutes=1)  # smaller steps are ordinary NTP slewing, not worth an officer's attention


def newest_record_time(store: Store) -> datetime | None:
    """The newest time this station's clock gave a log entry of its own (the latest ``created_at``), or
    None for an empty log.  Read from the log's order (db/migrations/0076_log_order.sql): its last entry's
    ``recorded`` is the running maximum of those times — one index step, where ``max(created_at)`` read
    every entry (0.3 s at a million, on the window's way to its first paint)."""
    row = store.one("SELECT o.recorded FROM log_entries e JOIN log_order o ON o.entry_id = e.id"
                    " WHERE e.station = ? ORDER BY e.seq DESC LIMIT 1", (store.station,))
    return clock.parse(row[0]) if row and row[0] else None


def _minutes(delta: timedelta) -> int:
    return max(1, round(delta.total_seconds() / 60))


def clock_alerts(store: Store) -> list[Alert]:
    """A warning while the wall clock is more than a minute behind the newest record (empty otherwise).

    The key names that newest record's time, so one step back raises one alert (and one log entry), and
    the alert clears itself once the clock has caught up with the record."""
    newest = newest_record_time(store)
    now = clock.now()
    if newest is None or newest - now <= TOLERANCE:
        return []
    return [Alert(
        key=f"clock_back:{clock.iso(newest)}", source="clock", level="warning",
        text=(f"时钟校正：本机时间 {now:%m-%d %H:%M} 早于最近一条记录的时间 {newest:%m-%d %H:%M}"
              f"（回拨约 {_minutes(newest - now)} 分钟，可能是网络校时纠正了走快的时钟）。"
              "此前记录的时间可能偏晚；日志仍按记录先后编号，交班时间不会早于接班时间。"),
    )]


def inversions(store: Store) -> list[str]:
    """Where a station's log goes back in time along its sequence: one Chinese sentence per step back
    (record time of entry n+1 earlier than that of entry n by more than :data:`TOLERANCE`), and per shift
    that ended before it started."""
    problems = []
    prev: dict[str, tuple[int, datetime]] = {}
    for station, seq, created in store.query(
            "SELECT station, seq, created_at FROM log_entries ORDER BY station, seq"):
        at = clock.parse(created)
        if station in prev and prev[station][1] - at > TOLERANCE:
            before_seq, before = prev[station]
            problems.append(f"站点 {station} 第 {seq} 条值班记录的记录时间 {at:%Y-%m-%d %H:%M} 早于第 {before_seq} 条的 "
                            f"{before:%Y-%m-%d %H:%M}（时间倒退约 {_minutes(before - at)} 分钟）：该站时钟曾被回拨，"
                            "两条之间及之前的记录时间可能不准")
        prev[station] = (seq, at)
    for sid, station, started, ended in store.query(
            "SELECT id, station, started_at, ended_at FROM shifts WHERE ended_at IS NOT NULL AND deleted = 0"):
        if clock.parse(ended) < clock.parse(started):
            problems.append(f"站点 {station} 班次 {sid} 的交班时间 {ended[:16]} 早于开始时间 {started[:16]}：时钟曾被回拨")
    return problems
