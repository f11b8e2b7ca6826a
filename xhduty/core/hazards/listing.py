"""The register as a list (隐患台账): every hazard matching a filter, newest found first, cheap enough for a
window showing 100,000 of them (rows are plain tuples; :data:`COLUMNS` names their positions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from xhduty.core import clock
from xhduty.core.hazards import hazards
from xhduty.core.store import Store

COLUMNS = ("id", "found_on", "division", "address", "category", "level", "found_by", "unit", "deadline",
           "state", "supervised", "overdue")


@dataclass(frozen=True)
class Filter:
    """What to show: state code or 'open' / 'overdue' / 'recur', 街镇 code, category, level, text in
    address / description / unit."""
    state: str = ""
    division: str = ""
    category: str = ""
    level: str = ""
    text: str = ""


def rows(store: Store, flt: Filter = Filter(), today: date | None = None) -> list[tuple]:
    """The hazards matching ``flt`` as tuples in :data:`COLUMNS` order (division as its name, state as its
    code, supervised and overdue as 0/1)."""
    today = (today or clock.now().date()).isoformat()
    where, params = ["h.deleted = 0"], [today]
    if flt.state == "open":
        where.append("h.state IN ('registered', 'rectifying')")
    elif flt.state == "overdue":
        where.append("h.state IN ('registered', 'rectifying') AND h.deadline < ?1")
    elif flt.state in hazards.STATES:
        where.append("h.state = ?")
        params.append(flt.state)
    for column in ("division", "category", "level"):
        value = getattr(flt, column)
        if value:
            where.append(f"h.{column} = ?")
            params.append(value)
    if flt.text:
        where.append("(h.address LIKE ? OR h.description LIKE ? OR h.unit LIKE ? OR h.id LIKE ?)")
        params.extend([f"%{flt.text}%"] * 4)
    sql = (
        "SELECT h.id, h.found_on, coalesce(d.name, h.division), h.address, h.category, h.level, h.found_by,"
        " h.unit, h.deadline, h.state, h.id IN (SELECT hazard_id FROM supervised_now),"
        " h.state IN ('registered', 'rectifying') AND h.deadline < ?1"
        " FROM hazards h LEFT JOIN divisions d ON d.code = h.division"
        f" WHERE {' AND '.join(where)} ORDER BY h.found_on DESC, h.id DESC")
    sql = ("WITH supervised_now AS (SELECT hazard_id FROM hazard_supervisions s WHERE s.rowid = "
           "(SELECT rowid FROM hazard_supervisions t WHERE t.hazard_id = s.hazard_id ORDER BY at DESC, id DESC LIMIT 1)"
           " AND lifted = 0) " + sql)
    cur = store.con.cursor()
    cur.row_factory = None
    found = cur.execute(sql, params).fetchall()
    if flt.state == "recur":
        recur = hazards.recurrences(store)
        found = [r for r in found if r[0] in recur]
    return found
