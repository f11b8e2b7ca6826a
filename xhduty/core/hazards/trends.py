"""Trends of the register: hazards found, rectified and overdue by month, category or 街镇, and the
rectification rate — what the window's charts and the monthly statistics PDF show.

Definitions (so a chart and a printout agree):

* found      — hazards whose 发现日期 falls in the bucket (month of found_on, or its category / 街镇 within the
  period);
* rectified  — hazards whose 整改完成 date falls in the bucket (整改完成 or 已销号; only they have that date);
* overdue    — hazards found in the bucket that are still open past their 整改期限 on ``today``, or were
  rectified (整改完成 / 已销号) after it;
* rate       — of the hazards found in the bucket, the share rectified now (0–1; None if none found).

A period is whole months.  The counts come from per-month tables the database keeps as hazards are written
(migration 0079: hazard_counts, hazard_rectified_counts), and the overdue series from the open hazards
alone, so five years of 100,000 hazards read a few thousand rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from xhduty.core import clock
from xhduty.core.hazards import hazards
from xhduty.core.store import Store

BY = {"month": "按月", "category": "按类别", "division": "按街镇"}


@dataclass
class Trend:
    """One chart's series (definitions in the module docstring): parallel lists, one item per bucket of
    ``labels``, counts in hazards."""
    by: str                 # month | category | division
    labels: list[str]       # bucket names: YYYY-MM, category, or 街镇 name
    found: list[int]
    rectified: list[int]
    overdue: list[int]
    rectified_of_found: list[int]  # of those found in the bucket, how many are rectified now

    def rates(self) -> list[float | None]:
        """The rectification rate of each bucket (0–1), None where nothing was found."""
        return [None if f == 0 else d / f for f, d in zip(self.found, self.rectified_of_found)]


def _next_month(month: str) -> str:
    """``2026-12`` → ``2027-01``."""
    y, m = int(month[:4]), int(month[5:7])
    return f"{y + (m == 12):04d}-{m % 12 + 1:02d}"


def _months(start: date, end: date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def trend(store: Store, start: date, end: date, by: str = "month", today: date | None = None) -> Trend:
    """Counts of the months from ``start``'s to ``end``'s (inclusive) bucketed ``by`` month, category or
    街镇; overdue as of ``today`` (default: today)."""
    today_s = (today or clock.now().date()).isoformat()
    lo, hi = start.isoformat()[:7], end.isoformat()[:7]
    key = by  # a column of the count tables: month, category or division
    by_found = {r[0]: r[1:] for r in store.query(
        f"SELECT {key}, sum(found), sum(done), sum(late) FROM hazard_counts WHERE month BETWEEN ? AND ?"
        f" GROUP BY {key}", (lo, hi))}
    rectified = dict(store.query(
        f"SELECT {key}, sum(n) FROM hazard_rectified_counts WHERE month BETWEEN ? AND ? GROUP BY {key}", (lo, hi)))
    key = "substr(found_on, 1, 7)" if by == "month" else by
    open_late = dict(store.query(  # the open hazards alone (the planner would read the whole register's index)
        f"SELECT {key}, count(*) FROM hazards INDEXED BY hazards_open_due WHERE deleted = 0 AND state IN ('registered', 'rectifying')"
        f" AND deadline < ? AND found_on >= ? AND found_on < ? GROUP BY {key}", (today_s, lo, _next_month(hi))))
    found = {k: v[0] for k, v in by_found.items()}
    rect_of_found = {k: v[1] for k, v in by_found.items()}
    overdue = {k: v[2] + open_late.get(k, 0) for k, v in by_found.items()}
    if by == "month":
        keys, labels = _months(start, end), _months(start, end)
    elif by == "category":
        keys = labels = list(hazards.CATEGORIES)
    else:
        divisions = store.query("SELECT code, name FROM divisions ORDER BY sort")
        keys, labels = [d[0] for d in divisions], [d[1] for d in divisions]
    return Trend(by, list(labels), [found.get(k, 0) for k in keys], [rectified.get(k, 0) for k in keys],
                 [overdue.get(k, 0) for k in keys], [rect_of_found.get(k, 0) for k in keys])


def totals(t: Trend) -> dict:
    """Sums over the buckets and the overall rectification rate (None when nothing was found)."""
    found, done = sum(t.found), sum(t.rectified_of_found)
    return {"found": found, "rectified": sum(t.rectified), "overdue": sum(t.overdue),
            "rate": done / found if found else None}
