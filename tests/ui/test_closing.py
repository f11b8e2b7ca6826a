"""Closing the main window while work the officer started is still running (an import, an export, notices
being sent): the window waits for the outcome, unless asked twice."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from test_sync_support import make_station
from xhduty.ui.context import AppContext
from xhduty.ui.main_window import MainWindow
from xhduty.ui.ops import run_op_in_background
from xhduty.ui.qt import QThreadPool


def _window(qtbot, store):
    window = MainWindow(AppContext(store))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _blocked_import(ctx, window, gate, outcomes):
    """An operation the officer started (as an import is), running on a worker until ``gate`` is set."""
    run_op_in_background(ctx, window, lambda store: gate.wait(10) and "已导入", done=outcomes.append)


def test_closing_the_window_during_an_import_waits_for_its_outcome(qtbot, tmp_path):
    """Closing while an import (or export, or sending) runs keeps the window open and says why; it closes
    by itself once the outcome — here, what the import did — has been shown."""
    s1 = make_station(tmp_path, "S1")
    window = _window(qtbot, s1)
    gate, outcomes = threading.Event(), []
    _blocked_import(window.ctx, window, gate, outcomes)
    window.close()
    assert window.isVisible() and "完成后窗口自动关闭" in window.statusBar().currentMessage()
    gate.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert [o.result for o in outcomes] == ["已导入"]          # delivered before the window went
    s1.close()


def test_closing_twice_leaves_at_once(qtbot, tmp_path):
    s1 = make_station(tmp_path, "S1")
    window = _window(qtbot, s1)
    gate, outcomes = threading.Event(), []
    _blocked_import(window.ctx, window, gate, outcomes)
    window.close()
    window.close()
    assert not window.isVisible()
    gate.set()
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=5000)      # the work itself was not cut short
    s1.close()


WIND_DOWN = r'''
import sys, time
from pathlib import Path
from xhduty.core.store import init_station, open_store
from xhduty.ui.qt import QApplication, QTimer
from xhduty.ui.tasks import run_task, wind_down

app = QApplication(sys.argv)
home = Path(sys.argv[1])
store = open_store(home / "xhduty.db")
init_station(store, "S1", "S1", "centre")

def periodic(store, progress):          # what the window starts by itself (a sync): reports as it goes
    for page in range(600):
        time.sleep(0.05)
        (home / "pages").write_text(str(page))
        progress("pull", page, None)

def export(store, progress):            # what the officer started: an export the officer chose not to wait for
    for step in range(10):
        time.sleep(0.05)
        progress(step)
    (home / "exported").write_text("ok")
    return "ok"

run_task(store, periodic)
run_task(store, export, holds_exit=True)
QTimer.singleShot(200, app.quit)         # the window is closed while both run
app.exec()
started = time.monotonic()
wind_down()
print(f"{time.monotonic() - started:.2f}")
store.close()
'''


def test_at_the_end_the_programs_own_work_stops_and_the_officers_finishes(tmp_path):
    """After the window has gone: the periodic work (600 steps of 50 ms) stops at its next report, the
    export the officer started runs to its end, and the program ends without a traceback — before, the
    pool's threads finished while Qt tore down and their results met deleted signal objects."""
    run = subprocess.run([sys.executable, "-c", WIND_DOWN, str(tmp_path)], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip() == ""
    assert (tmp_path / "exported").read_text() == "ok"
    assert int((tmp_path / "pages").read_text()) < 50            # stopped, not run to its 600th step
    assert float(run.stdout.strip()) < 5
