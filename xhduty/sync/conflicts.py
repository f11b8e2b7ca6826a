"""The 冲突 list: the same field of a record changed on two stations before they met.

The merge already decided (the later stamp wins everywhere, so all stations agree); what the user can do is
see both values and, if the losing one was right, apply it — as a new change that syncs like any other.
"""

from __future__ import annotations

import json

from xhduty.core.resources import assets
from xhduty.core.clock import HybridClock
from xhduty.core.store import Store, StoreError
from xhduty.core.authority import label

# Columns that name a record for a person, in order of preference.
_NAMING = ("name", "title", "text", "instruction", "duty_date")
# Names of columns many tables share; a resource table's own labels come from assets.KINDS.
_FIELD_LABELS = {
    "name": "名称", "title": "标题", "phone": "电话", "duty_phone": "值班电话", "fax": "传真", "address": "地址",
    "note": "备注", "deleted": "删除标记", "division": "街镇", "status": "状态", "level": "级别", "post": "职务",
    "role": "角色", "methods": "联系方式", "deputy_id": "AB角", "unit_id": "所属单位", "parent_id": "上级单位",
    "sort": "排序", "leader": "带班领导", "officers": "值班员", "minimum": "库存下限", "review_due": "评估日期",
    "description": "事件情况", "place": "地点", "due_at": "办理时限", "result": "办理结果",
}


def field_label(table: str, field: str) -> str:
    kind = assets.KINDS.get(table)
    own = next((f.label for f in kind.fields if f.key == field), None) if kind else None
    return own or _FIELD_LABELS.get(field, field)


def list_conflicts(store: Store, include_resolved: bool = False) -> list[dict]:
    rows = store.query("SELECT * FROM conflicts" + ("" if include_resolved else " WHERE resolved = 0")
                       + " ORDER BY detected_at DESC, id DESC")
    return [_describe(store, dict(r)) for r in rows]


def _describe(store: Store, row: dict) -> dict:
    row["kept"], row["lost"] = json.loads(row["kept_value"]), json.loads(row["lost_value"])
    # a stamp ends with the code of the station that wrote the value
    row["kept_by"], row["lost_by"] = (HybridClock.split(row[k])[2] if row[k] else "" for k in ("kept_hlc", "lost_hlc"))
    row["table_label"] = label(row["tbl"])
    row["field_label"] = field_label(row["tbl"], row["field"])
    record = store.get(row["tbl"], row["record_id"]) or {}
    row["record_label"] = next((str(record[c]) for c in _NAMING if record.get(c)), row["record_id"])
    row["current"] = record.get(row["field"])
    row["record_deleted"] = bool(record.get("deleted"))
    return row


def _get(store: Store, conflict_id: str) -> dict:
    row = store.one("SELECT * FROM conflicts WHERE id = ?", (conflict_id,))
    if row is None:
        raise StoreError(f"没有编号为 {conflict_id} 的冲突记录")
    return dict(row)


def apply_other(store: Store, conflict_id: str) -> set[str]:
    """Write the value that lost as a new change and mark the conflict handled; returns the tables touched."""
    row = _get(store, conflict_id)
    with store.write() as tx:
        tx.update(row["tbl"], row["record_id"], {row["field"]: json.loads(row["lost_value"])})
        tx.put_local("conflicts", {**row, "resolved": 1})
    return set(tx.changes) | {"conflicts"}


def keep_current(store: Store, conflict_id: str) -> None:
    """The merged value stands: only mark the conflict handled (nothing to sync)."""
    row = _get(store, conflict_id)
    with store.write() as tx:
        tx.put_local("conflicts", {**row, "resolved": 1})
