"""Benchmark: stock on hand, first read after a pull of 1,000,000 movements (issue 13: ≤ 300 ms).

What the officer meets: the district's stations booked a million movements (receipts, issues, transfers,
stocktakes; 20 depots, a catalogue of 2,000 items of which each depot keeps 200, in up to 3 lots — about
12,000 balances, so a pair has some 250 movements: years of a district's ledger); this station pulls them
from the hub — applied as a
pull applies them, through ``Tx.apply_many`` in pages of 5,000 (the balance trigger fires on every one) —
and then opens the inventory.  The first read is timed in a fresh process on a cold connection to the
database built fresh for this run: on hand for every depot/item/lot (``stock.on_hand``, target ≤ 300 ms)
and the inventory lines the window shows (``stock.inventory``: totals, minimums, states; no target of its
own, the window's opening is bench/resources_view.py).  Baseline, measured in the same fresh process: the
ledger summed directly (what on hand cost before balances were kept).  Warm reads are printed too, with no
target.  Every record is 示例数据.

Run: python bench/resources_onhand.py [movements]
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xhduty.core import ids
from xhduty.core.resources import assets
from xhduty.core.resources import stock
from xhduty.core.store import Store, init_station, open_store

FIRST_READ_TARGET_MS = 300
DEPOTS, ITEMS, KEPT = 20, 2000, 200   # depots, catalogue, items each depot keeps
MOVEMENTS = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1_000_000
PAGE = 5000           # changes a pull applies in one transaction (sync.client.PULL_PAGE)
STATIONS = [f"XH-{n:02d}" for n in range(1, 14)]


def bench_store(movements: int = MOVEMENTS) -> Store:
    """A station database (示例数据) built fresh in this process' own temp directory: its registers written
    here, ``movements`` stock movements pulled from other stations."""
    path = Path(tempfile.mkdtemp(prefix="xhduty-bench-resources-")) / f"ledger-{movements}.db"
    store = open_store(path)
    init_station(store, "BENCH", "基准测试站（示例数据）", "centre")
    rng = random.Random(4)
    divisions = [r[0] for r in store.query("SELECT code FROM divisions")]
    with store.write() as tx:
        depots = [assets.save_in(tx, "depots", {"name": f"示例数据 储备点{n:02d}", "kind": "储备点",
                                                "division": divisions[n % len(divisions)]}) for n in range(DEPOTS)]
        items = [assets.save_in(tx, "items", {"name": f"示例数据 物资{n:04d}", "class_code": f"{1 + n % 3}010100",
                                              "unit": "件"}) for n in range(ITEMS)]
        for n in range(0, ITEMS * 4, 2):
            stock.set_minimum(tx, depots[n % DEPOTS], items[n % ITEMS], 50)
    started = time.perf_counter()
    kept = [(depot, item) for depot in depots for item in rng.sample(items, KEPT)]
    pulled, seq = 0, {s: 0 for s in STATIONS}
    ms = int(time.time() * 1000) - movements   # stamps in the past, one millisecond apart
    while pulled < movements:
        page = []
        for _ in range(min(PAGE, movements - pulled)):
            station = rng.choice(STATIONS)
            seq[station] += 1
            ms += 1
            page.append(_movement(rng, station, seq[station], ms, *rng.choice(kept)))
        with store.write() as tx:
            tx.apply_many(page)
        pulled += len(page)
    print(f"built {path}: {movements:,} movements pulled from {len(STATIONS)} stations in "
          f"{time.perf_counter() - started:.0f} s ({movements / (time.perf_counter() - started):,.0f}/s)")
    return store


def _movement(rng: random.Random, station: str, seq: int, ms: int, depot: str, item: str) -> dict:
    """One movement as the hub sends it: a change inserting a ``stock_movements`` row."""
    roll = rng.random()
    kind, qty = (("receive", rng.randint(10, 200)) if roll < 0.45 else ("issue", -rng.randint(1, 80))
                 if roll < 0.85 else ("transfer_in", rng.randint(1, 30)) if roll < 0.92 else
                 ("transfer_out", -rng.randint(1, 30)) if roll < 0.97 else ("count", rng.randint(-20, 20)))
    at = time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.localtime(ms / 1000))
    record = {"id": ids.new_id(), "station": station, "created_at": at, "at": at, "kind": kind,
              "depot_id": depot, "item_id": item, "lot": f"L{rng.randint(1, 3)}",
              "expires": f"202{rng.randint(6, 9)}-0{rng.randint(1, 9)}-15", "qty": qty, "person": "示例数据",
              "party": "", "reason": ""}
    return {"change_id": ids.new_id(), "station": station, "station_seq": seq, "hlc": f"{ms:013d}.00000.{station}",
            "tbl": "stock_movements", "record_id": record["id"], "op": "insert",
            "fields": json.dumps(record, ensure_ascii=False), "prev": None}


def first_read(path: str) -> None:
    """In a fresh process: the first reads on a cold connection, then the baseline and warm reads."""
    started = time.perf_counter()
    store = open_store(Path(path))
    opened = (time.perf_counter() - started) * 1000
    start, start_cpu = time.perf_counter(), time.process_time()
    balances = stock.on_hand(store)
    cold, cold_cpu = (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000
    start = time.perf_counter()
    lines = len(stock.inventory(store))
    cold_inventory = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    store.query("SELECT depot_id, item_id, lot, sum(qty), max(expires) FROM stock_movements "
                "GROUP BY depot_id, item_id, lot HAVING sum(qty) <> 0")
    ledger = (time.perf_counter() - start) * 1000
    count = store.one("SELECT count(*) FROM stock_movements")[0]
    print(f"first read after the pull, fresh process (connection opened in {opened:.0f} ms):")
    print(f"  on hand, all {len(balances):,} depot/item/lot balances of {count:,} movements: {cold:.0f} ms ({cold_cpu:.0f} ms CPU) "
          f"(target ≤ {FIRST_READ_TARGET_MS} ms) {'OK' if cold <= FIRST_READ_TARGET_MS else 'MISSED'}")
    print(f"  inventory lines the window shows ({lines:,}, with totals, minimums, states): {cold_inventory:.0f} ms "
          "(no target of its own: see bench/resources_view.py)")
    print(f"  baseline, the ledger summed directly: {ledger:.0f} ms — on hand takes {cold / ledger:.3f}× that")
    warm = statistics.median(_timed(lambda: stock.on_hand(store)))
    print(f"warm: on hand {warm:.1f} ms, inventory {statistics.median(_timed(lambda: stock.inventory(store), 3)):.1f} ms"
          " (no target)")
    print(f"load average while measuring: {Path('/proc/loadavg').read_text().split()[0]} (2 cores)")
    store.close()


def _timed(fn, runs: int = 5) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--first-read":
        first_read(sys.argv[2])
        return
    store = bench_store()
    path = str(store.path)
    store.close()
    subprocess.run([sys.executable, __file__, "--first-read", path], check=True)


if __name__ == "__main__":
    main()
