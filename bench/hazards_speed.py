"""Benchmark: the hazard register over five years of 示例数据, and attaching a 10 MB photo.

Targets (issue 17):
* the register of 100,000 hazards opens (query, model, painted) in ≤ 100 ms;
* the trend charts over 5 years redraw in ≤ 200 ms (by month, by category, by 街镇);
* attaching a 10 MB photo (hash, full decode, thumbnail on a worker) never blocks the GUI thread > 50 ms.

Setup (not measured): 100,000 hazards through the write path in transactions of 5,000, spread over five
years, with about 70 % rectified, into a temporary station (or reused with ``--db PATH``).
Measured: wall time of ``RegisterPane.reload()`` plus the events it leaves (painting), best and worst of 5;
``TrendPane.redraw()`` likewise for each grouping; for the photo, the longest gap between ticks of a 5 ms
GUI-thread timer while the strip checks and stores the file, against the longest gap while idle for the same
time (the baseline).  Baseline for the other two: fetching every hazard id (``SELECT id``, one pass over
an index of 100,000 entries), in the same run.

    python bench/hazards_speed.py [--hazards 100000] [--db /tmp/hazards-bench.db]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from xhduty.core import clock  # noqa: E402
from xhduty.core.hazards import hazards  # noqa: E402
from xhduty.core.store import init_station, open_store  # noqa: E402

LIST_TARGET_MS = 100
TREND_TARGET_MS = 200
BLOCK_TARGET_MS = 50
TODAY = date(2026, 11, 30)
STREETS = ("漕溪北路", "龙华中路", "田林路", "虹梅路", "斜土路", "凌云路", "天钥桥路", "宜山路", "中山南二路", "桂林路")


def setup(path: Path, count: int) -> None:
    if path.exists():
        print(f"数据：沿用 {path}")
        return
    store = open_store(path)
    init_station(store, "XH-BENCH", "示例数据 基准站", "centre")
    rnd = random.Random(17)
    divisions = [r[0] for r in store.query("SELECT code FROM divisions")]
    started = time.perf_counter()
    with clock.frozen(clock.parse(f"{TODAY}T12:00")):
        for batch in range(0, count, 5000):
            with store.write() as tx:
                for _ in range(min(5000, count - batch)):
                    found = TODAY - timedelta(days=rnd.randrange(5 * 365))
                    deadline = found + timedelta(days=rnd.randint(7, 60))
                    address = f"{rnd.choice(STREETS)} {rnd.randint(1, 400)} 号"
                    done = found + timedelta(days=rnd.randint(3, 80))
                    state = "registered"
                    if done <= TODAY and rnd.random() < 0.7:
                        state = "closed" if rnd.random() < 0.6 else "rectified"
                    elif rnd.random() < 0.5:
                        state = "rectifying"
                    fields, _ = hazards.clean(store, dict(
                        found_on=found, finder="示例数据", found_by=rnd.choice(hazards.FOUND_BY),
                        division=rnd.choice(divisions), address=address, category=rnd.choice(hazards.CATEGORIES),
                        level="重大" if rnd.random() < 0.05 else "一般", description="示例数据",
                        unit="示例数据 单位", deadline=deadline))
                    hid = hazards.insert_checked(tx, fields, "示例数据")
                    if state != "registered":
                        tx.update("hazards", hid, {"state": state,
                                                   "rectified_on": done.isoformat() if state in ("rectified", "closed") else None})
            print(f"\r生成 {batch + 5000:,}/{count:,}  {time.perf_counter() - started:6.1f} s", end="", flush=True)
    store.close()
    print(f"\n生成用时 {time.perf_counter() - started:.0f} s（不计入测量）")


def timed(fn, app, runs: int = 5) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        app.processEvents()
        out.append((time.perf_counter() - t) * 1000)
    return out


def longest_gap(app, until, seconds: float | None = None) -> tuple[float, float]:
    """Run the event loop with a 5 ms timer until ``until()`` (or for ``seconds``); longest gap and duration."""
    from xhduty.ui.qt import QTimer

    ticks = [time.perf_counter()]
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    start = time.perf_counter()
    while not until() if seconds is None else time.perf_counter() - start < seconds:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    ticks.append(time.perf_counter())
    return max(b - a for a, b in zip(ticks, ticks[1:])) * 1000, time.perf_counter() - start


def ten_mb_photo(path: Path) -> Path:
    from PIL import Image

    side = 2900
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path, "JPEG", quality=96)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hazards", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="xhduty-bench-"))
    path = args.db or home / "bench.db"
    setup(path, args.hazards)

    from xhduty.ui.qt import QApplication
    from xhduty.ui.app import load_cjk_font
    from xhduty.ui.context import AppContext
    from xhduty.ui.hazards.hazards_view import View

    app = QApplication.instance() or QApplication(sys.argv)
    load_cjk_font(app)
    store = open_store(path)
    n = store.one("SELECT count(*) FROM hazards")[0]
    ctx = AppContext(store)
    results = []
    with clock.frozen(clock.parse(f"{TODAY}T12:00")):
        view = View(ctx)
        view.resize(1366, 768)
        view.show()
        app.processEvents()
        base_ids = min(timed(lambda: store.query("SELECT id FROM hazards"), app))
        reg = timed(view.register.reload, app)
        results.append((f"隐患台账 {n:,} 条（打开/刷新）", max(reg), LIST_TARGET_MS, base_ids, "SELECT id"))
        view.tabs.setCurrentWidget(view.trends)
        app.processEvents()
        view.trends.period.setCurrentIndex(view.trends.period.findData(5))
        for by in ("month", "category", "division"):
            view.trends.by.setCurrentIndex(view.trends.by.findData(by))
            took = timed(view.trends.redraw, app)
            results.append((f"趋势图 5 年 {by}", max(took), TREND_TARGET_MS, base_ids, "SELECT id"))
        view.tabs.setCurrentWidget(view.register)
        view.register.select(view.register.model.ids[0])
        app.processEvents()
        photo = ten_mb_photo(home / "现场照片.jpg")
        strip = view.register.detail.before
        before = len(strip.items())
        idle_gap, _ = longest_gap(app, lambda: False, seconds=1.5)
        strip.add_files([photo])
        gap, took = longest_gap(app, lambda: strip.busy == 0 and len(strip.items()) > before)
        results.append((f"附加 {photo.stat().st_size / 1048576:.1f} MB 照片（{took:.2f} s 完成）：GUI 线程最长停顿", gap,
                        BLOCK_TARGET_MS, idle_gap, "空闲时最长停顿"))
    print(f"\n{'项目':<44}{'实测 ms':>10}{'目标 ms':>10}{'基线 ms':>10}{'倍数':>8}  基线")
    failed = 0
    for name, ms, target, base, base_name in results:
        ok = ms <= target
        failed += not ok
        print(f"{name:<44}{ms:>10.1f}{target:>10}{base:>10.1f}{ms / base if base else 0:>8.1f}  {base_name}"
              f"  {'达标' if ok else '未达标'}")
    store.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
