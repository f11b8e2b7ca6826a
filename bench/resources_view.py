"""Benchmark: the resources area's inventory view opening over the 100,000-movement ledger of
bench/resources_onhand.py (2,000 items, 20 depots).  Target: open (built, shown, first paint) ≤ 300 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from resources_onhand import bench_store  # noqa: E402

from xhduty.ui.context import AppContext  # noqa: E402
from xhduty.ui.qt import QApplication  # noqa: E402
from xhduty.ui.resources.resources_view import View  # noqa: E402

TARGET_MS = 300


def main() -> None:
    app = QApplication.instance() or QApplication([])
    store = bench_store()
    ctx = AppContext(store)
    wall, cpu = [], []
    for run in range(6):
        start, start_cpu = time.perf_counter(), time.process_time()
        view = View(ctx)
        view.resize(1234, 700)
        view.show()
        app.processEvents()
        took, took_cpu = (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000
        rows = view.inventory.model.rowCount()
        view.close()
        view.deleteLater()
        app.processEvents()
        if run:  # the first run pays for fonts and Qt's own start-up
            wall.append(took)
            cpu.append(took_cpu)
    ms = statistics.median(wall)
    print(f"inventory view open with {rows} lines: median {ms:.0f} ms wall ({statistics.median(cpu):.0f} ms CPU), "
          f"worst {max(wall):.0f} ms (target ≤ {TARGET_MS} ms) {'OK' if ms <= TARGET_MS else 'MISSED'}")
    print(f"load average while measuring: {Path('/proc/loadavg').read_text().split()[0]} (2 cores)")
    store.close()


if __name__ == "__main__":
    main()
