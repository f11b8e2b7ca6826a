"""Shifts and the duty log (值班日志).

The log is append-only and hash-chained per station: each entry stores the hash of the station's previous
entry, so `xhduty check` detects an edited or missing entry.  A correction is a new entry pointing at the
one it corrects (``corrects``); marking an entry significant or closing an open item is a new entry
pointing at it (``refers_to``).  Whether an entry is significant, corrected or closed is therefore derived
from the log itself, and every state it passed through stays visible.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from xhduty.core import attachments, clock, names
from xhduty.core.ids import new_id
from xhduty.core.duty import log_search
from xhduty.core.store import Store, StoreError, Tx

# Fields of a 值班电话记录 (intake entry), in the order of the paper form.
INTAKE_FIELDS = (
    ("received_at", "接报时间"),
    ("caller_unit", "来电单位"),
    ("caller_name", "来电人"),
    ("caller_post", "职务"),
    ("caller_phone", "联系电话"),
    ("occurred_at", "事发时间"),
    ("place", "事发地点"),
    ("what", "事件情况"),
    ("casualties", "伤亡及损失"),
    ("measures", "已采取措施"),
    ("informed", "已通报单位"),
)

_HASHED = ("id", "station", "seq", "created_at", "shift_id", "at", "kind", "text", "significant",
           "open_item", "details", "corrects", "refers_to", "incident_id", "author", "prev_hash")
GENESIS = "0" * 64


def entry_hash(entry: dict) -> str:
    """The SHA-256 (64 hex digits) of an entry's chained fields (:data:`_HASHED`), as canonical JSON: what
    the next entry stores as ``prev_hash`` and `xhduty check` recomputes."""
    canonical = json.dumps({k: entry.get(k) for k in _HASHED}, ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def log_kinds(store: Store, include_system: bool = False) -> list[dict]:
    """The entry kinds in the form's order: ``[{"code", "name", "system"}]``; the kinds the program writes
    itself (correction, mark, close, shift, alert…) only with ``include_system``."""
    sql = "SELECT code, name, system FROM log_kinds"
    if not include_system:
        sql += " WHERE system = 0"
    return [dict(r) for r in store.query(sql + " ORDER BY sort")]


def kind_names(store: Store) -> dict[str, str]:
    """``{kind code: its Chinese name}`` for every kind, the program's own included."""
    return {r["code"]: r["name"] for r in log_kinds(store, include_system=True)}


# ---------------------------------------------------------------------------------------------- shifts

def current_shift(store: Store) -> dict | None:
    """This station's shift on duty (status open), shaped as :func:`get_shift`, or None."""
    row = store.one(
        "SELECT * FROM shifts WHERE station = ? AND status = 'open' AND deleted = 0 ORDER BY started_at DESC LIMIT 1",
        (store.station,),
    )
    return _shift(row) if row else None


def get_shift(store: Store, shift_id: str) -> dict | None:
    """Shift ``shift_id`` as a dict of its columns (``started_at``/``ended_at`` ISO, ``status`` open or
    closed, ``leader``, ``officers`` decoded to a list of names), or None."""
    row = store.one("SELECT * FROM shifts WHERE id = ?", (shift_id,))
    return _shift(row) if row else None


def _shift(row) -> dict:
    d = dict(row)   # names as clean_names stores them, also those of shifts started before it cleaned them
    d["leader"], d["officers"] = names.clean_name(d["leader"]), list(map(names.clean_name, json.loads(d["officers"])))
    return d


def at_keyboard(store: Store, shift: dict | None = None) -> str:
    """The officer at this workstation's keyboard, who signs what the station records (log entries,
    立案, 交办, responses, notifications, dispatches): the one chosen in the log window (F2) while they are
    on the shift — ``shift``, or the current one — else the shift's first officer; '' without a shift."""
    shift = shift if shift is not None else current_shift(store)
    if not shift or not shift["officers"]:
        return ""
    chosen = store.meta("at_keyboard")
    return chosen if chosen in shift["officers"] else shift["officers"][0]


