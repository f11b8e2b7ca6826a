"""Times an officer types for a call already taken — on the call record or at 立案, GUI or CLI — as the
one parser (dates.parse_past) reads them, and a time of day without a date (or a date without a year) on
the right side of midnight."""

from __future__ import annotations

import json

import pytest

from xhduty import cli
from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.incidents import incidents
from xhduty.core.store import StoreError


@pytest.mark.parametrize("received, occurred, logged, taken, happened", [
    ("下午3点10分", "下午3点", "2026-12-01T15:25", "2026-12-01T15:10", "2026-12-01T15:00"),
    ("15点10分", "14时50分", "2026-12-01T15:25", "2026-12-01T15:10", "2026-12-01T14:50"),
    ("2026.12.1 15:10", "2026年12月1日 下午2点50分", "2026-12-01T15:25", "2026-12-01T15:10", "2026-12-01T14:50"),
    ("晚上11点58分", "晚上11点半", "2026-12-02T00:05", "2026-12-01T23:58", "2026-12-01T23:30"),
    ("12月31日 23:58", "12.31 23:40", "2027-01-01T00:05", "2026-12-31T23:58", "2026-12-31T23:40"),   # no year
])
def test_a_call_record_s_times_reach_the_incident_as_typed(on_duty, received, occurred, logged, taken, happened):
    entry_id = duty.add_entry(on_duty, "来电：漕溪北路下立交积水", kind="intake", at=clock.parse(logged),
                              details={"received_at": received, "occurred_at": occurred, "what": "下立交积水"})
    form = incidents.prefill_from_entry(on_duty, entry_id)
    assert (form["taken_at"][:16], form["occurred_at"][:16]) == (taken, happened)
    with clock.frozen(clock.parse(logged)):
        iid = incidents.open_incident(on_duty, title=form["title"], type_code="N.flood", level="III",
                                      taken_at=form["taken_at"], occurred_at=form["occurred_at"], entry_id=entry_id)
    phone = incidents.incident_deadlines(on_duty, incidents.get_incident(on_duty, iid))[0]
    assert phone.label == "首报（电话）" and phone.due == clock.parse(taken).replace(second=0) + (
        clock.parse("2026-12-01T00:30") - clock.parse("2026-12-01T00:00"))   # 较大: 30 minutes after taking


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_time_of_day_typed_after_midnight_is_the_evening_before(on_duty, capsys):
    with clock.frozen(clock.parse("2026-12-01T00:05")):   # month end: 30 November's call
        code, out, _ = run(capsys, "incident", "new", "--title", "龙华路燃气泄漏", "--type", "A.gas", "--level",
                           "II", "--at", "23:58", "--occurred", "晚上11点50分", "--json")
    made = json.loads(out)
    assert code == 0 and made["taken_at"] == "2026-11-30T23:58:00+08:00"
    assert made["occurred_at"] == "2026-11-30T23:50:00+08:00"
    assert made["deadlines"][0]["due"] == "2026-12-01T00:13:00+08:00"   # 重大: phone 15 minutes, overdue soon


def test_a_time_of_day_just_past_stays_today(on_duty):
    with clock.frozen(clock.parse("2026-12-01T15:12")):
        iid = incidents.open_incident(on_duty, title="下立交积水", type_code="N.flood", taken_at="15:14",
                                      occurred_at="15:05")   # 15:14: within the minutes two clocks may differ
    incident = incidents.get_incident(on_duty, iid)
    assert (incident["taken_at"], incident["occurred_at"]) == ("2026-12-01T15:14:00+08:00", "2026-12-01T15:05:00+08:00")


def test_a_taken_time_in_the_future_is_refused_naming_it(on_duty, capsys):
    before = on_duty.one("SELECT count(*) FROM changes")[0]
    with clock.frozen(clock.parse("2026-12-01T15:12")):
        with pytest.raises(StoreError, match=r"接报时间 2027-01-05 10:00 晚于现在（2026-12-01 15:12）"):
            incidents.open_incident(on_duty, title="下立交积水", type_code="N.flood", taken_at="2027.1.5 10:00")
        code, _, err = run(capsys, "incident", "new", "--title", "下立交积水", "--type", "N.flood",
                           "--at", "2026-12-02 15:10")
    assert code != 0 and "接报时间 2026-12-02 15:10 晚于现在" in err and "Traceback" not in err
    assert on_duty.one("SELECT count(*) FROM changes")[0] == before


def test_an_incident_opened_from_a_corrected_call_record_takes_the_corrections(on_duty):
    """The caller's number and the place put right after the call (a correction carrying the call-record
    fields): the 立案 form starts from them, whichever of the two entries it is opened from."""
    details = {"received_at": "14:02", "caller_unit": "龙华街道", "caller_phone": "1390000123",
               "place": "龙华中路10号", "what": "地下车库进水"}
    with clock.frozen(clock.parse("2026-12-01T14:20")):
        original = duty.add_entry(on_duty, "来电：龙华中路地下车库进水", kind="intake",
                                  at=clock.parse("2026-12-01T14:05"), details=details)
        first = duty.correct_entry(on_duty, original, "来电：龙华中路100号地下车库进水",
                                   details={**details, "place": "龙华中路100号"})
        duty.correct_entry(on_duty, first, "来电：龙华中路100号地下车库进水，水深约30厘米")   # text only
        for opened_from in (original, first):
            form = incidents.prefill_from_entry(on_duty, opened_from)
            assert (form["place"], form["source"], form["taken_at"][:16]) == \
                ("龙华中路100号", "龙华街道 1390000123", "2026-12-01T14:02")
