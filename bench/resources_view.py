"""Benchmark: the resources area's inventory view over the ledger of bench/resources_onhand.py (1,000,000
movements pulled, 2,000 items, 20 depots; built fresh): opening it the first time in the process — Qt's
start-up and fonts paid, on the connection that did the pull (the cold first read of the balances on a
fresh connection is bench/resources_onhand.py) — built, shown, first paint (target ≤ 300 ms); and the
refresh after one booking (the inventory
reads again only the lines of the depot/item booked; no target of its own — issue 13 asks that a one-row
write does not reload the table).  Baseline, measured in the same run: opening it again (fonts and Qt's
own start-up paid).

Run: python bench/resources_view.py [movements]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from resources_onhand import bench_store  # noqa: E402

from xhduty.core.resources import resources  # noqa: E402
from xhduty.ui.context import AppContext  # noqa: E402
from xhduty.ui.ops import run_op  # noqa: E402
from xhduty.ui.qt import QApplication  # noqa: E402
from xhduty.ui.resources.resources_view import View  # noqa: E402

TARGET_MS = 300


def main() -> None:
    app = QApplication.instance() or QApplication([])
    store = bench_store()
    ctx = AppContext(store)
    timings = []
    for _ in range(2):   # the first is what the officer meets; the second, the baseline
        start, start_cpu = time.perf_counter(), time.process_time()
        view = View(ctx)
        view.resize(1234, 700)
        view.show()
        app.processEvents()
        timings.append(((time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000))
        rows = view.inventory.model.rowCount()
        if len(timings) == 1:
            view.close()
            view.deleteLater()
            app.processEvents()
    (first, first_cpu), (again, _) = timings
    print(f"inventory view first open with {rows:,} lines: {first:.0f} ms wall ({first_cpu:.0f} ms CPU) "
          f"(target ≤ {TARGET_MS} ms) {'OK' if first <= TARGET_MS else 'MISSED'}; opened again {again:.0f} ms "
          f"— first is {first / again:.1f}× that")
    ctx.data_changed.connect(view.refresh)
    line = view.inventory.model.row(rows // 2)
    resets = []
    view.inventory.model.modelReset.connect(lambda: resets.append(1))
    start, start_cpu = time.perf_counter(), time.process_time()
    run_op(ctx, view, resources.book, "receive", line["depot_id"], line["item_id"], 10, lot=line["lot"])
    app.processEvents()
    print(f"one receipt booked, from the write to the inventory painted: {(time.perf_counter() - start) * 1000:.0f} ms"
          f" ({(time.process_time() - start_cpu) * 1000:.0f} ms CPU; "
          f"{'the list was read again' if resets else 'only its lines re-read'})")
    print(f"load average while measuring: {Path('/proc/loadavg').read_text().split()[0]} (2 cores)")
    store.close()


if __name__ == "__main__":
    main()
