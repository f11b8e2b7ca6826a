"""Benchmark: the statistics charts and the situation board over five years of 示例数据.

Targets (issue 7): with 50,000 incidents and 1,000,000 log entries, each chart redraws in ≤ 200 ms after a
filter change, and a board refresh costs ≤ 50 ms of the GUI thread.

Setup (not measured): the data are generated through the write path in large transactions
(``core.stat_sample``) into a temporary station, or reused from ``--db PATH`` when that file exists.
Measured, per chart: wall time from a change of one filter widget (date range, division, day/week) until
the chart is redrawn and the window has processed its events (painting included), over a sequence of
changes that reaches five years; the slowest is compared with the target.  Board: GUI-thread time of
taking a finished snapshot onto the screen (rendering the panels, setting the labels, painting), and the
longest the GUI thread is held while a refresh runs the real way — the snapshot on a worker, whose Python
holds the interpreter lock in turns with the GUI thread (a timer firing every millisecond on the GUI thread
measures the gaps); the snapshot's own time is printed for information.

    python bench/stats_speed.py [--incidents 50000] [--entries 1000000] [--db /tmp/stats-bench.db]
                                [--only charts|board]
"""

from __future__ import annotations

import argparse
import os
import statistics as pystats
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from xhduty.core import clock  # noqa: E402
from xhduty.core.stats import board
from xhduty.core.stats import sample_data
from xhduty.core.store import init_station, open_store  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from duty_gui import longest_hold  # noqa: E402

CHART_TARGET_MS = 200
BOARD_TARGET_MS = 50
END = clock.parse("2026-06-30T12:00")


