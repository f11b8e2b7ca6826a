"""What the widget tests share beyond tests/conftest.py."""

from __future__ import annotations

import pytest


@pytest.fixture
def selects():
    """``selects(store, action)``: the SELECTs the store's connection (the window's) runs while ``action``
    runs — a write and every view's refresh after it — to check that a view reads only what was written."""

    def run(store, action) -> list[str]:
        statements: list[str] = []
        store.con.set_trace_callback(statements.append)
        try:
            action()
        finally:
            store.con.set_trace_callback(None)
        return [s for s in statements if s.lstrip().upper().startswith("SELECT")]

    return run
