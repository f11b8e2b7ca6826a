"""The stock ledger (库存台账): every receipt, issue, transfer, return, write-off and stocktake is one
append-only movement, and stock on hand is nothing but the sum of signed movements per depot, item and lot.

Why a ledger and not a quantity column: stations change stock while apart (the DESIGN's ledger rule).  Two
issues made offline at two stations are two rows; when they meet, the sum is right without any merge
logic.  The price is that stock can go negative — an issue here while another station issued the last of
it — and that is shown (in red), never hidden or "corrected" away.

Every function that changes stock takes an open :class:`Tx`, so a caller can book a movement and write
the duty log entry about it in one transaction (see :mod:`xhduty.core.resources.resources`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from xhduty.core import clock
from xhduty.core.resources import assets
from xhduty.core.store import Store, StoreError, Tx

MOVEMENT_KINDS = {
    "receive": "入库", "issue": "出库", "transfer_out": "调出", "transfer_in": "调入",
    "return": "归还", "writeoff": "报废核销", "count": "盘点",
}
EXPIRY_DAYS_KEY = "resources.expiry_days"
DEFAULT_EXPIRY_DAYS = 30


class Shortage(StoreError):
    """An issue, transfer or write-off of more than is on hand; booked only when the user confirms."""

    def __init__(self, item: dict, depot: dict, wanted: int, on_hand: int, expired: int = 0,
                 unknown_lot: str | None = None, lots: tuple[str, ...] = ()):
        unit = item["unit"]
        if unknown_lot is not None:   # most often a lot number mistyped: say so, with the lots there are
            known = "、".join(f"「{l}」" if l else "（无批次）" for l in lots) or "无"
            have = f"没有批次「{unknown_lot}」（本库该物资的批次：{known}）"
        else:
            have = f"现有 {on_hand}{unit}" + (f"（另有已过期 {expired}{unit}，不出库）" if expired else "")
        super().__init__(f"{depot['name']} 的「{item['name']}」{have}，不足 {wanted}{unit}："
                         f"确认后仍可出库，库存将显示为负数")
        self.wanted, self.on_hand, self.expired = wanted, on_hand, expired


@dataclass(frozen=True)
class Lot:
    """What one lot of an item in a depot holds: its lot number ('' for stock booked without one), its
    expiry date (YYYY-MM-DD, None for none) and the quantity on hand in the item's unit (below zero after a
    confirmed :class:`Shortage`)."""
    lot: str
    expires: str | None
    qty: int


# -------------------------------------------------------------------------------------------- reading

def lots(con, depot_id: str, item_id: str) -> list[Lot]:
    """Lots of an item in a depot with what is on hand, first-expiring first (lots without a date last).

    Takes a connection so that a write transaction reads what it is about to change.
    """
    rows = con.execute(
        "SELECT lot, max(expires), sum(qty) FROM stock_movements WHERE depot_id = ? AND item_id = ? "
        "GROUP BY lot ORDER BY max(expires) IS NULL, max(expires), lot", (depot_id, item_id)).fetchall()
    return [Lot(r[0], r[1], r[2]) for r in rows]


def unexpired_lots(con, depot_id: str, item_id: str, at: datetime | None = None) -> tuple[list[Lot], int]:
    """What an issue or transfer that names no lot takes from: the lots of :func:`lots` not expired on the
    day of ``at`` (now when None; a lot is good through its 有效期至), and the quantity on hand in the
    expired lots it passes over (in the item's unit)."""
    day = (at or clock.now()).astimezone(clock.SHANGHAI).date().isoformat()
    found = lots(con, depot_id, item_id)
    expired = [l for l in found if l.expires and l.expires < day]
    return [l for l in found if l not in expired], sum(l.qty for l in expired if l.qty > 0)


# The balance per depot/item/lot, ``stock_balances``, is kept by a trigger on every movement inserted,
# local or synced, in the same transaction (db/migrations/0021): reading it never writes, and it is
# current inside a write transaction too.  Its rows are (depot_id, item_id, lot, qty, expires).


def on_hand(store: Store, depot_id: str | None = None, item_id: str | None = None) -> list[dict]:
    """On hand per depot/item/lot (lots that add up to zero left out): the sum of the ledger's movements."""
    clauses, params = ["qty <> 0"], []
    if depot_id:
        clauses.append("depot_id = ?")
        params.append(depot_id)
    if item_id:
        clauses.append("item_id = ?")
        params.append(item_id)
    return _dicts(store, f"SELECT depot_id, item_id, lot, expires, qty FROM stock_balances "
                         f"WHERE {' AND '.join(clauses)}", params)


def item_totals(store: Store) -> list[dict]:
    """On hand per depot and item (all lots together) — the figure a minimum level is compared with."""
    return _dicts(store, "SELECT depot_id, item_id, sum(qty) AS qty FROM stock_balances "
                         "GROUP BY depot_id, item_id HAVING sum(qty) <> 0")


def _tuples(store: Store, sql: str, params=()):
    """A cursor of plain tuples: for 50,000 balances much cheaper than sqlite3.Row."""
    cursor = store.con.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params)


