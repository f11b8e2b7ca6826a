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
