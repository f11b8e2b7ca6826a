"""Benchmark: the GUI on a station with 100,000 duty-log entries, all in the current shift (worst case).

Targets: main window shown within 2 s of starting the process; the log view opens on 100,000 entries in
≤ 300 ms; peak memory of the GUI process ≤ 250 MiB after scrolling the whole log.
Run: QT_QPA_PLATFORM=offscreen python bench/duty_gui.py [entries]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xhduty.core.duty import duty
from xhduty.core.store import init_station, open_store

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
TARGETS = {"window_s": 2.0, "log_view_ms": 300, "peak_mib": 250}

CHILD = r"""
import json, os, resource, sys, time
t0 = float(sys.argv[1])
from xhduty.ui.qt import QApplication
from xhduty.ui.app import load_cjk_font
from xhduty.core.store import open_store
from xhduty.ui.context import AppContext
from xhduty.ui.main_window import MainWindow
from xhduty.ui.duty import log_view
app = QApplication([])
load_cjk_font(app)
ctx = AppContext(open_store())
window = MainWindow(ctx)
window.resize(1366, 768)
window.show()
app.processEvents()
shown = time.time() - t0
view = window.show_view("log")
bar = view.table.verticalScrollBar()
for value in range(0, bar.maximum() + 1, max(1, bar.maximum() // 200)):
    bar.setValue(value)
    app.processEvents()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
rows = view.model.rowCount()
start = time.perf_counter()  # a second log view, built from scratch and painted
fresh = log_view.View(ctx)
fresh.resize(1200, 700)
fresh.show()
app.processEvents()
log_ms = (time.perf_counter() - start) * 1000
print(json.dumps({"window_s": shown, "log_view_ms": log_ms, "peak_mib": peak, "rows": rows}))
"""


def build_db(home: Path, n: int = N) -> None:
    """A station in `home` with `n` log entries in its current shift."""
    store = open_store(home / "xhduty.db")
    init_station(store, "BENCH", "基准测试站", "centre")
    shift_id = duty.start_shift(store, "王带班", ["李值班", "张值班"])
    for start in range(0, n, 5000):  # setup only: big transactions to build the data quickly
        with store.write() as tx:
            for i in range(start, min(n, start + 5000)):
                duty.append_entry(tx, shift_id=shift_id, kind="intake" if i % 9 == 0 else "note",
                                  text=f"第{i}条：某街道报某小区地下车库进水，已通知物业排水。",
                                  significant=i % 40 == 0, open_item=i % 500 == 0)
    store.close()


def main() -> None:
    home = Path(tempfile.mkdtemp())
    t = time.perf_counter()
    build_db(home)
    print(f"built {N} entries in {time.perf_counter() - t:.1f} s")
    env = {**os.environ, "XHDUTY_HOME": str(home), "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    out = subprocess.run([sys.executable, "-c", CHILD, str(time.time())], env=env, capture_output=True, text=True,
                         check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    print(f"rows in log view: {result['rows']}")
    for key, target in TARGETS.items():
        value = result[key]
        print(f"  {key:<12} {value:8.2f}  (target ≤ {target})  {'OK' if value <= target else 'MISSED'}")


if __name__ == "__main__":
    main()