def set_at_keyboard(store: Store, name: str) -> None:
    """Remember who is at this workstation's keyboard (kept by the station across restarts, never synced)."""
    name = names.clean_name(name)
    if name and name != store.meta("at_keyboard"):
        with store.write() as tx:
            tx.set_meta("at_keyboard", name)


def clean_names(leader: str, officers: list[str]) -> tuple[str, list[str]]:
    """A shift's leader and 1–2 officers, cleaned as the roster cleans them (:func:`names.clean_name`:
    ``张　伟`` and ``张 伟`` are 张伟), so the shift, the roster and every name typed later agree.

    A StoreError says what is wrong: no leader, not 1–2 officers, the same officer named twice, or the
    duty leader also named as an officer (the leader supervises the officers; one person cannot be both).
    """
    leader = names.clean_name(leader)
    officers = [o for o in map(names.clean_name, officers) if o]
    if not leader:
        raise StoreError("请填写带班领导")
    if not 1 <= len(officers) <= 2:
        raise StoreError("每班应有 1–2 名值班员")
    if len(set(officers)) < len(officers):
        raise StoreError(f"值班员 {officers[0]} 填写了两次：两名值班员应是不同的人")
    if leader in officers:
        raise StoreError(f"{leader} 不能既是带班领导又是值班员")
    return leader, officers


def start_shift(store: Store, leader: str, officers: list[str], at: datetime | None = None) -> str:
    """Start duty (开始值班) with ``leader`` and 1–2 ``officers`` at ``at`` (now); returns the shift's id.
    StoreError when the names break :func:`clean_names` or a shift is open already (checked inside the
    transaction: two windows cannot both start one)."""
    leader, officers = clean_names(leader, officers)
    with store.write() as tx:
        if current_shift(store):  # inside the transaction: two stations' windows cannot both start one
            raise StoreError("当前已有未交接的班次：请先交接班")
        return open_shift(tx, leader, officers, at or clock.now(), "开始值班")


def open_shift(tx: Tx, leader: str, officers: list[str], at: datetime, text: str) -> str:
    """Open a shift inside ``tx`` and log it (start of duty, or the incoming half of a handover)."""
    shift_id = tx.insert("shifts", {
        "started_at": clock.iso(at), "leader": leader,
        "officers": json.dumps(officers, ensure_ascii=False), "status": "open",
    })
    append_entry(tx, shift_id=shift_id, kind="shift", at=at,
                 text=f"{text}：带班领导 {leader}，值班员 {'、'.join(officers)}", author=officers[0])
    return shift_id


# ------------------------------------------------------------------------------------------------ log

def append_entry(tx: Tx, *, text: str, kind: str = "note", shift_id: str | None = None,
                 at: datetime | None = None, significant: bool = False, open_item: bool = False,
                 details: dict | None = None, corrects: str | None = None, refers_to: str | None = None,
                 incident_id: str | None = None, author: str = "", files=()) -> str:
    """Append one entry to the station's hash chain inside an open write transaction; ``files``
    (:class:`attachments.StoredFile`, stored by the form before the entry existed) are attached in it."""
    text = (text or "").strip()
    if not text:
        raise StoreError("记录内容不能为空")
    if tx.con.execute("SELECT 1 FROM log_kinds WHERE code = ?", (kind,)).fetchone() is None:
        raise StoreError(f"未知的记录类型：{kind}")
    station = tx.store.station
    last = tx.con.execute(
        "SELECT seq, hash FROM log_entries WHERE station = ? ORDER BY seq DESC LIMIT 1", (station,)
    ).fetchone()
    entry = {
        "id": new_id(), "station": station, "seq": (last[0] + 1) if last else 1,
        "created_at": clock.now_iso(), "shift_id": shift_id, "at": clock.iso(at or clock.now()),
        "kind": kind, "text": text, "significant": int(significant), "open_item": int(open_item),
        "details": json.dumps(details, ensure_ascii=False, sort_keys=True) if details else None,
        "corrects": corrects, "refers_to": refers_to, "incident_id": incident_id, "author": author,
        "prev_hash": last[1] if last else GENESIS,
    }
    entry["hash"] = entry_hash(entry)
    entry_id = tx.insert("log_entries", entry)
    for stored in files:
        attachments.record(tx, stored, "log_entries", entry_id)
    return entry_id


