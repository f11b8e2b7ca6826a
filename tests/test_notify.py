"""Notification runs: order, cascade to next method and deputy, escalation after the timeout, the log."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from xhduty.core import clock, jobs
from xhduty.core.contacts import contacts
from xhduty.core.duty import duty
from xhduty.core.contacts import notify
from xhduty.core.store import StoreError, open_store

T0 = datetime(2026, 7, 1, 9, 0, tzinfo=clock.SHANGHAI)


@pytest.fixture
def group(on_duty):
    """三人通知组：张伟（手机、办公电话，AB角 王芳）、李强（无AB角）、赵磊；单位值班电话 021-64000000."""
    store = on_duty
    with store.write() as tx:
        unit = contacts.ensure_unit_path(tx, "区应急委/成员单位/区水务局")
        tx.update("units", unit, {"duty_phone": "021-64000000"})
        wang = contacts.put_person(tx, {"unit_id": unit, "name": "王芳", "methods": [("mobile", "13900000002")]})
        zhang = contacts.put_person(tx, {"unit_id": unit, "name": "张伟", "deputy_id": wang, "methods": [
            ("mobile", "13900000001"), ("office", "021-64001111")]})
        li = contacts.put_person(tx, {"unit_id": unit, "name": "李强", "methods": [("mobile", "13900000003")]})
        zhao = contacts.put_person(tx, {"unit_id": unit, "name": "赵磊", "methods": [("mobile", "13900000004")]})
        contacts.put_group(tx, "防汛防台指挥部成员", [zhang, li, zhao], timeout_minutes=10)
    return {"store": store, "张伟": zhang, "王芳": wang, "李强": li, "赵磊": zhao}


def _member(status, pid):
    return next(m for m in status["members"] if m["person_id"] == pid)


def test_run_lists_members_in_order_with_first_method(group):
    store = group["store"]
    with clock.frozen(T0):
        run = notify.start_run(store, "防汛防台指挥部成员", incident_id="INC-1", text="台风橙色预警")
        status = notify.run_status(store, run)
    assert [m["name"] for m in status["members"]] == ["张伟", "李强", "赵磊"]
    assert status["members"][0]["next"]["value"] == "13900000001"
    assert (status["confirmed"], status["total"]) == (0, 3)
    assert all(m["status"] == "pending" for m in status["members"])


def test_unreached_moves_to_next_method_then_unit_phone_then_deputy(group):
    store = group["store"]
    with clock.frozen(T0):
        run = notify.start_run(store, "防汛防台指挥部成员")
        seen = []
        for _ in range(4):
            m = _member(notify.run_status(store, run), group["张伟"])
            seen.append((m["next"]["contact_name"], m["next"]["value"]))
            notify.record_attempt(store, run, group["张伟"], "no-answer")
        m = _member(notify.run_status(store, run), group["张伟"])
    assert seen == [("张伟", "13900000001"), ("张伟", "021-64001111"), ("张伟", "021-64000000"),
                    ("王芳", "13900000002")]
    assert m["status"] == "no-answer" and m["next"]["contact_name"] == "王芳" and m["next"]["kind"] == "unit_duty"


def test_confirmation_counts_and_progress(group):
    store = group["store"]
    with clock.frozen(T0):
        run = notify.start_run(store, "防汛防台指挥部成员")
        notify.record_attempt(store, run, group["张伟"], "reached")
        notify.record_attempt(store, run, group["李强"], "message")
        notify.record_attempt(store, run, group["赵磊"], "confirmed")
        status = notify.run_status(store, run)
    assert [m["status"] for m in status["members"]] == ["reached", "message", "confirmed"]
    assert (status["confirmed"], status["reached"], status["total"]) == (1, 3, 3)
    assert not status["done"]


def test_each_attempt_is_an_append_record_and_a_log_entry_on_the_incident(group):
    store = group["store"]
    with clock.frozen(T0):
        run = notify.start_run(store, "防汛防台指挥部成员", incident_id="INC-7")
        notify.record_attempt(store, run, group["张伟"], "no-answer")
        notify.record_attempt(store, run, group["张伟"], "confirmed", method="office")
    timeline = duty.list_entries(store, duty.LogFilter(incident_id="INC-7"))
    texts = [e["text"] for e in timeline]
    assert texts[0].startswith("启动通知：防汛防台指挥部成员，共 3 人")
    assert "张伟 手机 13900000001 — 未接通" in texts[1]
    assert "张伟 办公电话 021-64001111 — 已确认" in texts[2]
    assert {e["kind"] for e in timeline} == {"call_out"}
    assert store.kind("notify_attempts") == "append"
    with pytest.raises(StoreError, match="只能追加"):
        with store.write() as tx:
            tx.update("notify_attempts", notify.attempts(store, run)[0]["id"], {"result": "confirmed"})


def test_bad_attempts_are_refused(group):
    store = group["store"]
    run = notify.start_run(store, "防汛防台指挥部成员")
    with pytest.raises(StoreError, match="不在通知任务"):
        notify.record_attempt(store, run, group["王芳"], "reached")
    with pytest.raises(StoreError, match="结果应为"):
        notify.record_attempt(store, run, group["张伟"], "escalated")
    with pytest.raises(StoreError, match="没有“传真”"):
        notify.record_attempt(store, run, group["张伟"], "reached", method="fax")
    with pytest.raises(StoreError, match="没有编号为"):
        notify.run_status(store, "NOPE")
    assert notify.attempts(store, run) == []


def test_escalation_to_deputy_after_timeout_with_frozen_time(group):
    store = group["store"]
    with clock.frozen(T0):
        run = notify.start_run(store, "防汛防台指挥部成员", incident_id="INC-9")
        notify.record_attempt(store, run, group["赵磊"], "confirmed")
        clock.advance(timedelta(minutes=9, seconds=59))
        assert jobs.run_due(store, only="notify") == []
        clock.advance(timedelta(seconds=1))
        raised = jobs.run_due(store, only="notify")
        status = notify.run_status(store, run)
        zhang = _member(status, group["张伟"])
        assert zhang["escalated"] and zhang["target"] == 1
        assert zhang["next"]["contact_name"] == "王芳"
        assert {a.text for a in raised} == {
            "通知（防汛防台指挥部成员）：张伟 超过 10 分钟未确认，已转AB角 王芳",
            "通知（防汛防台指挥部成员）：李强 超过 10 分钟未确认，且无AB角"}
        # escalated once, alert raised once: running the check again changes nothing
        assert jobs.run_due(store, only="notify") == []
        assert sum(a["result"] == "escalated" for a in notify.attempts(store, run)) == 1
        # the deputy has their own 10 minutes; after that the alert for the deputy is raised
        clock.advance(timedelta(minutes=10))
        raised = jobs.run_due(store, only="notify")
        assert [a.key for a in raised] == [f"notify:{run}:{group['张伟']}:1"]
        notify.record_attempt(store, run, group["张伟"], "confirmed")
        jobs.run_due(store, only="notify")
    active = {a["key"] for a in jobs.active_alerts(store)}
    assert f"notify:{run}:{group['张伟']}:1" not in active
    log = [e["text"] for e in duty.list_entries(store, duty.LogFilter(incident_id="INC-9"))]
    assert any("王芳（张伟的AB角）" in t and "转AB角" in t for t in log)
    assert any("王芳（张伟的AB角） 手机 13900000002 — 已确认" in t for t in log)


def test_run_record_survives_restart(group, home):
    store = group["store"]
    with clock.frozen(T0):
        run = notify.start_run(store, "防汛防台指挥部成员", text="请立即到岗")
        notify.record_attempt(store, run, group["张伟"], "no-answer")
        notify.record_attempt(store, run, group["李强"], "confirmed")
        before = notify.run_status(store, run)
    path = store.path
    store.close()
    reopened = open_store(path)
    try:
        with clock.frozen(T0):
            after = notify.run_status(reopened, run)
        assert after == before
        assert notify.runs(reopened)[0]["text"] == "请立即到岗"
    finally:
        reopened.close()


def test_run_keeps_members_as_at_start(group):
    store = group["store"]
    run = notify.start_run(store, "防汛防台指挥部成员")
    contacts.save_group(store, "防汛防台指挥部成员", [group["王芳"]])
    assert [m["name"] for m in notify.run_status(store, run)["members"]] == ["张伟", "李强", "赵磊"]


def test_empty_group_cannot_start(group):
    store = group["store"]
    contacts.save_group(store, "空组", [])
    with pytest.raises(StoreError, match="没有成员"):
        notify.start_run(store, "空组")


def test_handover_section_lists_runs_still_waiting(group):
    store = group["store"]
    with clock.frozen(T0):
        assert notify.handover_section(store) is None
        run = notify.start_run(store, "防汛防台指挥部成员")
        notify.record_attempt(store, run, group["张伟"], "confirmed")
        clock.advance(timedelta(minutes=11))
        section = notify.handover_section(store)
        assert section.rows == ["防汛防台指挥部成员（07-01 09:00 起）：已确认 1/3，未确认 李强、赵磊"]
        assert section.warnings == ["防汛防台指挥部成员：李强、赵磊 超时未确认"]
        for who in ("李强", "赵磊"):
            notify.record_attempt(store, run, group[who], "confirmed")
        assert notify.handover_section(store) is None


def test_people_deleted_since_are_not_called_and_other_stations_runs_are_not_escalated(group):
    store = group["store"]
    with store.write() as tx:
        tx.delete("people", group["李强"])
    with clock.frozen(T0):
        run = notify.start_run(store, "防汛防台指挥部成员")
        assert [m["name"] for m in notify.run_status(store, run)["members"]] == ["张伟", "赵磊"]
        theirs = dict(notify.runs(store)[0], id="RUN-FROM-ELSEWHERE", station="XH-OTHER")
        with store.write() as tx:   # the same run as if it had arrived by sync from another station
            tx.insert("notify_runs", theirs)
        clock.advance(timedelta(hours=1))
        raised = jobs.run_due(store, only="notify")
        assert {a.key.split(":")[1] for a in raised} == {run}
        assert notify.attempts(store, "RUN-FROM-ELSEWHERE") == []


def test_run_record_names_the_incident_by_its_title(group, tmp_path):
    import subprocess

    from xhduty.core.incidents import incidents
    from xhduty.reports.contact_sheet import write_run_record

    store = group["store"]
    incident = incidents.open_incident(store, title="漕溪北路地下车库进水", type_code="N.flood", level="IV")
    run = notify.start_run(store, "防汛防台指挥部成员", incident_id=incident, text="请立即到岗")
    pdf = write_run_record(store, run, tmp_path / "通知记录.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "漕溪北路地下车库进水" in text and incident not in text


# A member who calls back — after their numbers failed, or after being passed to their AB角 — is recorded as
# themselves, by the number they called from, not as the one the list would call next.

def _log(store, incident_id):
    return [e["text"] for e in duty.list_entries(store, duty.LogFilter(incident_id=incident_id))]


def test_the_member_confirming_after_escalation_is_logged_as_the_member(group):
    store, zhang = group["store"], group["张伟"]
    with clock.frozen(T0):
        run = notify.start_run(store, "防汛防台指挥部成员", incident_id="INC-RAIN", text="暴雨橙色预警")
        notify.record_attempt(store, run, zhang, "no-answer")
        clock.advance(timedelta(minutes=10))
        jobs.run_due(store, only="notify")                   # passed to 王芳
        member = _member(notify.run_status(store, run), zhang)
        assert member["escalated"] and member["next"]["contact_name"] == "王芳"
        assert [(o["contact_name"], o["kind"]) for o in member["options"]] == [
            ("张伟", "mobile"), ("张伟", "office"), ("张伟", "unit_duty"), ("王芳", "mobile"), ("王芳", "unit_duty")]
        clock.advance(timedelta(minutes=2))
        notify.record_attempt(store, run, zhang, "confirmed", option=0)   # 张伟 calls back from his mobile
        assert _member(notify.run_status(store, run), zhang)["status"] == "confirmed"
    assert _log(store, "INC-RAIN")[-1].endswith("通知（防汛防台指挥部成员）：张伟 手机 13900000001 — 已确认")
    assert not any("（张伟的AB角） 手机 13900000002 — 已确认" in t for t in _log(store, "INC-RAIN"))
    with pytest.raises(StoreError, match="张伟 没有第 6 种联系方式"):
        notify.record_attempt(store, run, zhang, "confirmed", option=5)


def test_by_names_who_answered_and_method_their_number(group):
    store, zhang, wang = group["store"], group["张伟"], group["王芳"]
    with clock.frozen(T0):
        run = notify.start_run(store, "防汛防台指挥部成员", incident_id="INC-RAIN")
        for _ in range(3):                                   # mobile, office, unit phone: on to 王芳
            notify.record_attempt(store, run, zhang, "no-answer")
        assert _member(notify.run_status(store, run), zhang)["next"]["contact_id"] == wang
        notify.record_attempt(store, run, zhang, "reached", by="张伟", method="office")
        notify.record_attempt(store, run, zhang, "confirmed", by="张伟")
        with pytest.raises(StoreError, match="“李强”不是 张伟 本人或其AB角"):
            notify.record_attempt(store, run, zhang, "confirmed", by="李强")
        with pytest.raises(StoreError, match="王芳 没有“传真”这种联系方式"):
            notify.record_attempt(store, run, zhang, "confirmed", by=wang, method="fax")
    assert _log(store, "INC-RAIN")[-2:] == ["通知（防汛防台指挥部成员）：张伟 办公电话 021-64001111 — 已通知",
                                            "通知（防汛防台指挥部成员）：张伟 手机 13900000001 — 已确认"]


def test_the_command_line_records_the_member_calling_back(group, capsys):
    from xhduty.cli import main

    store, zhang = group["store"], group["张伟"]
    with clock.frozen(T0):
        run = notify.start_run(store, "防汛防台指挥部成员", incident_id="INC-RAIN")
        notify.record_attempt(store, run, zhang, "no-answer")
        clock.advance(timedelta(minutes=10))
        jobs.run_due(store, only="notify")
    assert main(["notify", "attempt", run, "张伟", "--result", "confirmed", "--by", "张伟", "--method",
                 "mobile"]) == 0
    assert "已确认 1 / 3 人" in capsys.readouterr().out
    assert "张伟 手机 13900000001 — 已确认" in _log(store, "INC-RAIN")[-1]


def test_who_confirmed_in_time_and_who_late_is_kept_and_printed(group, tmp_path):
    import subprocess

    from xhduty.reports.contact_sheet import write_run_record

    store = group["store"]
    with clock.frozen(T0):                                   # 10 minutes to confirm
        run = notify.start_run(store, "防汛防台指挥部成员", text="暴雨橙色预警")
        clock.advance(timedelta(minutes=4))
        notify.record_attempt(store, run, group["李强"], "confirmed")
        clock.advance(timedelta(minutes=8, seconds=30))       # 12:30 after the start
        notify.record_attempt(store, run, group["赵磊"], "reached")
        notify.record_attempt(store, run, group["赵磊"], "confirmed")
        status = notify.run_status(store, run)
        pdf = write_run_record(store, run, tmp_path / "通知记录.pdf")
    li, zhao, zhang = (_member(status, group[n]) for n in ("李强", "赵磊", "张伟"))
    assert (li["confirmed_at"], li["late_minutes"]) == ("2026-07-01T09:04:00+08:00", 0)
    assert (zhao["confirmed_at"], zhao["late_minutes"]) == ("2026-07-01T09:12:30+08:00", 3)
    assert (zhang["confirmed_at"], zhang["late_minutes"], zhang["overdue"]) == (None, 0, True)
    assert (status["confirmed"], status["confirmed_late"]) == (2, 1)
    with clock.frozen(T0 + timedelta(minutes=10)):
        jobs.run_due(store, only="notify")                   # 张伟 passed to 王芳, who confirms at once:
        notify.record_attempt(store, run, group["张伟"], "confirmed")
        assert _member(notify.run_status(store, run), group["张伟"])["late_minutes"] == 0   # 10:00, in time
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "已确认 2 / 3 人，其中超时确认 1 人" in text
    assert "07-01 09:04" in text and "（超时 3 分钟）" in text and "07-01 09:12" in text


def test_the_command_line_makes_a_group_of_people_named_or_by_id(group, capsys):
    from xhduty.cli import main

    assert main(["notify", "group", "成员单位值班室", "--member", "赵磊", "--member", group["张伟"],
                 "--member", "李", "--timeout", "15"]) == 0          # 李: a part only 李强's name has
    found = contacts.group_by_name(group["store"], "成员单位值班室")
    assert contacts.group_members(group["store"], found["id"]) == [group["赵磊"], group["张伟"], group["李强"]]
    assert main(["notify", "group", "空想组", "--member", "不在册"]) == 2
    assert "通讯录中没有“不在册”" in capsys.readouterr().err
    store = group["store"]
    with store.write() as tx:                                   # a second 张伟, in another unit
        other = contacts.ensure_unit_path(tx, "区应急委/成员单位/区绿化和市容管理局")
        namesake = contacts.put_person(tx, {"unit_id": other, "name": "张伟", "methods": [("mobile", "13900000009")]})
    contacts.save_group(store, "成员单位值班室", [group["张伟"], namesake])
    run = notify.start_run(store, "成员单位值班室")
    assert main(["notify", "attempt", run, "张伟", "--result", "confirmed"]) == 2
    assert f"名单中有 2 人叫“张伟”，请用编号：张伟（区水务局，编号 {group['张伟']}）" in capsys.readouterr().err
    assert notify.attempts(store, run) == []
    assert main(["notify", "attempt", run, namesake, "--result", "confirmed"]) == 0
    assert [a["person_id"] for a in notify.attempts(store, run)] == [namesake]
