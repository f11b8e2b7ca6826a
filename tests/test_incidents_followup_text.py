"""A 续报's draft text lists what the log recorded since the last report, each with its time: an entry of
last night showed only its hour (21:00 after 07:30's news read as this evening's) in the report sent up
the chain and printed.  Now an entry not of today carries its day."""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.incidents import incidents


def test_followup_draft_dates_the_entries_of_another_day(on_duty):
    with clock.frozen(clock.parse("2026-12-01T16:00")):
        iid = incidents.open_incident(on_duty, title="漕溪北路下立交积水", type_code="N.flood", level="III",
                                      taken_at="15:50")
        for channel in ("phone", "written"):
            incidents.submit_report(on_duty, iid, stage="first", channel=channel, text="首报")
    with clock.frozen(clock.parse("2026-12-01T21:00")):
        duty.add_entry(on_duty, "排水公司泵车到场抽排", incident_id=iid)
    with clock.frozen(clock.parse("2026-12-02T07:30")):
        duty.add_entry(on_duty, "积水已退，恢复通行", incident_id=iid)
        text = incidents.report_draft(on_duty, iid, "followup")["text"]
    assert text.splitlines() == ["12-01 21:00 排水公司泵车到场抽排", "07:30 积水已退，恢复通行"]
