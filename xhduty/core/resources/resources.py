"""Finding and sending resources: what is available near a division or an incident, dispatching stock and
teams to an incident, the neighbourhood of divisions, and the daily stock check.

"Near" is ranked by division, not distance: the incident's own division first, then the divisions that
border it (a station-local, editable table — see the migration), then the rest of the district.  That is
what the duty officer can act on without a map, and it needs no addresses geocoded.

Incidents belong to another area (table ``incidents``: id, title, division …).  This module only reads it,
and copes when it does not exist yet: the core functions take a division code; the incident wrappers look
the division up.
"""

from __future__ import annotations

from datetime import date, timedelta

from xhduty.core import clock, refdata
from xhduty.core.alerts import Alert, Section
from xhduty.core.resources import assets
from xhduty.core.duty import duty
from xhduty.core.resources import stock
from xhduty.core.changes import Changes
from xhduty.core.store import Store, StoreError, Tx

PROXIMITY = ("本街镇", "相邻街镇", "其他街镇")


# ---------------------------------------------------------------------------------------- neighbours

def neighbours(store: Store, division: str) -> list[str]:
    """Codes of the 街镇 bordering 街镇 ``division`` (a code), in the district's order (``divisions.sort``),
    from this station's editable ``division_neighbours``; [] for none or an unknown code."""
    return [r[0] for r in store.query(
        "SELECT n.neighbour FROM division_neighbours n JOIN divisions d ON d.code = n.neighbour "
        "WHERE n.division = ? ORDER BY d.sort", (division,))]


def set_neighbours(store: Store, division: str, others: list[str]) -> None:
    """Replace the neighbours of ``division`` (kept symmetric: a borders b exactly when b borders a)."""
    codes = refdata.division_codes(store)
    if division not in codes:
        raise StoreError(f"不是徐汇区的街镇：「{division}」")
    division = codes[division]
    unknown = [o for o in others if o not in codes]
    if unknown:
        raise StoreError(f"不是徐汇区的街镇：{'、'.join(unknown)}")
    chosen = {codes[o] for o in others} - {division}
    with store.write() as tx:
        tx.execute_local("division_neighbours",
                         "DELETE FROM division_neighbours WHERE division = ? OR neighbour = ?", (division, division))
        for other in chosen:
            tx.put_local("division_neighbours", {"division": division, "neighbour": other})
            tx.put_local("division_neighbours", {"division": other, "neighbour": division})


def _rank(division: str, near: set[str], of: str) -> int:
    return 0 if of == division else 1 if of in near else 2


# ----------------------------------------------------------------------------------------- available

def available(store: Store, division: str, text: str = "", today: date | None = None,
              only: dict[str, list] | None = None) -> dict[str, list[dict]]:
    """Items on hand (expired lots left out), teams that can go and shelters with room, each list ordered
    by :func:`available_order`: proximity to ``division`` (本街镇 → 相邻街镇 → 其他街镇), then how much
    there is.  ``only`` narrows to what was just written — ``{"items": [(depot id, item id), …],
    "teams": [id, …], "shelters": [id, …]}``; a list not named is not read.
    """
    if division not in refdata.division_codes(store):
        raise StoreError(f"不是徐汇区的街镇：「{division}」")
    division = refdata.division_codes(store)[division]
    near = set(neighbours(store, division))
    today_s = (today or clock.now().date()).isoformat()

    def ranked(rows: list[dict], amount: str) -> list[dict]:
        for r in rows:
            r["rank"] = _rank(division, near, r["division"])
            r["proximity"] = PROXIMITY[r["rank"]]
            r["amount"] = r[amount]
        return sorted(rows, key=available_order)

    pairs = None if only is None else only.get("items", [])
    lines = [] if pairs == [] else (stock.inventory(store, text=text) if pairs is None else
                                    [line for d, i in pairs for line in
                                     stock.inventory(store, text=text, depot_id=d, item_id=i)])
    usable: dict[tuple, dict] = {}
    for row in lines:
        if row["qty"] <= 0 or (row["expires"] and row["expires"] < today_s):
            continue
        key = (row["depot_id"], row["item_id"])
        entry = usable.setdefault(key, {k: row[k] for k in (
            "depot_id", "depot_name", "division", "division_name", "item_id", "item_name", "spec", "unit")}
            | {"qty": 0})
        entry["qty"] += row["qty"]
    team_ids = None if only is None else only.get("teams", [])
    shelter_ids = None if only is None else only.get("shelters", [])
    teams = [t for t in assets.records(store, "teams", text, ids=team_ids) if t["readiness"] != "不可用"] \
        if team_ids != [] else []
    shelters = assets.records(store, "shelters", text, ids=shelter_ids) if shelter_ids != [] else []
    for s in shelters:
        s["free"] = max(s["capacity"] - s["occupancy"], 0)
    return {
        "items": ranked(list(usable.values()), "qty"),
        "teams": ranked([t | {"ready": int(t["readiness"] == "待命")} for t in teams], "ready"),
        "shelters": ranked([s for s in shelters if s["free"] > 0], "free"),
    }


