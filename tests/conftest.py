"""Shared fixtures: a fresh initialised station database per test, and the CLI run in-process."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from xhduty.core.store import init_station, open_store


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XHDUTY_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def store(home):
    st = open_store()
    init_station(st, "XH-TEST", "测试站", "centre")
    yield st
    st.close()


@pytest.fixture
def on_duty(store):
    from xhduty.core.duty import duty

    duty.start_shift(store, "王带班", ["李值班"])
    return store


# ------------------------------------------------------------------------------ the hub on PostgreSQL
PG_ENV = "XHDUTY_TEST_PG"


def pg_url_with_schema(url: str, schema: str) -> str:
    """``url`` with its search_path set to ``schema`` (libpq's ``options``), so a test's hub has tables of
    its own in the one test server."""
    from urllib.parse import quote

    return f"{url}{'&' if '?' in url else '?'}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def pg_url():
    """The URL of a fresh, empty schema on the PostgreSQL server `.ci/run` starts (``XHDUTY_TEST_PG``),
    dropped afterwards.  Skipped, saying why, when that variable is unset (a developer without PostgreSQL);
    `.ci/run` always sets it."""
    import uuid

    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server for the hub's PostgreSQL variant (.ci/run starts one)")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    yield pg_url_with_schema(url, schema)
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def hub_db(request):
    """None (the SQLite hub) or a PostgreSQL URL: run a hub test on both backends."""
    return request.getfixturevalue("pg_url") if request.param == "postgresql" else None
