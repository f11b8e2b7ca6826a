"""Watching the clock: the scheduled checks for reports and tasks, and what the handover must pass on.

The checks return one :class:`~xhduty.core.alerts.Alert` per condition with a key that names the incident or task, the
deadline and the condition (``soon``/``overdue``), so ``jobs.run_due`` raises each once and logs it, and a
report sent or a task done clears it.  A 续报 key carries its due time: every daily slot is its own alert.
"""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.incidents import incidents
from xhduty.core.incidents import assignments
from xhduty.core.alerts import Alert, Section
from xhduty.core.store import Store

_LEVELS = {"soon": "warning", "overdue": "overdue"}


def _when(due) -> str:
    return due.strftime("%m-%d %H:%M")


def report_alerts(store: Store) -> list[Alert]:
    """An :class:`Alert` (warning when soon, overdue when late) for every report deadline of an open incident
    that is due soon or overdue now; the key names the deadline and its state, so each is raised once."""
    now = clock.now()
    found = []
    for incident in incidents.list_incidents(store, open_only=True, now=now):
        for d in incident["deadlines"]:
            if d["state"] not in _LEVELS:
                continue
            due = clock.parse(d["due"])
            what = "已超时" if d["state"] == "overdue" else "即将到期"
            key = f"report:{incident['id']}:{d['stage']}:{d['channel']}:{d['number']}:{d['due']}:{d['state']}"
            found.append(Alert(key, "incident_reports", _LEVELS[d["state"]],
                               f"{incident['title']}：{d['label']}{what}（时限 {_when(due)}）",
                               incident_id=incident["id"]))
    return found


def task_alerts(store: Store) -> list[Alert]:
    """An :class:`Alert` for every open 交办事项 due soon or overdue now, keyed by task and state."""
    now = clock.now()
    found = []
    for task in assignments.list_tasks(store, open_only=True):
        state = assignments.task_state(task, now)
        if state in _LEVELS:
            what = "已超时" if state == "overdue" else "即将到期"
            found.append(Alert(f"task:{task['id']}:{state}", "incident_tasks", _LEVELS[state],
                               f"交办事项{what}：{task['owner']} — {task['instruction'][:30]}"
                               f"（时限 {_when(clock.parse(task['due_at']))}）",
                               incident_id=task["incident_id"]))
    return found


def handover_section(store: Store) -> Section | None:
    """Open incidents and tasks for the handover; overdue reports and tasks as warnings to confirm."""
    now = clock.now()
    open_incidents = incidents.list_incidents(store, open_only=True, now=now)
    open_tasks = assignments.list_tasks(store, open_only=True)
    if not open_incidents and not open_tasks:
        return None
    section = Section("未结事件和交办事项")
    for inc in open_incidents:
        nxt = inc["next_deadline"]
        section.rows.append(
            f"{inc['title']}（{inc['type_name']}，{inc['level_name']}，{inc['status_name']}）"
            + (f"；下一报告：{nxt['label']} {_when(clock.parse(nxt['due']))} 前" if nxt else ""))
        section.warnings.extend(f"{inc['title']}：{label}已超时未报" for label in inc["overdue_reports"])
    for task in open_tasks:
        due = f"，{_when(clock.parse(task['due_at']))} 前办结" if task["due_at"] else ""
        section.rows.append(f"交办：{task['owner']} — {task['instruction']}{due}")
        if assignments.task_state(task, now) == "overdue":
            section.warnings.append(f"交办事项已超时未办结：{task['owner']} — {task['instruction'][:30]}")
    return section
