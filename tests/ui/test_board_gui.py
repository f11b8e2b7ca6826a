"""The situation board through its widgets: a snapshot taken off the GUI thread fills every panel, a
change of data refreshes it, and the full-screen board shows the same in large type.

Screenshots (示例数据): /tmp/stats-board-1366.png in the window, /tmp/stats-board-1920.png full screen.
"""

from __future__ import annotations

import pytest

from xhduty.core import clock
from xhduty.core.incidents import incidents
from xhduty.core.duty import warning_signals
from xhduty.core.stats import sample_data
from xhduty.core.incidents import assignments
from xhduty.ui.app import load_cjk_font
from xhduty.ui.context import AppContext
from xhduty.ui.qt import QApplication
from xhduty.ui.stats.board_view import BoardPanel, View

T0 = clock.parse("2026-06-30T10:00")


@pytest.fixture
def ctx(on_duty):
    load_cjk_font(QApplication.instance())
    opened = clock.parse("2026-06-30T08:05")
    with clock.frozen(opened):
        sample_data.generate(on_duty, end=opened, days=20, incidents=120, runs=5, seed=3)
        warning_signals.record_signal(on_duty, "暴雨橙色", issued_at=clock.parse("2026-06-30T06:10"))
        inc = incidents.open_incident(on_duty, title="示例数据 龙吴路积水", type_code="N.flood", level="III",
                                      division="longhua", taken_at=clock.parse("2026-06-30T08:00"))
        assignments.give_task(on_duty, instruction="示例数据 核实龙吴路积水深度", owner_unit="示例数据 龙华街道",
                        due_at=clock.parse("2026-06-30T09:30"), incident_id=inc)
        clock.advance(T0 - opened)
        yield AppContext(on_duty)


def wait_for_snapshot(qtbot, board: BoardPanel) -> dict:
    qtbot.waitUntil(lambda: board.snapshot is not None and not board._busy, timeout=10_000)
    return board.snapshot


def test_board_fills_every_panel_and_refreshes_on_change(qtbot, ctx):
    with clock.frozen(T0):
        view = View(ctx)
        qtbot.addWidget(view)
        view.resize(1366, 720)
        view.show()
        wait_for_snapshot(qtbot, view.board)
        text = {k: label.text() for k, label in view.board.bodies.items()}
        assert "王带班" in text["duty"] and "李值班" in text["duty"]
        assert "暴雨橙色预警" in text["signals"] and "防汛防台Ⅱ级响应" in text["signals"]
        assert "示例数据 龙吴路积水" in text["incidents"] and "Ⅲ级 <b>" in text["incidents"]
        # taken 08:00 as 较大: phone 首报 due 08:30, written 09:00 — both overdue at 10:00, and the task too
        assert "首报（电话）" in text["overdue"] and "核实龙吴路积水深度" in text["overdue"]
        view.board.grab().save("/tmp/stats-board-1366.png")

        view.board.snapshot = None
        warning_signals.record_signal(ctx.store, "台风黄色")
        view.refresh({"weather_signals"})
        wait_for_snapshot(qtbot, view.board)
        assert "防汛防台Ⅲ级响应" in view.board.bodies["signals"].text()
        view.refresh({"plans"})  # a table the board does not show: no new snapshot asked for
        assert not view.board._busy


def test_full_screen_board_in_large_type(qtbot, ctx):
    with clock.frozen(T0):
        view = View(ctx)
        qtbot.addWidget(view)
        full = view.show_full_screen()
        assert full.isFullScreen()
        wait_for_snapshot(qtbot, full)
        full.resize(1920, 1080)
        QApplication.processEvents()
        full.grab().save("/tmp/stats-board-1920.png")
        assert full.bodies["signals"].font().pixelSize() > view.board.bodies["signals"].font().pixelSize()
        full.close()