def _dicts(store: Store, sql: str, params=()) -> list[dict]:
    cursor = _tuples(store, sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def expiry_days(store: Store) -> int:
    """How many days ahead a lot counts as expiring (a station setting, default 30)."""
    return int(store.meta(EXPIRY_DAYS_KEY) or DEFAULT_EXPIRY_DAYS)


def set_expiry_days(store: Store, days: int) -> None:
    """Set how many days ahead a lot counts as expiring (read by :func:`expiry_days`; 0: only expired ones).
    StoreError("临期提醒天数不能为负数") for a negative number."""
    if days < 0:
        raise StoreError("临期提醒天数不能为负数")
    with store.write() as tx:
        tx.set_meta(EXPIRY_DAYS_KEY, str(days))


class Inventory(Sequence):
    """The lines of :func:`inventory`, each made into a dict only when it is read.

    A window shows a screenful of 50,000 lines; building every dict up front would cost more than the
    query.  Filtering on what needs action works on the raw lines, so it stays cheap too.
    """

    def __init__(self, lines: list[tuple], make):
        self._lines, self._make = lines, make

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, at):
        if isinstance(at, slice):
            return [self._make(line) for line in self._lines[at]]
        return self._make(self._lines[at])

    def keys(self) -> list[tuple[str, str, str]]:
        """(depot id, item id, lot) of each line, in order, without making the lines' dicts."""
        return [line[:3] for line in self._lines]

    def needing_action(self) -> "Inventory":
        """Only the lines below minimum, expiring, expired or negative."""
        return Inventory([line for line in self._lines if line[-1]], self._make)


def inventory(store: Store, text: str = "", division: str | None = None, class_code: str = "",
              depot_id: str | None = None, today: date | None = None, item_id: str | None = None) -> Inventory:
    """What the inventory view and list show: every lot on hand with its depot's total and minimum, and
    the states that need action — ``low`` (total below minimum), ``expired``, ``expiring``, ``negative``.
    An item a depot must keep but has none of still shows, as a line of 0.

    Joined in Python rather than SQL: the registers are small (tens of depots, thousands of items) and
    dictionaries beat SQLite's temporary indexes on 50,000 balances by a factor of three.
    """
    depots = {d["id"]: d for d in assets.records(store, "depots", division=division)
              if not depot_id or d["id"] == depot_id}
    items = {i["id"]: i for i in assets.records(store, "items", class_code=class_code,
                                                 ids=[item_id] if item_id else None)}
    minimum = {(m["depot_id"], m["item_id"]): m["minimum"] for m in minimums(store)}
    lots, total = [], {}
    one = " AND depot_id = ? AND item_id = ?" if depot_id and item_id else ""   # one line's lots: by key
    for d, i, lot, expires, qty in _tuples(store, "SELECT depot_id, item_id, lot, expires, qty "
                                                  "FROM stock_balances WHERE qty <> 0" + one,
                                           (depot_id, item_id) if one else ()):
        if d in depots and i in items:
            lots.append((d, i, lot, expires, qty))
            total[(d, i)] = total.get((d, i), 0) + qty
    lots += [(d, i, "", None, 0) for (d, i), m in minimum.items()
             if m > 0 and (d, i) not in total and d in depots and i in items]
    if text:
        words = text.split()
        lots = [l for l in lots if all(w in items[l[1]]["name"] or w in items[l[1]]["spec"] or
                                       w in depots[l[0]]["name"] for w in words)]
    depot_rank = {d: n for n, d in enumerate(depots)}  # records() come in division order, then by name
    item_rank = {i: n for n, i in enumerate(sorted(items, key=lambda i: (items[i]["class_code"], items[i]["name"])))}
    lots.sort(key=lambda l: (depot_rank[l[0]], item_rank[l[1]], l[3] is None, l[3] or "", l[2]))
    today = today or clock.now().date()
    today_s, soon = today.isoformat(), (today + timedelta(days=expiry_days(store))).isoformat()
    low = {pair for pair, m in minimum.items() if m > 0 and total.get(pair, 0) < m}
    # a line: depot, item, lot, expires, qty, and whether it needs action (for cheap filtering)
    lines = [(d, i, lot, expires, qty, qty < 0 or (d, i) in low or bool(expires and qty > 0 and expires <= soon))
             for d, i, lot, expires, qty in lots]

    def make(line: tuple) -> dict:
        d, i, lot, expires, qty, _ = line
        depot, item = depots[d], items[i]
        live = bool(expires) and qty > 0
        return {"depot_id": d, "depot_name": depot["name"], "division": depot["division"],
                "division_name": depot["division_name"], "item_id": i, "item_name": item["name"],
                "class_code": item["class_code"], "spec": item["spec"], "unit": item["unit"],
                "lot": lot, "expires": expires, "qty": qty, "total": total.get((d, i), 0),
                "minimum": minimum.get((d, i), 0), "low": (d, i) in low, "negative": qty < 0,
                "expired": live and expires < today_s, "expiring": live and today_s <= expires <= soon}

    return Inventory(lines, make)


