"""Benchmark: how fast every way of starting xhduty answers, each against a bare baseline in the same run.

- ``xhduty --help`` against ``python -c pass`` (target ≤ 5×);
- ``xhduty log add`` against a bare Python process that opens the same database with the same pragmas and
  makes the same durable insert (one row of the log's shape, synchronous=FULL; target ≤ 5×);
- the window from launch to its first paint on a station with 100,000 log entries, against a bare PySide6
  window painted the same way (target ≤ 0.6 s; ≤ 1 s with 1,000,000 entries).

Modules are compiled before the runs and ``PYTHONDONTWRITEBYTECODE`` is dropped, as an installed xhduty
runs: otherwise every process would compile its modules again and measure that.

Each figure is the median of several fresh processes (the first run of each is discarded: it warms the
page cache).  Run: python bench/cli_start.py [entries] [runs]
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from duty_gui import build_db, station_env, verdict  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 7
TARGETS = {"help_ratio": 5.0, "log_add_ratio": 5.0, "first_paint_s": 0.6 if N <= 100_000 else 1.0}
XHDUTY = [sys.executable, "-m", "xhduty"]

BARE_INSERT = r"""
import os, sqlite3, sys, time, uuid
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA journal_mode=WAL"); con.execute("PRAGMA synchronous=FULL"); con.execute("PRAGMA foreign_keys=ON")
con.execute("CREATE TABLE IF NOT EXISTS bare_log (id TEXT PRIMARY KEY, station TEXT, created_at TEXT, shift_id TEXT,"
            " at TEXT, kind TEXT, text TEXT, prev_hash TEXT, hash TEXT)")
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO bare_log VALUES (?,?,?,?,?,?,?,?,?)", (uuid.uuid4().hex, "BENCH", time.strftime("%FT%T"),
            "s", time.strftime("%FT%T"), "note", "基准：一条值班日志", "0" * 64, "1" * 64))
con.execute("COMMIT")
"""

# Runs the real `xhduty` (cli.main → run_gui) and stops at the main window's first paint.
FIRST_PAINT = r"""
import os, sys, time
t0 = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.isWindow():
            print(time.time() - t0, flush=True)
            os._exit(0)
        return False

watcher = Painted()
_exec = QApplication.exec
def exec_(*_self):
    QApplication.instance().installEventFilter(watcher)
    return _exec()  # a static method in PySide6: the instance passed as self is dropped
QApplication.exec = exec_
if sys.argv[2] == "bare":
    app = QApplication([])
    window = __import__("PySide6.QtWidgets", fromlist=["QWidget"]).QWidget()
    window.resize(1366, 768)
    window.show()
    app.exec()
else:
    from xhduty.cli import main
    main([])
"""


def timed(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - t0


def median_of(run) -> float:
    run()  # warm the page cache
    return statistics.median(run() for _ in range(RUNS))


def first_paint(kind: str, env: dict) -> float:
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT, str(time.time()), kind], env=env, check=True,
                         capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="xhduty-bench-"))
    try:
        t = time.perf_counter()
        build_db(home, N)
        print(f"built a station with {N:,} log entries in {time.perf_counter() - t:.1f} s (fresh, {home})")
        env = station_env(home)
        db = str(home / "xhduty.db")
        results = {}

        bare = median_of(lambda: timed([sys.executable, "-c", "pass"], env))
        help_ = median_of(lambda: timed(XHDUTY + ["--help"], env))
        results["help_ratio"] = help_ / bare
        print(f"xhduty --help        {help_ * 1000:6.0f} ms   python -c pass     {bare * 1000:6.0f} ms   "
              f"{results['help_ratio']:.1f}×  (target ≤ {TARGETS['help_ratio']:.0f}×)")

        bare = median_of(lambda: timed([sys.executable, "-c", BARE_INSERT, db], env))
        add = median_of(lambda: timed(XHDUTY + ["log", "add", "--text", "基准：一条值班日志"], env))
        results["log_add_ratio"] = add / bare
        print(f"xhduty log add       {add * 1000:6.0f} ms   bare durable insert {bare * 1000:5.0f} ms   "
              f"{results['log_add_ratio']:.1f}×  (target ≤ {TARGETS['log_add_ratio']:.0f}×)")

        bare = median_of(lambda: first_paint("bare", env))
        paint = median_of(lambda: first_paint("xhduty", env))
        results["first_paint_s"] = paint
        print(f"window first paint   {paint * 1000:6.0f} ms   bare PySide6 window {bare * 1000:5.0f} ms   "
              f"{paint / bare:.1f}×  (target ≤ {TARGETS['first_paint_s'] * 1000:.0f} ms at {N:,} entries)")

        print(json.dumps(results))
        return verdict([k for k, target in TARGETS.items() if results[k] > target])
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
