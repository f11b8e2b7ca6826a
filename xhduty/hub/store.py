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
from xhduty.core.store import Store, Tx, init_station, open_store
from xhduty.hub import registry
from xhduty.sync import authority, digest
from xhduty.sync.authority import StationInfo
from xhduty.sync.protocol import wire

log = logging.getLogger("xhduty.hub")


class HubStore:
    def __init__(self, store: Store):
        self.store = store

    @classmethod
    def open(cls, home: Path) -> "HubStore":
        home = Path(home)
        home.mkdir(parents=True, exist_ok=True)
        store = open_store(home / "hub.db")
        if not store.initialized:
            init_station(store, registry.HUB_CODE, "徐汇区应急值守同步中心", "centre")
        missing = authority.missing_rules(store)
        if missing:
            log.warning("tables without an authority rule, their changes will be refused: %s", ", ".join(missing))
        return cls(store)

    def close(self) -> None:
        self.store.close()

    # ------------------------------------------------------------------------------------ requests
    def authenticate(self, token: str | None, client: str) -> StationInfo | None:
        """The station a token belongs to; a missing or unknown token is logged and gives None."""
        station = registry.authenticate(self.store, token) if token else None
        if station is None:
            with self.store.write() as tx:
                self._log_refusal(tx, None, None, 401, "缺少令牌" if not token else "令牌无效", client)
        return station

    def hello(self, station: StationInfo, cursor: int, cursor_change: str | None) -> dict:
        last_seq = self.store.one("SELECT last_seq FROM hub_stations WHERE code = ?", (station.code,))[0]
        at_cursor = self.store.one("SELECT change_id FROM hub_log WHERE hub_seq = ?", (cursor,))
        return {
            "hub": registry.HUB_CODE, "station": station.code, "role": station.role,
            "division": station.division, "last_seq": last_seq, "hub_seq": self._newest(),
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
                    self._log_refusal(tx, station.code, change["change_id"], status, reason, client)
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
            return (409, f"序号 {seq} 已被本站另一条变更使用：本站数据库可能是从旧备份恢复的，请联系管理员"), last
        if seq > last + 1:
            return (409, f"缺少本站第 {last + 1}–{seq - 1} 号变更，稍后重试"), last
        if self.store.kinds().get(change["tbl"]) == "mutable" and change["op"] == "update" \
                and not self._exists(tx, change):  # its creation was lost with a restored hub; re-pushed soon
            return (409, f"{change['tbl']} 记录 {change['record_id']} 尚未到达中心，稍后重试"), last
        problem = authority.refusal(self.store, station, change)
        if problem:
            return problem, seq
        tx.con.execute("SAVEPOINT change")
        try:
            tx.apply(change)
        except Exception as exc:  # a change that does not fit the schema (NOT NULL, CHECK …) is refused alone
            tx.con.execute("ROLLBACK TO change")
            tx.con.execute("RELEASE change")
            return (422, f"{change['tbl']} 记录 {change['record_id']} 无法写入：{exc}"), seq
        tx.con.execute("RELEASE change")
        tx.put_local("hub_log", {"change_id": change["change_id"], "station": station.code, "tbl": change["tbl"]})
        return "accepted", seq

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

    def digest(self, station: StationInfo, cursor: int, own_seq: int) -> dict:
        return {"tables": digest.hub_digest(self.store, station, cursor, own_seq)}

    # ------------------------------------------------------------------------------------- helpers
    def _newest(self) -> int:
        return self.store.one("SELECT coalesce(max(hub_seq), 0) FROM hub_log")[0]

    @staticmethod
    def _exists(tx: Tx, change: dict) -> bool:
        return tx.con.execute(f"SELECT 1 FROM {change['tbl']} WHERE id = ?", (change["record_id"],)).fetchone() is not None

    @staticmethod
    def _log_refusal(tx: Tx, station, change_id, status: int, reason: str, client: str) -> None:
        log.warning("refused %s %s from %s (%s): %s", status, change_id or "request", station or "?", client, reason)
        tx.put_local("hub_refusals", {"at": clock.now_iso(), "station": station, "change_id": change_id,
                                      "status": status, "reason": reason, "client": client})
