"""The button row that wraps (xhduty.ui.flow_layout): one row when wide, more rows when narrow, never
narrower than its widest button, and taller as it wraps (so what is below moves down)."""

from __future__ import annotations

from xhduty.ui.flow_layout import FlowLayout
from xhduty.ui.qt import QPushButton, QWidget


def test_buttons_wrap_onto_more_rows_when_narrow(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    row = FlowLayout(host)
    buttons = [QPushButton(f"操作按钮 {i} (Ctrl+Shift+{i})") for i in range(8)]
    for button in buttons:
        row.addWidget(button)
    widest = max(b.sizeHint().width() for b in buttons)
    total = sum(b.sizeHint().width() for b in buttons)
    host.resize(total + 200, 200)
    host.show()
    qtbot.wait(10)
    assert len({b.y() for b in buttons}) == 1                      # one row
    one_row = row.heightForWidth(total + 200)
    host.resize(widest + 10, 600)
    qtbot.wait(10)
    assert len({b.y() for b in buttons}) == len(buttons)           # one button a row
    assert all(b.geometry().right() <= host.width() for b in buttons)
    assert row.heightForWidth(widest + 10) > 4 * one_row
    assert row.minimumSize().width() == widest
    assert [row.itemAt(i).widget() for i in range(row.count())] == buttons
