"""The station's database: opening, migrating, and the one write path.

Every change to synced data goes through :meth:`Store.write`, which hands out a :class:`Tx`.  Inside ONE
SQLite transaction the Tx writes the rows and appends one row per changed record to the ``changes`` outbox
(change id, HLC stamp, station, per-station sequence, table, record id, operation, changed fields).  Sync,
audit and history all read that outbox; nothing else in the program writes SQL to synced tables.

Each table declares how it merges in ``table_kinds`` (filled by the migration that creates it):

* ``append``    grow-only by id (log entries, stock movements, report submissions …): never updated;
* ``mutable``   last-writer-wins per field by HLC stamp, with a ``deleted`` flag as tombstone;
* ``reference`` shipped with the migrations, identical on every station, never written at run time;
* ``local``     belongs to this workstation only (settings, sync bookkeeping, derived search indexes).

A merge of a mutable field knows whether two writes were concurrent because each field change carries the
stamp of the value it replaced (``prev``): if that is not the stamp the receiver holds, the writer had not
seen the receiver's value, the two are concurrent, and the loser is kept in ``conflicts``.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import json
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import orjson

from xhduty import paths
from xhduty.core import clock
from xhduty.core.changes import Changes, Recorder
from xhduty.core.ids import new_id, new_ids

KINDS = ("append", "mutable", "reference", "local")


def fields_json(fields: dict) -> str:
    """A change's ``fields`` (or ``prev``) as the JSON text the outbox keeps: keys sorted, UTF-8 as is.
    orjson, not json.dumps: a sync of 100,000 changes encodes every one of them (bench/sync_speed.py)."""
    return orjson.dumps(fields, option=orjson.OPT_SORT_KEYS).decode()

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class StoreError(Exception):
    """A problem with the database that the user must be told about (message in Chinese)."""


@dataclass(frozen=True)
class Migration:
    """One schema migration file: ``version`` is its NNNN number (what ``PRAGMA user_version`` records once
    it has run), ``path`` the ``db/migrations/NNNN_name.sql`` file holding its SQL."""

    version: int
    path: Path


def known_migrations(directory: Path | None = None) -> list[Migration]:
    """The migrations in ``directory`` (default: the shipped ``db/migrations/``), in version order.

    Raises StoreError (Chinese) for a ``.sql`` file not named ``NNNN_name.sql`` (lower-case letters, digits,
    ``_``) and for two files with the same number: either would make the applied schema ambiguous."""
    directory = directory or paths.migrations_dir()
    found = []
    for path in sorted(directory.glob("*.sql")):
        m = _MIGRATION_NAME.match(path.name)
        if not m:
            raise StoreError(f"迁移文件名不合规：{path.name}（应为 NNNN_名称.sql）")
        found.append(Migration(int(m.group(1)), path))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise StoreError("迁移文件编号重复：" + ", ".join(str(v) for v in versions))
    return found


def media_read_only(path: Path) -> bool:
    """Whether the database file at ``path`` (or its folder) cannot be written: a read-only mount
    (``statvfs`` ST_RDONLY, so root is refused too), or file/folder permissions denying this user."""
    path = Path(path)
    try:
        if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    return not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK))


def storage_error(exc: sqlite3.Error, path: Path) -> StoreError:
    """The Chinese message for an SQLite failure on the database at ``path``, chosen by SQLite's
    primary result code (https://sqlite.org/rescode.html): full disk, read-only media, cannot open,
    damaged file or schema.  Only a damaged file is told to restore from a backup — on read-only
    media that advice would overwrite a sound database with an older one."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if code is not None else None
    text = str(exc)
    if primary == sqlite3.SQLITE_FULL:
        return StoreError(f"磁盘已满，未能保存（{path}）：本次操作已整体撤销，已保存的数据未受影响。"
                          "请清理磁盘空间后重试。")
    if primary == sqlite3.SQLITE_READONLY or media_read_only(path):
        return read_only_error(path)
    if primary == sqlite3.SQLITE_CANTOPEN:
        return StoreError(f"无法打开数据库文件 {path}：文件或目录不存在、无读取权限，或所在磁盘不可用。"
                          "这不表示文件已损坏，请先检查路径和权限。")
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text:
        return StoreError(f"数据库 {path} 已损坏（{_damage_detail(text)}）。请勿继续使用该文件：先把它另存一份，"
                          f"再用最近的备份（{path.parent / 'backups'} 或 xhduty backup 写出的文件）替换它；"
                          "备份之后的记录可通过同步从中心取回。")
    return StoreError(f"数据库 {path} 读写失败：{text}")


def read_only_error(path: Path) -> StoreError:
    """What a write on read-only media is told: the file is sound, so no restore advice."""
    return StoreError(f"数据库 {path} 位于只读介质上（或无写入权限）：只能查看，不能保存。"
                      "数据库本身完好，请勿用备份覆盖；要继续记录，请把整个数据目录复制到可写磁盘，"
                      "并设置 XHDUTY_HOME 指向该目录。")


# primary result codes that are the storage's fault, not the program's: mapped to a message on write
_STORAGE_CODES = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CORRUPT,
                  sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CANTOPEN}


def _damage_detail(text: str) -> str:
    m = re.search(r"malformed database schema \((.+?)\)", text)
    if m:
        return f"结构定义损坏，涉及 {m.group(1)}"
    return "文件内容损坏"


def _user_version(path: Path) -> int:
    """Read the schema version without writing anything to the file (works on read-only media)."""
    try:
        con = sqlite3.connect(_read_only_uri(path), uri=True)
        try:
            return con.execute("PRAGMA user_version").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from exc


