"""Running a hub (issue 12, finding 6): an online backup while it serves, and a service stop (SIGTERM or
SIGINT) that leaves every change in hub.db itself, so a plain copy of that one file is complete."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import sys

import pytest

from test_sync_support import log, start_hub, street_for_hub_process
from xhduty.cli import main
from xhduty.sync.client import run_sync

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _station_with_hub(tmp_path, n: int):
    home, port, s1 = street_for_hub_process(tmp_path)
    for i in range(n):
        log(s1, f"第 {i} 条")
    return home, port, s1


def _entries(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM log_entries").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_hub_leaves_everything_in_hub_db(tmp_path, stop):
    home, port, s1 = _station_with_hub(tmp_path, 50)
    proc = start_hub(home, port)
    try:
        assert run_sync(s1)["pushed"] == 50
    finally:
        os.kill(proc.pid, stop)
        proc.wait(30)
    copy = tmp_path / "copy.db"
    shutil.copy(home / "hub.db", copy)                 # hub.db alone, as a file-level backup would take it
    assert _entries(copy) == 50
    wal = home / "hub.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    s1.close()


def test_hub_backup_while_it_serves(tmp_path, home, capsys):
    hub_home, port, s1 = _station_with_hub(tmp_path, 20)
    proc = start_hub(hub_home, port)
    try:
        run_sync(s1)
        out = tmp_path / "备份" / "hub-copy.db"
        assert main(["hub", "backup", "--home", str(hub_home), "--out", str(out)]) == 0
        assert "同步中心备份已写入" in capsys.readouterr().out
        assert _entries(out) == 20
        assert main(["hub", "backup", "--home", str(tmp_path / "nowhere"), "--out", str(out)]) == 2
        assert "没有 hub.db" in capsys.readouterr().err
    finally:
        proc.terminate()
        proc.wait(30)
        s1.close()


def test_the_hub_keeps_what_refuses_and_what_it_reads(tmp_path):
    """hub_schema: a hub's copy of the schema keeps primary keys, unique constraints and the indexes its own
    queries use; the station views' indexes and the derived-table triggers are gone, also after reopening
    (they would come back with nothing but a new migration)."""
    from xhduty.hub.sqlite_db import SqliteHub

    for _ in range(2):
        hub = SqliteHub.open(tmp_path / "hub")
        con = hub.store.con
        indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        triggers = con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0]
        plan = " ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN SELECT * FROM attachments WHERE sha256 = 'x'"))
        hub.close()
        assert triggers == 0
        assert {"log_entries_at", "log_entries_shift", "changes_record", "units_parent"}.isdisjoint(indexes)
        assert {"sqlite_autoindex_log_entries_1", "sqlite_autoindex_log_entries_2", "sqlite_autoindex_changes_1",
                "sqlite_autoindex_changes_2", "changes_hlc", "attachments_sha"} <= indexes
        assert "USING INDEX attachments_sha" in plan


def test_a_serving_hub_copies_its_log_into_hub_db_on_a_thread_of_its_own(tmp_path):
    """The writer's automatic checkpoint is off (a push's commit does not wait for it); the hub's
    checkpointer copies the log into hub.db after commits, and its thread ends when the hub closes."""
    import time

    from xhduty.hub.sqlite_db import SqliteHub

    hub = SqliteHub.open(tmp_path / "hub")
    path = tmp_path / "hub" / "hub.db"
    assert hub.store.one("PRAGMA wal_autocheckpoint")[0] == 0
    before = path.stat().st_size
    with hub._write() as tx:
        tx.put_local("meta", {"key": "filler", "value": "x" * 4_000_000})
    for _ in range(100):
        if path.stat().st_size > before + 3_000_000:
            break
        time.sleep(0.05)
    assert path.stat().st_size > before + 3_000_000                     # the pages reached hub.db
    thread = hub._checkpointer._thread
    hub.close()
    assert not thread.is_alive()


def test_the_hub_log_starts_over_under_steady_pushes(tmp_path):
    """Pushes that never pause keep a PASSIVE checkpoint from finding the log wholly copied when the next
    one begins: past its limit (the writer's journal_size_limit) the checkpointer restarts the log, which is then cut back to the limit.
    Here (2 MB) 21 MB are written; without the restart the log reaches 21 MB."""
    import time

    from xhduty.hub.sqlite_db import SqliteHub

    hub = SqliteHub.open(tmp_path / "hub")
    hub._checkpointer.limit = 2 * 1024 * 1024
    hub.store.con.execute(f"PRAGMA journal_size_limit = {hub._checkpointer.limit}")
    sizes = []
    for i in range(16):
        with hub._write() as tx:
            tx.put_local("meta", {"key": f"filler{i % 2}", "value": str(i) * 1_000_000})
        time.sleep(0.01)
        sizes.append((tmp_path / "hub" / "hub.db-wal").stat().st_size)
    hub.close()
    assert max(sizes) < 12 * 1024 * 1024


def test_a_hub_upgraded_to_the_lean_log_keeps_its_numbers(tmp_path):
    """Migration 0081 rebuilds hub_log without the unique change id, AUTOINCREMENT and the per-table index:
    the numbers already handed out (the stations' pull cursors) stay valid, so no station pulls again from
    zero, and the next change is numbered after them."""
    from test_sync_support import free_port, log, running_hub, two_centres

    port = free_port()
    with running_hub(tmp_path, port) as hub:
        c0, c1 = two_centres(tmp_path, hub)
        for i in range(3):
            log(c0, f"第 {i} 条")
        run_sync(c0), run_sync(c1)
    path = tmp_path / "hub" / "hub.db"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE hub_log_0051 (hub_seq INTEGER PRIMARY KEY AUTOINCREMENT, change_id TEXT NOT NULL UNIQUE,
                                   station TEXT NOT NULL, tbl TEXT NOT NULL);
        INSERT INTO hub_log_0051 SELECT hub_seq, change_id, station, tbl FROM hub_log;
        DROP TABLE hub_log;
        ALTER TABLE hub_log_0051 RENAME TO hub_log;
        CREATE INDEX hub_log_table ON hub_log (tbl, hub_seq);
        PRAGMA user_version = 80;""")        # hub_log as migration 0051 made it, on a hub from before 0081
    before = con.execute("SELECT hub_seq, change_id, station, tbl FROM hub_log ORDER BY hub_seq").fetchall()
    con.close()
    assert len(before) >= 3

    with running_hub(tmp_path, port) as hub:
        con = hub.hub.store.con
        assert [tuple(r) for r in con.execute("SELECT hub_seq, change_id, station, tbl FROM hub_log"
                                              " ORDER BY hub_seq")] == before
        assert con.execute("SELECT count(*) FROM sqlite_master WHERE tbl_name = 'hub_log' AND type = 'index'"
                           ).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM sqlite_sequence WHERE name = 'hub_log'").fetchone()[0] == 0
        made = log(c0, "升级后的第一条")
        assert run_sync(c0)["pushed"] == 1
        assert run_sync(c1)["pulled"] == 1                # its cursor still names the same change
        assert con.execute("SELECT hub_seq FROM hub_log JOIN changes USING (change_id) WHERE record_id = ?",
                           (made,)).fetchone()[0] == before[-1][0] + 1
