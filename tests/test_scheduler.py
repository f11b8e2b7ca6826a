"""The window's scheduled jobs after sleep: a run missed while the laptop slept runs once on wake.

APScheduler's default grace time (1 s) would skip it until its next slot — the hourly backup could come up
to 59 minutes late.  The scheduler is paused here to stand for the sleep."""

from __future__ import annotations

import time

from apscheduler.schedulers.background import BackgroundScheduler

from xhduty.ui.app import Job, add_jobs


def test_a_job_missed_while_asleep_runs_once_on_wake_and_the_default_would_skip_it():
    runs = {"ours": 0, "default": 0, "often": 0}

    def probe(name):
        runs[name] += 1

    ours = BackgroundScheduler(timezone="Asia/Shanghai")
    default = BackgroundScheduler(timezone="Asia/Shanghai")
    add_jobs(ours, [(Job("probe", 3, probe), ("ours",))])
    add_jobs(default, [(Job("probe", 3, probe, misfire_grace_time=1), ("default",))])  # APScheduler's default
    often = BackgroundScheduler(timezone="Asia/Shanghai")
    add_jobs(often, [(Job("probe", 1.5, probe), ("often",))])  # slots at 1.5, 3 and 4.5 s missed
    for scheduler in (ours, default, often):
        scheduler.start(paused=True)
    time.sleep(5.0)  # asleep through the slot at 3 s: awake 2 s after it, 1 s before the next
    for scheduler in (ours, default, often):
        scheduler.resume()
    time.sleep(0.5)
    for scheduler in (ours, default, often):
        scheduler.shutdown(wait=True)
    # ours ran at once on wake and the default skipped it; three missed slots made one run, not a burst
    assert runs == {"ours": 1, "default": 0, "often": 1}