def available_order(row: dict) -> tuple[int, int]:
    """Where a row of :func:`available` stands: nearer first, then more of it first."""
    return row["rank"], -row["amount"]


def _has_incidents(store: Store) -> bool:
    return store.one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'incidents'") is not None


def open_incidents(store: Store) -> list[tuple[str, str]]:
    """(id, title) of incidents not closed, newest first — what stock or a team can be dispatched to."""
    if not _has_incidents(store):
        return []
    return [(r[0], r[1]) for r in store.query(
        "SELECT id, title FROM incidents WHERE deleted = 0 AND status <> 'closed' ORDER BY taken_at DESC")]


def incident(store: Store, incident_id: str) -> dict:
    """The incident as the incidents area keeps it (read only); a clear message when there is none."""
    if not _has_incidents(store):
        raise StoreError("本站还没有事件数据表（事件管理模块未安装）")
    row = store.one("SELECT * FROM incidents WHERE id = ?", (incident_id,))
    if row is None:
        raise StoreError(f"没有编号为 {incident_id} 的事件")
    return dict(row)


def available_for_incident(store: Store, incident_id: str, text: str = "") -> dict[str, list[dict]]:
    """:func:`available` near the incident's 街镇: ``{"items", "teams", "shelters"}`` lists, nearest first.
    StoreError when the incident is not there (:func:`incident`) or has no 街镇."""
    found = incident(store, incident_id)
    if not found.get("division"):
        raise StoreError(f"事件「{found.get('title', incident_id)}」没有填写所在街镇，无法就近查找资源")
    return available(store, found["division"], text)


# ------------------------------------------------------------------------------------------ booking

MOVEMENTS = ("receive", "issue", "transfer", "count", "return", "writeoff")


def book(store: Store, kind: str, depot_id: str, item_id: str, qty, *, lot: str = "", expires=None,
         party: str = "", person: str = "", reason: str = "", to_depot: str | None = None,
         incident_id: str | None = None, confirm: bool = False) -> list[dict]:
    """Book one stock movement in one transaction, as the window's form and ``xhduty resources stock``
    give it: ``kind`` is one of :data:`MOVEMENTS` (入库 receive, 出库 issue, 调拨 transfer to ``to_depot``,
    盘点 count — ``qty`` is then the amount counted —, 归还 return, 报废 writeoff); an issue for an incident
    is a dispatch (:func:`dispatch_stock`, with its log entry).  An empty ``lot`` takes the lots that
    expire first.  Returns the movements booked (dicts of ``stock_movements``).  Refuses with
    :class:`stock.Shortage` when taking more than is on hand unless ``confirm``, and with StoreError
    (in Chinese) for anything else wrong."""
    if kind not in MOVEMENTS:
        raise StoreError(f"未知的库存操作：{kind}（可用：{'、'.join(MOVEMENTS)}）")
    if kind == "issue" and incident_id:
        return dispatch_stock(store, incident_id, depot_id, item_id, qty, party=party, person=person,
                              lot=lot or None, confirm=confirm)[0]
    common = {"person": person, "reason": reason}
    with store.write() as tx:
        if kind == "receive":
            return stock.receive(tx, depot_id, item_id, qty, lot=lot, expires=expires, party=party, **common)
        if kind == "issue":
            return stock.issue(tx, depot_id, item_id, qty, lot=lot or None, confirm=confirm, party=party, **common)
        if kind == "transfer":
            if not to_depot:
                raise StoreError("调拨须选择调入储备库")
            return stock.transfer(tx, depot_id, to_depot, item_id, qty, lot=lot or None, confirm=confirm, **common)
        if kind == "count":
            return [stock.count(tx, depot_id, item_id, qty, lot=lot, expires=expires, **common)]
        if kind == "return":
            return stock.give_back(tx, depot_id, item_id, qty, lot=lot, incident_id=incident_id, party=party,
                                   **common)
        return stock.write_off(tx, depot_id, item_id, qty, lot=lot or None, confirm=confirm, **common)