SHORT_ID = 6   # characters of an id shown and typed on the command line (its random end)


def short_id(entry_id: str) -> str:
    """The end of an entry's id an officer types (``log list`` shows it): ``01M8QR3…5RGVYYXE`` → ``GVYYXE``."""
    return entry_id[-SHORT_ID:]


def find_entry(store: Store, ref: str) -> dict:
    """The entry whose id is ``ref`` or ends with it (at least 4 characters, any case).

    Raises StoreError when none matches, or when several do — naming each with its time and text, so the
    officer can type more of the id."""
    ref = ref.strip().upper()
    row = store.get("log_entries", ref)
    if row is not None:
        return row
    if len(ref) < 4:
        raise StoreError(f"记录编号“{ref}”太短：请至少写 4 位（xhduty log list 左列）")
    rows = store.query("SELECT * FROM log_entries WHERE id LIKE ? LIMIT 6", (f"%{ref}",))
    if not rows:
        raise StoreError(f"没有编号为 {ref} 的值班记录")
    if len(rows) > 1:
        listed = "；".join(f"{r['id']}（{r['at'][:16].replace('T', ' ')} {r['text'][:16]}）" for r in rows[:5])
        raise StoreError(f"编号以 {ref} 结尾的记录不止一条，请多写几位：{listed}")
    return rows[0]


def _require_entry(store: Store, entry_id: str) -> dict:
    row = store.get("log_entries", entry_id)
    if row is None:
        raise StoreError(f"没有编号为 {entry_id} 的值班记录")
    return row


def add_entry(store: Store, text: str, kind: str = "note", **kw) -> str:
    """Write an entry in the current shift (the normal way an officer logs something); returns its id.

    ``author`` is who typed it — the officer at the keyboard, or someone outside the roster; empty or
    absent, the shift's first officer.  Other keywords as :func:`append_entry`.  StoreError when no shift
    is open (checked inside the transaction, so a handover made meanwhile in another window or on the
    command line cannot leave the entry in the shift it closed)."""
    with store.write() as tx:
        return _add_in_shift(tx, text, kind, **kw)


def _add_in_shift(tx: Tx, text: str, kind: str, **kw) -> str:
    shift = current_shift(tx.store)
    if shift is None:
        raise StoreError("当前没有在岗班次：请先开始值班（xhduty shift start）")
    kw["author"] = names.clean_name(kw.get("author")) or at_keyboard(tx.store, shift)
    return append_entry(tx, text=text, kind=kind, shift_id=shift["id"], **kw)


def correct_entry(store: Store, entry_id: str, text: str, **kw) -> str:
    """Write a correction of entry ``entry_id`` (a new entry pointing at it; the original stays) in the
    current shift; returns the correction's id.  It takes the original's incident.  StoreError when there
    is no such entry or no open shift."""
    with store.write() as tx:
        original = _require_entry(store, entry_id)
        return _add_in_shift(tx, text, "correction", corrects=entry_id, incident_id=original["incident_id"], **kw)


def mark_significant(store: Store, entry_id: str, **kw) -> str:
    """Mark entry ``entry_id`` significant (重要) by a 标记重要 entry pointing at it; returns that entry's id.
    StoreError when there is no such entry, it is significant already, or no shift is open."""
    with store.write() as tx:
        original = _require_entry(store, entry_id)
        if store.one(f"SELECT {SIGNIFICANT_SQL} FROM log_entries e WHERE e.id = ?", (entry_id,))[0]:
            raise StoreError("该记录已标记为重要")
        return _add_in_shift(tx, f"标记为重要：{original['text'][:40]}", "mark", refers_to=entry_id, **kw)


