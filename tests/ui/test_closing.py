"""Closing the main window while work the officer started is still running (an import, an export, notices
being sent): the window waits for the outcome, unless asked twice."""

from __future__ import annotations

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
