"""The register as a list (隐患台账): the ids of the hazards matching a filter, newest found first, a page at
a time after a key (found_on, id), their number, and the fields of a page of them — so a window showing
100,000 hazards reads one page of an index to open and fetches more as the officer scrolls (:func:`count`,
:func:`ids`, :func:`page`); :func:`rows` gives everything at once for the CLI and printouts.
Rows are plain tuples; :data:`COLUMNS` names their positions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from xhduty.core import clock
from xhduty.core.hazards import hazards
from xhduty.core.store import Store

COLUMNS = ("id", "found_on", "division", "address", "category", "level", "found_by", "unit", "deadline",
           "state", "supervised", "overdue", "recurs")
PAGE = 200


@dataclass(frozen=True)
class Filter:
    """What to show: state code or 'open' / 'overdue' / 'recur', 街镇 code, category, level, text in
    address / description / unit / id."""
    state: str = ""
    division: str = ""
    category: str = ""
    level: str = ""
    text: str = ""


def _cursor(store: Store):
    cur = store.con.cursor()
    cur.row_factory = None
    return cur


def _where(store: Store, flt: Filter, today: date | None) -> tuple[list[str], list]:
    """The SQL conditions of ``flt`` over ``hazards`` and their parameters."""
    today = (today or clock.now().date()).isoformat()
    where, params = ["deleted = 0"], []
    if flt.state in ("open", "overdue"):
        where.append("state IN ('registered', 'rectifying')")
        if flt.state == "overdue":
            where.append("deadline < ?")
            params.append(today)
    elif flt.state in hazards.STATES:
        where.append("state = ?")
        params.append(flt.state)
    for column in ("division", "category", "level"):
        value = getattr(flt, column)
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if flt.text:
        where.append("(address LIKE ? OR description LIKE ? OR unit LIKE ? OR id LIKE ?)")
        params.extend([f"%{flt.text}%"] * 4)
    if flt.state == "recur":
        where.append(f"id IN ({hazards.RECURRING_SQL})")
        params.append(f"-{hazards.recur_months(store)} months")
    return where, params


def count(store: Store, flt: Filter = Filter(), today: date | None = None) -> int:
    """How many hazards match ``flt``.  Unfiltered, a count of an index (0071)."""
    where, params = _where(store, flt, today)
    return store.one(f"SELECT count(*) FROM hazards WHERE {' AND '.join(where)}", params)[0]


def ids(store: Store, flt: Filter = Filter(), today: date | None = None, after: tuple[str, str] | None = None,
        limit: int | None = None) -> list[str]:
    """Ids of the hazards matching ``flt``, newest found first: all, or ``limit`` of them after the hazard
    whose (found_on, id) is ``after``.  Unfiltered, a range of an index (0071)."""
    where, params = _where(store, flt, today)
    if after is not None:
        where.append("(found_on, id) < (?, ?)")
        params.extend(after)
    sql = f"SELECT id FROM hazards WHERE {' AND '.join(where)} ORDER BY found_on DESC, id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [r[0] for r in _cursor(store).execute(sql, params)]


def page(store: Store, some: list[str], today: date | None = None) -> dict[str, tuple]:
    """The :data:`COLUMNS` of the hazards ``some`` (at most a few hundred), by id: 街镇 as its name, state
    as its code, supervised / overdue / recurs as 0/1 (回潮 as :func:`hazards.earlier_same` sees it)."""
    today = (today or clock.now().date()).isoformat()
    out = {}
    for start in range(0, len(some), PAGE):
        chunk = some[start:start + PAGE]
        for row in _cursor(store).execute(
                "SELECT h.id, h.found_on, coalesce(d.name, h.division), h.address, h.category, h.level, h.found_by,"
                " h.unit, h.deadline, h.state,"
                " coalesce((SELECT lifted = 0 FROM hazard_supervisions s WHERE s.hazard_id = h.id"
                "           ORDER BY at DESC, id DESC LIMIT 1), 0),"
                " h.state IN ('registered', 'rectifying') AND h.deadline < ?,"
                " EXISTS (SELECT 1 FROM hazards e WHERE e.deleted = 0 AND e.address_key = h.address_key"
                "         AND e.category = h.category AND e.found_on >= date(h.found_on, ?)"
                "         AND (e.found_on < h.found_on OR (e.found_on = h.found_on AND e.id < h.id)))"
                f" FROM hazards h LEFT JOIN divisions d ON d.code = h.division WHERE h.id IN ({', '.join('?' * len(chunk))})",
                (today, f"-{hazards.recur_months(store)} months", *chunk)):
            out[row[0]] = row
    return out


def rows(store: Store, flt: Filter = Filter(), today: date | None = None) -> list[tuple]:
    """Every hazard matching ``flt`` as tuples in :data:`COLUMNS` order, newest found first."""
    found = ids(store, flt, today)
    fields = page(store, found, today)
    return [fields[i] for i in found]
