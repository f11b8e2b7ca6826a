"""Who may write and who may read each synced table: the hub checks every received change against this,
and the station's write path checks each change it makes (in core, so that core imports no sync code).

Every table whose merge kind is ``append`` or ``mutable`` must have a :class:`Rule` here (a test fails
otherwise, and the hub refuses changes to a table without one).  Write rules:

* ``own``      — a station writes only records it created (``station`` is itself): duty log, shifts …
  For an append-only table this means any registered station may append records of its own.
* ``own_or_centre`` — the creator, and the centre too (an incident a street took, whose level the centre
  raises).
* ``centre``   — only the district centre (区中心) writes: district-wide plans, contacts, the catalogue.
* ``division`` — the centre, or a street station (街镇) for records of its own division, e.g. depots and
  their stock.  ``division_of`` finds the record's division from the change or from rows the hub holds.

Read rules: ``all`` — every station pulls the table; ``owner`` — only the centre pulls it (a station
always has its own records).  Checks common to all tables come first: a station only sends its own
changes, a new record carries its creator's code, and an update never rewrites ``id``/``station``/
``created_at``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Callable

from xhduty.core.store import Store, StoreError


@dataclass(frozen=True)
class StationInfo:
    """A station as the rules see it: its code, its role, and the division (街镇 code, e.g. ``xujiahui``) the
    hub registered it for — None when registered without one (only a street station must have one), and on
    a station that has not synced yet."""
    code: str
    role: str            # centre | street | unit
    division: str | None


@dataclass(frozen=True)
class Span:
    """The range an INTEGER or REAL column's values must lie in (inclusive)."""
    low: float
    high: float


# An integer column holds at most this much unless its rule says otherwise: sums over millions of rows
# (stock on hand, statistics) then stay far inside SQLite's 64-bit integers.
DEFAULT_SPAN = Span(-10 ** 12, 10 ** 12)


@dataclass(frozen=True)
class Rule:
    """Who may write (``write``) and who receives (``read``) one synced table; see the module docstring for
    the values.  ``division_of(store, change)`` returns the set of division codes (None for none) a change
    touches, for the ``division`` rule only."""
    label: str                                   # the table's name for users (冲突 view, refusals)
    write: str                                   # own | own_or_centre | centre | division
    read: str = "all"                            # all | owner
    division_of: Callable[[Store, dict], set] | None = None   # divisions a change touches
    spans: dict[str, Span] = field(default_factory=dict)      # per-column ranges beyond DEFAULT_SPAN


_ABSENT = object()


def held(store: Store, table: str, record_id: str, column: str):
    """The value of ``column`` of a record as ``store`` holds it, or ``_ABSENT`` when it holds no such record.
    The hub on PostgreSQL keeps its records elsewhere and answers through its own ``held`` method."""
    own = getattr(store, "held", None)
    if own is not None:
        return own(table, record_id, column, _ABSENT)
    row = store.one(f"SELECT {column} FROM {table} WHERE id = ?", (record_id,))
    return _ABSENT if row is None else row[0]


def _old_and_new(store: Store, change: dict, column: str) -> set:
    """The values of ``column`` a change touches: the one the hub holds and the one written."""
    values = set()
    value = held(store, change["tbl"], change["record_id"], column)
    if value is not _ABSENT:
        values.add(value)
    if column in change["fields"]:
        values.add(change["fields"][column])
    return values


def division_column(column: str = "division") -> Callable[[Store, dict], set]:
    """The record's division is one of its own columns (so a street can neither edit another division's
    record nor move one into or out of its own)."""
    return lambda store, change: _old_and_new(store, change, column) or {None}


def division_via(column: str, parent: str) -> Callable[[Store, dict], set]:
    """The record's division is that of the parent record it points at (a minimum's depot …)."""
    def find(store: Store, change: dict) -> set:
        return {_division_of(store, parent, parent_id) for parent_id in _old_and_new(store, change, column)} or {None}
    return find


def _division_of(store: Store, table: str, record_id: str | None) -> str | None:
    value = held(store, table, record_id, "division") if record_id else None
    return None if value is _ABSENT else value


def _movement_division(store: Store, change: dict) -> set:
    """A movement's depot's division; the receiving half of a transfer counts as the sending depot's, since
    the sender books both halves (stock.transfer)."""
    fields = change["fields"]
    depot = fields.get("depot_id")
    if fields.get("kind") == "transfer_in" and fields.get("transfer_id"):
        depot = held(store, "stock_movements", fields["transfer_id"], "depot_id")
        depot = None if depot is _ABSENT else depot
    return {_division_of(store, "depots", depot)}


