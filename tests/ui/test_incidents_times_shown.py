"""The incident area shows a time with its day and year when they are not today's and this year's: a
last-year incident listed as 12-20 looked newer than today's 12-01, and a 续报 due 08:00 tomorrow read as
08:00 today.  And its header names no place when there is none (it ended in a stray " · ")."""

from __future__ import annotations

import pytest

from xhduty.core import clock
from xhduty.core.incidents import incidents
from xhduty.ui.context import AppContext
from xhduty.core.incidents.deadlines import moment_text, time_text
from xhduty.ui.incidents.incidents_view import View
from xhduty.ui.qt import Qt

NOW = clock.parse("2026-12-01T21:30")


@pytest.fixture
def view(qtbot, on_duty):
    with clock.frozen(NOW):
        old = incidents.open_incident(on_duty, title="去年的燃气泄漏", type_code="A.fire",
                                      taken_at="2025-12-20 10:05")
        fire = incidents.open_incident(on_duty, title="漕溪北路仓库火灾", type_code="A.fire", level="II",
                                       taken_at="20:50", place="漕溪北路 1200 号")
        for channel in ("phone", "written"):      # both first reports sent: the next is tomorrow's 08:00 续报
            incidents.submit_report(on_duty, fire, stage="first", channel=channel, text="首报")
        shown = View(AppContext(on_duty))
        qtbot.addWidget(shown)
        shown.resize(1366 - 140, 700)              # the window's area beside the sidebar at 1366×768
        shown.show()
        yield shown, fire, old


def _row(view, incident_id) -> list[str]:
    row = view.model.row_of(incident_id)
    return [view.model.data(view.model.index(row, col)) for col in range(view.model.columnCount())]


def test_list_shows_the_year_and_the_deadlines_day(view):
    shown, fire, old = view
    with clock.frozen(NOW):
        assert _row(shown, fire)[0] == "12-01 20:50"
        assert _row(shown, fire)[5] == "续报一 12-02 08:00"
        assert _row(shown, old)[0] == "2025-12-20"
        assert shown.model.data(shown.model.index(shown.model.row_of(old), 0), Qt.ToolTipRole) == "2025-12-20 10:05"
        assert _row(shown, old)[5] == "首报（电话） 2025-12-20"
        metrics = shown.table.fontMetrics()
        for col in (0, 5):     # the usual forms are not cut at 1366×768
            assert shown.table.columnWidth(col) > metrics.horizontalAdvance(_row(shown, fire)[col])
        assert shown.table.columnWidth(1) >= metrics.horizontalAdvance("漕溪北路仓库火灾")


def test_header_and_timeline_show_the_year_of_an_old_incident(view):
    shown, _fire, old = view
    with clock.frozen(NOW):
        incidents.submit_report(shown.store, old, stage="first", channel="phone", text="补录电话首报",
                                at=clock.parse("2025-12-20T10:20"))
        shown.select(old)
        assert "接报 2025-12-20 10:05" in shown.header.text()
        times = [shown.timeline_model.data(shown.timeline_model.index(row, 0))
                 for row in range(shown.timeline_model.rowCount())]
        assert times == ["2025-12-20 10:20", "12-01 21:30"]     # the report, then 立案 recorded today
        assert shown.timeline.columnWidth(0) > shown.timeline.fontMetrics().horizontalAdvance(times[0])


def test_due_today_is_the_time_alone():
    assert time_text("2026-12-01T23:00:00+08:00", NOW) == "23:00"
    assert time_text("2026-12-02T00:00:00+08:00", NOW) == "12-02 00:00"
    assert time_text("2027-01-01T00:05:00+08:00", NOW, short=True) == "2027-01-01"
    assert time_text("2027-01-01T00:05:00+08:00", NOW) == "2027-01-01 00:05"
    assert moment_text("2027-01-01T00:05:00+08:00", NOW) == "2027-01-01 00:05"
    assert moment_text(None, NOW) == ""


def test_header_without_a_place_ends_with_the_level(view):
    shown, fire, old = view
    with clock.frozen(NOW):
        shown.select(old)
        assert "火灾事故 · 未定级<br/>" in shown.header.text()
        shown.select(fire)
        assert "火灾事故 · Ⅱ级 · 漕溪北路 1200 号<br/>" in shown.header.text()