def setup(path: Path, incidents: int, entries: int) -> None:
    if path.exists():
        print(f"数据：沿用 {path}")
        return
    store = open_store(path)
    init_station(store, "XH-BENCH", "示例数据 基准站", "centre")
    started = time.perf_counter()

    def progress(what, done, total):
        print(f"\r生成 {what} {done:,}/{total:,}  {time.perf_counter() - started:6.1f} s", end="", flush=True)

    with clock.frozen(END):
        written = sample_data.generate(store, end=END, days=5 * 365, incidents=incidents, log_entries=entries,
                                       runs=incidents // 25, seed=2026, progress=progress)
    store.close()
    print(f"\n生成用时 {time.perf_counter() - started:.0f} s（不计入测量）：{written}")


def filter_changes():
    """One widget changed at a time (each change is one redraw), as an officer clicks through them."""
    five_years = END.date() - timedelta(days=5 * 365 - 1)
    return [
        ("街镇 → 龙华街道（近 30 天）", dict(division="longhua")),
        ("街镇 → 全区", dict(division=None)),
        ("开始 → 近一年", dict(start=date(2025, 7, 1))),
        ("周期 → 按周", dict(period="week")),
        ("开始 → 五年（按周）", dict(start=five_years)),
        ("周期 → 按日（五年）", dict(period="day")),
        ("街镇 → 徐家汇街道（五年）", dict(division="xujiahui")),
        ("开始 → 近 30 天", dict(start=date(2026, 6, 1))),
    ]


def held_during_refresh(app, panel) -> float:
    """Longest GUI-thread gap while ``panel`` refreshes as in the app (snapshot on a worker)."""
    clock.advance(timedelta(minutes=1))
    panel.snapshot = None
    panel.reload()
    return longest_hold(app, lambda: panel.snapshot is not None and not panel._busy)


def held_idle(app) -> float:
    """The same gap measure over 300 ms of an idle event loop: the machine's own noise."""
    end = time.perf_counter() + 0.3
    return longest_hold(app, lambda: time.perf_counter() > end)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=50_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--only", choices=("charts", "board"))
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="xhduty-stats-bench-"))
    path = args.db or home / "station.db"
    setup(path, args.incidents, args.entries)

    from xhduty.core.stats import charts
    from xhduty.ui.app import load_cjk_font
    from xhduty.ui.context import AppContext
    from xhduty.ui.qt import QApplication
    from xhduty.ui.stats.board_view import BoardPanel
    from xhduty.ui.stats.stats_view import View

    app = QApplication.instance() or QApplication(sys.argv)
    load_cjk_font(app)
    store = open_store(path)
    counts = {t: store.one(f"SELECT count(*) FROM {t}")[0] for t in ("incidents", "incident_reports", "log_entries",
                                                                      "notify_attempts", "stock_movements")}
    print("数据量：" + "，".join(f"{t} {n:,}" for t, n in counts.items()))
    load = os.getloadavg()
    with clock.frozen(END):
        view = View(AppContext(store))
        view.resize(1366, 700)
        view.show()
        app.processEvents()
        t0 = time.perf_counter()
        charts.on_time_by_level(store, view.current_filter())   # first look: judges settled incidents once
        print(f"首次判定已结束事件（只做一次，结果保存在本站）：{time.perf_counter() - t0:.1f} s")
        worst = {}
        for index, key in enumerate(charts.CHARTS if args.only != "board" else ()):
            view.tabs.setCurrentIndex(index)
            app.processEvents()
            times = []
            view.set_filter(start=date(2026, 6, 1), end=END.date(), division=None, period="day")
            app.processEvents()
            for what, change in filter_changes():
                t0 = time.perf_counter()
                view.set_filter(**change)   # the widget's signal redraws the chart on screen
                app.processEvents()
                times.append(((time.perf_counter() - t0) * 1000, what))
            worst[key] = max(times)
            print(f"{key:12s} 重绘 最慢 {worst[key][0]:6.1f} ms（{worst[key][1]}） 中位 "
                  f"{pystats.median(t for t, _ in times):6.1f} ms  目标 ≤ {CHART_TARGET_MS} ms  "
                  f"{'达标' if worst[key][0] <= CHART_TARGET_MS else '未达标'}")

        panel = BoardPanel(store)
        panel.timer.stop()
        panel.resize(1920, 1080)
        panel.show()
        while panel.snapshot is None or panel._busy:   # its first snapshot, asked for when it was made
            app.processEvents()
        app.processEvents()
        snaps, gui = [], []
        for _ in range(10):
            clock.advance(timedelta(minutes=1))   # the header's time changes: every refresh repaints
            t0 = time.perf_counter()
            snap = board.snapshot(store)     # on a worker thread in the app; timed here for information
            snaps.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            panel.show_snapshot(snap)
            panel.repaint()                       # paint now, inside the measurement
            app.processEvents()
            gui.append((time.perf_counter() - t0) * 1000)
        print(f"值班态势 GUI 线程 最慢 {max(gui):5.1f} ms 中位 {pystats.median(gui):5.1f} ms  "
              f"目标 ≤ {BOARD_TARGET_MS} ms  {'达标' if max(gui) <= BOARD_TARGET_MS else '未达标'}；"
              f"快照（工作线程）中位 {pystats.median(snaps):.1f} ms")
        held = [held_during_refresh(app, panel) for _ in range(5)]
        gui.append(max(held))
        print(f"值班态势 刷新期间 GUI 线程最长被占 最慢 {max(held):5.1f} ms 中位 {pystats.median(held):5.1f} ms  "
              f"目标 ≤ {BOARD_TARGET_MS} ms  {'达标' if max(held) <= BOARD_TARGET_MS else '未达标'}"
              f"（同一进程中空转的基线：{held_idle(app):.1f} ms）")
    print(f"机器负载（1/5/15 分钟）：{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}，CPU {os.cpu_count()} 核")
    ok = all(t <= CHART_TARGET_MS for t, _ in worst.values()) and max(gui) <= BOARD_TARGET_MS
    store.close()
    return 0 if ok else 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # leave without the interpreter's final garbage collection: PySide6 with pyqtgraph widgets still
    # alive aborts there ("none_dealloc"), which would hide the exit status that says whether targets hold
    os._exit(code)
