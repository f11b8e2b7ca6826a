"""The hub's embedded backend: one SQLite file, ``hub.db`` in the hub's directory.

The hub's database is a store like a station's — same migrations, same :meth:`Tx.apply_many` merge — so its
rows are what a station that had seen every change would hold; ``hub_log`` numbers the changes (its
``hub_seq``, max + 1 as no row is ever deleted, is the pull cursor: one writer at a time, so numbers commit
in order) and
``hub_digests`` keeps the running digests.  The methods are those :class:`xhduty.hub.postgres_db.PostgresHub`
has too; :class:`xhduty.hub.store.HubStore` holds the rules over either.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Iterator

from xhduty.core.store import Store, Tx, _connect, init_station, open_store
from xhduty.sync import digest

HUB_NAME = "徐汇区应急值守同步中心"
_STATION_COLUMNS = "code, role, division, token_hash, last_seq, registered_at, last_seen_at, pulled_to"


def signed(x: int) -> int:
    """An unsigned 64-bit hash as the signed integer SQLite and PostgreSQL store."""
    return x - (1 << 64) if x >= 1 << 63 else x


def unsigned(x: int) -> int:
    return x & ((1 << 64) - 1)


# Indexes of records tables that hub queries use besides the primary key: attachment files by hash
# (SqliteHub.attachments).  Every other index a migration adds to an append/mutable table serves a
# station's views.
HUB_INDEXES = {"attachments_sha"}


def hub_schema(store: Store) -> None:
    """Trim a hub's copy of the station schema to what the hub reads; run at every open, after the
    migrations (what a later migration adds goes too).  Nothing here refuses a change, and every hub query
    reads records by id:

    * the triggers (and their bulk statements) that keep a station's derived local tables — log order,
      stock balances, hazard counts: no hub reads them, and filling them cost about a tenth of each push;
    * the station views' indexes on records tables (log by time and by shift, units by parent …), and
      ``changes_record`` (a record's history, read on stations): plain ``CREATE INDEX`` indexes that are not
      unique and not in :data:`HUB_INDEXES`.  Primary keys and unique constraints stay: they refuse.
      Together with the triggers they were a fifth of the hub's work on a push (bench/sync_speed.py).

    A migration that drops one of these must say ``IF EXISTS`` (HACKING.md)."""
    con = store.con
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f"DROP TRIGGER {name}")
    if con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bulk_statements'").fetchone():
        con.execute("DELETE FROM bulk_statements")
    records = [t for t, kind in store.kinds().items() if kind in ("append", "mutable")]
    for table in records + ["changes"]:
        for _, name, unique, origin, _ in con.execute(f"PRAGMA index_list({table})").fetchall():
            if origin == "c" and not unique and name not in HUB_INDEXES and (table != "changes" or name == "changes_record"):
                con.execute(f"DROP INDEX {name}")


class _Checkpointer:
    """Copies hub.db's write-ahead log into the database on a thread of its own, so that a push's commit
    does not wait for it: the writer's automatic checkpoint is off, and after every push this thread runs a
    PASSIVE checkpoint (it waits for no reader or writer), at most one per ``pause`` seconds so a burst of
    pushes shares one copy of the pages they all rewrite.  The checkpoints were a quarter of a push's
    commit, whose fsync'd write of the log stays (bench/sync_speed.py).  Runs on its own connection, with
    SQLite, not Python, doing the work (the interpreter is free for the next push meanwhile).

    Under steady pushes a PASSIVE checkpoint seldom finds the log wholly copied when the next push begins,
    so the log would grow without end; once it passes ``limit`` a RESTART checkpoint waits for the
    push being written (its pages are mostly copied already, so it holds the next push back only briefly)
    and the log starts over, cut back to the limit (``limit``, bytes: the writer's ``journal_size_limit``)."""

    def __init__(self, path: Path, limit: int, pause: float = 0.05):
        self._path, self.limit, self._pause = path, limit, pause
        self._log = Path(f"{path}-wal")
        self._wake, self._stopping = threading.Event(), False
        self._thread = threading.Thread(target=self._run, name="xhduty-hub-checkpoint", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Something was committed: checkpoint soon."""
        self._wake.set()

    def stop(self) -> None:
        """Finish the checkpoint under way, if any, and end the thread."""
        self._stopping = True
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        con = _connect(self._path)
        try:
            while self._wake.wait() and not self._stopping:
                self._wake.clear()
                try:
                    con.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    if self._log.stat().st_size > self.limit:
                        con.execute("PRAGMA wal_checkpoint(RESTART)")
                except (sqlite3.Error, OSError):
                    pass     # nothing is lost: the log keeps every commit, and the next poke tries again
                time.sleep(self._pause)
        finally:
            con.close()


class SqliteHub:
    """The hub in ``hub.db``; ``store`` is its :class:`Store`."""

    kind = "sqlite"
    pushes_at_once = 2            # one is written while the next is read and checked

    def __init__(self, store: Store):
        self.store = store
        self._readers, self._opened = threading.local(), []
        self._checkpointer: _Checkpointer | None = None   # a hub that serves (open) checkpoints on a thread

    # reads go through a connection of each thread's own: in WAL mode they do not wait for a push being
    # written (authenticating a request, a pull, a digest), and each statement sees every committed push
    def _reader(self) -> sqlite3.Connection:
        con = getattr(self._readers, "con", None)
        if con is None:
            con = self._readers.con = _connect(self.store.path, read_only=True)
            self._opened.append(con)
        return con

    def _one(self, sql: str, params=()):
        return self._reader().execute(sql, params).fetchone()

    def _query(self, sql: str, params=()) -> list:
        return self._reader().execute(sql, params).fetchall()

    @classmethod
    def open(cls, home: Path) -> "SqliteHub":
        from xhduty.hub.registry import HUB_CODE

        home.mkdir(parents=True, exist_ok=True)
        store = open_store(home / "hub.db")
        if not store.initialized:
            init_station(store, HUB_CODE, HUB_NAME, "centre")
        hub_schema(store)
        db = cls(store)
        db._build_totals()
        with store._lock:
            store.con.execute("PRAGMA wal_autocheckpoint = 0")
        db._checkpointer = _Checkpointer(store.path, store.one("PRAGMA journal_size_limit")[0])
        return db

    @contextlib.contextmanager
    def _write(self) -> Iterator[Tx]:
        """A transaction of the store's one write path; on a serving hub, its log is checkpointed after it
        on another thread (:class:`_Checkpointer`)."""
        with self.store.write() as tx:
            yield tx
        if self._checkpointer is not None:
            self._checkpointer.poke()

    def _build_totals(self) -> None:
        """A hub.db from before running digests gets them once, from its whole log."""
        if self.store.one("SELECT 1 FROM hub_digests LIMIT 1") or not self.store.one("SELECT 1 FROM hub_log LIMIT 1"):
            return
        rows = self.store.query("SELECT station, tbl, change_id FROM hub_log")
        acc: dict[tuple, list[int]] = {}
        for station, table, change_id in rows:
            slot = acc.setdefault((table, station), [0, 0])
            slot[0] += 1
            slot[1] ^= digest.change_hash(change_id)
        with self.store.write() as tx:
            _add_totals(tx, acc)

    def close(self) -> None:
        """Checkpoint the WAL into hub.db and close: a plain copy of hub.db then holds every change."""
        if self._checkpointer is not None:
            self._checkpointer.stop()
        for con in self._opened:
            con.close()
        with self.store._lock:
            self.store.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.store.close()

    def backup(self, target: Path) -> Path:
        """SQLite's online backup of hub.db (and the attachment files beside it)."""
        return self.store.backup(target)

    # -------------------------------------------------------------------------------- receiving
    @contextlib.contextmanager
    def batch(self, station: str, changes: list[dict]) -> Iterator["_Batch"]:
        """One push's transaction (the store's one writer: numbers commit in order)."""
        with self._write() as tx:
            yield _Batch(tx, station, changes)

    # -------------------------------------------------------------------------------- stations
    def station(self, code: str) -> dict | None:
        row = self._one(f"SELECT {_STATION_COLUMNS} FROM hub_stations WHERE code = ?", (code,))
        return dict(row) if row else None

    def station_by_token(self, token_hash: str) -> dict | None:
        row = self._one(f"SELECT {_STATION_COLUMNS} FROM hub_stations WHERE token_hash = ?", (token_hash,))
        return dict(row) if row else None

    def save_station(self, row: dict) -> None:
        with self._write() as tx:
            tx.put_local("hub_stations", row)

    def stations(self) -> list[dict]:
        return [dict(r) for r in self._query(f"SELECT {_STATION_COLUMNS} FROM hub_stations ORDER BY code")]

    # -------------------------------------------------------------------------------- reading
    def newest(self) -> int:
        return self._one("SELECT coalesce(max(hub_seq), 0) FROM hub_log")[0]

    def change_at(self, hub_seq: int) -> str | None:
        row = self._one("SELECT change_id FROM hub_log WHERE hub_seq = ?", (hub_seq,))
        return row[0] if row else None

    def last_own_change(self, station: str, upto: int) -> str | None:
        row = self._one("SELECT change_id FROM changes WHERE station = ? AND station_seq <= ?"
                             " ORDER BY station_seq DESC LIMIT 1", (station, upto))
        return row[0] if row else None

    def pull_rows(self, station: str, after: int, upto: int, tables: list[str], limit: int) -> list:
        """Changes numbered after ``after`` up to ``upto`` of other stations in ``tables``, in hub_seq order,
        with their hub_seq (``+h.tbl`` keeps SQLite off the per-table index, which would gather and sort
        every remaining change for each page)."""
        return self._query(
            f"SELECT h.hub_seq, c.* FROM hub_log h JOIN changes c ON c.change_id = h.change_id"
            f" WHERE h.hub_seq > ? AND h.hub_seq <= ? AND h.station != ? AND +h.tbl IN ({', '.join('?' * len(tables))})"
            f" ORDER BY h.hub_seq LIMIT ?", (after, upto, station, *tables, limit))

    def pulled(self, station: str, cursor: int) -> None:
        """Remember how far ``station`` has pulled (for its lag in /metrics); written only when it moved."""
        if self._one("SELECT 1 FROM hub_stations WHERE code = ? AND pulled_to IS ?", (station, cursor)):
            return
        with self._write() as tx:
            tx.execute_local("hub_stations", "UPDATE hub_stations SET pulled_to = ? WHERE code = ?", (cursor, station))

    def own_rows(self, station: str, after: int, limit: int) -> list:
        return self._query("SELECT * FROM changes WHERE station = ? AND station_seq > ? ORDER BY station_seq"
                                " LIMIT ?", (station, after, limit))

    def own_refused(self, station: str, after: int, upto: int) -> list[dict]:
        return [dict(r) for r in self._query(
            "SELECT change_id, min(status) AS status, min(reason) AS reason FROM hub_refusals"
            " WHERE station = ? AND station_seq > ? AND station_seq <= ? AND status != 409"
            " GROUP BY change_id", (station, after, upto))]

    def digest_parts(self, station: str, cursor: int, own_seq: int, tables: list[str]) -> dict:
        """The running totals and the changes after ``cursor`` and ``own_seq`` (see
        :func:`digest.hub_digest`), read in one transaction so they describe the same log."""
        marks = ", ".join("?" * len(tables))
        con = self._reader()
        con.execute("BEGIN")
        try:
            return {
                "totals": [(t, s, n, unsigned(x)) for t, s, n, x in con.execute(
                    "SELECT tbl, station, n, x FROM hub_digests")],
                "after_cursor": con.execute(
                    f"SELECT tbl, change_id FROM hub_log WHERE hub_seq > ? AND station != ? AND tbl IN ({marks})",
                    (cursor, station, *tables)).fetchall(),
                "after_own": con.execute("SELECT tbl, change_id FROM changes WHERE station = ? AND station_seq > ?",
                                         (station, own_seq)).fetchall(),
            }
        finally:
            con.execute("COMMIT")

    def files_dir(self) -> Path:
        """Where attachment files live: ``attachments/`` beside hub.db, as on a station."""
        from xhduty.core import attachments

        return attachments.files_dir(self.store)

    def attachments(self, sha256: str) -> list[dict]:
        """The ``attachments`` records naming the file ``sha256`` (deleted ones too)."""
        return [dict(r) for r in self._query("SELECT * FROM attachments WHERE sha256 = ?", (sha256,))]

    def prune_refusals(self, before: str) -> int:
        with self._write() as tx:
            return tx.execute_local("hub_refusals", "DELETE FROM hub_refusals WHERE at < ?", (before,)).rowcount

    def counts(self) -> dict:
        """For /metrics: stored changes per station, refusals per station and status, the newest hub_seq
        and each station's pull position."""
        return {
            "changes": self._query("SELECT station, sum(n) FROM hub_digests GROUP BY station"),
            "refusals": self._query("SELECT station, status, count(*) FROM hub_refusals GROUP BY station, status"),
            "newest": self.newest(),
            "stations": self.stations(),
        }


class _Batch:
    """One push's transaction on the SQLite hub: what :meth:`HubStore.receive` reads and writes."""

    def __init__(self, tx: Tx, station: str, changes: list[dict]):
        from xhduty.hub.store import Known

        self.tx = tx                  # the merge writes the hub's own rows
        self.rules = tx.store         # the authority rules read them
        con = tx.con
        self.last_seq = con.execute("SELECT last_seq FROM hub_stations WHERE code = ?", (station,)).fetchone()[0]
        ids = json.dumps([c["change_id"] for c in changes])
        known = self.known = Known()
        known.stored = {r[0] for r in con.execute(
            "SELECT change_id FROM changes WHERE change_id IN (SELECT value FROM json_each(?))", (ids,))}
        for change_id, status, reason in con.execute(
                "SELECT change_id, status, reason FROM hub_refusals WHERE change_id IN (SELECT value FROM json_each(?))"
                " AND station = ? AND status != 409 ORDER BY id", (ids, station)):
            known.refusals.setdefault(change_id, (status, reason))
        synced = {t for t, k in tx.store.kinds().items() if k in ("append", "mutable")}
        by_table: dict[str, list] = {}
        for c in changes:
            if c["tbl"] in synced:
                by_table.setdefault(c["tbl"], []).append(c["record_id"])
        for table, records in by_table.items():
            rids = json.dumps(records)
            known.owners.update(((table, r[0]), r[1]) for r in con.execute(
                f"SELECT id, station FROM {table} WHERE id IN (SELECT value FROM json_each(?))", (rids,)))
            for rid, reason in con.execute(
                    "SELECT record_id, reason FROM hub_refusals WHERE tbl = ? AND record_id IN"
                    " (SELECT value FROM json_each(?)) AND op = 'insert' AND status != 409 ORDER BY id", (table, rids)):
                known.refused_inserts.setdefault((table, rid), reason)

    def log(self, station: str, changes: list[dict], hashes: list[int]) -> None:
        """Number the accepted changes (in the batch's order) and add them to the running digests."""
        self.tx.con.executemany("INSERT INTO hub_log (change_id, station, tbl) VALUES (?, ?, ?)",
                                [(c["change_id"], station, c["tbl"]) for c in changes])
        _add_totals(self.tx, digest.totals_of(station, [c["tbl"] for c in changes], hashes))

    def refuse(self, rows: list[dict]) -> None:
        for row in rows:
            self.tx.put_local("hub_refusals", row)

    def progress(self, station: str, last: int, seen_at: str) -> None:
        self.tx.execute_local("hub_stations", "UPDATE hub_stations SET last_seq = ?, last_seen_at = ? WHERE code = ?",
                              (last, seen_at, station))


def _add_totals(tx: Tx, acc: dict[tuple, list[int]]) -> None:
    """Add {(table, station): [count, xor]} to hub_digests (SQLite has no XOR operator: (a|b) & ~(a&b))."""
    tx.recorder.local.add("hub_digests")
    tx.con.executemany(
        "INSERT INTO hub_digests (tbl, station, n, x) VALUES (?, ?, ?, ?) ON CONFLICT (tbl, station) DO UPDATE"
        " SET n = n + excluded.n, x = (x | excluded.x) & ~(x & excluded.x)",
        [(t, s, n, signed(x)) for (t, s), (n, x) in acc.items()])