def close_item(store: Store, entry_id: str, text: str = "", **kw) -> str:
    """Close the open item ``entry_id`` (办结) by a close entry pointing at it, saying ``text`` (or 办结：
    and the item's text); returns the close entry's id.  StoreError when there is no such entry, it is
    not an open item, it was closed already, or no shift is open — all checked inside the transaction, so
    the window and the command line cannot both close it."""
    with store.write() as tx:
        original = _require_entry(store, entry_id)
        if not original["open_item"]:
            raise StoreError("该记录不是待办事项，无需办结")
        if store.one("SELECT 1 FROM log_entries WHERE kind = 'close' AND refers_to = ?", (entry_id,)):
            raise StoreError("该事项已办结")
        return _add_in_shift(tx, text or f"办结：{original['text'][:40]}", "close", refers_to=entry_id, **kw)


# Derived state of an entry, as SQL so the log view can filter and sort on it without loading rows.
SIGNIFICANT_SQL = ("(e.significant = 1 OR EXISTS (SELECT 1 FROM log_entries m "
                   "WHERE m.refers_to = e.id AND m.kind = 'mark'))")
CLOSED_SQL = "EXISTS (SELECT 1 FROM log_entries c WHERE c.refers_to = e.id AND c.kind = 'close')"
CORRECTED_SQL = "EXISTS (SELECT 1 FROM log_entries r WHERE r.corrects = e.id)"
ENTRY_COLUMNS = (f"e.*, o.pos, {SIGNIFICANT_SQL} AS is_significant, {CLOSED_SQL} AS is_closed, "
                 f"{CORRECTED_SQL} AS is_corrected")


@dataclass
class LogFilter:
    """What the officer narrowed the log to; turns into one WHERE clause over the entries ``e`` and their
    place in the log ``o`` (``log_order``: the order they were recorded in, see db/migrations/0076_log_order.sql)."""

    shift_id: str | None = None
    kinds: list[str] = field(default_factory=list)
    text: str = ""
    significant_only: bool = False
    open_only: bool = False
    since: datetime | None = None
    until: datetime | None = None
    incident_id: str | None = None
    station: str | None = None

    def where(self, entries_only: bool = False) -> tuple[str, list]:
        """``(" WHERE …", params)`` for the filter (``("", [])`` when it lets every entry through).  With
        ``entries_only`` the shift is the entry's own ``shift_id`` — the same value, log_order copies it
        (db/migrations/0076_log_order.sql) — so a count needs no join to the order."""
        clauses, params = [], []
        if self.shift_id:
            clauses.append("e.shift_id = ?" if entries_only else "o.shift_id = ?")
            params.append(self.shift_id)
        if self.kinds:
            clauses.append(f"e.kind IN ({', '.join('?' * len(self.kinds))})")
            params.extend(self.kinds)
        for word in self.text.split():
            clauses.append("(e.text LIKE ? OR e.details LIKE ?)")
            params.extend([f"%{word}%"] * 2)
        if self.significant_only:
            clauses.append(SIGNIFICANT_SQL)
        if self.open_only:
            clauses.append(f"e.open_item = 1 AND NOT {CLOSED_SQL}")
        if self.since:
            clauses.append("e.at >= ?")
            params.append(clock.iso(self.since))
        if self.until:
            clauses.append("e.at < ?")
            params.append(clock.iso(self.until))
        if self.incident_id:
            clauses.append("e.incident_id = ?")
            params.append(self.incident_id)
        if self.station:
            clauses.append("e.station = ?")
            params.append(self.station)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def source(self) -> str:
        """The FROM clause, its join order chosen for the filter: a filter on an indexed column of the
        entries (time, incident, open items) reads those few entries and sorts them; any other walks the
        log in order (``log_order``'s index) and stops at the page's end.  SQLite has no statistics to
        choose by, and the wrong choice reads a million rows."""
        if self.since or self.until or self.incident_id or self.open_only:
            return "log_entries e CROSS JOIN log_order o ON o.entry_id = e.id"
        return "log_order o CROSS JOIN log_entries e ON e.id = o.entry_id"


