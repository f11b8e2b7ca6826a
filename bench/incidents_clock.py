"""The reporting clock under load: 200 open incidents (and 800 closed) with their reports and tasks.

Measures what runs every minute and on every change: the incident list with every deadline computed
(target ≤ 150 ms — the view reloads it after each write) and the report and task checks of
``jobs.run_due`` (target ≤ 300 ms together — the scheduler runs them every minute).
Run: python bench/incidents_clock.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta

LIST_TARGET_MS = 150.0
CHECK_TARGET_MS = 300.0
OPEN, CLOSED = 200, 800


def _median_ms(fn, runs: int = 9) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    os.environ["XHDUTY_HOME"] = tempfile.mkdtemp(prefix="xhduty-bench-")
    from xhduty.core import clock, jobs
    from xhduty.core.duty import duty
    from xhduty.core.incidents import reminders
    from xhduty.core.incidents import incidents
    from xhduty.core.incidents import assignments
    from xhduty.core.store import init_station, open_store

    store = open_store()
    init_station(store, "BENCH", "基准测试站", "centre")
    rng = random.Random(3)
    types = [r[0] for r in store.query("SELECT code FROM event_types WHERE parent IS NOT NULL")]
    start = clock.parse("2026-11-01T08:00")
    with clock.frozen(start):
        duty.start_shift(store, "王带班", ["李值班"])
    made = time.perf_counter()
    for n in range(OPEN + CLOSED):
        with clock.frozen(start + timedelta(minutes=40 * n)):
            iid = incidents.open_incident(store, title=f"基准事件 {n}（示例数据）", type_code=rng.choice(types),
                                          level=rng.choice(["I", "II", "III", "IV", "U"]), place="徐汇区")
            clock.advance(timedelta(minutes=10))
            incidents.submit_report(store, iid, stage="first", channel="written", text="首报")
            clock.advance(timedelta(minutes=10))
            incidents.submit_report(store, iid, stage="followup", channel="written", text="续报")
            assignments.give_task(store, instruction="核实情况", owner_unit="街道", incident_id=iid,
                            due_at=clock.now() + timedelta(hours=2))
            if n < CLOSED:
                incidents.submit_report(store, iid, stage="final", channel="written", text="终报")
    print(f"made {OPEN + CLOSED} incidents in {time.perf_counter() - made:.1f} s")

    with clock.frozen(start + timedelta(minutes=40 * (OPEN + CLOSED) + 30)):
        listed = incidents.list_incidents(store)
        list_ms = _median_ms(lambda: incidents.list_incidents(store))
        check_ms = _median_ms(lambda: (reminders.report_alerts(store), reminders.task_alerts(store)))
        jobs.run_due(store)  # and once for real: raises and logs the alerts
    print(f"incident list ({len(listed)} incidents): median {list_ms:.1f} ms   target ≤ {LIST_TARGET_MS:.0f} ms")
    print(f"report + task checks:             median {check_ms:.1f} ms   target ≤ {CHECK_TARGET_MS:.0f} ms")
    ok = list_ms <= LIST_TARGET_MS and check_ms <= CHECK_TARGET_MS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