def stock_card(store: Store, item_id: str, depot_id: str | None = None) -> list[dict]:
    """Every movement of an item (in one depot, or all), in time order, with the running balance."""
    params = [item_id]
    where = "m.item_id = ?"
    if depot_id:
        where += " AND m.depot_id = ?"
        params.append(depot_id)
    rows = store.query(
        f"SELECT m.*, d.name AS depot_name FROM stock_movements m LEFT JOIN depots d ON d.id = m.depot_id "
        f"WHERE {where} ORDER BY m.at, m.created_at, m.id", params)
    balance, out = 0, []
    for r in rows:
        row = dict(r)
        balance += row["qty"]
        row["balance"] = balance
        row["kind_name"] = MOVEMENT_KINDS[row["kind"]]
        out.append(row)
    return out


# -------------------------------------------------------------------------------------------- writing

def _live(tx: Tx, table: str, record_id: str) -> dict:
    row = tx.con.execute(f"SELECT * FROM {table} WHERE id = ? AND deleted = 0", (record_id,)).fetchone()
    if row is None:
        raise StoreError(f"{assets.KINDS[table].label}中没有编号为 {record_id} 的记录")
    return dict(row)


def _both(tx: Tx, depot_id: str, item_id: str) -> tuple[dict, dict]:
    return _live(tx, "depots", depot_id), _live(tx, "items", item_id)


def _date(expires) -> str | None:
    try:
        return assets.as_date(expires)
    except ValueError:
        raise StoreError(f"有效期应为日期（如 2027-06-30），而不是「{expires}」") from None


def _quantity(qty) -> int:
    try:
        value = assets.as_count(qty)
    except ValueError:
        value = 0
    if value <= 0:
        raise StoreError(f"数量应为正整数，而不是「{qty}」")
    return value


def _book(tx: Tx, kind: str, depot_id: str, item_id: str, qty: int, *, lot: str = "",
          expires: str | None = None, at: datetime | None = None, **fields) -> dict:
    row = {"at": clock.iso(at or clock.now()), "kind": kind, "depot_id": depot_id, "item_id": item_id,
           "lot": (lot or "").strip(), "expires": expires, "qty": qty, **fields}
    row["id"] = tx.insert("stock_movements", row)
    return row


def receive(tx: Tx, depot_id: str, item_id: str, qty, *, lot: str = "", expires=None, party: str = "",
            person: str = "", reason: str = "", at: datetime | None = None) -> list[dict]:
    """入库: stock arrives from ``party`` (the source), as lot ``lot`` expiring on ``expires``."""
    _both(tx, depot_id, item_id)
    return [_book(tx, "receive", depot_id, item_id, _quantity(qty), lot=lot, expires=_date(expires), party=party,
                  person=person, reason=reason, at=at)]


