"""The situation board (值班态势): everything a leader walking into the duty room should see at once.

:func:`snapshot` gathers it in one plain dict from the other areas' own functions, so the board widget
only paints (the snapshot is taken off the GUI thread) and the CLI prints the very same picture.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from xhduty.core import clock, jobs, refdata
from xhduty.core.duty import duty
from xhduty.core.incidents import incidents
from xhduty.core.contacts import notify
from xhduty.core.duty import warning_signals
from xhduty.core.hazards import hazards
from xhduty.core.resources import stock
from xhduty.core.incidents import assignments

# Signals that start the flood-control response at the matching level (REFERENCE.md: Shanghai practice).
FLOOD_SIGNALS = ("台风", "暴雨")
ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ"}


def response_of(signal: dict) -> str:
    """The 防汛防台 response a 台风/暴雨 signal starts ('' for other types)."""
    if signal["type"] not in FLOOD_SIGNALS:
        return ""
    return f"防汛防台{ROMAN[warning_signals.COLOUR_LEVEL[signal['colour']]]}级响应"


def _shift(store) -> dict | None:
    shift = duty.current_shift(store)
    if shift is None:
        return None
    return {"leader": shift["leader"], "officers": shift["officers"], "started_at": shift["started_at"]}


def _open_incidents(store, now: datetime) -> tuple[list[dict], dict[str, int], list[str]]:
    """Open incidents most severe first, the count per level, and each report overdue."""
    rank = {lv["code"]: lv["rank"] for lv in refdata.levels(store)}
    rows, per_level, overdue = [], {lv["name"]: 0 for lv in refdata.levels(store)}, []
    for inc in incidents.list_incidents(store, open_only=True, now=now):
        per_level[inc["level_name"]] += 1
        nxt = inc["next_deadline"]
        rows.append({"id": inc["id"], "title": inc["title"], "level": inc["level"], "level_name": inc["level_name"],
                     "division_name": inc["division_name"], "status_name": inc["status_name"],
                     "taken_at": inc["taken_at"], "next_label": nxt["label"] if nxt else "",
                     "next_due": nxt["due"] if nxt else None, "next_state": nxt["state"] if nxt else "",
                     "overdue": inc["overdue"]})
        overdue.extend(f"{inc['title']}：{label}" for label in inc["overdue_reports"])
    rows.sort(key=lambda r: (rank.get(r["level"], 9), r["next_due"] or "9999"))
    return rows, per_level, overdue


def _overdue_tasks(store, now: datetime) -> list[str]:
    return [f"{t['owner'] or '（未指定）'}：{t['instruction'][:40]}"
            for t in assignments.list_tasks(store, open_only=True) if assignments.task_state(t, now) == "overdue"]


def _runs_in_progress(store, now: datetime) -> list[dict]:
    """Notification runs of the last day not yet confirmed by everyone."""
    since = clock.iso(now - timedelta(hours=notify.ACTIVE_HOURS))
    out = []
    for run in notify.runs(store):
        if run["created_at"] < since:
            break  # runs come newest first
        status = notify.run_status(store, run["id"])
        if not status["done"]:
            out.append({"group_name": run["group_name"], "started_at": run["created_at"],
                        "confirmed": status["confirmed"], "total": status["total"]})
    return out


def _low_stock(store) -> list[dict]:
    """Items below their minimum, one line per depot and item (the inventory lists each lot)."""
    low = {}
    for r in stock.inventory(store).needing_action():
        if r["low"]:
            low[r["depot_id"], r["item_id"]] = {"depot_name": r["depot_name"], "item_name": r["item_name"],
                                                "total": r["total"], "minimum": r["minimum"], "unit": r["unit"]}
    return list(low.values())


def snapshot(store, now: datetime | None = None) -> dict:
    """The whole board as plain data (safe to hand from a worker thread to the GUI)."""
    now = now or clock.now()
    open_rows, per_level, overdue_reports = _open_incidents(store, now)
    return {
        "at": clock.iso(now),
        "station": store.meta("station_name", ""),
        "shift": _shift(store),
        "signals": [{"label": warning_signals.label(s), "colour": s["colour"], "issued_at": s["issued_at"],
                     "response": response_of(s)} for s in warning_signals.active_signals(store)],
        "incidents": open_rows,
        "per_level": per_level,
        "overdue_reports": overdue_reports,
        "overdue_tasks": _overdue_tasks(store, now),
        "overdue_hazards": hazards.overdue_for_board(store, now.date()),
        "runs": _runs_in_progress(store, now),
        "low_stock": _low_stock(store),
        "alerts": len(jobs.active_alerts(store)),
    }
