"""Raising an incident's level mid-way: the 续报 it owes from then on follow the new level's daily times
from the raise, never a time that passed while its old level owed none (time frozen, Shanghai)."""

from __future__ import annotations

from datetime import datetime

import pytest

from xhduty.core import clock
from xhduty.core.incidents import incidents
from xhduty.core.incidents import reminders


def at(text: str) -> datetime:
    return clock.parse(text)


def flooded_underpass(store, level: str) -> str:
    """Taken 15:10 on the phone, 首报 by phone and in writing at 15:40."""
    with clock.frozen(at("2026-12-01T15:12")):
        iid = incidents.open_incident(store, title="漕溪北路下立交积水", type_code="N.flood", level=level,
                                      place="漕溪北路下立交", taken_at="下午3点10分")
    with clock.frozen(at("2026-12-01T15:40")):
        incidents.submit_report(store, iid, stage="first", channel="phone", text="电话报区总值班室")
        incidents.submit_report(store, iid, stage="first", channel="written", text="积水约40厘米，已封闭")
    return iid


def followup(store, iid: str):
    incident = incidents.get_incident(store, iid)
    return next(d for d in incidents.incident_deadlines(store, incident) if d.stage == "followup" and not d.done_at)


@pytest.mark.parametrize("raised, due", [
    ("2026-12-01T18:00", "2026-12-02T08:00"),   # after today's 17:00: the next morning's
    ("2026-12-01T16:00", "2026-12-01T17:00"),   # before it: today's
    ("2026-12-01T23:59", "2026-12-02T08:00"),
])
def test_raised_to_a_level_with_daily_followups_owes_the_first_after_the_raise(on_duty, raised, due):
    iid = flooded_underpass(on_duty, "U")            # 未定级: no daily 续报
    with clock.frozen(at(raised)):
        forecast = incidents.next_after_filing(on_duty, iid, stage="followup", channel="written", at=at(raised))
        incidents.change_level(on_duty, iid, "III", "积水扩大，多车被困")
        owed = followup(on_duty, iid)
        assert (owed.label, clock.iso(owed.due)[:16]) == ("续报一", due)
        assert owed.state(at(raised)) != "overdue"
        assert not [a for a in reminders.report_alerts(on_duty) if a.incident_id == iid]
        assert reminders.handover_section(on_duty).warnings == []
        listed = incidents.list_incidents(on_duty, open_only=True)[0]
        assert listed["next_deadline"]["due"][:16] == due and not listed["overdue"]
    # what the report form forecast before the raise was at the old level: nothing then
    assert forecast is None


def test_a_raise_between_levels_with_the_same_times_keeps_a_late_followup_late(on_duty):
    iid = flooded_underpass(on_duty, "III")          # 较大: 续报 at 08:00 and 17:00 already
    with clock.frozen(at("2026-12-01T17:30")):
        incidents.change_level(on_duty, iid, "II", "伤亡增加")
        owed = followup(on_duty, iid)
        assert clock.iso(owed.due)[:16] == "2026-12-01T17:00" and owed.state(clock.now()) == "overdue"
        assert any("续报一已超时" in a.text for a in reminders.report_alerts(on_duty))


def test_the_report_form_forecast_after_a_raise_equals_the_deadline_after_filing(on_duty):
    iid = flooded_underpass(on_duty, "IV")           # 一般: no daily 续报
    with clock.frozen(at("2026-12-01T18:00")):
        incidents.change_level(on_duty, iid, "III")
    with clock.frozen(at("2026-12-02T07:50")):
        forecast = incidents.next_after_filing(on_duty, iid, stage="followup", channel="written",
                                               at=clock.now())
        incidents.submit_report(on_duty, iid, stage="followup", channel="written", text="积水已退至20厘米")
    owed = followup(on_duty, iid)
    assert (forecast.label, forecast.due) == (owed.label, owed.due)
    assert (owed.label, clock.iso(owed.due)[:16]) == ("续报二", "2026-12-02T17:00")