_BY_DIVISION = division_column()
_BY_DEPOT = division_via("depot_id", "depots")
_AMOUNT = Span(-10 ** 9, 10 ** 9)   # a movement of stock, in the item's unit

RULES: dict[str, Rule] = {
    # duty log (0002): each station's own; the centre reads them all
    "roster": Rule("值班表", "own", "owner"),
    "shifts": Rule("班次", "own", "owner"),
    "log_entries": Rule("值班记录", "own", "owner"),
    "handovers": Rule("交接班", "own", "owner"),
    # incidents (0010)
    "incidents": Rule("突发事件", "own_or_centre"),
    "incident_level_changes": Rule("事件定级变更", "own"),
    "incident_reports": Rule("事件报告", "own"),
    "incident_tasks": Rule("交办事项", "own_or_centre"),
    "report_rules": Rule("报告时限规则", "centre"),
    # resources (0020): the catalogue is the centre's; depots and what is in them belong to a division
    "items": Rule("物资目录", "centre"),
    "experts": Rule("专家", "centre"),
    "depots": Rule("储备库", "division", division_of=_BY_DIVISION),
    "stock_minimums": Rule("库存下限", "division", division_of=_BY_DEPOT, spans={"minimum": Span(0, 10 ** 9)}),
    "stock_movements": Rule("出入库记录", "division", division_of=_movement_division,
                            spans={"qty": _AMOUNT, "counted": Span(0, 10 ** 9)}),
    "teams": Rule("救援队伍", "division", division_of=_BY_DIVISION),
    "equipment": Rule("车辆装备", "division", division_of=_BY_DIVISION),
    "shelters": Rule("避难场所", "division", division_of=_BY_DIVISION),
    "team_dispatches": Rule("队伍调派", "own"),
    # contacts (0030): district-wide, kept by the centre; notification runs are the running station's
    "units": Rule("单位", "centre"),
    "people": Rule("人员", "centre"),
    "unit_duty": Rule("单位值班", "centre"),
    "notify_groups": Rule("通知组", "centre"),
    "notify_members": Rule("通知组成员", "centre"),
    "notify_runs": Rule("通知批次", "own", "owner"),
    "notify_attempts": Rule("通知记录", "own", "owner"),
    # plans (0040, 0041)
    "plans": Rule("应急预案", "centre"),
    "plan_responses": Rule("预案响应", "own_or_centre"),
    "response_ticks": Rule("响应步骤勾选", "own"),
    "weather_signals": Rule("预警信号", "centre"),
    "indicator_values": Rule("规划指标数值", "centre"),
    # hazards (0070): a street owns the hazards of its 街镇 and only the centre sees them all; 挂牌督办 is the
    # centre's alone and every station receives it; attachment metadata reaches everyone, files are scoped
    # like their record by the hub's attachment router
    "hazards": Rule("隐患", "division", "owner", division_of=_BY_DIVISION),
    "hazard_steps": Rule("隐患整改步骤", "division", "owner", division_of=_BY_DIVISION),
    "hazard_supervisions": Rule("挂牌督办", "centre"),
    "hazard_tasks": Rule("隐患治理清单", "division", "owner", division_of=_BY_DIVISION),
    "attachments": Rule("附件", "own"),
}

IMMUTABLE_FIELDS = ("id", "station", "created_at")


def rule(table: str) -> Rule | None:
    """The table's :class:`Rule`, or None for a table without one (local tables, and a synced table whose
    changes are then refused)."""
    return RULES.get(table)


def label(table: str) -> str:
    """The table's name for users (``incidents`` → 突发事件); the table name itself when it has no rule."""
    found = RULES.get(table)
    return found.label if found else table


def missing_rules(store: Store) -> list[str]:
    """Synced tables without a rule: the hub refuses their changes, and a test fails while any exist."""
    return sorted(t for t, kind in store.kinds().items() if kind in ("append", "mutable") and t not in RULES)


def readable_tables(store: Store, station: StationInfo) -> list[str]:
    """Synced tables whose other stations' changes ``station`` receives when it pulls."""
    return sorted(t for t, kind in store.kinds().items()
                  if kind in ("append", "mutable") and t in RULES
                  and (RULES[t].read == "all" or station.role == "centre"))


_LOOK = object()