# Reading an entry through the keyword index costs about as much as walking this many entries in log order
# (its place in the log is looked up by id: bench/duty_search.py).
CANDIDATE_COST = 6
BY_ENTRIES_FIRST = 2000   # with a time range, an incident or open items: candidates up to this many read first


def _candidates(store: Store, flt: LogFilter) -> log_search.Candidates | None:
    """The entries the index says may hold every keyword of ``flt`` (core/duty/log_search.py), or None
    when no keyword can use it."""
    return log_search.candidates(store, flt.text.split()) if flt.text.strip() else None


def _bounded(flt: LogFilter) -> bool:
    """Does ``flt`` read its entries by an index of their own (a time range, an incident, open items)
    rather than walking the log in order (LogFilter.source)?"""
    return bool(flt.since or flt.until or flt.incident_id or flt.open_only)


def _walked(store: Store, flt: LogFilter) -> int:
    """How many entries a walk in log order passes over at most: the shift's (kept by the database) or
    the whole log's."""
    if flt.shift_id:
        row = store.one("SELECT entries FROM log_shift_sizes WHERE shift_id = ?", (flt.shift_id,))
        return row[0] if row else 0
    return log_search.newest(store)


def _through_index(store: Store, flt: LogFilter, wanted: int | None) -> log_search.Candidates | None:
    """The candidates to read ``wanted`` entries of ``flt`` from (a page and the entries skipped before it;
    None: all of them), or None when walking the log in order is cheaper.  Walking finds them after about
    ``wanted`` × walked / candidates entries if they are spread over the log; reading candidates costs
    :data:`CANDIDATE_COST` each and then sorts them (never chosen for ``many`` of them)."""
    cand = _candidates(store, flt)
    if cand is None or cand.many:
        return None
    if _bounded(flt):
        return cand if cand.size <= BY_ENTRIES_FIRST else None
    walked = _walked(store, flt)
    if wanted is None:
        return cand if cand.size * CANDIDATE_COST < walked else None
    return cand if cand.size * cand.size * CANDIDATE_COST < wanted * walked else None


def count_entries(store: Store, flt: LogFilter, budget: int | None = None) -> int | None:
    """How many entries match ``flt``; None when ``budget`` is given and counting them would read more
    entries than that (the caller counts on a worker instead).  Only a keyword filter walking the log or
    a shift is ever refused: the others are counted here as before.  Keywords of Chinese characters only,
    and nothing else in the filter, are counted by the index (log_search.Candidates.exact); other keywords
    read their candidates, or scan the log when the index cannot narrow them (log_search's docstring)."""
    if flt == LogFilter(shift_id=flt.shift_id):
        if flt.shift_id:   # kept by the database as entries arrive (db/migrations/0076_log_order.sql)
            row = store.one("SELECT entries FROM log_shift_sizes WHERE shift_id = ?", (flt.shift_id,))
            return row[0] if row else 0
        return store.one("SELECT count(*) FROM log_order")[0]
    where, params = flt.where()
    cand = _candidates(store, flt)
    if cand is not None and cand.exact and flt == LogFilter(text=flt.text):
        if budget is not None and (cand.many or cand.tail > budget):
            return None
        return cand.counted(store) + store.one(f"SELECT count(*) FROM log_entries e{where} AND e.rowid > ?",
                                        [*params, cand.upto])[0]
    if cand is not None and (cand.size <= BY_ENTRIES_FIRST if _bounded(flt) else cand.size < _walked(store, flt)):
        if budget is not None and (cand.many or cand.size > budget):
            return None
        source, first = cand.source()
        where, params = flt.where(entries_only=True)
        return store.one(f"SELECT count(*) FROM {source} CROSS JOIN log_entries e ON e.rowid = c.r{where}",
                         [*first, *params])[0]
    if budget is not None and flt.text.strip() and not _bounded(flt) and _walked(store, flt) > budget:
        return None   # a range, an incident or the open items are counted here, as before
    if not flt.shift_id:   # nothing of the order asked: the entries alone (5× faster than through the join)
        return store.one(f"SELECT count(*) FROM log_entries e{where}", params)[0]
    return store.one(f"SELECT count(*) FROM {flt.source()}{where}", params)[0]


