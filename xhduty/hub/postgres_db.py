"""The hub on PostgreSQL (``xhduty hub serve --db postgresql://…``), through psycopg 3.

Same methods as :class:`xhduty.hub.sqlite_db.SqliteHub`; the rules stay in :class:`xhduty.hub.store.HubStore`.
PostgreSQL holds the numbered changes (``hub_changes``), the merged state of every record as JSON text
(``hub_records``), the stations, refusals and running digests (schema: ``db/hub/``).  To decide and merge a
push, the records it touches are locked (``FOR UPDATE``, in key order) and loaded into a *scratch* SQLite
copy of the station schema; the hub's one merge (:meth:`Tx.apply_many`, the schema's own NOT NULL/CHECK
refusals, the division lookups of the authority rules) runs there as on the SQLite hub; the touched records
are written back and the scratch transaction is rolled back.  Each worker process keeps a few connections,
each with its own scratch copy.

**Pull cursors with several workers.**  A sequence number taken early could commit after a higher one, and
a puller that had read past it would skip it for ever.  So numbers are taken last, from the single row of
``hub_counter`` (``UPDATE … RETURNING``): its row lock is held until the transaction commits, so the next
push waits for it and gets higher numbers only after the lower ones are committed and visible.  Every
snapshot therefore sees a gap-free prefix of ``hub_seq``, and a pull bounded by the newest visible number
can never pass a change that commits later.  The serialized part is only the numbering, the COPY of the
batch's changes and the commit; deciding and merging run in parallel (stations are locked one push at a
time by their ``hub_stations`` row, records by theirs).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import queue
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Iterator

from xhduty import paths
from xhduty.core.store import Store, StoreError, Tx, _connect, fields_json, init_station, open_store
from xhduty.sync import digest
from xhduty.hub.sqlite_db import HUB_NAME, hub_schema, signed, unsigned

log = logging.getLogger("xhduty.hub")

SLOTS = 6                     # connections (each with its scratch copy) per worker process
_MIGRATION_LOCK = 7_245_301   # pg_advisory_xact_lock key: one worker migrates, the others wait
_CHANGE_COLUMNS = "change_id, station, station_seq, hlc, tbl, record_id, op, fields, prev"
_STATION_COLUMNS = "code, role, division, token_hash, last_seq, registered_at, last_seen_at, pulled_to"


def _psycopg():
    import psycopg  # imported only by a hub that runs on PostgreSQL

    return psycopg


def shown(url: str) -> str:
    """The URL without its password, to show and log."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def database_error(exc: Exception, url: str) -> StoreError:
    """PostgreSQL's failure to connect or work, said in Chinese (psycopg's English goes to the hub's log)."""
    log.error("PostgreSQL: %s", exc, extra={"event": "database_error", "db": shown(url)})
    text = str(exc).lower()
    where = f"PostgreSQL 数据库 {shown(url)}"
    if "password authentication failed" in text or "authentication failed" in text:
        return StoreError(f"无法登录 {where}：用户名或密码不对")
    if "does not exist" in text and "database" in text:
        return StoreError(f"{where} 不存在：请先用 createdb 建立该数据库")
    if "role" in text and "does not exist" in text:
        return StoreError(f"无法登录 {where}：该用户不存在")
    if any(w in text for w in ("connection refused", "no such file", "could not connect", "timeout",
                               "could not translate host", "server closed")):
        return StoreError(f"无法连接 {where}：服务器未运行、地址或端口不对，或网络不通")
    if "permission denied" in text:
        return StoreError(f"{where} 拒绝了操作：该用户没有所需的权限")
    return StoreError(f"{where} 读写失败（详见同步中心日志 hub.log）")


def hub_migrations() -> list[tuple[int, Path]]:
    found = []
    for path in sorted((paths.app_root() / "db" / "hub").glob("*.sql")):
        found.append((int(path.name[:4]), path))
    return found


def migrate(con) -> int:
    """Bring the hub's PostgreSQL schema to the newest version (``db/hub/NNNN_*.sql``, in one transaction,
    one worker at a time); a database newer than this program is refused and left alone."""
    migrations = hub_migrations()
    newest = migrations[-1][0]
    with con.transaction():
        con.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        con.execute("CREATE TABLE IF NOT EXISTS hub_schema (version INTEGER NOT NULL)")
        row = con.execute("SELECT max(version) FROM hub_schema").fetchone()
        current = row[0] or 0
        if current > newest:
            raise StoreError(f"PostgreSQL 中同步中心的结构版本为 {current}，比本程序支持的 {newest} 新："
                             "请升级 xhduty；为保护数据，本程序没有改动该数据库。")
        for version, path in migrations:
            if version > current:
                con.execute(path.read_text(encoding="utf-8"))
                con.execute("INSERT INTO hub_schema (version) VALUES (%s)", (version,))
    return newest