def _read_only_uri(path: Path) -> str:
    """On read-only media SQLite cannot create the WAL's -shm file, so the file is opened as
    immutable (https://sqlite.org/uri.html#uriimmutable): nobody can change it there."""
    suffix = "&immutable=1" if media_read_only(path) else ""
    return f"{Path(path).absolute().as_uri()}?mode=ro{suffix}"


def backup_to(con: sqlite3.Connection, target: Path, progress=None) -> Path:
    """Consistent copy through SQLite's online backup API (works while others read and write)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    if tmp.exists():
        tmp.unlink()
    dest = sqlite3.connect(tmp)
    try:
        def _progress(status, remaining, total):
            if progress:
                progress(total - remaining, total)

        con.backup(dest, pages=256, progress=_progress)
    finally:
        dest.close()
    tmp.replace(target)
    return target


def backup_database(source: Path, target: Path) -> Path:
    """Consistent copy of the database file ``source`` that another process may be using (`xhduty hub
    backup` while the hub serves)."""
    con = _connect(Path(source))
    try:
        return backup_to(con, target)
    finally:
        con.close()


class Store:
    """One open station database.  Use :func:`open_store` to get one."""

    read_only = False  # set by open_store on read-only media: reads work, write() refuses in Chinese

    def __init__(self, path: Path, con: sqlite3.Connection):
        self.path = Path(path)
        self.con = con
        self._lock = threading.RLock()
        self._collecting = threading.local()   # Store.collect blocks open on each thread
        self._kinds = dict(con.execute("SELECT name, kind FROM table_kinds"))
        self._columns: dict[str, list[str]] = {}
        self._triggers: dict[str, bool] = {}
        self._bulk: dict[str, list[str]] | None = None
        self._hlc: clock.HybridClock | None = None

    # ----------------------------------------------------------------- identity
    def meta(self, key: str, default: str | None = None) -> str | None:
        """The value of ``key`` in the station-local ``meta`` table (text), or ``default`` if not set."""
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    @property
    def station(self) -> str:
        """This station's code (meta ``station_code``), the origin every record it makes carries.  Raises
        StoreError (Chinese) on a database that :func:`init_station` has not yet given an identity."""
        code = self.meta("station_code")
        if not code:
            raise StoreError("本站尚未初始化：请先运行 `xhduty init` 或在首次启动时填写本站信息。")
        return code

    @property
    def initialized(self) -> bool:
        """Whether this database has a station identity yet (:func:`init_station` has run)."""
        return self.meta("station_code") is not None

    def hlc(self) -> clock.HybridClock:
        """This station's hybrid logical clock, made on first use after the newest stamp in ``changes`` (so
        a reopened station never issues a stamp below one it already wrote or applied) and made again if the
        station's code changed.  Raises StoreError like :attr:`station` before the station is initialised."""
        if self._hlc is None or self._hlc.station != self.station:
            last = self.con.execute("SELECT max(hlc) FROM changes").fetchone()[0]
            self._hlc = clock.HybridClock(self.station, last)
        return self._hlc

    # ------------------------------------------------------------------ reading
    def kind(self, table: str) -> str:
        """How ``table`` merges: 'append', 'mutable', 'reference' or 'local' (``table_kinds``, read when the
        store opened).  Raises StoreError (Chinese) for a table that declares no kind."""
        try:
            return self._kinds[table]
        except KeyError:
            raise StoreError(f"数据表 {table} 未声明同步类型（table_kinds）") from None

    def kinds(self) -> dict[str, str]:
        """Every declared table and its kind, {table: 'append'|'mutable'|'reference'|'local'} (a copy)."""
        return dict(self._kinds)

    def bulk_statements(self, table: str) -> list[str]:
        """The statements that fill, for many inserted rows of ``table`` at once, what its deferring
        triggers fill row by row (``bulk_statements``, migration 0075); [] for most tables."""
        if self._bulk is None:
            self._bulk = {}
            for tbl, statement in self.con.execute("SELECT tbl, statement FROM bulk_statements ORDER BY rowid"):
                self._bulk.setdefault(tbl, []).append(statement)
        return self._bulk.get(table, [])

    def has_triggers(self, table: str) -> bool:
        """Does a trigger fire on writes to ``table`` (e.g. log_order's on log_entries)?"""
        if table not in self._triggers:
            self._triggers[table] = self.con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)).fetchone() is not None
        return self._triggers[table]

    def columns(self, table: str) -> list[str]:
        """The column names of ``table`` in declaration order (``PRAGMA table_info``, cached per store);
        [] for a table that does not exist.  ``table`` must be a known table name: it is put into the SQL."""
        if table not in self._columns:
            self._columns[table] = [r[1] for r in self.con.execute(f"PRAGMA table_info({table})")]
        return self._columns[table]

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        """Every row ``sql`` (a read) returns with ``params`` (a sequence for ``?``, a dict for ``:name``),
        as sqlite3.Row (by index or column name); run under the store's lock, so a write on another thread
        is never interleaved.  SQLite's own errors (sqlite3.Error) pass through."""
        with self._lock:
            return self.con.execute(sql, params).fetchall()

    def one(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        """The first row ``sql`` returns, or None; as :meth:`query`."""
        with self._lock:
            return self.con.execute(sql, params).fetchone()

    def get(self, table: str, record_id: str) -> dict | None:
        """The record ``record_id`` of ``table`` as {column: value}, or None if there is none (a tombstoned
        mutable record is still returned, with ``deleted`` = 1).  ``table`` must be a known table name."""
        row = self.one(f"SELECT * FROM {table} WHERE id = ?", (record_id,))
        return dict(row) if row else None

    # ------------------------------------------------------------------ writing
    @contextlib.contextmanager
    def write(self) -> Iterator["Tx"]:
        """The one write path: a single IMMEDIATE transaction, committed when the block ends."""
        if self.read_only:
            raise read_only_error(self.path)
        with self._lock:
            try:
                self.con.execute("BEGIN IMMEDIATE")
                tx = Tx(self)
                try:
                    yield tx
                except BaseException:
                    if self.con.in_transaction:  # SQLite may already have rolled back (SQLITE_FULL)
                        self.con.execute("ROLLBACK")
                    raise
                else:
                    self.con.execute("COMMIT")
                    for collected in getattr(self._collecting, "stack", ()):
                        collected.append(tx.recorder)
            except sqlite3.DatabaseError as exc:
                if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF not in _STORAGE_CODES:
                    raise
                if self.con.in_transaction:
                    self.con.execute("ROLLBACK")
                raise storage_error(exc, self.path) from exc

    @contextlib.contextmanager
    def collect(self) -> Iterator["Collected"]:
        """Collect what every transaction committed on this thread inside the block wrote (nested blocks
        each see theirs): ``with store.collect() as done: op(...)`` then ``done.changes``.  A transaction
        rolled back contributes nothing."""
        stack = self._collecting.__dict__.setdefault("stack", [])
        collected = Collected()
        stack.append(collected)
        try:
            yield collected
        finally:
            stack.remove(collected)

    @contextlib.contextmanager
    def checkpoint_after(self) -> Iterator[None]:
        """For many transactions in a row (a sync's pages): the write-ahead log is copied into the database
        once, when the block ends, instead of at every commit that takes it past 1000 pages — each commit
        is still durable in the log; the database's pages rewritten by page after page are written once
        (applying 40,000 changes: ~25 % less wall time).  The log is cut back to 64 MB afterwards."""
        with self._lock:
            self.con.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            with self._lock:
                self.con.execute("PRAGMA wal_autocheckpoint = 1000")
                try:
                    self.con.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.OperationalError:
                    pass  # nothing is lost: the log holds every commit, and the next commit checkpoints it

    @contextlib.contextmanager
    def replayable(self) -> Iterator[None]:
        """For transactions that can be written again from elsewhere — a page pulled from the hub, with the
        pull cursor in the same transaction: their commits do not wait for the disk (``synchronous =
        NORMAL``; in WAL mode the database stays whole).  If the power fails, the last such commits roll
        back together with their cursor and are pulled again; the next commit made with the default
        (``FULL``) makes every commit before it durable too.  Use it on a connection of the sync's own
        (the GUI's sync task and ``xhduty sync`` each open one), never around an officer's write."""
        with self._lock:
            self.con.execute("PRAGMA synchronous = NORMAL")
        try:
            yield
        finally:
            with self._lock:
                self.con.execute("PRAGMA synchronous = FULL")

    def backup(self, target: Path, progress=None) -> Path:
        """A consistent copy of the database at ``target``, and the attachment files (content-addressed,
        never changed) copied into ``attachments/`` beside it — only those not there yet."""
        from xhduty.core import attachments

        with self._lock:
            done = backup_to(self.con, target, progress)
        attachments.copy_files(self, Path(target).parent / "attachments")
        return done

    def close(self) -> None:
        """Close the database connection; the store cannot be used afterwards (sqlite3.ProgrammingError)."""
        self.con.close()


class Collected(list):
    """The recorders of the transactions committed inside one :meth:`Store.collect` block."""

    @property
    def changes(self) -> Changes:
        """Everything the collected transactions wrote, as one :class:`Changes` (tables, and each record id
        with whether it was inserted, updated or deleted); an empty Changes if none committed."""
        merged = Changes()
        for recorder in self:
            merged = merged | recorder.changes()
        return merged


# Merged like any field, but a user has nothing to choose between: two edits always differ in updated_at.
_BOOKKEEPING = ("updated_at",)

# ``field_clock`` holds the stamp of the write that last set each field of a mutable record (and the stamp
# that write overwrote, ``prev``).  A creation is one row for all the fields it named, not one per field:
# its ``field`` is CREATED followed by the names joined by commas ('*created_at,deleted,name,…'), its
# ``prev`` NULL.  A field's own row, written by a later edit, takes its place for that field; a field the
# creation did not name has no stamp until it is written.  (A pull of 25,000 new contacts wrote 125,000
# rows before; now 25,000.)  Databases written before keep a row per field, which reads the same.
CREATED = "*"


@functools.lru_cache(maxsize=1024)     # a batch has few shapes; a hub sees a few per table
def creation_clock(names: tuple[str, ...]) -> str:
    """The ``field`` of a creation's one ``field_clock`` row, for a record created naming ``names``."""
    return CREATED + ",".join(sorted(n for n in names if n != "id"))


def field_stamps(rows) -> dict[str, tuple[str, str | None]]:
    """{field: (stamp, prev)} of one record from its ``field_clock`` rows, given as (field, hlc, prev): a
    field's own row wins over the creation's row."""
    stamps, created = {}, None
    for field, hlc, prev in rows:
        if field.startswith(CREATED):
            created = (field, hlc)
        else:
            stamps[field] = (hlc, prev)
    if created:
        for name in created[0][1:].split(","):
            stamps.setdefault(name, (created[1], None))
    return stamps


class Tx:
    """Writes inside one transaction of :meth:`Store.write`; every synced write lands in ``changes``."""

    def __init__(self, store: Store):
        self.store = store
        self.con = store.con
        self.recorder = Recorder()                # what views should update, see :attr:`changes`
        self._syncing: bool | None = None         # does this station answer to a hub (see _authorise)

    @property
    def changes(self) -> Changes:
        """What this transaction has written so far."""
        return self.recorder.changes()

    # ------------------------------------------------------------ local changes
    def _record_change(self, table: str, record_id: str, op: str, fields: dict, prev: dict | None) -> str:
        # Another connection (background sync) may have applied stamps from a station whose clock runs
        # ahead; observing the newest stamp in the database keeps this write after them, or it would lose.
        last = self.con.execute("SELECT max(hlc) FROM changes").fetchone()[0]
        if last:
            self.store.hlc().observe(last)
        stamp = self.store.hlc().tick()
        station = self.store.station
        # after the highest own number here, and after any number the hub has seen from us (seq_floor,
        # set when a station restored from a backup recovers: those numbers went to changes lost here)
        seq = self.con.execute(
            "SELECT max(coalesce(max(station_seq), 0), coalesce((SELECT CAST(value AS INTEGER) FROM meta"
            " WHERE key = 'seq_floor'), 0)) + 1 FROM changes WHERE station = ?", (station,)
        ).fetchone()[0]
        change_id = new_id()
        self.con.execute(
            "INSERT INTO changes (change_id, station, station_seq, hlc, tbl, record_id, op, fields, prev)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (change_id, station, seq, stamp, table, record_id, op,
             fields_json(fields), fields_json(prev) if prev is not None else None),
        )
        self.recorder.row(table, record_id, "delete" if fields.get("deleted") == 1 and op == "update" else op)
        return stamp

    def _authorise(self, table: str, record_id: str, op: str, fields: dict) -> None:
        """Refuse now what the hub would refuse later (HACKING.md: the station checks the same rule when
        writing), so an officer learns it at once and no refused change ever sits in the outbox.  Checked
        once the station syncs with a hub; a station without one has no one to answer to."""
        self._authorise_all(table, [(record_id, op, fields)])

    def _authorise_all(self, table: str, changes: list[tuple[str, str, dict]]) -> None:
        """:meth:`_authorise` of many (record id, op, fields) of ``table``; the first refused one is named."""
        if self._syncing is None:
            self._syncing = self.con.execute(
                "SELECT 1 FROM sync_state WHERE key = 'hub_url' AND value IS NOT NULL").fetchone() is not None
        if not self._syncing:
            return
        from xhduty.core import authority  # the rules the hub applies too

        station = self.store.station
        problem = authority.first_write_refusal(self.store, [
            {"station": station, "tbl": table, "record_id": record_id, "op": op, "fields": fields}
            for record_id, op, fields in changes])
        if problem:
            raise StoreError(problem)

    def _check_columns(self, table: str, fields: dict) -> None:
        unknown = set(fields) - set(self.store.columns(table))
        if unknown:
            raise StoreError(f"数据表 {table} 没有字段：{', '.join(sorted(unknown))}")

    def insert(self, table: str, fields: dict) -> str:
        """Create a record of an append-only or mutable table; returns its id."""
        kind = self.store.kind(table)
        if kind not in ("append", "mutable"):
            raise StoreError(f"数据表 {table}（{kind}）不能通过同步写入路径新增记录")
        row = dict(fields)
        row.setdefault("id", new_id())
        row.setdefault("station", self.store.station)
        row.setdefault("created_at", clock.now_iso())
        if kind == "mutable":
            row.setdefault("updated_at", row["created_at"])
            row.setdefault("deleted", 0)
        self._check_columns(table, row)
        self._authorise(table, row["id"], "insert", row)
        names = list(row)
        self.con.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [row[n] for n in names],
        )
        stamp = self._record_change(table, row["id"], "insert", row, None)
        if kind == "mutable":
            self.con.execute("INSERT OR REPLACE INTO field_clock (tbl, record_id, field, hlc, prev)"
                             " VALUES (?, ?, ?, ?, NULL)", (table, row["id"], creation_clock(tuple(names)), stamp))
        return row["id"]

    def insert_many(self, table: str, rows: list[dict]) -> list[str]:
        """Create many records of one append-only or mutable table; returns their ids in row order.

        Writes exactly what one :meth:`insert` per row would — the rows, one outbox change each (stamps and
        station numbers rising in row order), their ``field_clock`` rows, the same column and authority
        checks, the same recorded :attr:`changes` — but with one ``executemany`` per statement and the
        newest stamp and station number read once: a 100,000-row stock ledger import books its movements
        in seconds, not minutes (bench/import_speed.py).  A row that breaks a constraint fails the whole
        transaction, as the one-by-one path would.  Every row's columns are checked before any row's
        authority, and the authority check sees the table as it was before the batch (a row referring to
        another row of the same batch, as a transfer's two halves do, belongs in one insert each)."""
        kind = self.store.kind(table)
        if kind not in ("append", "mutable"):
            raise StoreError(f"数据表 {table}（{kind}）不能通过同步写入路径新增记录")
        station, now, full = self.store.station, clock.now_iso(), []
        made = iter(new_ids(sum("id" not in fields for fields in rows)))
        for fields in rows:
            row = dict(fields)
            if "id" not in row:
                row["id"] = next(made)
            row.setdefault("station", station)
            row.setdefault("created_at", now)
            if kind == "mutable":
                row.setdefault("updated_at", row["created_at"])
                row.setdefault("deleted", 0)
            full.append(row)
        shapes: dict[tuple, tuple] = {}   # the columns each row names, one tuple per shape (rows share few)
        names = [shapes.setdefault(key, key) for key in map(tuple, full)]
        for shape in shapes:
            self._check_columns(table, dict.fromkeys(shape))
        self._authorise_all(table, [(row["id"], "insert", row) for row in full])
        if not full:
            return []
        last = self.con.execute("SELECT max(hlc) FROM changes").fetchone()[0]
        hlc = self.store.hlc()
        if last:
            hlc.observe(last)
        seq = self.con.execute(
            "SELECT max(coalesce(max(station_seq), 0), coalesce((SELECT CAST(value AS INTEGER) FROM meta"
            " WHERE key = 'seq_floor'), 0)) + 1 FROM changes WHERE station = ?", (station,)
        ).fetchone()[0]
        stamps = [hlc.tick() for _ in full]
        self._insert_new(table, [(shape, list(row.values()), row["id"]) for shape, row in zip(names, full)])
        self.con.executemany(
            "INSERT INTO changes (change_id, station, station_seq, hlc, tbl, record_id, op, fields, prev)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            [(change_id, station, seq + n, stamp, table, row["id"], "insert", fields_json(row))
             for n, (row, stamp, change_id) in enumerate(zip(full, stamps, new_ids(len(full))))])
        if kind == "mutable":
            self.con.executemany(
                "INSERT OR REPLACE INTO field_clock (tbl, record_id, field, hlc, prev) VALUES (?, ?, ?, ?, NULL)",
                [(table, row["id"], creation_clock(shape), stamp) for shape, row, stamp in zip(names, full, stamps)])
        for row in full:
            self.recorder.row(table, row["id"], "insert")
        return [row["id"] for row in full]

    def update(self, table: str, record_id: str, fields: dict) -> bool:
        """Change fields of a mutable record; only fields whose value differs are recorded."""
        if self.store.kind(table) != "mutable":
            raise StoreError(f"数据表 {table} 只能追加，不能修改：更正请新增一条记录")
        self._check_columns(table, fields)
        current = self.con.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,)).fetchone()
        if current is None:
            raise StoreError(f"{table} 中没有编号为 {record_id} 的记录")
        changed = {k: v for k, v in fields.items() if current[k] != v and k not in ("id", "station", "created_at")}
        if not changed:
            return False
        changed["updated_at"] = clock.now_iso()
        self._authorise(table, record_id, "update", changed)
        prev = {
            field: self._field_stamp(table, record_id, field)
            for field in changed
        }
        sets = ", ".join(f"{k} = ?" for k in changed)
        self.con.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*changed.values(), record_id])
        stamp = self._record_change(table, record_id, "update", changed, prev)
        self.con.executemany(
            "INSERT OR REPLACE INTO field_clock (tbl, record_id, field, hlc, prev) VALUES (?, ?, ?, ?, ?)",
            [(table, record_id, f, stamp, prev[f]) for f in changed],
        )
        return True

    def delete(self, table: str, record_id: str) -> bool:
        """Delete a mutable record: a tombstone (``deleted = 1``) that syncs like any other field."""
        return self.update(table, record_id, {"deleted": 1})

    def _field_stamp(self, table: str, record_id: str, field: str) -> str | None:
        rows = self.con.execute("SELECT field, hlc, prev FROM field_clock WHERE tbl = ? AND record_id = ?"
                                " AND (field = ? OR field GLOB '[*]*')", (table, record_id, field))
        return field_stamps(rows).get(field, (None, None))[0]

    # ------------------------------------------------------------- local tables
    def put_local(self, table: str, fields: dict) -> None:
        """Insert or replace a row of a station-local table (settings, bookkeeping, derived indexes)."""
        if self.store.kind(table) != "local":
            raise StoreError(f"数据表 {table} 不是本站专用表")
        self._check_columns(table, fields)
        names = list(fields)
        self.recorder.local.add(table)
        self.con.execute(
            f"INSERT OR REPLACE INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [fields[n] for n in names],
        )

    def execute_local(self, table: str, sql: str, params: Any = ()) -> sqlite3.Cursor:
        """Run SQL that touches only the station-local ``table`` (e.g. rebuilding a search index)."""
        if self.store.kind(table) != "local":
            raise StoreError(f"数据表 {table} 不是本站专用表")
        self.recorder.local.add(table)
        return self.con.execute(sql, params)

    # ------------------------------------------------- recovery after a restore
    def renumber_own(self, change_id: str, seq: int) -> None:
        """Give an own change that has not left the station a new ``station_seq`` (recovery after the
        station was restored from its own backup: its new changes go after the ones the hub already has).
        A negative ``seq`` parks a change out of the way while others take its number."""
        self.con.execute("UPDATE changes SET station_seq = ? WHERE change_id = ? AND station = ?",
                         (seq, change_id, self.store.station))

    def rewrite_unsent(self, change_id: str, fields: dict) -> None:
        """Rewrite fields of a record created by an own insert that has not left the station, in the row and
        in the change alike (recovery re-chains such duty-log entries after the ones the hub gave back)."""
        row = self.con.execute("SELECT tbl, record_id, fields FROM changes WHERE change_id = ? AND op = 'insert'"
                               " AND station = ?", (change_id, self.store.station)).fetchone()
        if row is None:
            raise StoreError(f"变更 {change_id} 不是本站的新增记录，不能改写")
        self._check_columns(row["tbl"], fields)
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.con.execute(f"UPDATE {row['tbl']} SET {sets} WHERE id = ?", [*fields.values(), row["record_id"]])
        merged = {**json.loads(row["fields"]), **fields}
        self.con.execute("UPDATE changes SET fields = ? WHERE change_id = ?",
                         (fields_json(merged), change_id))
        self.recorder.row(row["tbl"], row["record_id"], "update")

    def set_meta(self, key: str, value: str) -> None:
        """Set ``key`` to the text ``value`` in the station-local ``meta`` table (replacing any old value);
        read back with :meth:`Store.meta`.  Not synced."""
        self.put_local("meta", {"key": key, "value": value})

    # ---------------------------------------------------------- remote changes
    def apply(self, change: dict) -> str:
        """Apply a change made elsewhere, by the merge rules.  Returns 'applied', 'duplicate' or 'conflict'.

        ``change`` has the columns of ``changes``; ``fields``/``prev`` may be dicts or JSON text.  Applying
        the same change twice is harmless (idempotent by change id).
        """
        return self.apply_many([change])[0]

    def apply_many(self, changes: list[dict]) -> list[str]:
        """Apply a batch of changes made elsewhere, in order, with the outcome of :meth:`apply` for each.

        One pass: duplicates are found with one query, the outbox rows and the rows of new records are
        written with ``executemany`` per table; only edits of mutable records (and a creation of a record
        already here) merge field by field.  Every creation comes before the edits of its record in the
        order changes are received and pulled, so writing creations first gives the rows applying them one
        by one would.  ``fields``/``prev`` given as JSON text are kept in the outbox as they are (decoded
        once, never re-encoded); the clock observes the batch's newest stamp once.  A row that breaks NOT
        NULL or CHECK fails loudly (the whole transaction).  Python's cyclic garbage collector is paused while
        it runs (:func:`collections_paused`)."""
        with collections_paused():
            return self._apply_many(changes)

    def _apply_many(self, changes: list[dict]) -> list[str]:
        outcomes = ["duplicate"] * len(changes)
        have = self._present("changes", "change_id", [c["change_id"] for c in changes])
        fresh, outbox, checked, kinds = [], [], set(), {}
        for i, change in enumerate(changes):
            change_id, table = change["change_id"], change["tbl"]
            if change_id in have:
                continue
            have.add(change_id)
            kind = kinds.get(table) or kinds.setdefault(table, self.store.kind(table))
            if kind not in ("append", "mutable"):
                raise StoreError(f"变更 {change_id} 指向不可同步的数据表 {table}")
            fields, fields_text = change["fields"], None
            if type(fields) is str:
                fields, fields_text = orjson.loads(fields), fields
            prev, prev_text = _decoded(change.get("prev") or None)
            names = tuple(fields)
            if (table, names) not in checked:    # a batch has few shapes of change: check each shape once
                self._check_columns(table, fields)
                checked.add((table, names))
            fresh.append((i, table, change["record_id"], change["hlc"], change["op"], names, fields, prev or {},
                          kind))
            outbox.append((change_id, change["station"], change["station_seq"], change["hlc"], table,
                           change["record_id"], change["op"], fields_text or fields_json(fields), prev_text))
        self._observe([f[3] for f in fresh])
        self.con.executemany(
            "INSERT INTO changes (change_id, station, station_seq, hlc, tbl, record_id, op, fields, prev)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", outbox)
        ids: dict[str, list] = {}
        for f in fresh:
            ids.setdefault(f[1], []).append(f[2])
        here = {table: self._present(table, "id", rids) for table, rids in ids.items()}
        new_rows: dict[str, list[tuple]] = {}   # per table, in the order received: (names, values, id)
        clocks, merges = [], []
        record = self.recorder.row
        for i, table, rid, stamp, op, names, fields, prev, kind in fresh:
            record(table, rid, "delete" if op == "update" and fields.get("deleted") == 1 else op)
            outcomes[i] = "applied"
            if rid not in here[table]:               # a new record (grow-only tables keep the first as is)
                here[table].add(rid)
                new_rows.setdefault(table, []).append((names, list(fields.values()), rid))
                if kind == "mutable" and not prev:
                    clocks.append((table, rid, creation_clock(names), stamp, None))
                elif kind == "mutable":
                    clocks += [(table, rid, f, stamp, prev.get(f)) for f in names if f != "id"]
            elif kind == "mutable":
                merges.append((i, {"tbl": table, "record_id": rid, "hlc": stamp, "fields": fields, "prev": prev}))
        for table, rows in new_rows.items():
            self._insert_new(table, rows)
        self.con.executemany("INSERT OR REPLACE INTO field_clock (tbl, record_id, field, hlc, prev)"
                             " VALUES (?, ?, ?, ?, ?)", clocks)
        for i, outcome in self._merge_all(merges).items():
            outcomes[i] = outcome
        return outcomes

    def _insert_new(self, table: str, rows: list[tuple]) -> None:
        """Insert new records of ``table`` — ``rows`` as (column names, values, id) in the order received —
        in runs naming the same columns, so a trigger sees them in order.  A table whose triggers defer to
        bulk statements (migration 0075) gets its derived rows filled once for all of them; into another
        table with triggers the rows go in one statement over a JSON array, so SQLite sets up the statement
        (and its statement journal) once, not once per row as executemany does."""
        bulk = self.store.bulk_statements(table)
        if bulk:
            self.con.execute("INSERT INTO deferred_triggers (tbl) VALUES (?)", (table,))
        for names, run in itertools.groupby(rows, key=lambda r: r[0]):
            values = [v for _, v, _ in run]
            if bulk or not self.store.has_triggers(table):
                self.con.executemany(
                    f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values)
            else:
                picked = ", ".join(f"value ->> {i}" for i in range(len(names)))
                self.con.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {picked} FROM json_each(?)",
                                 (orjson.dumps(values).decode(),))
        if bulk:
            ids = orjson.dumps([rid for _, _, rid in rows]).decode()
            for statement in bulk:
                self.con.execute(statement, {"ids": ids})
            self.con.execute("DELETE FROM deferred_triggers WHERE tbl = ?", (table,))

    def _observe(self, stamps: list[str]) -> None:
        """Let the clock see a batch's stamps: the newest, or — when that one is too far ahead to adopt
        (:meth:`clock.HybridClock.observe`) — each.  Stamps have fixed-width numbers (the protocol's
        pattern), so the newest is the greatest as text."""
        if stamps and not self.store.hlc().observe(max(stamps)):
            for stamp in stamps:
                self.store.hlc().observe(stamp)

    def _merge_all(self, merges: list[tuple[int, dict]]) -> dict[int, str]:
        """Merge changes into records that are here: the records and their field stamps are read once per
        table, merged in memory in order (a record edited twice in the batch sees its first edit), and the
        winning values and stamps written with executemany; of each record only the columns the changes name
        are read, with their stamps.  Returns {index: outcome}."""
        rows: dict[tuple, dict] = {}
        clocks: dict[tuple, dict] = {}
        for table in {c["tbl"] for _, c in merges}:
            mine = [c for _, c in merges if c["tbl"] == table]
            ids = orjson.dumps(sorted({c["record_id"] for c in mine})).decode()
            # only the columns the changes name (checked against the table by apply_many), and their stamps
            names = ["id", *sorted(set().union(*(c["fields"] for c in mine)) - {"id"})]
            for r in self.con.execute(f"SELECT {', '.join(names)} FROM {table} WHERE id IN"
                                      " (SELECT value FROM json_each(?))", (ids,)):
                rows[(table, r[0])] = dict(zip(names, r))
            stamped: dict[str, list] = {}
            for rid, field, hlc, prev in self.con.execute(
                    "SELECT record_id, field, hlc, prev FROM field_clock WHERE tbl = ? AND record_id IN"
                    " (SELECT value FROM json_each(?)) AND (field IN (SELECT value FROM json_each(?))"
                    " OR field GLOB '[*]*')", (table, ids, orjson.dumps(names[1:]).decode())):
                stamped.setdefault(rid, []).append((field, hlc, prev))
            for rid, held in stamped.items():
                clocks[(table, rid)] = field_stamps(held)
        outcomes, dirty = {}, {}
        for i, c in merges:
            key = (c["tbl"], c["record_id"])
            outcomes[i], won = self._merge_fields(c["tbl"], c["record_id"], c["hlc"], c["fields"], c["prev"],
                                                  rows[key], clocks.setdefault(key, {}))
            dirty.setdefault(key, set()).update(won)
        updates: dict[tuple, list] = {}
        for (table, rid), fields in dirty.items():
            if fields:
                names = tuple(sorted(fields))
                updates.setdefault((table, names), []).append([rows[(table, rid)][f] for f in names] + [rid])
        for (table, names), values in updates.items():
            self.con.executemany(f"UPDATE {table} SET {', '.join(f'{f} = ?' for f in names)} WHERE id = ?", values)
        self.con.executemany(
            "INSERT OR REPLACE INTO field_clock (tbl, record_id, field, hlc, prev) VALUES (?, ?, ?, ?, ?)",
            [(t, rid, f, *clocks[(t, rid)][f]) for (t, rid), fields in dirty.items() for f in fields])
        return outcomes

    def _present(self, table: str, column: str, values: list) -> set:
        """Which of ``values`` are in ``column`` of ``table`` (one query, however many)."""
        if not values:
            return set()
        return {r[0] for r in self.con.execute(
            f"SELECT {column} FROM {table} WHERE {column} IN (SELECT value FROM json_each(?))",
            (orjson.dumps(values).decode(),))}

    def _merge_fields(self, table: str, record_id: str, stamp: str, fields: dict, prev: dict,
                      row: dict, clocks: dict) -> tuple[str, set]:
        """Merge one change into the record ``row`` and its field stamps ``clocks`` (both updated in
        place), field by field: the later stamp wins; when the two writes were concurrent the loser is kept
        in ``conflicts``.  Returns the outcome ('applied' | 'conflict') and the fields that changed."""
        outcome, won = "applied", set()
        incoming = clock.stamp_key(stamp)
        for field, value in fields.items():
            if field == "id":
                continue
            local_stamp, local_prev = clocks.get(field, (None, None))
            current = row[field]
            ours = clock.stamp_key(local_stamp) if local_stamp is not None else None
            if ours is None or incoming > ours:
                # the incoming write wins; it is concurrent unless it was written over our value
                if local_stamp is not None and prev.get(field) != local_stamp and current != value \
                        and field not in _BOOKKEEPING:
                    self._conflict(table, record_id, field, kept=(value, stamp), lost=(current, local_stamp))
                    outcome = "conflict"
                row[field], clocks[field] = value, (stamp, prev.get(field))
                won.add(field)
            elif incoming < ours and local_prev != stamp and current != value and field not in _BOOKKEEPING:
                # ours wins, and ours was written without seeing the incoming value
                self._conflict(table, record_id, field, kept=(current, local_stamp), lost=(value, stamp))
                outcome = "conflict"
        return outcome, won

    def _conflict(self, table, record_id, field, kept, lost) -> None:
        self.put_local("conflicts", {
            "id": new_id(), "tbl": table, "record_id": record_id, "field": field,
            "kept_value": json.dumps(kept[0], ensure_ascii=False), "kept_hlc": kept[1],
            "lost_value": json.dumps(lost[0], ensure_ascii=False), "lost_hlc": lost[1],
            "detected_at": clock.now_iso(), "resolved": 0,
        })


