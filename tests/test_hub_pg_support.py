"""What the tests of the hub on both backends share: what a hub holds, seen the same way on SQLite and on
PostgreSQL, and a database of its own on the test server.

(No tests here; pytest collects none.)
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from xhduty.core.store import Store, open_store
from xhduty.hub import registry
from xhduty.hub.store import HubStore
from xhduty.sync import state

_HUB_TABLES = ("hub_stations", "hub_refusals", "hub_changes", "hub_records", "hub_digests")


def enrol(hub: HubStore, url: str, store: Store, role: str, division: str | None = None) -> str:
    """Register the station at ``hub`` (either backend) and give it the hub's address and its token."""
    token = registry.add_station(hub, store.station, role, division)
    state.configure(store, url, token)
    return token


@contextlib.contextmanager
def held(hub: HubStore):
    """What ``hub`` holds as a station store (its records and its changes): on SQLite its own store; on
    PostgreSQL a :func:`snapshot`, to compare with the stations' by the same queries."""
    if hub.db.kind == "sqlite":
        yield hub.store
        return
    view = snapshot(hub)
    try:
        yield view
    finally:
        forget(view)


def snapshot(hub: HubStore) -> Store:
    """The PostgreSQL hub's records and changes copied into a fresh SQLite copy of the schema (close it with
    :func:`forget`)."""
    directory = Path(tempfile.mkdtemp(prefix="xhduty-hub-view-"))
    shutil.copy(_station_schema(), directory / "view.db")   # with its triggers: derived tables filled as rows go in
    view = open_store(directory / "view.db")
    con = view.con
    con.execute("BEGIN")
    for r in hub.db._rows("SELECT tbl, data FROM hub_records ORDER BY tbl, record_id"):
        row = json.loads(r["data"])
        con.execute(f"INSERT INTO {r['tbl']} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                    list(row.values()))
    for r in hub.db._rows("SELECT change_id, station, station_seq, hlc, tbl, record_id, op, fields, prev"
                          " FROM hub_changes ORDER BY hub_seq"):
        con.execute("INSERT INTO changes (change_id, station, station_seq, hlc, tbl, record_id, op, fields, prev)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(r.values()))
    con.execute("COMMIT")
    return view


_SCHEMA: list[Path] = []


def _station_schema() -> Path:
    """A migrated, initialised station database, made once per test run (the hub's scratch template has
    no triggers, so stock balances and log order would stay empty in a copy of it)."""
    if not _SCHEMA:
        from xhduty.core.store import init_station

        path = Path(tempfile.mkdtemp(prefix="xhduty-hub-view-schema-")) / "schema.db"
        store = open_store(path)
        init_station(store, "HUB", "同步中心", "centre")
        store.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        _SCHEMA.append(path)
    return _SCHEMA[0]


def forget(view: Store) -> None:
    view.close()
    shutil.rmtree(view.path.parent, ignore_errors=True)


def refusals(hub: HubStore, status: int | None = None) -> list[dict]:
    """The refusals the hub keeps (oldest first), of one status or all."""
    where, params = ("WHERE status = {}", (status,)) if status is not None else ("", ())
    if hub.db.kind == "sqlite":
        return [dict(r) for r in hub.store.query(f"SELECT * FROM hub_refusals {where.format('?')} ORDER BY id", params)]
    return hub.db._rows(f"SELECT * FROM hub_refusals {where.format('%s')} ORDER BY id", params)


def footprint(hub: HubStore):
    """Something that changes whenever the hub writes anything (SQLite's write counter; on PostgreSQL the
    contents of every hub table)."""
    if hub.db.kind == "sqlite":
        return hub.store.one("SELECT total_changes()")[0]
    return [hub.db._rows(f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS m FROM {table} t")
            for table in _HUB_TABLES]


def pg_base() -> str:
    return os.environ["XHDUTY_TEST_PG"]


@contextlib.contextmanager
def pg_database():
    """A database of its own on the test server (for pg_dump/pg_restore, which work on whole databases),
    dropped afterwards; yields its URL."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    name = f"xh_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_base(), autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    try:
        yield make_conninfo(pg_base(), dbname=name)
    finally:
        with psycopg.connect(pg_base(), autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