def _take(tx: Tx, depot_id: str, item_id: str, qty, lot: str | None, confirm: bool,
          at: datetime | None, expired_too: bool = False) -> list[Lot]:
    """Which lots an outgoing quantity comes from: the named lot, else first-expiring first (FEFO),
    passing over lots expired by the day of ``at`` (now when None) unless ``expired_too`` (a write-off):
    relief must not go out past its date, and 就近可用 does not count such lots either.

    More than is on hand raises :class:`Shortage` (naming the expired quantity passed over) unless
    ``confirm``; then the rest is taken from the last lot (or the unnamed lot) and shows as negative stock.
    """
    depot, item = _both(tx, depot_id, item_id)
    wanted = _quantity(qty)
    if lot is None and not expired_too:
        available, expired = unexpired_lots(tx.con, depot_id, item_id, at)
    else:
        every = lots(tx.con, depot_id, item_id)
        available, expired = [l for l in every if lot is None or l.lot == lot], 0
    on_hand = sum(max(l.qty, 0) for l in available)
    if wanted > on_hand and not confirm:
        if lot is not None and not available:
            raise Shortage(item, depot, wanted, 0, unknown_lot=lot,
                           lots=tuple(l.lot for l in every if l.qty > 0))
        raise Shortage(item, depot, wanted, on_hand, expired)
    taken, rest = [], wanted
    for l in available:
        if rest and l.qty > 0:
            n = min(l.qty, rest)
            taken.append(Lot(l.lot, l.expires, n))
            rest -= n
    if rest:
        last = available[-1] if available else Lot(lot or "", None, 0)
        taken.append(Lot(last.lot, last.expires, rest))
    return _merge_same_lot(taken)


def _merge_same_lot(taken: list[Lot]) -> list[Lot]:
    merged: dict[str, Lot] = {}
    for t in taken:
        prev = merged.get(t.lot)
        merged[t.lot] = Lot(t.lot, t.expires, t.qty + (prev.qty if prev else 0))
    return list(merged.values())


def issue(tx: Tx, depot_id: str, item_id: str, qty, *, party: str = "", person: str = "", reason: str = "",
          lot: str | None = None, incident_id: str | None = None, confirm: bool = False,
          at: datetime | None = None) -> list[dict]:
    """出库 to ``party`` (for ``incident_id`` if given); one movement per lot it comes from (without ``lot``,
    first-expiring first, expired lots passed over)."""
    return [_book(tx, "issue", depot_id, item_id, -t.qty, lot=t.lot, expires=t.expires, party=party,
                  person=person, reason=reason, incident_id=incident_id, at=at)
            for t in _take(tx, depot_id, item_id, qty, lot, confirm, at)]


def write_off(tx: Tx, depot_id: str, item_id: str, qty, *, reason: str, person: str = "",
              lot: str | None = None, confirm: bool = False, at: datetime | None = None) -> list[dict]:
    """报废核销 (expired, damaged, lost): the reason is required, it is what an auditor asks for.  Without
    ``lot``, expired lots are taken first (first-expiring first)."""
    if not (reason or "").strip():
        raise StoreError("报废核销须填写原因")
    return [_book(tx, "writeoff", depot_id, item_id, -t.qty, lot=t.lot, expires=t.expires, person=person,
                  reason=reason, at=at)
            for t in _take(tx, depot_id, item_id, qty, lot, confirm, at, expired_too=True)]


def give_back(tx: Tx, depot_id: str, item_id: str, qty, *, lot: str = "", party: str = "", person: str = "",
              reason: str = "", incident_id: str | None = None, at: datetime | None = None) -> list[dict]:
    """归还: issued stock comes back (into its own lot, whose expiry the ledger already knows)."""
    _both(tx, depot_id, item_id)
    expires = next((l.expires for l in lots(tx.con, depot_id, item_id) if l.lot == lot), None)
    return [_book(tx, "return", depot_id, item_id, _quantity(qty), lot=lot, expires=expires, party=party,
                  person=person, reason=reason, incident_id=incident_id, at=at)]


def transfer(tx: Tx, from_depot: str, to_depot: str, item_id: str, qty, *, person: str = "",
             reason: str = "", lot: str | None = None, confirm: bool = False,
             at: datetime | None = None) -> list[dict]:
    """调拨: per lot, a movement out of one depot and one into the other, sharing a transfer id (without
    ``lot``, first-expiring first, expired lots passed over)."""
    if from_depot == to_depot:
        raise StoreError("调出与调入的储备库不能相同")
    target = _live(tx, "depots", to_depot)
    source = _live(tx, "depots", from_depot)
    out = []
    for t in _take(tx, from_depot, item_id, qty, lot, confirm, at):
        pair = _book(tx, "transfer_out", from_depot, item_id, -t.qty, lot=t.lot, expires=t.expires,
                     party=target["name"], person=person, reason=reason, at=at)
        out.append(pair)
        out.append(_book(tx, "transfer_in", to_depot, item_id, t.qty, lot=t.lot, expires=t.expires,
                         party=source["name"], person=person, reason=reason, at=at, transfer_id=pair["id"]))
    return out


