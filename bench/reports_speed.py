"""Benchmark: the inventory list (应急物资库存清单) of a district's whole stock ledger, 12,677 lines.

What the officer meets: 20 depots keeping some 630 lots each; item names, specs (a few long ones that
wrap in the 22 mm 规格 column, some with < & >), lots, expiry dates, minimums; about one line in five
shaded.  Every record is 示例数据.  The list is printed with ``inventory.write_inventory`` in a fresh
process, as the first print after the program starts (the font loaded inside the time, nothing cached).

Baseline, measured in the same run and also in a fresh process: the old layout path, where every string
cell of a table became a reportlab Paragraph (``pdf._cell`` replaced by ``para(text, "small")`` — exactly
what ``grid`` did before); that took 39–55 s here, with the load of the shared machine.  Target: ≤ 12 s
and at most a third of the baseline.  Why: the officer waits for the PDF before printing it; about
10 s is what remains of reportlab's own work (drawing 114,000 strings and the rules of 500 pages in
pure Python: without the optional ``rl_accel`` package reportlab formats every number and measures every
string in Python — with it, 9 s) once nothing is laid out that need not be; the ratio keeps the target
honest on a slower or busier machine.  The current path is timed three times in fresh processes and the
fastest kept, the baseline once (it would take three minutes): on this shared 2-core machine one run
varies by ±15 %, so the ratio is good to about that.

Run: python bench/reports_speed.py
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xhduty.core.resources import assets
from xhduty.core.resources import stock
from xhduty.core.store import init_station, open_store

LINES = 12_677
TARGET_S = 12.0
TARGET_RATIO = 0.33
RUNS = 3   # the current path is timed this often, the fastest kept (as timeit does): other load only adds
NAMES = ["防汛沙袋", "编织袋", "救生衣", "棉被", "折叠床", "应急照明灯", "潜水泵", "发电机（柴油，5kW）", "帐篷",
         "矿泉水", "方便面", "雨衣", "橡胶雨靴", "警示锥", "灭火器（干粉，4kg）", "担架", "急救包", "对讲机"]
SPECS = ["", "50kg/袋", "XL", "1.5m×2.0m 4斤棉", "12V 60W", "Q=50m³/h H=10m", "550ml×24瓶/箱",
         "MFZ/ABC4 & 附压力表 <合格证>"] * 4 + [
         "聚丙烯编织袋 850×500mm，承重≥50kg，抗老化处理，适用于城市内涝点位临时挡水（按区防汛办2026年技术要求）"]
STREETS = ["漕河泾", "徐家汇", "龙华", "华泾", "田林", "康健", "长桥", "凌云"]

PRINT = """
import sys, time
from pathlib import Path
from xhduty.core.store import open_store
from xhduty.reports import inventory, pdf
if sys.argv[3] == "baseline":
    pdf._cell = lambda text, room: pdf.para(text, "small")   # the old path: a paragraph in every cell
store = open_store(Path(sys.argv[1]))
started = time.perf_counter()
inventory.write_inventory(store, Path(sys.argv[2]))
print(time.perf_counter() - started)
"""


def ledger(folder: Path) -> Path:
    """A station database (示例数据) whose inventory has LINES lines; returns its path."""
    path = folder / "ledger.db"
    store = open_store(path)
    init_station(store, "BENCH", "徐汇区应急物资保障中心（示例数据）", "centre")
    rng = random.Random(7)
    divisions = [r[0] for r in store.query("SELECT code FROM divisions")]
    with store.write() as tx:   # setup only: one transaction to keep it quick
        depots = [assets.save_in(tx, "depots", {"name": f"示例数据 {STREETS[n % 8]}街道应急物资储备点{n:02d}",
                                                "kind": "储备点", "division": divisions[n % len(divisions)]})
                  for n in range(20)]
        items = [assets.save_in(tx, "items", {"name": f"{NAMES[n % len(NAMES)]}{n:03d}", "unit": "件",
                                              "spec": SPECS[n % len(SPECS)], "class_code": f"{1 + n % 3}010100"})
                 for n in range(800)]
        pairs = [(d, i) for d in depots for i in rng.sample(items, 640)][:LINES]
        for n, (depot, item) in enumerate(pairs):
            stock.receive(tx, depot, item, rng.randint(1, 500), lot=f"2026-{n % 12 + 1:02d}批",
                          expires=f"202{6 + n % 3}-{n % 12 + 1:02d}-15", person="张保管")
            if n % 9 == 0:
                stock.set_minimum(tx, depot, item, 1000)
    assert len(stock.inventory(store)) == LINES
    store.close()
    return path


def timed(db: Path, out: Path, path_kind: str) -> float:
    done = subprocess.run([sys.executable, "-c", PRINT, str(db), str(out), path_kind],
                          capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def pages(pdf_path: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="xhduty-bench-reports-"))
    started = time.perf_counter()
    db = ledger(folder)
    print(f"ledger of {LINES:,} inventory lines built in {time.perf_counter() - started:.1f} s (setup, untimed)")
    baseline = timed(db, folder / "baseline.pdf", "baseline")
    print(f"inventory list, old path (a paragraph per cell; baseline): {baseline:.1f} s, "
          f"{pages(folder / 'baseline.pdf')} pages")
    took = min(timed(db, folder / "inventory.pdf", "current") for _ in range(RUNS))
    ok = took <= TARGET_S and took <= TARGET_RATIO * baseline
    print(f"inventory list (fastest of {RUNS}): {took:.1f} s, {pages(folder / 'inventory.pdf')} pages "
          f"(target ≤ {TARGET_S:.0f} s and ≤ {TARGET_RATIO:.2f}× baseline): {took / baseline:.2f}× baseline "
          f"{'OK' if ok else 'MISSED'}")
    print(f"written: {folder}")


if __name__ == "__main__":
    main()
