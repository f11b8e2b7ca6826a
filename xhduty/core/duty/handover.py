"""Handover (交接班): what the next shift must know, confirmed by both officers, and the shift change.

The summary is assembled from the log (the shift's entries, significant ones, leaders' instructions,
equipment notes, open items of any earlier shift still not closed) and from the other areas through
:mod:`xhduty.core.carryover`.  Closing the shift, recording the handover and opening the next shift
happen in one transaction: there is never a moment with two open shifts or none.
"""

from __future__ import annotations

import json
from datetime import datetime

from xhduty.core import carryover, clock
from xhduty.core.duty import duty
from xhduty.core.store import Store, StoreError


def summary(store: Store, shift_id: str) -> dict:
    shift = duty.get_shift(store, shift_id)
    if shift is None:
        raise StoreError(f"没有编号为 {shift_id} 的班次")
    entries = duty.list_entries(store, duty.LogFilter(shift_id=shift_id))
    names = duty.kind_names(store)
    counts: dict[str, int] = {}
    for e in entries:
        counts[names.get(e["kind"], e["kind"])] = counts.get(names.get(e["kind"], e["kind"]), 0) + 1
    sections = carryover.sections(store)
    return {
        "station": store.station,
        "station_name": store.meta("station_name", ""),
        "shift": shift,
        "entries": entries,
        "counts": counts,
        "significant": [e for e in entries if e["is_significant"] and e["kind"] not in ("mark",)],
        "instructions": [e for e in entries if e["kind"] == "instruction"],
        "equipment": [e for e in entries if e["kind"] == "equipment"],
        "open_items": duty.open_items(store),
        "sections": [s.__dict__ for s in sections],
        "warnings": [w for s in sections for w in s.warnings],
    }


def hand_over(store: Store, incoming: list[str], leader: str | None = None, notes: str = "",
              outgoing_confirmed_by: str | None = None, at: datetime | None = None) -> dict:
    """Close the current shift and open the next with ``incoming`` on duty.  Returns the handover record.

    ``outgoing_confirmed_by`` is the outgoing officer's name as typed in confirmation; it must be one of
    the shift's officers.  The incoming officers confirm by being named.
    """
    shift = duty.current_shift(store)
    if shift is None:
        raise StoreError("当前没有在岗班次，无法交接")
    confirmer = (outgoing_confirmed_by or shift["officers"][0]).strip()
    if confirmer not in shift["officers"]:
        raise StoreError(f"交班确认人 {confirmer} 不是本班值班员（{'、'.join(shift['officers'])}）")
    next_leader, incoming = duty.clean_names(leader or shift["leader"], incoming)
    at = at or clock.now()
    snap = summary(store, shift["id"])
    record = {
        "counts": snap["counts"],
        "open_items": [e["id"] for e in snap["open_items"]],
        "significant": [e["id"] for e in snap["significant"]],
        "sections": snap["sections"],
        "warnings": snap["warnings"],
    }
    with store.write() as tx:
        duty.append_entry(tx, shift_id=shift["id"], kind="shift", at=at, author=confirmer,
                          text=f"交班：{'、'.join(shift['officers'])} 交给 {'、'.join(incoming)}"
                               + (f"；交接事项：{notes.strip()}" if notes.strip() else ""))
        tx.update("shifts", shift["id"], {"status": "closed", "ended_at": clock.iso(at)})
        next_id = duty.open_shift(tx, next_leader, incoming, at, "接班")
        handover_id = tx.insert("handovers", {
            "shift_id": shift["id"], "next_shift_id": next_id, "at": clock.iso(at),
            "outgoing": json.dumps(shift["officers"], ensure_ascii=False),
            "incoming": json.dumps(incoming, ensure_ascii=False),
            "leader": next_leader, "notes": notes.strip(),
            "summary": json.dumps(record, ensure_ascii=False),
        })
    return {"id": handover_id, "shift_id": shift["id"], "next_shift_id": next_id, "at": clock.iso(at),
            "outgoing": shift["officers"], "incoming": incoming, "leader": next_leader, "notes": notes.strip()}


def last_handover(store: Store, shift_id: str) -> dict | None:
    row = store.one("SELECT * FROM handovers WHERE shift_id = ?", (shift_id,))
    if row is None:
        return None
    d = dict(row)
    for key in ("outgoing", "incoming", "summary"):
        d[key] = json.loads(d[key])
    return d