@contextlib.contextmanager
def collections_paused() -> Iterator[None]:
    """No automatic cyclic garbage collection inside the block (collections resume after it; they are
    process-wide, so a block on another thread may resume them early: more collections, nothing lost).
    Decoding or applying a batch of changes makes tens of thousands of dicts, tuples and lists, none in a
    cycle: the collections they set off free nothing and walk the batch again and again (0.36 s of a 4.7 s
    pull of 100,000 changes; 30 % of the hub's reading of a push body), holding the interpreter the window
    needs meanwhile.  Used around a merge, the hub's handling of a push, a pulled page's decoding."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _decoded(value: dict | str | None) -> tuple[dict | None, str | None]:
    """``fields``/``prev`` of a change given as a dict or as JSON text: (the dict, the JSON text)."""
    if value is None:
        return None, None
    if isinstance(value, str):
        return orjson.loads(value), value
    return value, fields_json(value)


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        con = sqlite3.connect(_read_only_uri(path), uri=True, isolation_level=None, check_same_thread=False)
        con.row_factory = sqlite3.Row
        return con
    con = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")  # a committed log entry survives power loss
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA busy_timeout = 10000")
    con.execute("PRAGMA cache_size = -65536")  # 64 MB: a district hub's indexes stay in memory (default 2 MB)
    # A statement that fires a trigger keeps a statement journal; in memory, not a temporary file per row
    # (applying 5,000 pulled log entries, each filling log_order: ~2x faster, bench/sync_speed.py).
    con.execute("PRAGMA temp_store = MEMORY")
    con.execute("PRAGMA journal_size_limit = 67108864")  # a log grown by a large sync is cut back to 64 MB
    return con


def migrate(path: Path, migrations: list[Migration] | None = None) -> int:
    """Bring the database at ``path`` to the newest schema; returns the version it is at afterwards.

    A database newer than this program is refused and not touched.  Before upgrading an existing
    database a backup is written beside it.  All pending migrations run in one transaction.
    """
    migrations = migrations if migrations is not None else known_migrations()
    newest = max((m.version for m in migrations), default=0)
    path = Path(path)
    current = _user_version(path) if path.exists() and path.stat().st_size > 0 else 0
    if current > newest:
        raise StoreError(
            f"数据库 {path} 的结构版本为 {current}，比本程序支持的版本 {newest} 新。"
            "请升级 xhduty 后再打开；为保护数据，本程序没有改动该文件。"
        )
    pending = [m for m in migrations if m.version > current]
    if not pending:
        return current
    try:
        con = _connect(path)  # a new file in a read-only folder fails here
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from exc
    try:
        if current > 0:
            stamp = clock.now().strftime("%Y%m%d-%H%M%S")
            try:
                backup_to(con, path.parent / "backups" / f"before-migration-v{current}-{stamp}.db")
            except sqlite3.Error as exc:
                raise StoreError(f"升级前的备份未能写出，数据库未升级、未改动：{storage_error(exc, path)}") from exc
        script = "BEGIN IMMEDIATE;\n"
        for m in pending:
            script += m.path.read_text(encoding="utf-8") + "\n"
        script += f"PRAGMA user_version = {pending[-1].version};\nCOMMIT;\n"
        try:
            con.executescript(script)
        except sqlite3.Error as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise StoreError(f"数据库升级失败，已回滚，数据未改动：{storage_error(exc, path)}") from exc
    finally:
        con.close()
    return pending[-1].version


def open_store(path: Path | None = None) -> Store:
    """Open (creating and migrating as needed) the station database.

    An existing database on read-only media opens read-only (``Store.read_only``; a write raises a
    StoreError saying so) when its schema is current, else a StoreError says the media is read-only.
    Every SQLite failure while opening becomes a Chinese StoreError (:func:`storage_error`)."""
    path = Path(path) if path else paths.database_path()
    read_only = path.exists() and media_read_only(path)
    if read_only:
        newest = max((m.version for m in known_migrations()), default=0)
        if _user_version(path) < newest:
            raise StoreError(f"数据库 {path} 位于只读介质上，且需要升级结构后才能打开：请把整个数据目录"
                             "复制到可写磁盘，并设置 XHDUTY_HOME 指向该目录。原文件未改动。")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        migrate(path)
    try:
        store = Store(path, _connect(path, read_only))
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from exc
    store.read_only = read_only
    return store


def init_station(store: Store, code: str, name: str, role: str) -> None:
    """Give this workstation its identity (once; the code is what every record it makes carries)."""
    from xhduty.core import refdata

    code = code.strip()
    if not re.fullmatch(r"[A-Za-z0-9_-]{2,32}", code):
        raise StoreError("站点代码只能由 2–32 位字母、数字、- 或 _ 组成")
    if role not in refdata.STATION_ROLES:
        raise StoreError(f"站点类型应为 {', '.join(refdata.STATION_ROLES)} 之一，而不是 {role}")
    if not name.strip():
        raise StoreError("站点名称不能为空")
    existing = store.meta("station_code")
    if existing and existing != code:
        raise StoreError(f"本数据库已属于站点 {existing}，不能改为 {code}")
    with store.write() as tx:
        tx.set_meta("station_code", code)
        tx.set_meta("station_name", name.strip())
        tx.set_meta("station_role", role)
