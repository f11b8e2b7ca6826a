"""Scheduled checks and chores, as plain functions the GUI's scheduler, the CLI and tests all call.

A check looks at the data and returns the :class:`Alert` conditions that hold now.  :func:`run_due` runs
every check, records new alerts (a condition is raised once, by its key, until it stops holding) and writes
each newly raised alert to the duty log, so the log shows when the station was warned.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from xhduty.core import clock
from xhduty.core.alerts import Alert
from xhduty.core.duty import duty
from xhduty.core.store import Store


@dataclass(frozen=True)
class Check:
    """A scheduled check: ``name`` is its alerts' ``source`` (and ``xhduty jobs run-due --only <name>``), run every
    ``every_seconds`` seconds by :func:`run_due`; ``run(store)`` returns the conditions that hold now."""
    name: str
    every_seconds: int
    run: Callable[[Store], list[Alert]]


def checks() -> list[Check]:
    """Every check of every area.  An area adds its check here."""
    from xhduty.core.contacts import contacts
    from xhduty.core.duty import clock_watch
    from xhduty.core.hazards import hazards
    from xhduty.core.incidents import reminders
    from xhduty.core.contacts import notify
    from xhduty.core.plans import plans
    from xhduty.core.resources import resources

    return [
        Check("stock", 24 * 3600, resources.stock_alerts),  # below minimum, expiring, expired — daily
        Check("incident_reports", 60, reminders.report_alerts),  # 首报/续报/终报 due soon or overdue
        Check("incident_tasks", 60, reminders.task_alerts),  # 交办事项 due soon or overdue
        Check("notify", 60, notify.overdue_alerts),  # unconfirmed after N minutes → alert + escalate to AB角
        Check("contacts", 24 * 3600, contacts.unverified_alerts),  # not verified for 180 days — daily
        Check("plan_reviews", 24 * 3600, plans.review_alerts),  # plan review (评估) due within 30 days — daily
        Check("hazards", 3600, hazards.overdue_alerts),  # 隐患 open past its 整改期限 — hourly
        Check("clock", 60, clock_watch.clock_alerts),  # wall clock behind the newest record (时钟校正)
    ]


def active_alerts(store: Store) -> list[dict]:
    """Alerts not yet cleared, gravest first (overdue, warning, info), then oldest: the ``alerts`` rows
    ``{key, source, level, text, raised_at, cleared_at}``."""
    return [dict(r) for r in store.query(
        "SELECT * FROM alerts WHERE cleared_at IS NULL ORDER BY CASE level WHEN 'overdue' THEN 0 "
        "WHEN 'warning' THEN 1 ELSE 2 END, raised_at")]


def record_alerts(store: Store, source: str, found: list[Alert]) -> list[Alert]:
    """Bring the alerts of ``source`` up to date with what its check found; return the newly raised ones."""
    now = clock.now_iso()
    active = {r["key"]: dict(r) for r in store.query(
        "SELECT * FROM alerts WHERE source = ? AND cleared_at IS NULL", (source,))}
    new = [a for a in found if a.key not in active]
    gone = set(active) - {a.key for a in found}
    if not new and not gone:
        return []
    shift = duty.current_shift(store)
    with store.write() as tx:
        for key in gone:
            tx.put_local("alerts", {**active[key], "cleared_at": now})
        for alert in new:
            tx.put_local("alerts", {"key": alert.key, "source": source, "level": alert.level,
                                    "text": alert.text, "raised_at": now, "cleared_at": None})
            duty.append_entry(tx, kind="alert", text=alert.text, significant=alert.level == "overdue",
                              shift_id=shift["id"] if shift else None, author="系统",
                              incident_id=alert.incident_id)
    return new


def _is_due(store: Store, check: Check) -> bool:
    last = store.meta(f"check_ran:{check.name}")
    if last is None:
        return True
    elapsed = (clock.now() - clock.parse(last)).total_seconds()
    return elapsed < 0 or elapsed >= check.every_seconds  # < 0: the clock went back; waiting would skip checks


def run_due(store: Store, only: str | None = None, force: bool = False) -> list[Alert]:
    """Run the checks that are due by their own interval (or the one named ``only``, or all with ``force``);
    returns the alerts newly raised.  The scheduler calls this every minute."""
    raised = []
    for check in checks():
        if only and check.name != only:
            continue
        if not (only or force or _is_due(store, check)):
            continue
        raised.extend(record_alerts(store, check.name, check.run(store)))
        with store.write() as tx:
            tx.set_meta(f"check_ran:{check.name}", clock.now_iso())
    return raised


def rotate_backups(store: Store, directory: Path | None = None, keep: int = 48) -> Path:
    """Hourly backup: a consistent copy in ``backups/`` beside the database, keeping the newest ``keep``."""
    directory = directory or store.path.parent / "backups"
    target = directory / f"hourly-{clock.now().strftime('%Y%m%d-%H%M%S')}.db"
    store.backup(target)
    olds = sorted(directory.glob("hourly-*.db"))
    for old in olds[:-keep]:
        old.unlink()
    return target
