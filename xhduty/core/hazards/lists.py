"""两张清单: the 整治任务清单 (rectification tasks) and the 制度措施清单 (standing measures) the district plan
names for the double-prevention mechanism — each line with its owner, deadline and state."""

from __future__ import annotations

from datetime import date

from xhduty.core import clock, refdata
from xhduty.core.hazards.hazards import parse_date
from xhduty.core.store import Store, StoreError

KINDS = {"task": "整治任务清单", "measure": "制度措施清单"}
STATES = ("未开始", "进行中", "已完成")


def add(store: Store, kind: str, title: str, owner: str, deadline, division: str = "",
        hazard_id: str | None = None, note: str = "") -> str:
    """Add a line to one of the lists; ``division`` empty = district-wide.  Returns its id."""
    if kind not in KINDS:
        raise StoreError(f"清单应为 {'、'.join(f'{k}（{v}）' for k, v in KINDS.items())} 之一")
    if not title.strip() or not owner.strip():
        raise StoreError(f"{KINDS[kind]}的事项和责任人都不能为空")
    code = None
    if division:
        code = refdata.division_codes(store).get(division)
        if code is None:
            raise StoreError(f"街镇“{division}”不是徐汇区的街道或镇")
    if hazard_id and store.one("SELECT 1 FROM hazards WHERE id = ?", (hazard_id,)) is None:
        raise StoreError(f"没有编号为 {hazard_id} 的隐患")
    with store.write() as tx:
        return tx.insert("hazard_tasks", {"kind": kind, "title": title.strip(), "owner": owner.strip(),
                                          "deadline": parse_date(deadline, "完成期限"), "state": "未开始",
                                          "division": code, "hazard_id": hazard_id, "note": note})


def set_state(store: Store, task_id: str, state: str) -> None:
    """Move a line of either list to ``state`` (one of :data:`STATES`, any order).  StoreError for another
    state or for a line that is not there (or deleted)."""
    if state not in STATES:
        raise StoreError(f"状态应为 {'、'.join(STATES)} 之一")
    if store.one("SELECT 1 FROM hazard_tasks WHERE id = ? AND deleted = 0", (task_id,)) is None:
        raise StoreError(f"清单中没有编号为 {task_id} 的事项")
    with store.write() as tx:
        tx.update("hazard_tasks", task_id, {"state": state})


def lines(store: Store, kind: str, today: date | None = None) -> list[dict]:
    """The lines of one list, open ones first by deadline; each with ``overdue`` (past deadline, not done)."""
    today_s = (today or clock.now().date()).isoformat()
    return [dict(r) for r in store.query(
        "SELECT t.*, coalesce(d.name, '全区') AS division_name,"
        " t.state != '已完成' AND t.deadline < ? AS overdue"
        " FROM hazard_tasks t LEFT JOIN divisions d ON d.code = t.division"
        " WHERE t.kind = ? AND t.deleted = 0 ORDER BY t.state = '已完成', t.deadline, t.id", (today_s, kind))]
