"""The reporting clock: deadlines per level and stage with default and edited rules (time frozen, Shanghai)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from xhduty.core import clock
from xhduty.core.incidents import deadlines
from xhduty.core.incidents import incidents
from xhduty.core.incidents import report_rules
from xhduty.core.store import StoreError


def at(text: str) -> datetime:
    return clock.parse(text)


def open_at(store, when: str, level: str, type_code: str = "A.fire") -> str:
    with clock.frozen(at(when)):
        return incidents.open_incident(store, title=f"测试事件 {level}", type_code=type_code, level=level)


def owed(store, incident_id: str) -> dict[str, deadlines.Deadline]:
    incident = incidents.get_incident(store, incident_id)
    return {d.label: d for d in incidents.incident_deadlines(store, incident)}


def due(store, incident_id: str) -> dict[str, str | None]:
    return {label: (clock.iso(d.due)[:16] if d.due else None) for label, d in owed(store, incident_id).items()}


# level → (phone, written, next 续报) for an incident taken at 14:02, by the default rules
DEFAULTS_1402 = {
    "I": ("2026-11-29T14:17", "2026-11-29T14:32", "2026-11-29T17:00"),
    "II": ("2026-11-29T14:17", "2026-11-29T14:32", "2026-11-29T17:00"),
    "III": ("2026-11-29T14:32", "2026-11-29T15:02", "2026-11-29T17:00"),
    "IV": (None, "2026-11-29T20:02", None),
    "U": ("2026-11-29T14:32", "2026-11-29T15:02", None),
}


@pytest.mark.parametrize("level", sorted(DEFAULTS_1402))
def test_default_deadlines_for_every_level_and_stage(on_duty, level):
    iid = open_at(on_duty, "2026-11-29T14:02", level)
    phone, written, followup = DEFAULTS_1402[level]
    got = due(on_duty, iid)
    assert got.get("首报（电话）") == phone
    assert got["首报（书面）"] == written
    assert got.get("续报一") == followup
    assert got["终报"] is None  # required, but the defaults set no fixed limit
    assert all(r.is_default for r in report_rules.rules(on_duty))


def test_daily_followup_crosses_midnight(on_duty):
    # taken 23:40: written 首报 due 00:40 next day; the first 续报 is the next 08:00, not 17:00 of today
    iid = open_at(on_duty, "2026-11-29T23:40", "III")
    got = due(on_duty, iid)
    assert got["首报（书面）"] == "2026-11-30T00:40"
    assert got["续报一"] == "2026-11-30T08:00"


def test_followup_never_due_before_written_first_report(on_duty):
    # taken 16:55: written due 17:55, so the 17:00 slot is skipped
    iid = open_at(on_duty, "2026-11-29T16:55", "II")
    assert due(on_duty, iid)["续报一"] == "2026-11-30T08:00"


def test_followups_are_numbered_and_move_to_the_next_slot(on_duty):
    iid = open_at(on_duty, "2026-11-29T14:02", "III")
    with clock.frozen(at("2026-11-29T14:20")):
        incidents.submit_report(on_duty, iid, stage="first", channel="written", text="书面首报")
    with clock.frozen(at("2026-11-29T16:50")):
        incidents.submit_report(on_duty, iid, stage="followup", channel="written", text="续报内容")
    got = owed(on_duty, iid)
    assert got["续报一"].done_at == at("2026-11-29T16:50")
    assert clock.iso(got["续报二"].due)[:16] == "2026-11-30T08:00"
    with clock.frozen(at("2026-11-30T08:05")):
        incidents.submit_report(on_duty, iid, stage="followup", channel="written", text="续报内容二")
    assert clock.iso(owed(on_duty, iid)["续报三"].due)[:16] == "2026-11-30T17:00"
    assert [r["label"] for r in incidents.reports(on_duty, iid)] == ["首报（书面）", "续报一", "续报二"]


def test_work_safety_one_hour_rule_caps_a_lower_level(on_duty):
    iid = open_at(on_duty, "2026-11-29T14:02", "IV", type_code="A.work")
    assert due(on_duty, iid)["首报（书面）"] == "2026-11-29T15:02"  # not 6 h
    nat = open_at(on_duty, "2026-11-29T14:02", "IV", type_code="N.flood")
    assert due(on_duty, nat)["首报（书面）"] == "2026-11-29T16:02"  # natural disaster: category cap 2 h


def test_edited_rules_change_every_deadline(on_duty):
    rules = {r.id: r for r in report_rules.rules(on_duty)}
    report_rules.save_rules(on_duty, [
        report_rules.edited(rules["level:IV"], phone_minutes="20", written_minutes="120",
                            followup_times="09:00，21:30", final_hours="48"),
    ])
    iid = open_at(on_duty, "2026-11-29T21:40", "IV")
    got = due(on_duty, iid)
    assert got["首报（电话）"] == "2026-11-29T22:00"
    assert got["首报（书面）"] == "2026-11-29T23:40"
    assert got["续报一"] == "2026-11-30T09:00"
    assert got["终报"] == "2026-12-01T21:40"
    edited = {r.id: r for r in report_rules.rules(on_duty)}["level:IV"]
    assert not edited.is_default and edited.basis == "本地设置"


def test_rule_set_back_to_default_values_is_default_again(on_duty):
    rule = {r.id: r for r in report_rules.rules(on_duty)}["level:III"]
    report_rules.save_rules(on_duty, [report_rules.edited(rule, written_minutes=45)])
    assert not {r.id: r for r in report_rules.rules(on_duty)}["level:III"].is_default
    report_rules.save_rules(on_duty, [report_rules.edited(rule, written_minutes=60)])
    assert {r.id: r for r in report_rules.rules(on_duty)}["level:III"].is_default


def test_raising_the_level_shortens_open_deadlines(on_duty):
    iid = open_at(on_duty, "2026-11-29T14:02", "IV")
    before = owed(on_duty, iid)["首报（书面）"].due
    with clock.frozen(at("2026-11-29T14:10")):
        incidents.change_level(on_duty, iid, "II", reason="伤亡人数上升")
    after = owed(on_duty, iid)
    assert after["首报（书面）"].due < before
    assert clock.iso(after["首报（书面）"].due)[:16] == "2026-11-29T14:32"
    assert clock.iso(after["首报（电话）"].due)[:16] == "2026-11-29T14:17"
    assert incidents.get_incident(on_duty, iid)["level"] == "II"
    texts = [e["text"] for e in incidents.timeline(on_duty, iid)]
    assert any("由Ⅳ级调整为Ⅱ级" in t and "伤亡人数上升" in t for t in texts)


def test_submitted_report_stops_its_clock(on_duty):
    iid = open_at(on_duty, "2026-11-29T14:02", "III")
    later = at("2026-11-29T14:40")
    assert owed(on_duty, iid)["首报（电话）"].state(later) == "overdue"
    with clock.frozen(at("2026-11-29T14:25")):
        incidents.submit_report(on_duty, iid, stage="first", channel="phone", text="电话报告区应急局")
    phone = owed(on_duty, iid)["首报（电话）"]
    assert phone.state(later) == "done" and phone.done_at == at("2026-11-29T14:25")
    assert owed(on_duty, iid)["首报（书面）"].state(later) == "running"
    assert incidents.get_incident(on_duty, iid)["status"] == "handling"


def test_final_report_closes_and_stops_followups(on_duty):
    iid = open_at(on_duty, "2026-11-29T14:02", "III")
    with clock.frozen(at("2026-11-29T14:20")):
        incidents.submit_report(on_duty, iid, stage="first", channel="written", text="首报")
        incidents.submit_report(on_duty, iid, stage="final", channel="written", text="处置完毕")
    got = owed(on_duty, iid)
    assert "续报一" not in got and got["终报"].done_at is not None
    assert incidents.get_incident(on_duty, iid)["status"] == "closed"
    with pytest.raises(StoreError, match="已终报结束"):
        incidents.submit_report(on_duty, iid, stage="followup", channel="written", text="再报")


@pytest.mark.parametrize("now, state", [
    ("2026-11-29T14:10", "running"),   # 22 of 30 minutes left
    ("2026-11-29T14:26", "soon"),      # 6 minutes left: under a quarter of the allowed time
    ("2026-11-29T14:32", "soon"),      # at the deadline itself
    ("2026-11-29T14:33", "overdue"),
])
def test_amber_and_red(on_duty, now, state):
    iid = open_at(on_duty, "2026-11-29T14:02", "III")
    assert owed(on_duty, iid)["首报（电话）"].state(at(now)) == state


def test_countdown_text():
    due_at = at("2026-11-29T15:00")
    assert deadlines.countdown(due_at, due_at - timedelta(hours=1, minutes=5, seconds=9)) == "还剩 1:05:09"
    assert deadlines.countdown(due_at, due_at + timedelta(minutes=3)) == "超时 0:03:00"
    assert deadlines.countdown(due_at, due_at + timedelta(hours=23, minutes=59)) == "超时 23:59:00"
    assert deadlines.countdown(due_at, due_at + timedelta(days=346, hours=10, minutes=55)) == "超时 346天10小时"
    assert deadlines.countdown(due_at, due_at - timedelta(days=2, hours=1)) == "还剩 2天1小时"
    assert [deadlines.chinese_number(n) for n in (1, 10, 12, 20, 23)] == ["一", "十", "十二", "二十", "二十三"]


# ----------------------------------------------------------------------------------------- bad rules

@pytest.mark.parametrize("changes, message", [
    ({"phone_minutes": "-5"}, "电话首报时限应在 1–10080 分钟之间，而不是 -5"),
    ({"written_minutes": ""}, "书面首报时限不能为空"),
    ({"written_minutes": "半小时"}, "书面首报时限应为整数分钟"),
    ({"phone_minutes": "90"}, "不应晚于书面首报时限"),
    ({"followup_times": "08:00,25:00"}, "“25:00”不是有效的 时:分"),
    ({"final_hours": "0"}, "终报时限应在"),
    ({"key": ""}, "时限规则缺少事件级别"),
    ({"key": "V"}, "没有“V”这个事件级别"),
])
def test_nonsense_rule_is_refused_and_nothing_changes(on_duty, changes, message):
    rules = {r.id: r for r in report_rules.rules(on_duty)}
    good = report_rules.edited(rules["level:I"], written_minutes=25)
    bad = report_rules.edited(rules["level:III"], **changes)
    before = on_duty.one("SELECT count(*) FROM changes")[0]
    with pytest.raises(StoreError, match=message):
        report_rules.save_rules(on_duty, [good, bad])
    assert on_duty.one("SELECT count(*) FROM changes")[0] == before
    assert [r.as_dict() for r in report_rules.rules(on_duty)] == [r.as_dict() for r in rules.values()]


def test_type_rule_only_caps_first_reports(on_duty):
    with pytest.raises(StoreError, match="事件类型规则只限定首报"):
        report_rules.save_rules(on_duty, [{"scope": "type", "key": "A.fire", "written_minutes": "30",
                                           "followup_times": "08:00"}])
    with pytest.raises(StoreError, match="没有“A.nothing”这个事件类型代码"):
        report_rules.save_rules(on_duty, [{"scope": "type", "key": "A.nothing", "written_minutes": "30"}])
    report_rules.save_rules(on_duty, [{"scope": "type", "key": "A.fire", "written_minutes": "30"}])
    iid = open_at(on_duty, "2026-11-29T14:02", "IV", type_code="A.fire")
    assert due(on_duty, iid)["首报（书面）"] == "2026-11-29T14:32"
    assert report_rules.reset_rule(on_duty, "type", "A.fire")
    assert due(on_duty, iid)["首报（书面）"] == "2026-11-29T20:02"


@pytest.mark.parametrize("filed", ["2026-11-29T07:10", "2026-11-29T07:59", "2026-11-29T08:30", "2026-11-29T17:20"])
def test_forecast_before_filing_equals_the_deadline_after_filing(on_duty, filed):
    # taken 07:00 at level III: written 首报 due 08:00, 续报 at 08:00 and 17:00 after the written 首报
    iid = open_at(on_duty, "2026-11-29T07:00", "III")
    before = owed(on_duty, iid)["续报一"]
    assert before.note == "书面首报后首个 08:00/17:00"      # said in words: it follows the 首报's filing
    assert clock.iso(before.due)[:16] == "2026-11-29T17:00"  # the latest it can be, if 首报 is filed late
    with clock.frozen(at(filed)):
        forecast = incidents.next_after_filing(on_duty, iid, stage="first", channel="written", at=at(filed))
        incidents.submit_report(on_duty, iid, stage="first", channel="written", text="书面首报", at=at(filed))
    after = owed(on_duty, iid)
    nxt = deadlines.pending(list(after.values()))[0]
    assert (forecast.label, forecast.due) == (nxt.label, nxt.due)
    assert after["续报一"].note == "" and incidents.list_incidents(on_duty)[0]["next_deadline"]["note"] == ""


def test_forecast_of_a_followup_equals_the_next_deadline(on_duty):
    iid = open_at(on_duty, "2026-11-29T14:02", "III")
    with clock.frozen(at("2026-11-29T14:20")):
        incidents.submit_report(on_duty, iid, stage="first", channel="written", text="书面首报")
        incidents.submit_report(on_duty, iid, stage="first", channel="phone", text="电话首报")
    with clock.frozen(at("2026-11-29T16:50")):
        forecast = incidents.next_after_filing(on_duty, iid, stage="followup", channel="written",
                                               at=at("2026-11-29T16:50"))
        incidents.submit_report(on_duty, iid, stage="followup", channel="written", text="续报内容")
    assert forecast.label == "续报二" and clock.iso(forecast.due)[:16] == "2026-11-30T08:00"
    assert owed(on_duty, iid)["续报二"].due == forecast.due
