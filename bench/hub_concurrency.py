"""Benchmark: 30 stations sync with one hub at the same time — how many pushed changes a second does it take?

Target (issue 12): ≥ 3,000 pushed changes/s accepted by the hub while 30 stations sync concurrently.

The hub runs as `xhduty hub serve` in its own process; each station is a process of its own (as they are
in the district) that writes its duty-log entries first, waits for the others, then syncs once.  The rate
is changes accepted by the hub ÷ wall time from the first station starting its sync to the last finishing.
Baseline in the same run: one station alone pushing the same number of changes per station; the ratio
says how much the hub gains from concurrency (1.0 = none).

    .venv/bin/python bench/hub_concurrency.py [stations=30] [changes per station=1000]
"""

from __future__ import annotations

import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

TARGET_PER_S = 3000.0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _station(root: str, code: str, url: str, token: str, n: int, ready, go, out) -> None:
    from xhduty.core.duty import duty
    from xhduty.core.store import init_station, open_store
    from xhduty.sync import state
    from xhduty.sync.client import run_sync

    store = open_store(Path(root) / code / "xhduty.db")
    init_station(store, code, code, "street")
    state.configure(store, url, token)
    with store.write() as tx:
        for i in range(n):
            duty.append_entry(tx, text=f"示例数据：{code} 第 {i} 条值班记录")
    ready.wait()
    go.wait()
    start = time.perf_counter()
    result = run_sync(store)
    out.put((code, start, time.perf_counter(), result["pushed"], len(result["refused"]) + len(result["waiting"])))
    store.close()


def _round(root: Path, url: str, tokens: dict[str, str], n: int) -> tuple[float, int, int]:
    """All stations in ``tokens`` sync at once; returns (seconds, changes pushed, not accepted)."""
    ctx = mp.get_context("spawn")
    ready, go, out = ctx.Barrier(len(tokens) + 1), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_station, args=(str(root), code, url, token, n, ready, go, out))
             for code, token in tokens.items()]
    for p in procs:
        p.start()
    ready.wait(600)
    go.set()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    start, end = min(r[1] for r in results), max(r[2] for r in results)
    return end - start, sum(r[3] for r in results), sum(r[4] for r in results)


def main() -> int:
    stations = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    root = Path(tempfile.mkdtemp(prefix="xhduty-bench-hub-"))
    from xhduty.hub import registry
    from xhduty.hub.store import HubStore

    hub = HubStore.open(root / "hub")
    tokens = {f"S{i:02d}": registry.add_station(hub.store, f"S{i:02d}", "street", "xujiahui")
              for i in range(stations + 1)}
    hub.close()
    port = _free_port()
    env = {**os.environ, "XHDUTY_HOME": str(root)}
    proc = subprocess.Popen([sys.executable, "-m", "xhduty", "hub", "serve", "--home", str(root / "hub"),
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/openapi.json")
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        alone, alone_n, _ = _round(root, url, {"S00": tokens.pop("S00")}, n)
        took, pushed, left = _round(root, url, tokens, n)
    finally:
        proc.terminate()
        proc.wait()
    rate, baseline = pushed / took, alone_n / alone
    print(f"{stations} stations × {n} changes synced at once: {pushed} pushed in {took:.2f} s = {rate:,.0f} changes/s"
          f"  (target ≥ {TARGET_PER_S:,.0f}/s)  {'OK' if rate >= TARGET_PER_S else 'MISSED'}"
          f"  ratio to target {rate / TARGET_PER_S:.2f}")
    print(f"  baseline, one station alone: {alone_n} in {alone:.2f} s = {baseline:,.0f} changes/s;"
          f" concurrent ÷ alone = {rate / baseline:.2f}; not accepted: {left}")
    return 0 if rate >= TARGET_PER_S and left == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
