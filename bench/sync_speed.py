"""Benchmark: sync over loopback HTTP with a real hub (`xhduty hub serve` in its own process, as a district
runs it: the stations' and the hub's work do not share one Python interpreter).

Targets:
* 100,000 changes pushed from one station and pulled by another in ≤ 10 s (push + pull, wall clock;
  issue 12 — it was 10,000 in issue 6);
* an incremental sync with nothing to do in ≤ 100 ms (median of 20, after the changes are everywhere).
  Such a sync skips the digest comparison (nothing moved since it last succeeded); the time of one that
  compares all of them is printed too.

Baseline in the same run: the same changes merged straight from one station's outbox into a third
station's database (Tx.apply_many in pages, no HTTP, no hub; committed as a pull commits them, see
Store.checkpoint_after and Store.replayable) — the ratio is what the protocol costs on top of merging.  The changes are duty-log entries (append) and creations and edits of mutable contacts.
The CPU time the station's process and the hub's process spent in push and in pull is printed beside
each (on a loaded machine wall time swells; CPU time says whose work it is).

The transfer runs in ``rounds`` (3), each on a fresh hub and fresh stations, and the verdict is on the
median: on this kind of host the same code's transfer time swings by a third from one minute to the next
(10.97–19.9 s for one build), so one round decides nothing.

    .venv/bin/python bench/sync_speed.py [changes=100000] [rounds=3]
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from xhduty.core.duty import duty
from xhduty.core.store import init_station, open_store
from xhduty.hub import registry
from xhduty.hub.store import HubStore
from xhduty.sync import state
from xhduty.sync.client import run_sync

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
TARGET_TRANSFER_S = 10.0
TARGET_NOOP_MS = 100.0


def station(root: Path, code: str, url: str, token: str):
    store = open_store(root / code / "xhduty.db")
    init_station(store, code, code, "centre")
    state.configure(store, url, token)
    return store


def hub_process(home: Path) -> tuple[subprocess.Popen, str]:
    """`xhduty hub serve` on a free loopback port, once it answers; returns the process and its URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "xhduty", "hub", "serve", "--home", str(home), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(url + "/openapi.json", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the hub did not start")


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_round() -> dict:
    """One transfer on a fresh hub and fresh stations: push, pull, the syncs with nothing to do, the baseline.
    Times in seconds (``noop``, ``compared``: lists of ms)."""
    root = Path(tempfile.mkdtemp(prefix="xhduty-bench-sync-"))
    hub = HubStore.open(root / "hub")
    tokens = {code: registry.add_station(hub.store, code, "centre") for code in ("C0", "C1", "C2")}
    hub.close()
    proc, url = hub_process(root / "hub")
    try:
        a, b = station(root, "C0", url, tokens["C0"]), station(root, "C1", url, tokens["C1"])
        with a.write() as tx:
            units = [tx.insert("units", {"name": f"单位{i}"}) for i in range(N // 4)]
            for unit in units:
                tx.update("units", unit, {"duty_phone": "64000000"})
            for i in range(N - 2 * len(units)):
                duty.append_entry(tx, text=f"示例数据：第 {i} 条值班记录")
        made = a.one("SELECT count(*) FROM changes")[0]

        start, cpu0, hub0 = time.perf_counter(), time.process_time(), cpu_of(proc.pid)
        pushed = run_sync(a)["pushed"]
        mid, cpu1, hub1 = time.perf_counter(), time.process_time(), cpu_of(proc.pid)
        pulled = run_sync(b)["pulled"]
        end, cpu2, hub2 = time.perf_counter(), time.process_time(), cpu_of(proc.pid)
        assert pushed == pulled == made, (made, pushed, pulled)

        noop = []
        for _ in range(20):
            t0 = time.perf_counter()
            result = run_sync(b)
            noop.append((time.perf_counter() - t0) * 1000)
            assert result["pushed"] == result["pulled"] == 0
        compared = []                      # the same, with the digest comparison forced (as after a change)
        for _ in range(5):
            with b.write() as tx:
                state.put(tx, "verified", None)
            t0 = time.perf_counter()
            run_sync(b)
            compared.append((time.perf_counter() - t0) * 1000)
        local = station(root, "C2", url, tokens["C2"])
        t0, c0 = time.perf_counter(), time.process_time()
        after = 0                          # by key, not OFFSET: reading page k must not rescan k pages
        with local.checkpoint_after(), local.replayable():       # as a pull writes its pages
            while rows := [dict(r) for r in a.query("SELECT * FROM changes WHERE station_seq > ?"
                                                    " ORDER BY station_seq LIMIT 5000", (after,))]:
                with local.write() as tx:
                    tx.apply_many(rows)
                after = rows[-1]["station_seq"]
        baseline, baseline_cpu = time.perf_counter() - t0, time.process_time() - c0
        a.close(), b.close(), local.close()
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(root, ignore_errors=True)          # a round of 100,000 changes leaves ~300 MB
    return {"made": made, "push": mid - start, "pull": end - mid, "push_station": cpu1 - cpu0, "push_hub": hub1 - hub0,
            "pull_station": cpu2 - cpu1, "pull_hub": hub2 - hub1, "baseline": baseline, "baseline_cpu": baseline_cpu,
            "noop": noop, "compared": compared}


def main() -> int:
    rounds = []
    for number in range(1, ROUNDS + 1):
        r = one_round()
        rounds.append(r)
        transfer = r["push"] + r["pull"]
        sync_cpu = r["push_station"] + r["push_hub"] + r["pull_station"] + r["pull_hub"]
        print(f"round {number}: {r['made']} changes: push {r['push']:.2f} s + pull {r['pull']:.2f} s = {transfer:.2f} s"
              f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        print(f"  CPU time: push — station {r['push_station']:.2f} s, hub {r['push_hub']:.2f} s;"
              f" pull — station {r['pull_station']:.2f} s, hub {r['pull_hub']:.2f} s")
        print(f"  baseline, the same merged locally without HTTP or hub: {r['baseline']:.2f} s"
              f" (CPU {r['baseline_cpu']:.2f} s); sync ÷ baseline = {transfer / r['baseline']:.2f}"
              f" (CPU of station and hub ÷ baseline CPU = {sync_cpu / r['baseline_cpu']:.2f})")
    transfers = sorted(r["push"] + r["pull"] for r in rounds)
    transfer = statistics.median(transfers)
    noop = [ms for r in rounds for ms in r["noop"]]
    median = statistics.median(noop)
    ratios = ", ".join(f"{(r['push'] + r['pull']) / r['baseline']:.2f}" for r in rounds)
    print(f"{rounds[0]['made']} changes pushed and pulled: median of {ROUNDS} rounds {transfer:.2f} s"
          f" (fastest {transfers[0]:.2f} s, slowest {transfers[-1]:.2f} s)  (target ≤ {TARGET_TRANSFER_S:.0f} s)"
          f"  {'OK' if transfer <= TARGET_TRANSFER_S else 'MISSED'}  ratio to target {transfer / TARGET_TRANSFER_S:.2f};"
          f" sync ÷ baseline per round: {ratios}")
    print(f"incremental sync with nothing to do: median {median:.1f} ms, max {max(noop):.1f} ms"
          f"  (target ≤ {TARGET_NOOP_MS:.0f} ms)  {'OK' if median <= TARGET_NOOP_MS else 'MISSED'}")
    print(f"  (for information: the same with the per-table digest comparison of {rounds[0]['made']} changes forced:"
          f" median {statistics.median([ms for r in rounds for ms in r['compared']]):.1f} ms)")
    return 0 if transfer <= TARGET_TRANSFER_S and median <= TARGET_NOOP_MS else 1


if __name__ == "__main__":
    sys.exit(main())