def _page(store: Store, flt: LogFilter, bound: str | None, op: str, limit: int, skip: int) -> list[dict]:
    where, params = flt.where()
    if bound is not None:
        where += (" AND " if where else " WHERE ") + f"o.pos {op} ?"
        params.append(bound)
    order = "ASC" if op.startswith(">") else "DESC"
    cand = _through_index(store, flt, limit + skip)
    if cand is None:
        rows = store.query(f"SELECT {ENTRY_COLUMNS} FROM {flt.source()}{where} ORDER BY o.pos {order}"
                           " LIMIT ? OFFSET ?", [*params, limit, skip])
    else:   # the page's rowids sorted first: the derived columns are read for its entries only
        source, first = cand.source()
        rows = store.query(
            f"SELECT {ENTRY_COLUMNS} FROM (SELECT e.rowid AS r FROM {source} CROSS JOIN log_entries e ON e.rowid = c.r"
            f" CROSS JOIN log_order o ON o.entry_id = e.id{where} ORDER BY o.pos {order} LIMIT ? OFFSET ?) p"
            f" CROSS JOIN log_entries e ON e.rowid = p.r CROSS JOIN log_order o ON o.entry_id = e.id"
            f" ORDER BY o.pos {order}", [*first, *params, limit, skip])
    entries = [_entry(r) for r in rows]
    return entries if order == "ASC" else entries[::-1]


def entries_after(store: Store, flt: LogFilter, pos: str | None = None, limit: int = 200,
                  skip: int = 0, including: bool = False) -> list[dict]:
    """Up to ``limit`` entries matching ``flt`` in log order, starting after the entry at log position
    ``pos`` (an entry's ``"pos"``; with ``including``, at it; from the first entry when None), after
    skipping ``skip`` of them.

    Each entry is a dict of the ``log_entries`` columns plus ``pos``, ``details`` decoded, and the
    booleans ``is_significant``, ``is_closed``, ``is_corrected`` derived from the log.  Paging by ``pos``
    costs the same on the first page and the millionth; ``skip`` walks the index (for a jump)."""
    return _page(store, flt, pos, ">=" if including else ">", limit, skip)


def entries_before(store: Store, flt: LogFilter, pos: str | None = None, limit: int = 200,
                   skip: int = 0) -> list[dict]:
    """Up to ``limit`` entries matching ``flt`` that come just before log position ``pos`` (the log's
    last entries when None), after leaving out the ``skip`` nearest it; in log order, shaped as
    :func:`entries_after`."""
    return _page(store, flt, pos, "<", limit, skip)


def count_after(store: Store, flt: LogFilter, pos: str) -> int:
    """How many entries matching ``flt`` come after log position ``pos`` — a new entry's row counted from
    the end, where new entries land (cheap there)."""
    where, params = flt.where()
    where += (" AND " if where else " WHERE ") + "o.pos > ?"
    return store.one(f"SELECT count(*) FROM log_order o CROSS JOIN log_entries e ON e.id = o.entry_id{where}",
                     [*params, pos])[0]


def entry_in(store: Store, flt: LogFilter, entry_id: str) -> dict | None:
    """Entry ``entry_id`` shaped as :func:`entries_after` when it matches ``flt``, else None."""
    where, params = flt.where()
    where += (" AND " if where else " WHERE ") + "e.id = ?"
    row = store.one(f"SELECT {ENTRY_COLUMNS} FROM log_entries e JOIN log_order o ON o.entry_id = e.id{where}",
                    [*params, entry_id])
    return _entry(row) if row else None


