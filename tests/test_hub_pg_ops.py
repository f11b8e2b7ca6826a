"""Running the hub on PostgreSQL as an administrator does: the command line (add-station, stations, backup
with pg_dump), several workers, a hub restored from its pg_dump, and the hub killed mid-push — on a real
server (XHDUTY_TEST_PG; skipped only without one, never in .ci/run)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import httpx
import psycopg
import pytest

from test_hub_pg_support import enrol, held, pg_database
from test_sync_support import free_port, log, make_station, synced_rows
from xhduty.cli import main
from xhduty.core.authority import StationInfo
from xhduty.core.duty import duty
from xhduty.core.integrity import check
from xhduty.hub.server import HubThread
from xhduty.hub.store import HubStore
from xhduty.sync import state
from xhduty.sync.client import PUSH_BATCH, SyncError, run_sync

pytestmark = [pytest.mark.usefixtures("pg_url"),            # skipped, saying why, without a server
              pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_station_stations_and_backup_on_postgresql(tmp_path, home, capsys):
    with pg_database() as url:
        hub_home = tmp_path / "hub"
        code, token, _ = run(capsys, "hub", "add-station", "S1", "--role", "street", "--division", "徐家汇",
                             "--home", str(hub_home), "--db", url)
        assert code == 0 and token.strip().startswith("xh_")
        code, _, err = run(capsys, "hub", "add-station", "S2", "--role", "street", "--division", "nowhere",
                           "--home", str(hub_home), "--db", url)
        assert code == 2 and "未知的辖区 nowhere" in err
        code, out, _ = run(capsys, "hub", "stations", "--json", "--home", str(hub_home), "--db", url)
        assert [(s["code"], s["division"]) for s in json.loads(out)] == [("S1", "xujiahui")]
        target = tmp_path / "备份" / "hub.dump"
        code, out, _ = run(capsys, "hub", "backup", "--db", url, "--out", str(target))
        assert code == 0 and "pg_dump" in out and target.stat().st_size > 0
        listing = subprocess.run(["pg_restore", "--list", str(target)], capture_output=True, text=True).stdout
        assert "TABLE DATA" in listing and "hub_changes" in listing and "hub_stations" in listing
        code, _, err = run(capsys, "hub", "stations", "--home", str(hub_home), "--db",
                           "postgresql://xhduty@/nosuchdb?host=/nonexistent")
        assert code == 2 and "无法连接 PostgreSQL 数据库" in err
        assert "Traceback" not in err and "connection" not in err.lower()     # psycopg's English stays in hub.log


def test_a_hub_restored_from_its_pg_dump_gets_back_what_it_lost(tmp_path):
    """The district's stations push again what the hub lost with its database, and end equal."""
    port = free_port()
    with pg_database() as url, pg_database() as restored_url:
        with HubThread(tmp_path / "hub", port, url=url) as hub:
            c, s1 = make_station(tmp_path, "C0", "centre"), make_station(tmp_path, "S1")
            enrol(hub.hub, hub.url, c, "centre")
            enrol(hub.hub, hub.url, s1, "street", "xujiahui")
            before = [log(s1, "备份前") for _ in range(3)]
            run_sync(s1), run_sync(c)
            dump = hub.hub.backup(tmp_path / "hub.dump")
            after = [log(s1, "备份后") for _ in range(3)]
            with c.write() as tx:
                unit = tx.insert("units", {"name": "区水务局"})
            run_sync(s1), run_sync(c), run_sync(s1)
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={restored_url}", str(dump)], check=True)
        with HubThread(tmp_path / "hub", port, url=restored_url) as restored:
            run_sync(s1)                 # S1 re-pushes its entries (and still holds C's unit the hub lost)
            run_sync(c)                  # C re-pushes the unit; its cursor no longer matches: it re-pulls
            results = [run_sync(s) for s in (s1, c, s1, c)]
            assert [(r["mismatch"], r["refused"]) for r in results] == [([], [])] * 4, results
            assert state.pending(s1) == 0 and state.pending(c) == 0
            with held(restored.hub) as on_hub:
                assert sorted(r["id"] for r in synced_rows(on_hub, "log_entries")) == sorted(before + after)
                assert on_hub.get("units", unit) is not None
                for s, info in ((c, StationInfo("C0", "centre", None)), (s1, StationInfo("S1", "street", "xujiahui"))):
                    for table in ("log_entries", "units"):
                        assert synced_rows(s, table, info) == synced_rows(on_hub, table, info), (s.station, table)
                assert check(on_hub) == []
        c.close(), s1.close()


def _serve(tmp_path, url: str, port: int, *extra: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "xhduty", "hub", "serve", "--home", str(tmp_path / "hub"),
                             "--db", url, "--port", str(port), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("hub did not start")


def _count(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as con:
        return con.execute("SELECT count(*) FROM hub_changes").fetchone()[0]


def test_hub_on_postgresql_killed_mid_push_and_restarted(tmp_path):
    many = 4000
    port = free_port()
    with pg_database() as url:
        hub = HubStore.open(tmp_path / "hub", url=url)
        s1 = make_station(tmp_path, "S1")
        enrol(hub, f"http://127.0.0.1:{port}", s1, "street", "xujiahui")
        hub.close()
        with s1.write() as tx:
            for i in range(many):
                duty.append_entry(tx, text=f"第 {i} 条")
        proc = _serve(tmp_path, url, port)
        failed = []

        def push():
            try:
                run_sync(s1)
            except SyncError:
                failed.append(True)

        pushing = threading.Thread(target=push)
        pushing.start()
        deadline, kept = time.monotonic() + 60, 0
        while time.monotonic() < deadline:
            kept = _count(url)
            if kept:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                break
            time.sleep(0.002)
        pushing.join(60)
        assert 0 < kept < many and failed == [True]
        assert _count(url) % PUSH_BATCH == 0                 # whole batches were committed, never part of one
        proc = _serve(tmp_path, url, port)
        try:
            result = run_sync(s1)
            assert result["mismatch"] == [] and state.pending(s1) == 0
        finally:
            proc.terminate()
            proc.wait(30)
        hub = HubStore.open(tmp_path / "hub", url=url)
        try:
            assert _count(url) == many
            with held(hub) as on_hub:
                assert on_hub.one("SELECT count(*) FROM log_entries")[0] == many
                assert check(on_hub) == []                      # the chain is whole: nothing lost or doubled
        finally:
            hub.close()
        s1.close()


def test_several_workers_serve_one_district(tmp_path):
    port = free_port()
    with pg_database() as url:
        hub = HubStore.open(tmp_path / "hub", url=url)
        stations = [make_station(tmp_path, f"S{i}") for i in range(3)]
        c = make_station(tmp_path, "C0", "centre")
        for s in stations:
            enrol(hub, f"http://127.0.0.1:{port}", s, "street", "xujiahui")
        enrol(hub, f"http://127.0.0.1:{port}", c, "centre")
        hub.close()
        for s in stations:
            for i in range(30):
                log(s, f"{s.station} 第{i}条")
        proc = _serve(tmp_path, url, port, "--workers", "2")
        try:
            threads = [threading.Thread(target=run_sync, args=(s,)) for s in stations]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            result = run_sync(c)
            assert (result["pulled"], result["mismatch"]) == (90, [])
            text = httpx.get(f"http://127.0.0.1:{port}/metrics").text
            pushes = sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                         if line.startswith('xhduty_hub_requests_total{route="/v1/push",status="200"}'))
            assert pushes >= 3                             # counted across the worker processes
        finally:
            proc.terminate()
            proc.wait(30)
        for s in (*stations, c):
            s.close()