def dump(url: str, target: Path) -> Path:
    """``pg_dump --format=custom`` of the hub's database to ``target`` (a consistent snapshot while it
    serves; restore with ``pg_restore --clean --if-exists -d URL target``)."""
    exe = shutil.which("pg_dump")
    if exe is None:
        raise StoreError("未找到 pg_dump：请安装 PostgreSQL 客户端（Debian/Ubuntu: apt install postgresql-client），"
                         "或由数据库管理员按 docs/hub-operations.md 备份该数据库")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    done = subprocess.run([exe, "--format=custom", f"--file={part}", f"--dbname={url}"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        part.unlink(missing_ok=True)
        raise database_error(RuntimeError(done.stderr.strip()), url)
    part.replace(target)
    return target


_TEMPLATES: dict[str, Path] = {}


def _schema_template() -> Path:
    """The station schema with the hub's identity, migrated once per process (kept until it exits)."""
    if "path" not in _TEMPLATES:
        from xhduty.hub.registry import HUB_CODE

        path = Path(tempfile.mkdtemp(prefix="xhduty-hub-template-")) / "schema.db"
        store = open_store(path)
        init_station(store, HUB_CODE, HUB_NAME, "centre")
        hub_schema(store)
        store.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        atexit.register(shutil.rmtree, path.parent, True)
        _TEMPLATES["path"] = path
    return _TEMPLATES["path"]


class PostgresHub:
    """The hub in the PostgreSQL database at ``url``; ``store`` is a schema copy (reference data, no records)."""

    kind = "postgresql"
    pushes_at_once = SLOTS        # per worker process: one connection each

    def __init__(self, url: str, home: Path):
        self.url = url
        self.home = Path(home)
        self._dir = Path(tempfile.mkdtemp(prefix="xhduty-hub-schema-"))
        self._template = self._dir / "schema.db"
        shutil.copy(_schema_template(), self._template)
        self.store = open_store(self._template)
        self._slots: queue.LifoQueue = queue.LifoQueue()

    @classmethod
    def open(cls, url: str, home: Path) -> "PostgresHub":
        db = cls(url, home)
        try:
            with db._slot() as (con, _):
                migrate(con)
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        while not self._slots.empty():
            con, scratch = self._slots.get_nowait()
            con.close()
            scratch.close()
        self.store.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def backup(self, target: Path) -> Path:
        return dump(self.url, target)

    # ------------------------------------------------------------------------------ connections
    def _connect(self):
        psycopg = _psycopg()
        try:
            return psycopg.connect(self.url, autocommit=True, application_name="xhduty-hub")
        except psycopg.Error as exc:
            raise database_error(exc, self.url) from exc

    def _scratch(self) -> Store:
        """A private copy of the schema for merging one batch at a time (never committed to)."""
        path = self._dir / f"scratch-{uuid.uuid4().hex}.db"      # threads make them at once
        shutil.copy(self._template, path)
        con = _connect(path)
        con.execute("PRAGMA journal_mode = MEMORY")
        con.execute("PRAGMA synchronous = OFF")
        return Store(path, con)

    @contextlib.contextmanager
    def _slot(self) -> Iterator[tuple]:
        """A connection and its scratch store, for this thread while the block runs; one that failed is
        dropped (the server may have restarted) and a new one made next time."""
        try:
            slot = self._slots.get_nowait()
        except queue.Empty:
            slot = (self._connect(), self._scratch())
        psycopg = _psycopg()
        try:
            yield slot
        except psycopg.Error as exc:
            slot[0].close()
            slot[1].close()
            raise database_error(exc, self.url) from exc
        except BaseException:
            if slot[0].closed or slot[0].broken:
                slot[1].close()
                raise
            self._slots.put(slot)
            raise
        else:
            if self._slots.qsize() < SLOTS:
                self._slots.put(slot)
            else:
                slot[0].close()
                slot[1].close()

    def _rows(self, sql: str, params=()) -> list[dict]:
        from psycopg.rows import dict_row

        with self._slot() as (con, _):
            with con.cursor(row_factory=dict_row) as cur:
                return cur.execute(sql, params).fetchall()

    def _value(self, sql: str, params=()):
        with self._slot() as (con, _):
            row = con.execute(sql, params).fetchone()
            return row[0] if row else None

    # -------------------------------------------------------------------------------- receiving
    @contextlib.contextmanager
    def batch(self, station: str, changes: list[dict]) -> Iterator["_Batch"]:
        """One push's transaction: the station's row and the touched records locked, merged in scratch,
        written back and numbered at the end (see the module's note on cursors)."""
        with self._slot() as (con, scratch):
            with con.transaction():
                scratch.con.execute("BEGIN")
                try:
                    batch = _Batch(con, scratch, station, changes)
                    yield batch
                    batch.write_back()
                finally:
                    scratch.con.execute("ROLLBACK")

    # -------------------------------------------------------------------------------- stations
    def station(self, code: str) -> dict | None:
        rows = self._rows(f"SELECT {_STATION_COLUMNS} FROM hub_stations WHERE code = %s", (code,))
        return rows[0] if rows else None

    def station_by_token(self, token_hash: str) -> dict | None:
        rows = self._rows(f"SELECT {_STATION_COLUMNS} FROM hub_stations WHERE token_hash = %s", (token_hash,))
        return rows[0] if rows else None

    def save_station(self, row: dict) -> None:
        names = list(row)
        with self._slot() as (con, _):
            con.execute(f"INSERT INTO hub_stations ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})"
                        f" ON CONFLICT (code) DO UPDATE SET {', '.join(f'{n} = EXCLUDED.{n}' for n in names)}",
                        [row[n] for n in names])

    def stations(self) -> list[dict]:
        return self._rows(f"SELECT {_STATION_COLUMNS} FROM hub_stations ORDER BY code")

    # -------------------------------------------------------------------------------- reading
    def newest(self) -> int:
        return self._value("SELECT coalesce(max(hub_seq), 0) FROM hub_changes")

    def change_at(self, hub_seq: int) -> str | None:
        return self._value("SELECT change_id FROM hub_changes WHERE hub_seq = %s", (hub_seq,))

    def last_own_change(self, station: str, upto: int) -> str | None:
        return self._value("SELECT change_id FROM hub_changes WHERE station = %s AND station_seq <= %s"
                           " ORDER BY station_seq DESC LIMIT 1", (station, upto))

    def pull_rows(self, station: str, after: int, upto: int, tables: list[str], limit: int) -> list[dict]:
        return self._rows(f"SELECT hub_seq, {_CHANGE_COLUMNS} FROM hub_changes WHERE hub_seq > %s AND hub_seq <= %s"
                          " AND station <> %s AND tbl = ANY(%s) ORDER BY hub_seq LIMIT %s",
                          (after, upto, station, tables, limit))

    def pulled(self, station: str, cursor: int) -> None:
        with self._slot() as (con, _):
            con.execute("UPDATE hub_stations SET pulled_to = %s WHERE code = %s AND pulled_to IS DISTINCT FROM %s",
                        (cursor, station, cursor))

    def own_rows(self, station: str, after: int, limit: int) -> list[dict]:
        return self._rows(f"SELECT {_CHANGE_COLUMNS} FROM hub_changes WHERE station = %s AND station_seq > %s"
                          " ORDER BY station_seq LIMIT %s", (station, after, limit))

    def own_refused(self, station: str, after: int, upto: int) -> list[dict]:
        return self._rows("SELECT change_id, min(status) AS status, min(reason) AS reason FROM hub_refusals"
                          " WHERE station = %s AND station_seq > %s AND station_seq <= %s AND status <> 409"
                          " GROUP BY change_id", (station, after, upto))

    def digest_parts(self, station: str, cursor: int, own_seq: int, tables: list[str]) -> dict:
        """The running totals and the changes after ``cursor`` and ``own_seq``, in one snapshot."""
        psycopg = _psycopg()
        with self._slot() as (con, _):
            con.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            try:
                with con.transaction():
                    return {
                        "totals": [(t, s, n, unsigned(x)) for t, s, n, x in con.execute(
                            "SELECT tbl, station, n, x FROM hub_digests").fetchall()],
                        "after_cursor": con.execute(
                            "SELECT tbl, change_id FROM hub_changes WHERE hub_seq > %s AND station <> %s"
                            " AND tbl = ANY(%s)", (cursor, station, tables)).fetchall(),
                        "after_own": con.execute("SELECT tbl, change_id FROM hub_changes WHERE station = %s"
                                                 " AND station_seq > %s", (station, own_seq)).fetchall(),
                    }
            finally:
                con.isolation_level = None

    def files_dir(self) -> Path:
        """Where attachment files live: ``attachments/`` in the hub's directory (``--home``)."""
        return self.home / "attachments"

    def attachments(self, sha256: str) -> list[dict]:
        """The ``attachments`` records naming the file ``sha256`` (deleted ones too); the records' JSON is
        written compact with sorted keys (fields_json), so the LIKE finds the few candidates exactly."""
        rows = self._rows("SELECT data FROM hub_records WHERE tbl = 'attachments' AND data LIKE %s",
                          (f'%"sha256":"{sha256}"%',))
        return [row for row in (json.loads(r["data"]) for r in rows) if row.get("sha256") == sha256]

    def prune_refusals(self, before: str) -> int:
        with self._slot() as (con, _):
            return con.execute("DELETE FROM hub_refusals WHERE at < %s", (before,)).rowcount

    def counts(self) -> dict:
        with self._slot() as (con, _):
            return {
                "changes": con.execute("SELECT station, sum(n) FROM hub_digests GROUP BY station").fetchall(),
                "refusals": con.execute("SELECT station, status, count(*) FROM hub_refusals"
                                        " GROUP BY station, status").fetchall(),
                "newest": con.execute("SELECT coalesce(max(hub_seq), 0) FROM hub_changes").fetchone()[0],
                "stations": self.stations(),
            }


class _Rules:
    """What the authority rules read during a batch: the scratch copy first (records of this batch, merged so
    far), then the records held in PostgreSQL (a depot a movement points at …)."""

    def __init__(self, con, scratch: Store):
        self.con, self.scratch = con, scratch

    def kind(self, table: str) -> str:
        return self.scratch.kind(table)

    def kinds(self) -> dict[str, str]:
        return self.scratch.kinds()

    def held(self, table: str, record_id: str, column: str, absent):
        row = self.scratch.con.execute(f"SELECT {column} FROM {table} WHERE id = ?", (record_id,)).fetchone()
        if row is not None:
            return row[0]
        found = self.con.execute("SELECT data FROM hub_records WHERE tbl = %s AND record_id = %s",
                                 (table, record_id)).fetchone()
        return absent if found is None else json.loads(found[0]).get(column)


class _Batch:
    """One push's transaction on PostgreSQL: what :meth:`HubStore.receive` reads and writes."""

    def __init__(self, con, scratch: Store, station: str, changes: list[dict]):
        from xhduty.hub.store import Known

        self.con, self.scratch, self.station = con, scratch, station
        self.tx = Tx(scratch)                        # the merge writes the scratch copy
        self.rules = _Rules(con, scratch)
        row = con.execute("SELECT last_seq FROM hub_stations WHERE code = %s FOR UPDATE", (station,)).fetchone()
        self.last_seq = row[0]
        ids = [c["change_id"] for c in changes]
        known = self.known = Known()
        known.stored = {r[0] for r in con.execute("SELECT change_id FROM hub_changes WHERE change_id = ANY(%b)",
                                                  (ids,))}
        for change_id, status, reason in con.execute(
                "SELECT change_id, status, reason FROM hub_refusals WHERE change_id = ANY(%b) AND station = %s"
                " AND status <> 409 ORDER BY id", (ids, station)):
            known.refusals.setdefault(change_id, (status, reason))
        synced = {t for t, k in scratch.kinds().items() if k in ("append", "mutable")}
        keys = sorted({(c["tbl"], c["record_id"]) for c in changes if c["tbl"] in synced})
        tables, records = [k[0] for k in keys], [k[1] for k in keys]
        held = con.execute(
            "SELECT tbl, record_id, station, data, stamps FROM hub_records WHERE (tbl, record_id) IN"
            " (SELECT * FROM unnest(%b::text[], %b::text[])) ORDER BY tbl, record_id FOR UPDATE",
            (tables, records)).fetchall()
        for table, rid, owner, _, _ in held:
            known.owners[(table, rid)] = owner
        for table, rid, reason in con.execute(
                "SELECT tbl, record_id, reason FROM hub_refusals WHERE (tbl, record_id) IN"
                " (SELECT * FROM unnest(%b::text[], %b::text[])) AND op = 'insert' AND status <> 409 ORDER BY id",
                (tables, records)):
            known.refused_inserts.setdefault((table, rid), reason)
        self._load(held)
        self.accepted: list[dict] = []
        self.hashes: list[int] = []
        self.refusals: list[dict] = []
        self.last: tuple | None = None

    def _load(self, held: list) -> None:
        """Put the held records and their field stamps into the scratch copy, as the SQLite hub has them."""
        rows: dict[tuple, list] = {}
        clocks = []
        for table, rid, _, data, stamps in held:
            values = json.loads(data)
            names = tuple(values)
            rows.setdefault((table, names), []).append([values[n] for n in names])
            clocks += [(table, rid, f, hlc, prev) for f, (hlc, prev) in json.loads(stamps).items()]
        con = self.scratch.con
        for (table, names), values in rows.items():
            con.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values)
        con.executemany("INSERT INTO field_clock (tbl, record_id, field, hlc, prev) VALUES (?, ?, ?, ?, ?)", clocks)

    # what HubStore.receive hands over; written at the end, in write_back
    def log(self, station: str, changes: list[dict], hashes: list[int]) -> None:
        self.accepted, self.hashes = changes, hashes

    def refuse(self, rows: list[dict]) -> None:
        self.refusals = rows

    def progress(self, station: str, last: int, seen_at: str) -> None:
        self.last = (last, seen_at)

    def write_back(self) -> None:
        """The merged records, refusals, the station's progress and running digests; then — last, so the
        counter's row lock is held only for this and the commit — number and store the changes."""
        con, scratch = self.con, self.scratch.con
        kinds = self.scratch.kinds()
        touched: dict[str, set] = {}
        for c in self.accepted:
            if kinds.get(c["tbl"]) in ("append", "mutable"):
                touched.setdefault(c["tbl"], set()).add(c["record_id"])
        records = []
        for table, rids in touched.items():
            ids = json.dumps(sorted(rids))
            stamps: dict[str, dict] = {}
            for rid, field, hlc, prev in scratch.execute(
                    "SELECT record_id, field, hlc, prev FROM field_clock WHERE tbl = ? AND record_id IN"
                    " (SELECT value FROM json_each(?))", (table, ids)):
                stamps.setdefault(rid, {})[field] = [hlc, prev]
            for r in scratch.execute(f"SELECT * FROM {table} WHERE id IN (SELECT value FROM json_each(?))", (ids,)):
                row = dict(r)
                records.append((table, row["id"], row["station"], fields_json(row),
                                fields_json(stamps.get(row["id"], {}))))
        with con.cursor() as cur:
            if records:                                   # one statement over arrays, not one per record
                cur.execute("INSERT INTO hub_records (tbl, record_id, station, data, stamps) SELECT * FROM"
                            " unnest(%b::text[], %b::text[], %b::text[], %b::text[], %b::text[])"
                            " ON CONFLICT (tbl, record_id) DO UPDATE SET data = EXCLUDED.data, stamps = EXCLUDED.stamps",
                            [list(column) for column in zip(*records)])
            if self.refusals:
                names = list(self.refusals[0])
                cur.executemany(f"INSERT INTO hub_refusals ({', '.join(names)}) VALUES"
                                f" ({', '.join(['%s'] * len(names))})", [[r[n] for n in names] for r in self.refusals])
            if self.last is not None:
                cur.execute("UPDATE hub_stations SET last_seq = %s, last_seen_at = %s WHERE code = %s",
                            (*self.last, self.station))
            if not self.accepted:
                return
            totals = digest.totals_of(self.station, [c["tbl"] for c in self.accepted], self.hashes)
            cur.executemany("INSERT INTO hub_digests (tbl, station, n, x) VALUES (%s, %s, %s, %s)"
                            " ON CONFLICT (tbl, station) DO UPDATE SET n = hub_digests.n + EXCLUDED.n,"
                            " x = hub_digests.x # EXCLUDED.x",
                            [(t, s, n, signed(x)) for (t, s), (n, x) in sorted(totals.items())])
            last = cur.execute("UPDATE hub_counter SET last = last + %s RETURNING last",
                               (len(self.accepted),)).fetchone()[0]
            first = last - len(self.accepted) + 1
            with cur.copy(f"COPY hub_changes (hub_seq, {_CHANGE_COLUMNS}, h) FROM STDIN") as copy:
                for seq, c, h in zip(range(first, last + 1), self.accepted, self.hashes):
                    copy.write_row((seq, c["change_id"], c["station"], c["station_seq"], c["hlc"], c["tbl"],
                                    c["record_id"], c["op"], fields_json(c["fields"]),
                                    fields_json(c["prev"]) if c.get("prev") else None, signed(h)))