def entries_by_id(store: Store, ids: list[str]) -> dict[str, dict]:
    """``{id: entry}`` for the given ids that exist, each shaped as :func:`entries_after`."""
    out = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = store.query(f"SELECT {ENTRY_COLUMNS} FROM log_entries e JOIN log_order o ON o.entry_id = e.id"
                           f" WHERE e.id IN ({', '.join('?' * len(chunk))})", chunk)
        out.update((r["id"], _entry(r)) for r in rows)
    return out


def _corrections(store: Store, ids: list[str]) -> dict[str, list]:
    """``{id: its corrections (rows with text and details), in log order}`` for those of ``ids`` that were
    corrected, following a correction of a correction to its end."""
    out: dict[str, list] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for r in store.query(
                "WITH RECURSIVE chain(root, id) AS ("
                f" SELECT id, id FROM log_entries WHERE id IN ({', '.join('?' * len(chunk))})"
                " UNION SELECT chain.root, c.id FROM chain JOIN log_entries c ON c.corrects = chain.id)"
                " SELECT chain.root, e.text, e.details FROM chain JOIN log_entries e ON e.id = chain.id"
                " JOIN log_order o ON o.entry_id = e.id WHERE chain.id <> chain.root ORDER BY o.pos", chunk):
            out.setdefault(r["root"], []).append(r)
    return out


def corrected_texts(store: Store, ids: list[str]) -> dict[str, str]:
    """``{id: the text it reads as now}`` for those of ``ids`` that were corrected: the text of the last
    correction recorded.  What a summary quotes instead of an original the officers have since put right."""
    return {root: rows[-1]["text"] for root, rows in _corrections(store, ids).items()}


def as_corrected(store: Store, entry_id: str) -> tuple[str, dict]:
    """(text, call-record fields) of entry ``entry_id`` as it reads now: the text of its last correction,
    and the fields (``details``) of the last correction that carries them — or its own.  What an incident
    opened from a corrected call record starts from.  StoreError when there is no such entry."""
    entry = _require_entry(store, entry_id)
    text, details = entry["text"], json.loads(entry["details"]) if entry["details"] else {}
    for row in _corrections(store, [entry_id]).get(entry_id, []):
        text = row["text"]
        if row["details"]:
            details = json.loads(row["details"])
    return text, details


def list_entries(store: Store, flt: LogFilter) -> list[dict]:
    """Every entry matching ``flt``, in the order recorded (as the log view shows them), shaped as
    :func:`entries_after`.  For a shift, an incident or a report; the window pages instead."""
    where, params = flt.where()
    cand = _through_index(store, flt, None)
    source, first = (flt.source(), []) if cand is None else cand.source()
    if cand is not None:
        source += " CROSS JOIN log_entries e ON e.rowid = c.r CROSS JOIN log_order o ON o.entry_id = e.id"
    rows = store.query(f"SELECT {ENTRY_COLUMNS} FROM {source}{where} ORDER BY o.pos", [*first, *params])
    return [_entry(r) for r in rows]


def _entry(row) -> dict:
    d = dict(row)
    d["details"] = json.loads(d["details"]) if d["details"] else None
    for key in ("significant", "open_item", "is_significant", "is_closed", "is_corrected"):
        if key in d:
            d[key] = bool(d[key])
    return d


def carried_over(store: Store, shift_id: str) -> int:
    """How many open items of this station earlier shifts left to shift ``shift_id``, not closed yet (what
    its own view of the log does not show).  A few ms at a million entries: open items are indexed."""
    return store.one(f"SELECT count(*) FROM log_entries e WHERE e.open_item = 1 AND e.station = ?"
                     f" AND e.shift_id IS NOT ? AND NOT {CLOSED_SQL}", (store.station, shift_id))[0]


def open_items(store: Store) -> list[dict]:
    """Open items of this station that no one has closed yet, oldest first — they carry over every shift.
    Shaped as :func:`entries_after`."""
    return list_entries(store, LogFilter(open_only=True, station=store.station))
