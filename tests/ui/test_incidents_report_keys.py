"""The report form by keyboard: a report once sent goes up the chain and cannot be taken back, so Enter in
a field moves on to the next one, as officers go down a form; only Ctrl+Enter sends."""

from __future__ import annotations

import pytest

from xhduty.core import clock
from xhduty.core.incidents import incidents
from xhduty.ui.context import AppContext
from xhduty.ui.incidents.report_dialog import ReportDialog
from xhduty.ui.qt import Qt


@pytest.fixture
def dialog(qtbot, on_duty):
    with clock.frozen(clock.parse("2026-12-01T15:20")):
        iid = incidents.open_incident(on_duty, title="漕溪北路下立交积水", type_code="N.flood", level="III",
                                      taken_at="15:10")
        form = ReportDialog(AppContext(on_duty), iid, "first")
        qtbot.addWidget(form)
        form.show()
        form.activateWindow()
        qtbot.waitActive(form)
        yield form


def test_enter_in_a_field_moves_on_and_sends_nothing(qtbot, dialog):
    dialog.text.setPlainText("下立交积水约40厘米，已封闭")
    dialog.fields["casualties"].setFocus()
    dialog.fields["casualties"].setText("无人员伤亡")
    qtbot.keyClick(dialog.fields["casualties"], Qt.Key_Return)
    assert dialog.focusWidget() is dialog.fields["scope"]
    qtbot.keyClick(dialog.fields["scope"], Qt.Key_Enter)        # the keypad's Enter too
    assert dialog.focusWidget() is dialog.fields["trend"]
    dialog.signed_by.setFocus()
    dialog.signed_by.setText("王建国")
    qtbot.keyClick(dialog.signed_by, Qt.Key_Return)            # the last field: still nothing sent
    assert dialog.report_id is None and dialog.result() != dialog.DialogCode.Accepted and dialog.isVisible()
    assert incidents.reports(dialog.store, dialog.incident["id"]) == []


def test_ctrl_enter_sends_what_was_typed(qtbot, dialog):
    dialog.text.setPlainText("下立交积水约40厘米，已封闭")
    dialog.fields["casualties"].setText("无人员伤亡")
    dialog.fields["casualties"].setFocus()
    with clock.frozen(clock.parse("2026-12-01T15:25")):
        qtbot.keyClick(dialog.fields["casualties"], Qt.Key_Return, Qt.ControlModifier)
        qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)   # a shortcut clicks animated
    sent = incidents.reports(dialog.store, dialog.incident["id"])
    assert [(r["label"], r["fields"]["casualties"]) for r in sent] == [("首报（书面）", "无人员伤亡")]