def lines_written(store: Store, movement_ids: list[str], minimum_ids: list[str]) -> set[tuple[str, str]]:
    """The (depot id, item id) inventory lines that stock movements and minimum levels just written touch
    (what a view reads again after a booking, instead of the whole inventory)."""
    pairs: set[tuple[str, str]] = set()
    for table, ids in (("stock_movements", movement_ids), ("stock_minimums", minimum_ids)):
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            pairs.update(tuple(r) for r in store.query(
                f"SELECT depot_id, item_id FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
    return pairs


def set_minimum(store: Store, depot_id: str, item_id: str, minimum) -> None:
    """The least a depot must keep of an item (0: no minimum); below it the inventory shows 低于最低库存."""
    with store.write() as tx:
        stock.set_minimum(tx, depot_id, item_id, minimum)


# ------------------------------------------------------------------------------------------ dispatch

def on_duty_name(store: Store) -> str:
    """Who a movement or dispatch is booked by when nobody is named: the officer at the keyboard
    (:func:`duty.at_keyboard`)."""
    return duty.at_keyboard(store)


def _log(tx: Tx, incident_id: str, text: str, person: str) -> str:
    shift = duty.current_shift(tx.store)
    return duty.append_entry(tx, kind="dispatch", text=text, incident_id=incident_id,
                             shift_id=shift["id"] if shift else None, author=person or on_duty_name(tx.store))


def dispatch_stock(store: Store, incident_id: str, depot_id: str, item_id: str, qty, *, party: str = "",
                   person: str = "", lot: str | None = None, confirm: bool = False) -> tuple[list[dict], list]:
    """Issue stock to an incident; the issue and a duty log entry on the incident's timeline are one
    transaction.  Returns the movements and the Changes written."""
    found = incident(store, incident_id)
    with store.write() as tx:
        moved = stock.issue(tx, depot_id, item_id, qty, party=party, person=person, lot=lot,
                            incident_id=incident_id, reason=f"调派至事件：{found.get('title', '')}",
                            confirm=confirm)
        item, depot = store.get("items", item_id), store.get("depots", depot_id)
        total = -sum(m["qty"] for m in moved)
        _log(tx, incident_id, f"调派物资：{depot['name']} {item['name']} {total}{item['unit']}"
                              + (f"，交 {party}" if party else ""), person)
    return moved, tx.changes


def dispatch_team(store: Store, incident_id: str, team_id: str, *, note: str = "",
                  person: str = "") -> tuple[str, Changes]:
    """Send a team to an incident: a dispatch record, the team marked 出动, and the duty log entry."""
    found = incident(store, incident_id)
    team = assets.get(store, "teams", team_id)
    if team is None:
        raise StoreError(f"没有编号为 {team_id} 的救援队伍")
    if team["readiness"] == "不可用":
        raise StoreError(f"队伍「{team['name']}」当前不可用，不能调派")
    with store.write() as tx:
        rid = tx.insert("team_dispatches", {"at": clock.now_iso(), "team_id": team_id,
                                            "incident_id": incident_id, "note": note})
        tx.update("teams", team_id, {"readiness": "出动"})
        _log(tx, incident_id, f"调派队伍：{team['name']}（{team['size']} 人，负责人 {team['leader']} "
                              f"{team['phone']}）赶赴「{found.get('title', '')}」" + (f"：{note}" if note else ""),
             person)
    return rid, tx.changes


def dispatched(store: Store, incident_id: str) -> dict[str, list[dict]]:
    """What has been sent to an incident: stock movements and team dispatches."""
    moves = store.query(
        "SELECT m.*, i.name AS item_name, i.unit, d.name AS depot_name FROM stock_movements m "
        "JOIN items i ON i.id = m.item_id JOIN depots d ON d.id = m.depot_id "
        "WHERE m.incident_id = ? ORDER BY m.at", (incident_id,))
    teams = store.query(
        "SELECT t.*, x.name AS team_name FROM team_dispatches t JOIN teams x ON x.id = t.team_id "
        "WHERE t.incident_id = ? ORDER BY t.at", (incident_id,))
    return {"stock": [dict(r) for r in moves], "teams": [dict(r) for r in teams]}


# ----------------------------------------------------------------------------------- the daily check

def stock_alerts(store: Store, today: date | None = None):
    """The daily check: items below their minimum, lots expiring soon, lots expired — and vehicles whose
    service or insurance falls due within the same number of days."""

    today = today or clock.now().date()
    found: dict[str, Alert] = {}
    for r in stock.inventory(store, today=today).needing_action():
        where = f"{r['depot_name']}「{r['item_name']}」"
        if r["low"]:
            found[f"stock:low:{r['depot_id']}:{r['item_id']}"] = Alert(
                f"stock:low:{r['depot_id']}:{r['item_id']}", "stock", "warning",
                f"库存不足：{where} 现有 {r['total']}{r['unit']}，低于最低库存 {r['minimum']}{r['unit']}")
        lot = f"批次 {r['lot']} " if r["lot"] else ""
        if r["expired"]:
            key = f"stock:expired:{r['depot_id']}:{r['item_id']}:{r['lot']}"
            found[key] = Alert(key, "stock", "overdue",
                               f"物资过期：{where} {lot}{r['qty']}{r['unit']} 已于 {r['expires']} 过期")
        elif r["expiring"]:
            key = f"stock:expiring:{r['depot_id']}:{r['item_id']}:{r['lot']}:{r['expires']}"
            found[key] = Alert(key, "stock", "info",
                               f"物资临期：{where} {lot}{r['qty']}{r['unit']} 将于 {r['expires']} 到期")
    soon = (today + timedelta(days=stock.expiry_days(store))).isoformat()
    for e in assets.records(store, "equipment"):
        if e["status"] == "报废":
            continue
        for field, label in (("service_due", "保养"), ("insurance_due", "保险")):
            if e[field] and e[field] <= soon:
                key = f"equipment:{field}:{e['id']}:{e[field]}"
                found[key] = Alert(key, "stock", "warning" if e[field] >= today.isoformat() else "overdue",
                                   f"{e['category']}{label}到期：{e['name']} {e['serial']} {label}于 {e[field]} 到期")
    return list(found.values())


# ------------------------------------------------------------------------------------------ handover

def handover_section(store: Store):
    """What the next shift should know about resources: teams still out at incidents and stock that needs
    action (below minimum, expired, overdrawn).  None when there is nothing to pass on."""

    rows = [f"队伍出动中：{t['name']}（{t['division_name']}，{t['size']} 人，负责人 {t['leader']} {t['phone']}）"
            for t in assets.records(store, "teams") if t["readiness"] == "出动"]
    lines = [r for r in stock.inventory(store).needing_action() if r["low"] or r["expired"] or r["negative"]]
    seen = set()
    for r in lines:
        if (r["depot_id"], r["item_id"]) in seen:
            continue
        seen.add((r["depot_id"], r["item_id"]))
        state = "账面透支" if r["total"] < 0 else "低于最低库存" if r["low"] else "有过期批次"
        rows.append(f"{state}：{r['depot_name']}「{r['item_name']}」现有 {r['total']}{r['unit']}"
                    + (f"（最低 {r['minimum']}）" if r["minimum"] else ""))
    if len(rows) > 20:
        rows = rows[:20] + [f"……另有 {len(rows) - 20} 项，见 应急资源 → 库存（只看需处理）"]
    return Section("应急资源", rows) if rows else None
