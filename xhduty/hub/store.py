"""The hub's rules: what it does with changes — receive (check, merge, number), hand out, digest — over
one of two storage backends (:mod:`xhduty.hub.sqlite_db`, the embedded default; :mod:`xhduty.hub.postgres_db`,
``xhduty hub serve --db postgresql://…``).

The rules live here once.  Each push is decided change by change (:meth:`HubStore._decide`) against the
authority rules of :mod:`xhduty.core.authority`, and the accepted changes are merged by the station's own
merge (:meth:`Tx.apply_many`) into an SQLite store: on the SQLite backend that is the hub's database itself;
on PostgreSQL it is a scratch copy of the schema holding only the records the batch touches, loaded from and
written back to PostgreSQL in the same transaction (so the schema's NOT NULL/CHECK refusals, the field
merge and the division lookups are the very same code).  The backend numbers the accepted changes
(``hub_seq``, the stations' pull cursor) and tracks each station's last gap-free ``station_seq``.

One push is one transaction: if the hub dies mid-request nothing of the batch is kept, and the station
sends it again.  A change that does not fit the schema is refused alone and the rest of the batch is kept.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

import orjson
from pathlib import Path

from xhduty.core import authority, clock
from xhduty.core.authority import StationInfo
from xhduty.core.store import StoreError, Tx
from xhduty.hub.settings import HubSettings
from xhduty.sync import digest
from xhduty.sync.protocol import wire

log = logging.getLogger("xhduty.hub")


@dataclass
class Known:
    """What the hub holds about a batch's changes and records, looked up once per batch (by the backend) and
    kept current as the batch is decided: stored change ids, earlier final refusals of this station's changes
    ({change id: (status, reason)}), the owner station of each record ({(table, id): station}), and the
    records whose creation was refused ({(table, id): reason}); and the hub's clock when the batch arrived
    (``now_ms``, ms since the epoch) that the stamps are checked against."""
    stored: set = field(default_factory=set)
    refusals: dict = field(default_factory=dict)
    owners: dict = field(default_factory=dict)
    refused_inserts: dict = field(default_factory=dict)
    now_ms: int = 0


def open_backend(home: Path, url: str | None = None):
    """The storage of a hub: its SQLite file in ``home`` (no ``url``), or the PostgreSQL database at ``url``."""
    if url:
        from xhduty.hub.postgres_db import PostgresHub

        return PostgresHub.open(url, Path(home))
    from xhduty.hub.sqlite_db import SqliteHub

    return SqliteHub.open(Path(home))


class HubStore:
    """The hub's rules over its storage; the HTTP layer (:mod:`xhduty.hub.app`) talks only to this class.

    ``db`` is the backend (``SqliteHub`` or ``PostgresHub``, same methods); ``store`` is an SQLite
    :class:`Store` with the schema and reference data the rules read (on the SQLite backend the hub's
    database itself, on PostgreSQL a schema copy without records)."""

    def __init__(self, db, settings: HubSettings | None = None):
        self.db = db
        self.store = db.store
        self.settings = settings or HubSettings()
        self.closed = False
        self._pruned_at = -float("inf")
        self._kinds = self.store.kinds()       # {table: kind}: set by the migrations the hub opened with

    @classmethod
    def open(cls, home: Path, settings: HubSettings | None = None, url: str | None = None) -> "HubStore":
        """The hub whose files are in ``home``, its database there (SQLite) or at ``url`` (PostgreSQL)."""
        db = open_backend(home, url)
        missing = authority.missing_rules(db.store)
        if missing:
            log.warning("tables without an authority rule, their changes will be refused: %s", ", ".join(missing))
        return cls(db, settings)

    def close(self) -> None:
        """Close the database (once; closing again does nothing).  SQLite: the WAL is checkpointed into
        hub.db first, so a plain copy of hub.db then holds every change."""
        if not self.closed:
            self.closed = True
            self.db.close()

    def backup(self, target: Path) -> Path:
        """A consistent copy of the hub's database while it serves (SQLite online backup; pg_dump)."""
        return self.db.backup(Path(target))

    # ------------------------------------------------------------------------------------ requests
    def authenticate(self, token: str | None) -> StationInfo | None:
        """The station a token belongs to, or None.  Reads only: a refused request writes nothing (the
        HTTP layer logs it to the hub's log file, rate-limited)."""
        from xhduty.hub import registry

        return registry.authenticate(self, token) if token else None

    def hello(self, station: StationInfo, cursor: int, cursor_change: str | None) -> dict:
        from xhduty.hub.registry import HUB_CODE

        last_seq = self.db.station(station.code)["last_seq"]
        return {
            "hub": HUB_CODE, "station": station.code, "role": station.role,
            "division": station.division, "last_seq": last_seq,
            "last_change": self.db.last_own_change(station.code, last_seq), "hub_seq": self.db.newest(),
            "cursor_valid": cursor == 0 or self.db.change_at(cursor) == cursor_change,
        }

    def receive(self, station: StationInfo, changes: list[dict], client: str) -> dict:
        """Decide on each change of a batch in order (accepted, duplicate, or refused with status and reason),
        and merge the accepted ones in one pass (:meth:`Tx.apply_many`) — before deciding a change whose
        division is read from rows, so a record created earlier in the batch is there; one transaction."""
        self._keep_refusals()
        accepted, duplicates, refused = [], [], []
        with self.db.batch(station.code, changes) as batch:
            last, known = batch.last_seq, batch.known
            known.now_ms = clock.wall_ms()            # the hub's clock, read once for the batch's stamps
            taken, pending, pending_keys, misfits = [], [], set(), {}
            problems = self._stamp_problems(changes, known.now_ms)
            problems = authority.field_problems(self.store, changes) | problems   # the stamp's words first
            for i, change in enumerate(changes):
                if pending_keys and self._reads_any(batch.rules, station, change, pending_keys):
                    # its division is read from rows (its own, its depot's …) that came earlier in this batch
                    misfits.update(self._merge(batch.tx, pending))
                    pending, pending_keys = [], set()
                outcome, last = self._decide(batch.rules, known, station, change, last, problems.get(i))
                if outcome == "accepted":
                    taken.append(change)
                    pending.append(change)
                    pending_keys.add((change["tbl"], change["record_id"]))
                elif outcome == "duplicate":
                    duplicates.append(change["change_id"])
                else:
                    refused.append((change, *outcome))
            misfits.update(self._merge(batch.tx, pending))
            for change in taken:
                if change["change_id"] in misfits:
                    refused.append((change, 422, misfits[change["change_id"]]))
                else:
                    accepted.append(change)
            batch.log(station.code, accepted, digest.hashes(c["change_id"] for c in accepted))
            order = {c["change_id"]: i for i, c in enumerate(changes)}
            refused.sort(key=lambda r: order[r[0]["change_id"]])          # answered in the batch's order
            now = clock.now_iso()
            for change, status, reason in refused:
                log.warning("refused %s %s from %s (%s): %s", status, change["change_id"], station.code, client,
                            reason, extra={"event": "refused", "station": station.code, "status": status,
                                           "change_id": change["change_id"], "client": client})
            batch.refuse([{"at": now, "station": station.code, "change_id": c["change_id"], "status": s,
                           "reason": r, "client": client, "tbl": c["tbl"], "record_id": c["record_id"],
                           "op": c["op"], "station_seq": c["station_seq"]} for c, s, r in refused])
            batch.progress(station.code, last, now)
        return {"accepted": [c["change_id"] for c in accepted], "duplicates": duplicates, "last_seq": last,
                "refused": [{"change_id": c["change_id"], "status": s, "reason": r} for c, s, r in refused]}

    @staticmethod
    def _reads_any(rules, station: StationInfo, change: dict, keys: set) -> bool:
        """Whether deciding ``change`` reads any of the records ``keys`` ({(table, id)}): the division rule,
        for a station other than the centre, reads the record's own row or its parent's (a depot …).  Only
        then must the changes before it in the batch be merged first — not before every such change (a
        batch of 1,000 stock movements of one depot would be merged one by one)."""
        found = authority.rule(change["tbl"])
        if found is None or found.division_of is None or station.role == "centre":
            return False
        watched = _Watched(rules)
        found.division_of(watched, change)
        return not watched.read.isdisjoint(keys)

    def _decide(self, rules, known: Known, station: StationInfo, change: dict, last: int, problem: str | None):
        """('accepted' | 'duplicate' | (status, reason)), and the station's gap-free sequence after it.
        ``rules`` is the store the authority rules read rows from (the batch's); ``problem`` what is wrong
        with the change's stamp or values (:meth:`_stamp_problems`, :func:`authority.field_problems`)."""
        change_id, key = change["change_id"], (change["tbl"], change["record_id"])
        if change_id in known.stored:
            return "duplicate", last
        if change_id in known.refusals:
            return known.refusals[change_id], last
        if change["station"] != station.code:
            return authority.refusal(rules, station, change), last
        seq = change["station_seq"]
        if seq <= last:
            return (409, f"序号 {seq} 已被本站另一条变更使用：本站数据库可能是从旧备份恢复的，下次同步时会自动取回并重新编号"), last
        if seq > last + 1:
            return (409, f"缺少本站第 {last + 1}–{seq - 1} 号变更，稍后重试"), last
        # from here on every answer is final and the sequence moves past the change
        if problem:
            return (422, problem), seq
        kind = self._kinds.get(change["tbl"])
        if kind == "mutable" and change["op"] == "update" and key not in known.owners:
            if key in known.refused_inserts:   # its creation was refused: so is every edit of it, at once
                return (403, f"{authority.label(change['tbl'])} {change['record_id']} 的新增已被中心拒收"
                             f"（{known.refused_inserts[key]}），对它的修改也不能接收"), seq
            # its creation was lost with a restored hub: re-pushed by its creator soon
            return (409, f"{authority.label(change['tbl'])} {change['record_id']} 尚未到达中心"
                         "（中心从备份恢复后，等待创建它的站点重新上传），稍后重试"), last
        problem = authority.refusal(rules, station, change, owner=known.owners.get(key))
        if problem:
            if change["op"] == "insert":
                known.refused_inserts.setdefault(key, problem[1])
            return problem, seq
        known.stored.add(change_id)
        if change["op"] == "insert":
            known.owners.setdefault(key, station.code)
        return "accepted", seq

    @staticmethod
    def _merge(tx: Tx, changes: list[dict]) -> dict[str, str]:
        """Merge accepted changes in one pass; if the batch does not fit the schema (NOT NULL, CHECK …), merge
        them one by one to refuse only the misfits.  Returns {change id: reason} of the misfits."""
        tx.con.execute("SAVEPOINT batch")
        try:
            tx.apply_many(changes)
            tx.con.execute("RELEASE batch")
            return {}
        except Exception:
            tx.con.execute("ROLLBACK TO batch")
            tx.con.execute("RELEASE batch")
        misfits = {}
        for change in changes:
            tx.con.execute("SAVEPOINT change")
            try:
                tx.apply(change)
            except Exception as exc:
                tx.con.execute("ROLLBACK TO change")
                misfits[change["change_id"]] = (f"{authority.label(change['tbl'])} {change['record_id']} 无法写入："
                                                f"{_chinese(exc)}")
            tx.con.execute("RELEASE change")
        return misfits

    def _stamp_problems(self, changes: list[dict], now_ms: int) -> dict[int, str]:
        """:meth:`_stamp_problem` of every change of a batch that has one, as {index: problem}.  Every stamp
        has the protocol's fixed widths (13 + 5 digits), so the station is what follows the first 20
        characters: only changes whose stamp names another station, or a batch whose newest stamp runs too
        far ahead, are looked at one by one."""
        if not changes:
            return {}
        ahead = max(int(c["hlc"][:13]) for c in changes) - now_ms > self.settings.max_ahead_ms
        suspects = range(len(changes)) if ahead else [i for i, c in enumerate(changes) if c["hlc"][20:] != c["station"]]
        return {i: problem for i in suspects if (problem := self._stamp_problem(changes[i], now_ms))}

    def _stamp_problem(self, change: dict, now_ms: int) -> str | None:
        """A stamp must name its sender and may not run more than ``max_ahead_ms`` ahead of the hub's clock
        (``now_ms``, :func:`clock.wall_ms` when the batch arrived)."""
        ms, _, stamped_by = clock.HybridClock.split(change["hlc"])
        if stamped_by != change["station"]:
            return f"时间戳 {change['hlc']} 的站点 {stamped_by} 与上传站点 {change['station']} 不符"
        ahead = ms - now_ms
        if ahead > self.settings.max_ahead_ms:
            return (f"时间戳 {change['hlc']} 比中心时钟超前 {_duration(ahead)}"
                    f"（上限 {_duration(self.settings.max_ahead_ms)}）：请校准本站计算机的时钟")
        return None

    def pull(self, station: StationInfo, after: int, limit: int, encoded: bool = False) -> dict:
        """Changes after ``after`` that ``station`` may read, oldest first, excluding its own.  The cursor
        handed back never passes a change that is not visible yet: the backend numbers changes so that
        every committed ``hub_seq`` up to :meth:`newest` is visible (see docs/hub-operations.md).
        ``encoded``: each change's ``fields`` and ``prev`` stay the JSON text they are stored as (an
        ``orjson.Fragment``), for the HTTP layer to send without decoding and re-encoding them."""
        newest = self.db.newest()
        tables = authority.readable_tables(self.store, station)
        rows = self.db.pull_rows(station.code, after, newest, tables, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = rows[-1]["hub_seq"] if more else max(newest, after)
        self.db.pulled(station.code, cursor)
        return {"changes": [_as_sent(r) if encoded else wire(r) for r in rows], "cursor": cursor,
                "cursor_change": self.db.change_at(cursor), "more": more}

    def own(self, station: StationInfo, after: int, limit: int) -> dict:
        """The station's own stored changes with ``station_seq`` after ``after``, oldest first, and the ids of
        its changes refused for good in the same span."""
        rows = self.db.own_rows(station.code, after, limit + 1)
        rows, more = rows[:limit], len(rows) > limit
        upto = rows[-1]["station_seq"] if more else 2 ** 62
        refused = self.db.own_refused(station.code, after, upto)
        return {"changes": [wire(r) for r in rows], "refused": refused, "more": more}

    def digest(self, station: StationInfo, cursor: int, own_seq: int) -> dict:
        """Per-table count and digest of what ``station`` should hold (:func:`digest.hub_digest`): from the
        running totals kept on write, corrected by the changes after ``cursor`` and ``own_seq`` only."""
        tables = authority.readable_tables(self.store, station)
        return {"tables": digest.hub_digest(self.db.digest_parts(station.code, cursor, own_seq, tables),
                                            station.code, tables)}

    def _keep_refusals(self) -> None:
        """Apply the retention setting (``keep_refusals_days``; 0 keeps all), at most once an hour."""
        if self.settings.keep_refusals_days and time.monotonic() - self._pruned_at > 3600:
            self._pruned_at = time.monotonic()
            pruned = self.prune_refusals(self.settings.keep_refusals_days)
            if pruned:
                log.info("pruned %s refusals older than %s days", pruned, self.settings.keep_refusals_days,
                         extra={"event": "refusals_pruned", "count": pruned})

    def prune_refusals(self, keep_days: float) -> int:
        """Forget refusals older than ``keep_days`` (the hub's retention setting); returns how many.  A change
        re-sent after that is decided again, by the same rules."""
        return self.db.prune_refusals(clock.iso(clock.now() - _days(keep_days)))


def _as_sent(row) -> dict:
    """A stored change with its JSON texts embedded as they are (valid JSON: written by the merge)."""
    change = dict(row)
    change["fields"] = orjson.Fragment(change["fields"])
    change["prev"] = orjson.Fragment(change["prev"]) if change["prev"] else None
    return change


class _Watched:
    """A batch's rules store that notes which records the authority rules read (see ``_reads_any``)."""

    def __init__(self, rules):
        self.rules, self.read = rules, set()

    def kind(self, table: str) -> str:
        return self.rules.kind(table)

    def held(self, table: str, record_id: str, column: str, absent):
        self.read.add((table, record_id))
        return authority.held(self.rules, table, record_id, column)


def _days(n: float) -> timedelta:
    return timedelta(days=n)


def _duration(ms: int) -> str:
    return f"{ms / 60_000:.0f} 分钟" if ms < 3_600_000 else f"{ms / 3_600_000:.1f} 小时"


def _chinese(exc: Exception) -> str:
    """SQLite's English, said for an officer (the original stays in the hub's log)."""
    text = str(exc)
    if isinstance(exc, StoreError):
        return text
    log.info("change did not fit the schema: %s", text)
    for english, chinese in (("NOT NULL constraint failed", "缺少必填字段"), ("CHECK constraint failed", "字段取值不合规"),
                             ("UNIQUE constraint failed", "与已有记录重复"), ("has no column", "没有该字段"),
                             ("datatype mismatch", "字段类型不符")):
        if english in text:
            return f"{chinese}（{text.split(':', 1)[-1].strip()}）"
    return "数据不符合中心的数据库结构"
