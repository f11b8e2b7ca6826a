"""The 预警信号 panel driven by the keyboard, as an officer records what the city issues."""

from __future__ import annotations

from datetime import datetime, timedelta

from xhduty.core import clock
from xhduty.core.duty import warning_signals
from xhduty.ui.context import AppContext
from xhduty.ui.duty.signal_panel import SignalPanel
from xhduty.ui.qt import QApplication, QDateTime, Qt

T0 = datetime(2026, 5, 31, 21, 40, tzinfo=clock.SHANGHAI)


def _type(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.setText(text)   # Chinese arrives committed by the input method, as setText puts it
    qtbot.keyClick(edit, Qt.Key_Return)


def test_a_panel_left_open_records_the_time_of_enter_unless_a_time_was_typed(qtbot, on_duty):
    """The panel is shown at 21:40 and stays open past midnight into June: a signal typed at 00:25 is
    issued at 00:25, not at the time the panel was shown; a time the officer typed is kept."""
    with clock.frozen(T0):
        panel = SignalPanel(AppContext(on_duty))
        qtbot.addWidget(panel)
        panel.show()
        clock.advance(timedelta(hours=2, minutes=45))
        _type(qtbot, panel.spec, "暴雨橙")
        [signal] = warning_signals.active_signals(on_duty)
        assert (signal["type"], signal["colour"], signal["issued_at"]) == ("暴雨", "橙", "2026-06-01T00:25:00+08:00")
        assert panel.spec.text() == ""

        clock.advance(timedelta(minutes=20))
        panel.issued.setDateTime(QDateTime.fromString("2026-06-01 00:30", "yyyy-MM-dd HH:mm"))
        _type(qtbot, panel.spec, "大风黄色")
        wind = next(s for s in warning_signals.active_signals(on_duty) if s["type"] == "大风")
        assert wind["issued_at"] == "2026-06-01T00:30:00+08:00"
        assert panel.issued.dateTime().toString("HH:mm") == "00:45"   # prefilled afresh for the next one
    assert QApplication.activeModalWidget() is None