def refusal(store: Store, station: StationInfo, change: dict, owner=_LOOK) -> tuple[int, str] | None:
    """Why ``station`` may not make ``change`` (HTTP status and a Chinese reason), or None if it may.
    ``owner`` is the station of the record as held now (None: not here), when the caller knows it already
    (the hub looks a whole batch up at once)."""
    table, record_id = change["tbl"], change["record_id"]
    where = f"{table} 记录 {record_id}"
    if change["station"] != station.code:
        return 403, f"站点 {station.code} 只能上传本站的变更，不能上传 {change['station']} 的变更"
    try:
        kind = store.kind(table)
    except StoreError:
        return 422, f"数据表 {table} 不存在或未声明同步类型"
    if kind not in ("append", "mutable"):
        return 422, f"数据表 {table}（{kind}）不参与同步"
    found = RULES.get(table)
    if found is None:
        return 403, f"数据表 {table} 没有同步权限规则，中心不接收"
    fields = change["fields"]
    if owner is _LOOK:
        row = store.one(f"SELECT station FROM {table} WHERE id = ?", (record_id,))
        owner = row[0] if row else None
    existing = None if owner is None else (owner,)
    if change["op"] == "insert":
        if fields.get("id") != record_id or fields.get("station") != station.code:
            return 403, f"{where}：新记录的编号或所属站点与变更不符"
        if existing is not None and existing[0] != station.code:
            return 403, f"{where} 已属于站点 {existing[0]}"
    else:
        if kind == "append":
            return 403, f"{where}：{found.label}只能追加，不能修改"
        touched = sorted(set(fields) & set(IMMUTABLE_FIELDS))
        if touched:
            return 403, f"{where}：不能修改字段 {', '.join(touched)}"
    if found.write in ("own", "own_or_centre"):
        owner = existing[0] if existing is not None else fields.get("station")
        if owner != station.code and not (found.write == "own_or_centre" and station.role == "centre"):
            return 403, f"{where} 属于站点 {owner or '（未知）'}，{found.label}只能由所属站点修改"
    elif found.write == "centre":
        if station.role != "centre":
            return 403, f"{found.label}只能由区中心修改"
    elif found.write == "division":
        if station.role != "centre":
            divisions = found.division_of(store, change)
            if station.role != "street" or divisions != {station.division}:
                named = "、".join(sorted(d or "未知" for d in divisions))
                return 403, (f"{where} 属于 {named} 辖区，站点 {station.code}"
                             f"（{station.division or '无辖区'}）无权修改")
    return None


def _declared_types(store: Store, table: str) -> dict[str, str]:
    """{column: INTEGER | REAL | TEXT | ''} as the table's migration declares it (cached per store)."""
    cache = store.__dict__.setdefault("_declared_types", {})
    if table not in cache:
        cache[table] = {r[1]: (r[2] or "").upper() for r in store.con.execute(f"PRAGMA table_info({table})")}
    return cache[table]


# What a value of each declared column type may be, by its exact type (a boolean is a type of its own, so
# never a number; a number is never text), and what the type is called for an officer.  field_problem
# (one change, with the words) and _fits (a column of a batch at once) both read the rule from here.
_ALLOWED_TYPES = {"TEXT": {str, type(None)}, "INTEGER": {int, type(None)}, "REAL": {int, float, type(None)}}
_TYPE_WORDS = {"TEXT": "文字", "INTEGER": "整数", "REAL": "数值"}


def _span(found: Rule | None, name: str) -> Span:
    """The range a number in column ``name`` must lie in: the table's ``Rule.spans``, else DEFAULT_SPAN."""
    return (found.spans.get(name) if found else None) or DEFAULT_SPAN


def field_problem(store: Store, table: str, fields: dict) -> str | None:
    """What is wrong with the values of a change, in Chinese, or None.  The type of each column is the one
    its migration declares (INTEGER, REAL, TEXT; values as _ALLOWED_TYPES allows); ranges are DEFAULT_SPAN
    or the table's ``Rule.spans``.  NaN and infinities are not numbers either."""
    declared = _declared_types(store, table)
    found = RULES.get(table)
    for name, value in fields.items():
        kind = declared.get(name)
        allowed = _ALLOWED_TYPES.get(kind)
        if allowed is None or value is None:
            continue
        if type(value) not in allowed:
            return f"{label(table)}（{table}）字段 {name} 应为{_TYPE_WORDS[kind]}，收到 {value!r}"
        if kind == "TEXT":
            continue
        if type(value) is float and not math.isfinite(value):
            return f"{label(table)}（{table}）字段 {name} 不是有限数值"
        span = _span(found, name)
        if not span.low <= value <= span.high:
            return f"{label(table)}（{table}）字段 {name} 的值 {value} 超出允许范围 {span.low:g}–{span.high:g}"
    return None   # NULL, NOT NULL and unknown columns are the schema's to refuse