def count(tx: Tx, depot_id: str, item_id: str, counted, *, lot: str = "", expires=None, person: str = "",
          reason: str = "", at: datetime | None = None) -> dict:
    """盘点: the amount found; the movement is (counted − computed), zero when the count agrees."""
    return count_many(tx, [{"depot_id": depot_id, "item_id": item_id, "counted": counted, "lot": lot,
                            "expires": expires}], person=person, reason=reason, at=at)[0]


def count_many(tx: Tx, counts: Iterable[dict], *, person: str = "", reason: str = "",
               at: datetime | None = None) -> list[dict]:
    """盘点 of many lots at once (a stock ledger import): each count is ``{"depot_id", "item_id", "counted",
    "lot": "", "expires": None}``; returns the movements booked, in order.

    Books what one :func:`count` per row would — a lot counted twice sees its first count, a lot's expiry
    is kept when the count gives none — but reads every depot, item and (depot, item, lot) balance once
    and writes the movements with one :meth:`Tx.insert_many`.  StoreError (nothing booked) names the first
    unknown depot or item, bad expiry or count, in row order."""
    counts = list(counts)
    live = {table: _live_ids(tx, table, {c[key] for c in counts})
            for table, key in (("depots", "depot_id"), ("items", "item_id"))}
    keys = sorted({(c["depot_id"], c["item_id"], (c.get("lot") or "").strip()) for c in counts})
    balances = {(d, i, lot): (qty, expires) for d, i, lot, qty, expires in tx.con.execute(
        "SELECT depot_id, item_id, lot, qty, expires FROM stock_balances WHERE (depot_id, item_id, lot) IN"
        " (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))", (json.dumps(keys),))}
    moment, rows, checked = clock.iso(at or clock.now()), [], {}   # checked: expiry as given → as stored
    for c in counts:
        for table, key in (("depots", "depot_id"), ("items", "item_id")):
            if c[key] not in live[table]:
                raise StoreError(f"{assets.KINDS[table].label}中没有编号为 {c[key]} 的记录")
        given = c.get("expires")
        expires = checked[given] if given in checked else checked.setdefault(given, _date(given))
        try:
            found = assets.as_int(c["counted"])  # negative only when a workbook carries an overdrawn lot back in
        except ValueError:
            raise StoreError(f"盘点数量应为整数，而不是「{c['counted']}」") from None
        lot = (c.get("lot") or "").strip()
        computed, known_expiry = balances.get((c["depot_id"], c["item_id"], lot), (0, None))
        expires = expires or known_expiry
        balances[(c["depot_id"], c["item_id"], lot)] = (found, max(expires or "", known_expiry or "") or None)
        rows.append({"at": moment, "kind": "count", "depot_id": c["depot_id"], "item_id": c["item_id"],
                     "lot": lot, "expires": expires, "qty": found - computed, "counted": found,
                     "person": person, "reason": reason or "盘点"})
    for row, rid in zip(rows, tx.insert_many("stock_movements", rows)):
        row["id"] = rid
    return rows


def _live_ids(tx: Tx, table: str, ids: set[str]) -> set[str]:
    """Which of ``ids`` are records of ``table`` that are not deleted (one query, however many)."""
    return {r[0] for r in tx.con.execute(f"SELECT id FROM {table} WHERE deleted = 0 AND id IN"
                                         " (SELECT value FROM json_each(?))", (json.dumps(sorted(ids)),))}


def set_minimum(tx: Tx, depot_id: str, item_id: str, minimum) -> None:
    """The level below which the depot must be restocked (0 = no minimum)."""
    _both(tx, depot_id, item_id)
    try:
        minimum = assets.as_count(minimum)
    except ValueError:
        raise StoreError(f"最低库存应为不小于 0 的整数，而不是「{minimum}」") from None
    key = f"{depot_id}:{item_id}"
    if tx.con.execute("SELECT 1 FROM stock_minimums WHERE id = ?", (key,)).fetchone():
        tx.update("stock_minimums", key, {"minimum": minimum, "deleted": 0})
    else:
        tx.insert("stock_minimums", {"id": key, "depot_id": depot_id, "item_id": item_id, "minimum": minimum})


def minimums(store: Store) -> list[dict]:
    """Minimum levels in force, ``{depot_id, item_id, minimum}`` (in the item's unit), by depot then item
    name; those of a deleted depot or item left out."""
    return [dict(r) for r in store.query(
        "SELECT m.depot_id, m.item_id, m.minimum FROM stock_minimums m JOIN depots d ON d.id = m.depot_id "
        "JOIN items i ON i.id = m.item_id WHERE m.deleted = 0 AND d.deleted = 0 AND i.deleted = 0 "
        "ORDER BY d.name, i.name")]
