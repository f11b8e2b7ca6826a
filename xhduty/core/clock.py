"""Wall-clock time in Asia/Shanghai and the hybrid logical clock that orders changes between stations.

Every time the duty room sees is Shanghai time; times are stored as ISO 8601 with their offset so a record
read anywhere means the same instant.  Tests freeze time with :func:`frozen`.

The hybrid logical clock (HLC, Kulkarni et al. 2014) stamps each change: ``<13-digit ms>.<5-digit
counter>.<station>``.  Both numbers keep their width — the counter never passes 99999: the clock moves to
the next millisecond instead — so string order is value order; :func:`stamp_key` compares by value anyway.
A station whose wall clock runs hours fast or slow still never issues a stamp lower than one it has already
seen, but it never adopts a stamp more than ``MAX_AHEAD_MS`` ahead of its own wall clock (a stamp from a
broken clock would otherwise drag every later stamp with it); the hub refuses such stamps too.
"""

from __future__ import annotations

import contextlib
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
_frozen: datetime | None = None


def now() -> datetime:
    """The current time in Shanghai, to the second (or the frozen time in tests)."""
    if _frozen is not None:
        return _frozen
    return datetime.now(SHANGHAI).replace(microsecond=0)


@contextlib.contextmanager
def frozen(at: datetime):
    """Freeze :func:`now` at ``at`` (a timezone-aware datetime) inside the block."""
    global _frozen
    previous, _frozen = _frozen, at.astimezone(SHANGHAI)
    try:
        yield
    finally:
        _frozen = previous


def advance(delta: timedelta) -> None:
    """Move frozen time forward; only meaningful inside :func:`frozen`."""
    global _frozen
    if _frozen is None:
        raise RuntimeError("time is not frozen")
    _frozen = _frozen + delta


def iso(dt: datetime) -> str:
    """``dt`` as stored text: Shanghai time to the second with its offset, '2026-12-01T14:05:09+08:00'."""
    return dt.astimezone(SHANGHAI).isoformat(timespec="seconds")


def now_iso() -> str:
    """The time now (the frozen one in tests) as stored text, see :func:`iso`."""
    return iso(now())


def parse(text: str) -> datetime:
    """Parse a stored or typed ISO time; a time without offset is taken as Shanghai time."""
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=SHANGHAI)
    return dt.astimezone(SHANGHAI)


def wall_ms() -> int:
    """Wall-clock milliseconds since the epoch for the hybrid clock (the frozen time in tests, so tests can
    model stations with skewed clocks)."""
    return int(now().timestamp() * 1000) if _frozen is not None else int(datetime.now().timestamp() * 1000)


MAX_AHEAD_MS = 24 * 3600 * 1000     # how far ahead of the wall clock a stamp may be adopted
MAX_COUNTER = 99_999                 # five digits


def stamp_key(stamp: str) -> tuple[int, int, str]:
    """A stamp as (ms, counter, station), for comparison by value."""
    return HybridClock.split(stamp)


class HybridClock:
    """Issues monotonically increasing change stamps for one station."""

    def __init__(self, station: str, last_stamp: str | None = None, wall=wall_ms):
        self.station = station
        self._wall = wall
        self._lock = threading.Lock()
        self._ms, self._counter = (0, 0)
        if last_stamp:
            self.observe(last_stamp)

    @staticmethod
    def split(stamp: str) -> tuple[int, int, str]:
        """A stamp's parts: (milliseconds, counter, station code)."""
        ms, counter, station = stamp.split(".", 2)
        return int(ms), int(counter), station

    def _format(self) -> str:
        return f"{self._ms:013d}.{self._counter:05d}.{self.station}"

    def tick(self) -> str:
        """A new stamp after every stamp made or observed here: '{ms:013d}.{counter:05d}.{station}'.  The
        counter never exceeds five digits (it borrows the next millisecond), so every stamp keeps its width;
    compare stamps with :func:`stamp_key`."""
        with self._lock:
            wall = self._wall()
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            elif self._counter < MAX_COUNTER:
                self._counter += 1
            else:                                   # keep five digits: borrow the next millisecond
                self._ms, self._counter = self._ms + 1, 0
            return self._format()

    def observe(self, stamp: str) -> bool:
        """Take a stamp seen from elsewhere into account so later local stamps sort after it.  A stamp more
        than MAX_AHEAD_MS ahead of the wall clock is not adopted (returns False)."""
        ms, counter, _ = self.split(stamp)
        if ms > self._wall() + MAX_AHEAD_MS:
            return False
        counter = min(counter, MAX_COUNTER)
        with self._lock:
            if (ms, counter) > (self._ms, self._counter):
                self._ms, self._counter = ms, counter
        return True
