"""交办事项: what the duty room handed to a unit or person, by when, and whether it came back done.

A task is a mutable record (its status changes) and every step of it is written to the duty log, with
the incident's id when it belongs to one.  Open tasks carry over at every handover until done.
"""

from __future__ import annotations

from datetime import datetime

from xhduty.core import clock, dates
from xhduty.core.duty import duty
from xhduty.core.incidents.deadlines import clock_state
from xhduty.core.incidents.incidents import require_incident, require_shift
from xhduty.core.store import Store, StoreError

STATUS_NAMES = {"open": "办理中", "done": "已办结", "cancelled": "已撤销"}


def give_task(store: Store, *, instruction: str, owner_unit: str = "", owner_person: str = "",
              due_at=None, incident_id: str | None = None) -> str:
    """交办: hand an instruction to a unit and/or person, optionally by ``due_at`` (a datetime or a typed
    time), optionally on an incident's timeline; logged in the same transaction.  Returns the task id.
    StoreError (Chinese) without a shift, an instruction, an owner, or with a limit not after now."""
    shift = require_shift(store)
    instruction = (instruction or "").strip()
    if not instruction:
        raise StoreError("交办事项：交办内容不能为空")
    owner_unit, owner_person = (owner_unit or "").strip(), (owner_person or "").strip()
    if not owner_unit and not owner_person:
        raise StoreError("交办事项：请填写承办单位或承办人")
    now = clock.now()
    due = None if due_at is None or due_at == "" \
        else dates.parse_future(due_at, now, "交办事项的办结时限")   # 9:00 typed at 15:20: tomorrow's
    if due is not None and due <= now:
        raise StoreError("交办事项：办结时限应晚于现在")
    title = require_incident(store, incident_id)["title"] if incident_id else ""
    owner = " ".join(x for x in (owner_unit, owner_person) if x)
    with store.write() as tx:
        task_id = tx.insert("incident_tasks", {
            "incident_id": incident_id, "owner_unit": owner_unit, "owner_person": owner_person,
            "instruction": instruction, "given_at": clock.iso(now),
            "due_at": clock.iso(due) if due else None, "status": "open"})
        duty.append_entry(tx, kind="task", shift_id=shift["id"], incident_id=incident_id,
                          author=duty.at_keyboard(store, shift), details={"task_id": task_id},
                          text=f"交办{'（' + title + '）' if title else ''}：{owner} — {instruction}"
                               + (f"，{due.strftime('%m-%d %H:%M')} 前办结" if due else ""))
    return task_id


def finish_task(store: Store, task_id: str, result: str = "", status: str = "done") -> bool:
    """办结 (or 撤销) a task; the result goes to the log with it."""
    shift = require_shift(store)
    if status not in ("done", "cancelled"):
        raise StoreError(f"交办事项只能办结（done）或撤销（cancelled），而不是“{status}”")
    task = get_task(store, task_id)
    if task["status"] != "open":
        raise StoreError(f"该交办事项已{STATUS_NAMES[task['status']]}")
    result = (result or "").strip()
    with store.write() as tx:
        tx.update("incident_tasks", task_id, {"status": status, "result": result, "done_at": clock.now_iso()})
        duty.append_entry(tx, kind="task", shift_id=shift["id"], incident_id=task["incident_id"],
                          author=duty.at_keyboard(store, shift), details={"task_id": task_id},
                          text=f"{'办结' if status == 'done' else '撤销'}交办事项：{task['owner']} — "
                               f"{task['instruction'][:40]}" + (f"；结果：{result}" if result else ""))
    return True


def _task(row) -> dict:
    d = dict(row)
    d["owner"] = " ".join(x for x in (d["owner_unit"], d["owner_person"]) if x)
    d["status_name"] = STATUS_NAMES[d["status"]]
    return d


def get_task(store: Store, task_id: str) -> dict:
    """The task as :func:`list_tasks` gives it; StoreError if there is none with that id."""
    row = store.one("SELECT * FROM incident_tasks WHERE id = ? AND deleted = 0", (task_id,))
    if row is None:
        raise StoreError(f"没有编号为 {task_id} 的交办事项")
    return _task(row)


def list_tasks(store: Store, *, incident_id: str | None = None, open_only: bool = False) -> list[dict]:
    """Tasks (of one incident, and/or only the open ones), soonest limit first: the ``incident_tasks`` row
    plus ``owner`` (unit and person in one string) and ``status_name`` (办理中、已办结、已撤销)."""
    sql, params = "SELECT * FROM incident_tasks WHERE deleted = 0", []
    if incident_id:
        sql += " AND incident_id = ?"
        params.append(incident_id)
    if open_only:
        sql += " AND status = 'open'"
    return [_task(r) for r in store.query(sql + " ORDER BY coalesce(due_at, '9999'), given_at", params)]


def task_state(task: dict, now: datetime) -> str:
    """Where a task stands at ``now``: 'done', 'overdue', 'soon', 'running' or 'open' (no limit); see
    :func:`deadlines.clock_state`."""
    due = clock.parse(task["due_at"]) if task["due_at"] else None
    return clock_state(due, clock.parse(task["given_at"]), now, task["status"] != "open")