def field_problems(store: Store, changes: list[dict]) -> dict[int, str]:
    """:func:`field_problem` of every change of a batch that has one, as {index in ``changes``: problem}.

    Changes of one table naming the same columns are checked together, a column at a time: the types of
    its values as one set, its numbers' finiteness and bounds by ``min``/``max`` over all of them.  Only a
    group some column of which fails is checked change by change (by :func:`field_problem`, so the words
    are the same).  Tables the schema does not have are left to the authority check, which names them.
    A push of 1,000 changes has a handful of groups; checking each change's values one by one was a fifth
    of the hub's work on a push (bench/sync_speed.py)."""
    groups: dict[tuple, list[int]] = {}
    for i, change in enumerate(changes):
        groups.setdefault((change["tbl"], tuple(change["fields"])), []).append(i)
    problems, known = {}, store.kinds()
    for (table, names), members in groups.items():
        if table in known and not _fits(store, table, names, [changes[i]["fields"] for i in members]):
            for i in members:
                problem = field_problem(store, table, changes[i]["fields"])
                if problem:
                    problems[i] = problem
    return problems


def _fits(store: Store, table: str, names: tuple, rows: list[dict]) -> bool:
    """Whether every value of ``rows`` (dicts naming ``names``, in that order) passes :func:`field_problem`;
    False sends the caller to the change-by-change check, which says which value fails and why."""
    declared = _declared_types(store, table)
    found = RULES.get(table)
    for name, column in zip(names, zip(*(row.values() for row in rows))):
        kind = declared.get(name)
        allowed = _ALLOWED_TYPES.get(kind)
        if allowed is None:
            continue
        types = set(map(type, column))
        if not types <= allowed:          # bool is a type of its own: never in an allowed set
            return False
        if kind == "TEXT":
            continue
        values = column if type(None) not in types else [v for v in column if v is not None]
        if not values:
            continue
        try:
            if float in types and not all(map(math.isfinite, values)):
                return False
        except OverflowError:             # an integer too large for a float, beside floats
            return False
        span = _span(found, name)
        if not (span.low <= min(values) and max(values) <= span.high):
            return False
    return True


def station_of(store: Store) -> StationInfo:
    """This workstation as the hub sees it: its code, its role, and the division the hub told it at the
    last hello (None before the first sync)."""
    division = store.one("SELECT value FROM sync_state WHERE key = 'division'")
    return StationInfo(store.station, store.meta("station_role") or "unit", division[0] if division else None)


def write_refusal(store: Store, change: dict) -> str | None:
    """Why this station may not write ``change`` (the hub's rule and value checks, message in Chinese), or
    None.  A street station that does not know its division yet (never synced) cannot be checked for the
    division rule; everything else is."""
    return first_write_refusal(store, [change])


def first_write_refusal(store: Store, changes: list[dict]) -> str | None:
    """:func:`write_refusal` of the first of ``changes`` that is refused, in order, or None when this station
    may write them all.  The station, and the present owner of every record named, are read once for the
    whole list (a ledger import checks 100,000 new rows); so a change is checked against the records as
    they were before the list, not after the changes ahead of it."""
    me = station_of(store)
    owners, reading = _owners(store, changes), _HeldOnce(store)
    problems = field_problems(store, changes)
    for i, change in enumerate(changes):
        if i in problems:
            return problems[i]
        found = RULES.get(change["tbl"])
        if found and found.write == "division" and me.role == "street" and me.division is None:
            continue
        refused = refusal(reading, me, change, owners.get((change["tbl"], change["record_id"]), _LOOK))
        if refused is not None:
            return f"中心不会接收这项修改：{refused[1]}。本站未保存。"
    return None


class _HeldOnce:
    """``store``, whose record values (:func:`held`) are read once each while one list of changes is checked:
    a ledger's 100,000 movements name the same twenty depots, whose division each one's rule asks."""

    def __init__(self, store: Store):
        self._store, self._values = store, {}

    def held(self, table: str, record_id: str, column: str, absent):
        key = (table, record_id, column)
        if key not in self._values:
            self._values[key] = held(self._store, table, record_id, column)
        value = self._values[key]
        return absent if value is _ABSENT else value

    def __getattr__(self, name: str):
        return getattr(self._store, name)


def _owners(store: Store, changes: list[dict]) -> dict[tuple[str, str], str | None]:
    """(table, record id) → the station of the record as held here now (None: not here), one query per
    table; tables that do not sync are left out (:func:`refusal` refuses them before asking)."""
    kinds, owners = store.kinds(), {}
    for table in {c["tbl"] for c in changes if kinds.get(c["tbl"]) in ("append", "mutable")}:
        ids = [c["record_id"] for c in changes if c["tbl"] == table]
        owners.update(dict.fromkeys(((table, rid) for rid in ids), None))
        owners.update(((table, rid), station) for rid, station in store.query(
            f"SELECT id, station FROM {table} WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)))
    return owners
