"""The hub's database and what it does with changes: receive (check, merge, number), hand out, digest.

The hub is a store like a station's — same migrations, same :meth:`Tx.apply` merge — so its rows are what
a station that had seen every change would hold.  On top it numbers every received change in ``hub_log``
(``hub_seq``, the stations' pull cursor) and tracks each station's last gap-free ``station_seq``.

One push is one transaction: if the hub dies mid-request nothing of the batch is kept, and the station
sends it again.  Within the batch each change is merged inside a savepoint, so a change that does not fit
the schema is refused alone and the rest of the batch is kept.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from xhduty.core import clock
from xhduty.core.store import Store, StoreError, Tx, init_station, open_store
from xhduty.hub import registry
from xhduty.hub.settings import HubSettings
from xhduty.core import authority
from xhduty.sync import digest
from xhduty.core.authority import StationInfo
from xhduty.sync.protocol import wire

log = logging.getLogger("xhduty.hub")


class HubStore:
    """The hub's storage and its rules; the HTTP layer (:mod:`xhduty.hub.app`) talks only to this class, so
    another database behind the same methods is a second implementation of it."""

    def __init__(self, store: Store, settings: HubSettings | None = None):
        self.store = store
        self.settings = settings or HubSettings()
        self.closed = False

    @classmethod
    def open(cls, home: Path, settings: HubSettings | None = None) -> "HubStore":
        home = Path(home)
        home.mkdir(parents=True, exist_ok=True)
        store = open_store(home / "hub.db")
        if not store.initialized:
            init_station(store, registry.HUB_CODE, "徐汇区应急值守同步中心", "centre")
        missing = authority.missing_rules(store)
        if missing:
            log.warning("tables without an authority rule, their changes will be refused: %s", ", ".join(missing))
        return cls(store, settings)

    def close(self) -> None:
        """Checkpoint the WAL into hub.db and close (once; closing again does nothing): a plain copy of
        hub.db then holds every change."""
        if self.closed:
            return
        self.closed = True
        with self.store._lock:
            self.store.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.store.close()

    def backup(self, target: Path) -> Path:
        """A consistent copy of the hub's database while it serves (SQLite online backup)."""
        return self.store.backup(target)

    # ------------------------------------------------------------------------------------ requests
    def authenticate(self, token: str | None) -> StationInfo | None:
        """The station a token belongs to, or None.  Reads only: a refused request writes nothing (the
        HTTP layer logs it to the hub's log file, rate-limited)."""
        return registry.authenticate(self.store, token) if token else None

    def hello(self, station: StationInfo, cursor: int, cursor_change: str | None) -> dict:
        last_seq = self.store.one("SELECT last_seq FROM hub_stations WHERE code = ?", (station.code,))[0]
        at_cursor = self.store.one("SELECT change_id FROM hub_log WHERE hub_seq = ?", (cursor,))
        last_change = self.store.one("SELECT change_id FROM changes WHERE station = ? AND station_seq <= ?"
                                     " ORDER BY station_seq DESC LIMIT 1", (station.code, last_seq))
        return {
            "hub": registry.HUB_CODE, "station": station.code, "role": station.role,
            "division": station.division, "last_seq": last_seq,
            "last_change": last_change[0] if last_change else None, "hub_seq": self._newest(),
            "cursor_valid": cursor == 0 or (at_cursor is not None and at_cursor[0] == cursor_change),
        }

    def receive(self, station: StationInfo, changes: list[dict], client: str) -> dict:
        """Decide on each change of a batch in order (accepted, duplicate, or refused with status and reason),
        and merge the accepted ones in one pass (:meth:`Tx.apply_many`) — before deciding a change whose
        division is read from rows, so a record created earlier in the batch is there; one transaction."""
        accepted, duplicates, refused = [], [], []
        with self.store.write() as tx:
            last = tx.con.execute("SELECT last_seq FROM hub_stations WHERE code = ?", (station.code,)).fetchone()[0]
            known = _Known(tx, station.code, changes)
            taken, pending, misfits = [], [], {}
            for change in changes:
                found = authority.rule(change["tbl"])
                if pending and found is not None and found.division_of is not None:
                    # its division is read from rows (its own, its depot's …) that may have come in this batch
                    misfits.update(self._merge(tx, pending))
                    pending = []
                outcome, last = self._decide(known, station, change, last)
                if outcome == "accepted":
                    taken.append(change)
                    pending.append(change)
                elif outcome == "duplicate":
                    duplicates.append(change["change_id"])
                else:
                    refused.append((change, *outcome))
            misfits.update(self._merge(tx, pending))
            for change in taken:
                if change["change_id"] in misfits:
                    refused.append((change, 422, misfits[change["change_id"]]))
                else:
                    accepted.append(change["change_id"])
            tx.con.executemany("INSERT INTO hub_log (change_id, station, tbl) VALUES (?, ?, ?)",
                               [(c, station.code, t) for c, t in ((ch["change_id"], ch["tbl"]) for ch in taken)
                                if c not in misfits])
            order = {c["change_id"]: i for i, c in enumerate(changes)}
            refused.sort(key=lambda r: order[r[0]["change_id"]])          # answered in the batch's order
            for change, status, reason in refused:
                self._log_refusal(tx, station.code, change, status, reason, client)
            tx.execute_local("hub_stations", "UPDATE hub_stations SET last_seq = ?, last_seen_at = ? WHERE code = ?",
                             (last, clock.now_iso(), station.code))
        return {"accepted": accepted, "duplicates": duplicates, "last_seq": last,
                "refused": [{"change_id": c["change_id"], "status": s, "reason": r} for c, s, r in refused]}

    def _decide(self, known: "_Known", station: StationInfo, change: dict, last: int):
        """('accepted' | 'duplicate' | (status, reason)), and the station's gap-free sequence after it."""
        change_id, key = change["change_id"], (change["tbl"], change["record_id"])
        if change_id in known.stored:
            return "duplicate", last
        if change_id in known.refusals:
            return known.refusals[change_id], last
        if change["station"] != station.code:
            return authority.refusal(self.store, station, change), last
        seq = change["station_seq"]
        if seq <= last:
            return (409, f"序号 {seq} 已被本站另一条变更使用：本站数据库可能是从旧备份恢复的，下次同步时会自动取回并重新编号"), last
        if seq > last + 1:
            return (409, f"缺少本站第 {last + 1}–{seq - 1} 号变更，稍后重试"), last
        # from here on every answer is final and the sequence moves past the change
        problem = self._stamp_problem(change) or self._field_problem(change)
        if problem:
            return (422, problem), seq
        kind = self.store.kinds().get(change["tbl"])
        if kind == "mutable" and change["op"] == "update" and key not in known.owners:
            if key in known.refused_inserts:   # its creation was refused: so is every edit of it, at once
                return (403, f"{authority.label(change['tbl'])} {change['record_id']} 的新增已被中心拒收"
                             f"（{known.refused_inserts[key]}），对它的修改也不能接收"), seq
            # its creation was lost with a restored hub: re-pushed by its creator soon
            return (409, f"{authority.label(change['tbl'])} {change['record_id']} 尚未到达中心"
                         "（中心从备份恢复后，等待创建它的站点重新上传），稍后重试"), last
        problem = authority.refusal(self.store, station, change, owner=known.owners.get(key))
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

    def _stamp_problem(self, change: dict) -> str | None:
        """A stamp must name its sender and may not run more than ``max_ahead_ms`` ahead of the hub's clock."""
        ms, _, stamped_by = clock.HybridClock.split(change["hlc"])
        if stamped_by != change["station"]:
            return f"时间戳 {change['hlc']} 的站点 {stamped_by} 与上传站点 {change['station']} 不符"
        ahead = ms - clock.wall_ms()
        if ahead > self.settings.max_ahead_ms:
            return (f"时间戳 {change['hlc']} 比中心时钟超前 {_duration(ahead)}"
                    f"（上限 {_duration(self.settings.max_ahead_ms)}）：请校准本站计算机的时钟")
        return None

    def _field_problem(self, change: dict) -> str | None:
        if change["tbl"] not in self.store.kinds():
            return None                           # the authority check names the unknown table
        return authority.field_problem(self.store, change["tbl"], change["fields"])

    def pull(self, station: StationInfo, after: int, limit: int) -> dict:
        """Changes after ``after`` that ``station`` may read, oldest first, excluding its own.  The log is
        walked in hub_seq order (``+h.tbl`` keeps SQLite off the per-table index, which would gather and
        sort every remaining change for each page)."""
        newest = self._newest()
        tables = authority.readable_tables(self.store, station)
        rows = self.store.query(
            f"SELECT h.hub_seq, c.* FROM hub_log h JOIN changes c ON c.change_id = h.change_id"
            f" WHERE h.hub_seq > ? AND h.hub_seq <= ? AND h.station != ? AND +h.tbl IN ({', '.join('?' * len(tables))})"
            f" ORDER BY h.hub_seq LIMIT ?", (after, newest, station.code, *tables, limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = rows[-1]["hub_seq"] if more else max(newest, after)
        at_cursor = self.store.one("SELECT change_id FROM hub_log WHERE hub_seq = ?", (cursor,))
        return {"changes": [wire(r) for r in rows], "cursor": cursor,
                "cursor_change": at_cursor[0] if at_cursor else None, "more": more}

    def own(self, station: StationInfo, after: int, limit: int) -> dict:
        """The station's own stored changes with ``station_seq`` after ``after``, oldest first, and the ids of
        its changes refused for good in the same span."""
        rows = self.store.query("SELECT * FROM changes WHERE station = ? AND station_seq > ? ORDER BY station_seq"
                                " LIMIT ?", (station.code, after, limit + 1))
        rows, more = rows[:limit], len(rows) > limit
        upto = rows[-1]["station_seq"] if more else 2 ** 62
        refused = self.store.query("SELECT change_id, min(status) AS status, min(reason) AS reason FROM hub_refusals"
                                   " WHERE station = ? AND station_seq > ? AND station_seq <= ? AND status != 409"
                                   " GROUP BY change_id", (station.code, after, upto))
        return {"changes": [wire(r) for r in rows], "refused": [dict(r) for r in refused], "more": more}

    def digest(self, station: StationInfo, cursor: int, own_seq: int) -> dict:
        return {"tables": digest.hub_digest(self.store, station, cursor, own_seq)}

    # ------------------------------------------------------------------------------------- helpers
    def _newest(self) -> int:
        return self.store.one("SELECT coalesce(max(hub_seq), 0) FROM hub_log")[0]

    @staticmethod
    def _log_refusal(tx: Tx, station: str, change: dict, status: int, reason: str, client: str) -> None:
        log.warning("refused %s %s from %s (%s): %s", status, change["change_id"], station, client, reason)
        tx.put_local("hub_refusals", {"at": clock.now_iso(), "station": station, "change_id": change["change_id"],
                                      "status": status, "reason": reason, "client": client,
                                      "tbl": change["tbl"], "record_id": change["record_id"], "op": change["op"],
                                      "station_seq": change["station_seq"]})


class _Known:
    """What the hub holds about a batch's changes and records, looked up once per batch and kept current as
    the batch is decided: stored change ids, earlier final refusals of this station's changes, the owner
    station of each record, and the records whose creation was refused."""

    def __init__(self, tx: Tx, station: str, changes: list[dict]):
        ids = json.dumps([c["change_id"] for c in changes])
        con = tx.con
        self.stored = {r[0] for r in con.execute(
            "SELECT change_id FROM changes WHERE change_id IN (SELECT value FROM json_each(?))", (ids,))}
        self.refusals = {}
        for change_id, status, reason in con.execute(
                "SELECT change_id, status, reason FROM hub_refusals WHERE change_id IN (SELECT value FROM json_each(?))"
                " AND station = ? AND status != 409 ORDER BY id", (ids, station)):
            self.refusals.setdefault(change_id, (status, reason))
        self.owners: dict[tuple, str] = {}
        self.refused_inserts: dict[tuple, str] = {}
        synced = {t for t, k in tx.store.kinds().items() if k in ("append", "mutable")}
        by_table: dict[str, list] = {}
        for c in changes:
            if c["tbl"] in synced:
                by_table.setdefault(c["tbl"], []).append(c["record_id"])
        for table, records in by_table.items():
            rids = json.dumps(records)
            self.owners.update(((table, r[0]), r[1]) for r in con.execute(
                f"SELECT id, station FROM {table} WHERE id IN (SELECT value FROM json_each(?))", (rids,)))
            for rid, reason in con.execute(
                    "SELECT record_id, reason FROM hub_refusals WHERE tbl = ? AND record_id IN"
                    " (SELECT value FROM json_each(?)) AND op = 'insert' AND status != 409 ORDER BY id", (table, rids)):
                self.refused_inserts.setdefault((table, rid), reason)


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
