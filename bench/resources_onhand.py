"""Benchmark: stock on hand from a ledger of 100,000 movements over 2,000 items and 20 depots.

Target: on hand for all items ≤ 100 ms; the first read on a fresh connection ≤ 300 ms.  Also prints the
inventory query the window and the daily check use (every lot with its depot total and minimum).  The
database is built fresh for each run through the write path (receipts, FEFO issues, transfers,
stocktakes — the balance trigger fires on every one).  Baseline, measured in the same run: the ledger
summed directly (what on-hand cost before balances were kept).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from xhduty.core.resources import assets
from xhduty.core.resources import stock
from xhduty.core.store import Store, init_station, open_store

TARGET_MS = 100
DEPOTS, ITEMS, MOVEMENTS = 20, 2000, 100_000
DB = Path(tempfile.mkdtemp(prefix="xhduty-bench-resources-")) / f"ledger-{MOVEMENTS}.db"


def bench_store() -> Store:
    """The benchmark database (示例数据), built fresh in this process' own temp directory."""
    if DB.exists():
        return open_store(DB)
    part = DB.with_name(DB.name + ".building")
    store = open_store(part)
    init_station(store, "BENCH", "基准测试站（示例数据）", "centre")
    rng = random.Random(4)
    divisions = [r[0] for r in store.query("SELECT code FROM divisions")]
    started = time.perf_counter()
    with store.write() as tx:
        depots = [assets.save_in(tx, "depots", {"name": f"示例数据 储备点{n:02d}", "kind": "储备点",
                                                "division": divisions[n % len(divisions)]}) for n in range(DEPOTS)]
        items = [assets.save_in(tx, "items", {"name": f"示例数据 物资{n:04d}", "class_code": f"{1 + n % 3}010100",
                                              "unit": "件"}) for n in range(ITEMS)]
        for n in range(0, ITEMS * 4, 2):
            stock.set_minimum(tx, depots[n % DEPOTS], items[n % ITEMS], 50)
        booked = 0
        while booked < MOVEMENTS:
            d, i = rng.choice(depots), rng.choice(items)
            roll = rng.random()
            if roll < 0.45:
                moved = stock.receive(tx, d, i, rng.randint(10, 200), lot=f"L{rng.randint(1, 3)}",
                                      expires=f"202{rng.randint(6, 9)}-0{rng.randint(1, 9)}-15")
            elif roll < 0.85:
                moved = stock.issue(tx, d, i, rng.randint(1, 80), confirm=True)
            elif roll < 0.95:
                moved = stock.transfer(tx, d, rng.choice([x for x in depots if x != d]), i, rng.randint(1, 30),
                                       confirm=True)
            else:
                moved = [stock.count(tx, d, i, rng.randint(0, 100), lot="L1")]
            booked += len(moved)
    store.close()
    part.rename(DB)
    print(f"built {DB} in {time.perf_counter() - started:.0f} s")
    return open_store(DB)


def timed(fn, runs: int = 7) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds (CPU shows the cost when other work shares the 2 cores)."""
    fn()  # warm the page cache
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def verdict(label: str, ms: tuple[float, float], target: float | None) -> None:
    wall, cpu = ms
    goal = f"(target ≤ {target:.0f} ms) {'OK' if wall <= target else 'MISSED'}" if target else "(no target)"
    print(f"{label}: {wall:.1f} ms wall, {cpu:.1f} ms CPU {goal}")


def main() -> None:
    store = bench_store()
    count = store.one("SELECT count(*) FROM stock_movements")[0]
    lots = len(stock.on_hand(store))
    on_hand = timed(lambda: stock.on_hand(store))
    verdict(f"on hand, all {lots} depot/item/lot balances from {count} movements", on_hand, TARGET_MS)
    ledger = timed(lambda: store.query("SELECT depot_id, item_id, lot, sum(qty), max(expires) FROM stock_movements "
                                       "GROUP BY depot_id, item_id, lot HAVING sum(qty) <> 0"))
    print(f"  baseline: the ledger summed directly {ledger[0]:.1f} ms — on hand is {on_hand[0] / ledger[0]:.2f}× that")
    pairs = len(stock.item_totals(store))
    verdict(f"on hand, all {pairs} depot/item totals", timed(lambda: stock.item_totals(store)), TARGET_MS)
    rows = len(stock.inventory(store))
    verdict(f"inventory lines for the view ({rows}, with totals, minimums, states)",
            timed(lambda: stock.inventory(store), runs=5), None)
    store.close()   # the first read after a pull, in a fresh process' cold connection
    store = open_store(DB)
    start = time.perf_counter()
    stock.on_hand(store)
    print(f"first read on a fresh connection ({count} movements; balances kept by the write path): "
          f"{(time.perf_counter() - start) * 1000:.0f} ms (target ≤ 300 ms)")
    item = store.one("SELECT item_id FROM stock_movements LIMIT 1")[0]
    verdict("stock card of one item (all depots)", timed(lambda: stock.stock_card(store, item)), None)
    uptime = Path("/proc/loadavg")
    if uptime.exists():
        print(f"load average while measuring: {uptime.read_text().split()[0]} (2 cores)")
    store.close()


if __name__ == "__main__":
    main()
