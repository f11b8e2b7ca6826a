"""The hub's database and what it does with changes: receive (check, merge, number), hand out, digest.

The hub is a store like a station's — same migrations, same :meth:`Tx.apply` merge — so its rows are what
a station that had seen every change would hold.  On top it numbers every received change in ``hub_log``
(``hub_seq``, the stations' pull cursor) and tracks each station's last gap-free ``station_seq``.

One push is one transaction: if the hub dies mid-request nothing of the batch is kept, and the station
sends it again.  Within the batch each change is merged inside a savepoint, so a change that does not fit
the schema is refused alone and the rest of the batch is kept.
"""

from __future__ import annotations

import logging
from pathlib import Path

from xhduty.core import clock
from xhduty.core.store import Store, StoreError, Tx, init_station, open_store
from xhduty.hub import registry
from xhduty.hub.settings import HubSettings
from xhduty.sync import authority, digest
from xhduty.sync.authority import StationInfo
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
        accepted, duplicates, refused = [], [], []
        with self.store.write() as tx:
            last = tx.con.execute("SELECT last_seq FROM hub_stations WHERE code = ?", (station.code,)).fetchone()[0]
            for change in changes:
                outcome, last = self._receive_one(tx, station, change, last)
                if outcome == "accepted":
                    accepted.append(change["change_id"])
                elif outcome == "duplicate":
                    duplicates.append(change["change_id"])
                else:
                    status, reason = outcome
                    refused.append({"change_id": change["change_id"], "status": status, "reason": reason})
                    self._log_refusal(tx, station.code, change, status, reason, client)
            tx.execute_local("hub_stations", "UPDATE hub_stations SET last_seq = ?, last_seen_at = ? WHERE code = ?",
                             (last, clock.now_iso(), station.code))
        return {"accepted": accepted, "duplicates": duplicates, "refused": refused, "last_seq": last}

    def _receive_one(self, tx: Tx, station: StationInfo, change: dict, last: int):
        """('accepted' | 'duplicate' | (status, reason)), and the station's gap-free sequence after it."""
        if tx.con.execute("SELECT 1 FROM changes WHERE change_id = ?", (change["change_id"],)).fetchone():
            return "duplicate", last
        earlier = tx.con.execute(
            "SELECT status, reason FROM hub_refusals WHERE change_id = ? AND station = ? AND status != 409"
            " ORDER BY id LIMIT 1", (change["change_id"], station.code)).fetchone()
        if earlier:
            return (earlier[0], earlier[1]), last
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
        if self.store.kinds().get(change["tbl"]) == "mutable" and change["op"] == "update" \
                and not self._exists(tx, change):
            refused = tx.con.execute(
                "SELECT reason FROM hub_refusals WHERE tbl = ? AND record_id = ? AND op = 'insert' AND status != 409"
                " ORDER BY id LIMIT 1", (change["tbl"], change["record_id"])).fetchone()
            if refused:  # its creation was refused: so is every edit of it, at once and for good
                return (403, f"{authority.label(change['tbl'])} {change['record_id']} 的新增已被中心拒收"
                             f"（{refused[0]}），对它的修改也不能接收"), seq
            # its creation was lost with a restored hub: re-pushed by its creator soon
            return (409, f"{authority.label(change['tbl'])} {change['record_id']} 尚未到达中心"
                         "（中心从备份恢复后，等待创建它的站点重新上传），稍后重试"), last
        problem = authority.refusal(self.store, station, change)
        if problem:
            return problem, seq
        tx.con.execute("SAVEPOINT change")
        try:
            tx.apply(change)
        except Exception as exc:  # a change that does not fit the schema (NOT NULL, CHECK …) is refused alone
            tx.con.execute("ROLLBACK TO change")
            tx.con.execute("RELEASE change")
            return (422, f"{authority.label(change['tbl'])} {change['record_id']} 无法写入：{_chinese(exc)}"), seq
        tx.con.execute("RELEASE change")
        tx.put_local("hub_log", {"change_id": change["change_id"], "station": station.code, "tbl": change["tbl"]})
        return "accepted", seq

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
        """Changes after ``after`` that ``station`` may read, oldest first, excluding its own."""
        newest = self._newest()
        tables = authority.readable_tables(self.store, station)
        rows = self.store.query(
            f"SELECT h.hub_seq, c.* FROM hub_log h JOIN changes c ON c.change_id = h.change_id"
            f" WHERE h.hub_seq > ? AND h.hub_seq <= ? AND h.station != ? AND h.tbl IN ({', '.join('?' * len(tables))})"
            f" ORDER BY h.hub_seq LIMIT ?", (after, newest, station.code, *tables, limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = rows[-1]["hub_seq"] if more else max(newest, after)
        at_cursor = self.store.one("SELECT change_id FROM hub_log WHERE hub_seq = ?", (cursor,))
        return {"changes": [wire(r) for r in rows], "cursor": cursor,
                "cursor_change": at_cursor[0] if at_cursor else None, "more": more}

    def own(self, station: StationInfo, after: int, limit: int) -> dict:
        """The station's own stored changes with ``station_seq`` after ``after``, oldest first."""
        rows = self.store.query("SELECT * FROM changes WHERE station = ? AND station_seq > ? ORDER BY station_seq"
                                " LIMIT ?", (station.code, after, limit + 1))
        return {"changes": [wire(r) for r in rows[:limit]], "more": len(rows) > limit}

    def digest(self, station: StationInfo, cursor: int, own_seq: int) -> dict:
        return {"tables": digest.hub_digest(self.store, station, cursor, own_seq)}

    # ------------------------------------------------------------------------------------- helpers
    def _newest(self) -> int:
        return self.store.one("SELECT coalesce(max(hub_seq), 0) FROM hub_log")[0]

    @staticmethod
    def _exists(tx: Tx, change: dict) -> bool:
        return tx.con.execute(f"SELECT 1 FROM {change['tbl']} WHERE id = ?", (change["record_id"],)).fetchone() is not None

    @staticmethod
    def _log_refusal(tx: Tx, station: str, change: dict, status: int, reason: str, client: str) -> None:
        log.warning("refused %s %s from %s (%s): %s", status, change["change_id"], station, client, reason)
        tx.put_local("hub_refusals", {"at": clock.now_iso(), "station": station, "change_id": change["change_id"],
                                      "status": status, "reason": reason, "client": client,
                                      "tbl": change["tbl"], "record_id": change["record_id"], "op": change["op"]})


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
