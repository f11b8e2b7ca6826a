"""Processes killed with SIGKILL in the middle of a sync lose nothing and double nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from test_sync_support import enrol, make_station, running_hub, start_hub, street_for_hub_process
from xhduty.core.duty import duty
from xhduty.core.integrity import check
from xhduty.core.store import open_store
from xhduty.sync import state
from xhduty.sync.client import PUSH_BATCH, SyncError, run_sync

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
MANY = 8000


def fill_log(store, n: int = MANY) -> None:
    with store.write() as tx:
        for i in range(n):
            duty.append_entry(tx, text=f"第 {i} 条")


def count_in(path: Path, sql: str) -> int:
    """Read another process's database without disturbing it (0 while it is not there yet)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def kill_when(proc: subprocess.Popen, path: Path, sql: str, total: int) -> int:
    """SIGKILL ``proc`` as soon as some but not all of ``total`` rows are committed; returns how many were."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        n = count_in(path, sql)
        if 0 < n < total:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return n
        assert n < total, "finished before it could be interrupted"
        time.sleep(0.002)
    raise AssertionError("nothing was committed within a minute")


def test_hub_killed_mid_push_and_restarted(tmp_path):
    home, port, s1 = street_for_hub_process(tmp_path)
    fill_log(s1)
    proc = start_hub(home, port)
    errors = []
    pushing = threading.Thread(target=lambda: errors.append(_sync_expecting_failure(s1)))
    pushing.start()
    kept = kill_when(proc, home / "hub.db", "SELECT count(*) FROM hub_log", MANY)
    pushing.join(60)
    assert errors == [True] and kept % PUSH_BATCH == 0  # whole batches were committed, never part of one
    proc = start_hub(home, port)
    try:
        result = run_sync(s1)
        assert result["pushed"] >= MANY - kept and result["mismatch"] == [] and state.pending(s1) == 0
    finally:
        proc.terminate()
        proc.wait()
    hub = open_store(home / "hub.db")
    assert hub.one("SELECT count(*) FROM log_entries")[0] == MANY
    assert hub.one("SELECT count(*) FROM hub_log")[0] == MANY
    assert check(hub) == []                             # the chain is whole: no entry lost or doubled
    hub.close(), s1.close()


def _sync_expecting_failure(store) -> bool:
    try:
        run_sync(store)
    except SyncError:
        return True
    return False


def test_station_killed_mid_pull(tmp_path):
    with running_hub(tmp_path) as hub:
        s1, c0 = make_station(tmp_path, "S1"), make_station(tmp_path, "C0", "centre")
        enrol(hub, s1, "street", "xujiahui")
        enrol(hub, c0, "centre")
        fill_log(s1)
        run_sync(s1)
        path = c0.path
        c0.close()
        proc = subprocess.Popen([sys.executable, "-m", "xhduty", "sync"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env={**os.environ, "XHDUTY_HOME": str(path.parent)})
        kept = kill_when(proc, path, "SELECT count(*) FROM log_entries", MANY)
        c0 = open_store(path)
        # the cursor was saved with the rows: it points exactly past what was applied
        assert c0.one("SELECT count(*) FROM changes WHERE station = 'S1'")[0] == kept
        assert int(state.get(c0, "pull_cursor")) == kept
        result = run_sync(c0)
        assert (result["pulled"], result["mismatch"]) == (MANY - kept, [])
        assert c0.one("SELECT count(*) FROM log_entries")[0] == MANY
        assert check(c0) == []
        s1.close(), c0.close()
