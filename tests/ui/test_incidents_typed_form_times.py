"""The 立案 and 报送 forms take a time as officers type it on the phone — 6.3 15:10, 6月3日 15:10, 23:58 after
midnight — read by the core's one reader of past moments (dates.parse_past).  Both fields were date-time
spin boxes that took no typed form: a call taken at 23:58 and written up at 00:05 needed the date changed
section by section, or it started the reporting clock a day late."""

from __future__ import annotations

import pytest

from xhduty.core import clock
from xhduty.core.incidents import incidents
from xhduty.ui.context import AppContext
from xhduty.ui.incidents.incident_dialog import IncidentDialog
from xhduty.ui.incidents.report_dialog import ReportDialog
from xhduty.ui.qt import Qt

NOW = clock.parse("2026-12-02T00:05")


@pytest.mark.parametrize(("typed", "stored"), [
    ("23:58", "2026-12-01T23:58:00+08:00"),           # last night, not tonight a day ahead
    ("6.3 15:10", "2026-06-03T15:10:00+08:00"),
    ("6月3日 15:10", "2026-06-03T15:10:00+08:00"),
    ("１２月１日　下午３点", "2026-12-01T15:00:00+08:00"),   # full-width, as an IME leaves it
])
def test_taken_at_typed_in_the_incident_form(qtbot, on_duty, typed, stored):
    with clock.frozen(NOW):
        dialog = IncidentDialog(AppContext(on_duty))
        qtbot.addWidget(dialog)
        dialog.title.setText("徐家汇地铁站大客流")
        dialog.set_type("A.fire")
        dialog.taken.setFocus()
        dialog.taken.selectAll()
        dialog.taken.insert(typed)     # what typing over the selected time leaves (QTest types no Chinese)
        qtbot.keyClick(dialog.taken, Qt.Key_Return)
        assert dialog.result() == dialog.DialogCode.Accepted
    assert incidents.get_incident(on_duty, dialog.incident_id)["taken_at"] == stored


def test_a_time_not_understood_is_refused_naming_the_field(qtbot, on_duty, warnings):
    with clock.frozen(NOW):
        dialog = IncidentDialog(AppContext(on_duty))
        qtbot.addWidget(dialog)
        dialog.title.setText("徐家汇地铁站大客流")
        dialog.set_type("A.fire")
        dialog.taken.setText("刚才")
        qtbot.keyClick(dialog.taken, Qt.Key_Return)
    assert dialog.incident_id is None and incidents.list_incidents(on_duty) == []
    assert len(warnings) == 1 and "接报时间“刚才”不是有效的时间" in warnings[0]


def test_report_time_typed_as_on_the_phone(qtbot, on_duty, warnings):
    with clock.frozen(clock.parse("2026-12-01T23:50")):
        iid = incidents.open_incident(on_duty, title="龙华路积水", type_code="N.flood", level="III",
                                      taken_at="23:40")
    with clock.frozen(NOW):
        dialog = ReportDialog(AppContext(on_duty), iid, "first", channel="phone")
        qtbot.addWidget(dialog)
        dialog.text.setPlainText("电话报区总值班室")
        dialog.at.setText("明早")
        assert "报送时间“明早”不是有效的时间" in dialog.after.text()    # said while typing
        dialog.at.setText("23:55")
        assert "报送后下一项" in dialog.after.text()
        dialog._save()
    assert warnings == []
    assert [r["at"] for r in incidents.reports(on_duty, iid)] == ["2026-12-01T23:55:00+08:00"]


@pytest.mark.parametrize(("typed", "due", "said"), [
    ("下午5点", "2026-12-01T17:00:00+08:00", None),
    ("2026/12/2 9:00", "2026-12-02T09:00:00+08:00", None),
    ("9:00", "2026-12-02T09:00:00+08:00", None),               # today's 9:00 has passed: tomorrow's
    ("明早8点", "2026-12-02T08:00:00+08:00", None),
    ("2026/12/1 9:00", None, "办结时限应晚于现在"),              # a date typed: as typed, and refused
    ("明天", None, "交办事项的办结时限“明天”不是有效的时间"),
])
def test_task_due_typed_in_the_task_form(qtbot, on_duty, warnings, typed, due, said):
    from xhduty.core.incidents import assignments
    from xhduty.ui.incidents.assignment_dialog import TaskDialog

    with clock.frozen(clock.parse("2026-12-01T15:20")):
        dialog = TaskDialog(AppContext(on_duty))
        qtbot.addWidget(dialog)
        dialog.owner_unit.setText("区排水公司")
        dialog.instruction.setPlainText("调泵车抽排")
        dialog.due.selectAll()
        dialog.due.insert(typed)
        qtbot.keyClick(dialog.due, Qt.Key_Return)
    tasks = assignments.list_tasks(on_duty)
    if said:
        assert tasks == [] and len(warnings) == 1 and said in warnings[0]
    else:
        assert [t["due_at"] for t in tasks] == [due] and warnings == []


def test_level_raised_on_the_phone_keeps_its_time(qtbot, on_duty, warnings):
    from xhduty.ui.incidents.level_dialog import LevelDialog

    with clock.frozen(clock.parse("2026-12-01T23:50")):
        iid = incidents.open_incident(on_duty, title="龙华路积水", type_code="N.flood", level="IV", taken_at="23:40")
    with clock.frozen(NOW):
        dialog = LevelDialog(AppContext(on_duty), incidents.get_incident(on_duty, iid))
        qtbot.addWidget(dialog)
        dialog.set_level("II")
        dialog.reason.setText("多车被困")
        dialog.at.setText("2026-12-02 00:30")                   # later than now: refused, the form stays
        qtbot.keyClick(dialog.at, Qt.Key_Return)
        assert dialog.change_id is None and "调整时间 2026-12-02 00:30 晚于现在" in warnings[-1]
        dialog.at.setText("23:45")                             # last night's, typed after midnight
        qtbot.keyClick(dialog.at, Qt.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [(c["at"], c["to_level"], c["reason"]) for c in incidents.level_changes(on_duty, iid)] == \
        [("2026-12-01T23:45:00+08:00", "II", "多车被困")]


@pytest.mark.parametrize(("level", "offered"), [("U", "IV"), ("IV", "III"), ("III", "II"), ("II", "I"), ("I", "II")])
def test_the_level_form_offers_one_step_graver(qtbot, on_duty, level, offered):
    """An Enter pressed too soon never sets Ⅰ级 (15-minute reports) for an incident it was not."""
    from xhduty.ui.incidents.level_dialog import LevelDialog

    iid = incidents.open_incident(on_duty, title="龙华路积水", type_code="N.flood", level=level)
    dialog = LevelDialog(AppContext(on_duty), incidents.get_incident(on_duty, iid))
    qtbot.addWidget(dialog)
    assert dialog.level.currentData() == offered
