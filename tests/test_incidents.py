"""Incidents: opening from an intake entry, the timeline, reports, tasks, alerts, handover, CLI and PDF."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from xhduty import cli
from xhduty.core import carryover, clock, jobs
from xhduty.core.duty import duty
from xhduty.core.duty import handover
from xhduty.core.incidents import incidents
from xhduty.core.incidents import assignments
from xhduty.core.store import StoreError
from xhduty.reports import handover_sheet

T0 = clock.parse("2026-11-29T14:02")

INTAKE = {"received_at": "2026-11-29T14:02", "caller_unit": "徐家汇街道", "caller_name": "陈明",
          "caller_post": "值班员", "caller_phone": "021-64870000", "occurred_at": "2026-11-29T13:50",
          "place": "虹桥路 1 号地下车库", "what": "地下车库进水约 30 厘米\n车辆被困", "casualties": "无人员伤亡",
          "measures": "已关闭车库入口", "informed": "区排水公司"}


@pytest.fixture
def frozen():
    with clock.frozen(T0):
        yield


def intake(store) -> str:
    return duty.add_entry(store, "徐家汇街道来电：地下车库进水", kind="intake", details=INTAKE)


def test_open_from_intake_entry_prefills_and_links(on_duty, frozen):
    entry_id = intake(on_duty)
    form = incidents.prefill_from_entry(on_duty, entry_id)
    assert form["title"] == "地下车库进水约 30 厘米"
    assert form["place"] == "虹桥路 1 号地下车库" and form["taken_at"] == "2026-11-29T14:02:00+08:00"
    assert form["source"] == "徐家汇街道 陈明 值班员 021-64870000"
    iid = incidents.open_incident(on_duty, title=form["title"], type_code="N.flood", level="IV",
                                  division="xujiahui", place=form["place"], occurred_at=form["occurred_at"],
                                  taken_at=form["taken_at"], casualties=form["casualties"],
                                  description=form["description"], source=form["source"], entry_id=entry_id)
    inc = incidents.get_incident(on_duty, iid)
    assert (inc["status_name"], inc["level_name"], inc["type_name"], inc["division_name"]) == \
        ("接报", "Ⅳ级", "水旱灾害", "徐家汇街道")
    assert inc["source_entry_id"] == entry_id
    first = incidents.report_draft(on_duty, iid, "first")["fields"]
    assert first["measures"] == "已关闭车库入口" and first["informed"] == "区排水公司"
    assert first["nature"] == "水旱灾害，Ⅳ级" and first["place"] == "徐家汇街道 虹桥路 1 号地下车库"
    kinds = [e["kind"] for e in incidents.timeline(on_duty, iid)]
    assert kinds == ["intake", "incident"]


@pytest.mark.parametrize("typed, logged, expected", [
    ("14:02", "2026-11-29T14:05", "2026-11-29T14:02:00+08:00"),
    ("23:58", "2026-11-30T00:05", "2026-11-29T23:58:00+08:00"),   # the call came before midnight
    ("2026-11-28 09:30", "2026-11-29T14:05", "2026-11-28T09:30:00+08:00"),
    ("不详", "2026-11-29T14:05", ""),
])
def test_intake_times_as_typed(on_duty, typed, logged, expected):
    entry_id = duty.add_entry(on_duty, "来电", kind="intake", at=clock.parse(logged),
                              details={"received_at": typed, "occurred_at": typed})
    form = incidents.prefill_from_entry(on_duty, entry_id)
    assert form["occurred_at"] == expected
    assert form["taken_at"] == (expected or clock.iso(clock.parse(logged)))


def test_timeline_holds_other_areas_entries_levels_reports_and_tasks(on_duty, frozen):
    iid = incidents.open_incident(on_duty, title="仓库火灾", type_code="A.fire", level="IV")
    clock.advance(timedelta(minutes=5))
    with on_duty.write() as tx:  # as the resources area does when it dispatches a team
        duty.append_entry(tx, kind="call_out", text="调派消防救援站两车", incident_id=iid,
                          shift_id=duty.current_shift(on_duty)["id"])
    clock.advance(timedelta(minutes=5))
    incidents.change_level(on_duty, iid, "III", "过火面积扩大")
    clock.advance(timedelta(minutes=5))
    incidents.submit_report(on_duty, iid, stage="first", channel="phone", text="电话报区应急局")
    assignments.give_task(on_duty, instruction="核实周边居民疏散情况", owner_unit="漕河泾街道",
                    due_at=clock.now() + timedelta(hours=1), incident_id=iid)
    texts = [e["text"] for e in incidents.timeline(on_duty, iid)]
    assert texts[0].startswith("立案：仓库火灾")
    assert texts[1] == "调派消防救援站两车"
    assert "由Ⅳ级调整为Ⅲ级" in texts[2]
    assert texts[3].startswith("首报（电话）：仓库火灾")
    assert texts[4].startswith("交办（仓库火灾）：漕河泾街道 — 核实周边居民疏散情况")
    assert len(on_duty.query("SELECT * FROM incident_level_changes WHERE incident_id = ?", (iid,))) == 1


@pytest.mark.parametrize("kw, message", [
    ({"title": " "}, "事件名称不能为空"),
    ({"type_code": "X.none"}, "没有“X.none”这个事件类型代码"),
    ({"level": "V"}, "事件级别应为"),
    ({"division": "nowhere"}, "没有“nowhere”这个街镇代码"),
    ({"taken_at": "昨天"}, "接报时间“昨天”不是有效的时间"),
    ({"occurred_at": "2026-11-29T15:00"}, "事发时间不能晚于接报时间"),
])
def test_bad_incident_is_refused_and_nothing_written(on_duty, frozen, kw, message):
    before = on_duty.one("SELECT count(*) FROM changes")[0]
    args = {"title": "测试", "type_code": "A.fire", "level": "IV", **kw}
    with pytest.raises(StoreError, match=message):
        incidents.open_incident(on_duty, **args)
    assert on_duty.one("SELECT count(*) FROM changes")[0] == before


def test_needs_a_shift(store):
    with pytest.raises(StoreError, match="当前没有在岗班次"):
        incidents.open_incident(store, title="测试", type_code="A.fire")


def test_report_rules_of_the_chain(on_duty, frozen):
    iid = incidents.open_incident(on_duty, title="测试", type_code="A.fire", level="III")
    with pytest.raises(StoreError, match="请先报首报"):
        incidents.submit_report(on_duty, iid, stage="followup", channel="written", text="续报")
    incidents.submit_report(on_duty, iid, stage="first", channel="phone", text="首报")
    with pytest.raises(StoreError, match="首报（电话）已报送"):
        incidents.submit_report(on_duty, iid, stage="first", channel="phone", text="再报")
    with pytest.raises(StoreError, match="报告内容不能为空"):
        incidents.submit_report(on_duty, iid, stage="first", channel="written", text=" ")
    with pytest.raises(StoreError, match="级别未改变"):
        incidents.change_level(on_duty, iid, "III")


def test_followup_draft_carries_only_what_is_new(on_duty, frozen):
    iid = incidents.open_incident(on_duty, title="测试", type_code="A.fire", level="III", place="龙华路")
    first = incidents.report_draft(on_duty, iid, "first")
    incidents.submit_report(on_duty, iid, stage="first", channel="written", text="首报", fields=first["fields"])
    clock.advance(timedelta(minutes=30))
    incidents.change_level(on_duty, iid, "II", "伤亡增加")
    draft = incidents.report_draft(on_duty, iid, "followup")
    assert draft["label"] == "续报一"
    assert draft["fields"]["nature"] == "火灾事故，Ⅱ级"   # changed
    assert draft["fields"]["place"] == ""                 # already reported
    assert "由Ⅲ级调整为Ⅱ级" in draft["text"]


def test_alerts_raised_once_logged_and_cleared_by_the_report(on_duty, frozen):
    iid = incidents.open_incident(on_duty, title="燃气泄漏", type_code="A.gas", level="II")
    assert jobs.run_due(on_duty, only="incident_reports") == []
    clock.advance(timedelta(minutes=11))                  # phone due 14:17: 4 minutes left
    raised = jobs.run_due(on_duty, only="incident_reports")
    assert [(a.level, a.text) for a in raised] == [("warning", "燃气泄漏：首报（电话）即将到期（时限 11-29 14:17）")]
    clock.advance(timedelta(minutes=5))
    raised = jobs.run_due(on_duty, only="incident_reports")
    assert [a.level for a in raised] == ["overdue"] and "首报（电话）已超时" in raised[0].text
    assert jobs.run_due(on_duty, only="incident_reports") == []   # raised once
    logged = [e["text"] for e in duty.list_entries(on_duty, duty.LogFilter(kinds=["alert"]))]
    assert any("首报（电话）已超时" in t for t in logged)
    on_timeline = duty.list_entries(on_duty, duty.LogFilter(kinds=["alert"], incident_id=iid))
    assert any("首报（电话）已超时" in e["text"] for e in on_timeline)   # the alert is on the incident's timeline
    incidents.submit_report(on_duty, iid, stage="first", channel="phone", text="已电话报告")
    jobs.run_due(on_duty, only="incident_reports")
    assert not any("电话" in a["text"] for a in jobs.active_alerts(on_duty))


def test_tasks_overdue_alert_and_done(on_duty, frozen):
    with pytest.raises(StoreError, match="请填写承办单位或承办人"):
        assignments.give_task(on_duty, instruction="核实")
    with pytest.raises(StoreError, match="办结时限应晚于现在"):
        assignments.give_task(on_duty, instruction="核实", owner_person="张三", due_at="2026-11-29T14:00")
    task_id = assignments.give_task(on_duty, instruction="报送伤亡名单", owner_unit="区卫健委",
                              due_at="2026-11-29T15:00")
    clock.advance(timedelta(hours=1, minutes=1))
    raised = jobs.run_due(on_duty, only="incident_tasks")
    assert [a.key for a in raised] == [f"task:{task_id}:overdue"]
    assignments.finish_task(on_duty, task_id, "名单已收到")
    assert jobs.run_due(on_duty, only="incident_tasks") == []
    assert assignments.get_task(on_duty, task_id)["status_name"] == "已办结"
    with pytest.raises(StoreError, match="已办结"):
        assignments.finish_task(on_duty, task_id)


def test_handover_names_overdue_report_and_carries_open_items(on_duty, frozen):
    iid = incidents.open_incident(on_duty, title="地铁站大客流", type_code="A.crowd", level="III")
    assignments.give_task(on_duty, instruction="每小时报客流", owner_unit="轨交公安", incident_id=iid)
    clock.advance(timedelta(hours=2))
    section = next(s for s in carryover.sections(on_duty) if s.title == "未结事件和交办事项")
    assert section.rows[0].startswith("地铁站大客流（人员密集场所拥挤踩踏事故，Ⅲ级，接报）")
    assert "交办：轨交公安 — 每小时报客流" in section.rows
    assert section.warnings == ["地铁站大客流：首报（电话）已超时未报", "地铁站大客流：首报（书面）已超时未报"]
    old_shift = duty.current_shift(on_duty)["id"]
    handover.hand_over(on_duty, ["赵接班"])
    assert handover.last_handover(on_duty, old_shift)["summary"]["warnings"] == section.warnings
    story = handover_sheet.build_story(handover.stored_sheet(on_duty, old_shift))
    sheet = " ".join(f.text for f in story if hasattr(f, "text"))
    assert "地铁站大客流：首报（书面）已超时未报" in sheet
    # still open after the handover: it carries over to the next shift
    assert any(s.title == "未结事件和交办事项" for s in carryover.sections(on_duty))


def run(capsys, *argv) -> str:
    assert cli.main(list(argv)) == 0
    return capsys.readouterr().out


def test_cli(on_duty, capsys, tmp_path):
    types = json.loads(run(capsys, "types", "--json"))
    assert {"code": "A.fire", "parent": "A", "name": "火灾事故"} in types
    with clock.frozen(T0):
        made = json.loads(run(capsys, "incident", "new", "--title", "宜山路仓库火灾", "--type", "A.fire",
                              "--level", "III", "--place", "宜山路", "--json"))
    assert [(d["label"], d["due"]) for d in made["deadlines"][:2]] == [
        ("首报（电话）", "2026-11-29T14:32:00+08:00"), ("首报（书面）", "2026-11-29T15:02:00+08:00")]
    with clock.frozen(T0 + timedelta(hours=1)):
        listed = json.loads(run(capsys, "incident", "list", "--json"))
        assert listed[0]["overdue"] is True and listed[0]["overdue_reports"] == ["首报（电话）"]
        assert listed[0]["next_deadline"]["label"] == "首报（电话）"
        alerts = json.loads(run(capsys, "jobs", "run-due", "--json"))
        assert any(a["level"] == "overdue" and "首报（电话）" in a["text"] for a in alerts)
        pdf = tmp_path / "r.pdf"
        run(capsys, "incident", "report", made["id"], "--stage", "first", "--channel", "written",
            "--text", "书面首报内容", "--signed-by", "张局长", "--pdf", str(pdf))
        listed = json.loads(run(capsys, "incident", "list", "--json"))
    assert listed[0]["overdue"] is False and listed[0]["status"] == "handling"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"FontFile2" in data and b"Helvetica" not in data
    assert cli.main(["rules", "set", "--level", "II", "--written", "-1"]) == 2
    assert "书面首报时限应在 1–10080 分钟之间" in capsys.readouterr().err


def test_a_report_typed_in_the_minute_the_call_was_taken_is_accepted_an_earlier_one_named(on_duty):
    with clock.frozen(clock.parse("2026-11-29T14:02:40")):        # the CLI takes the call with seconds
        iid = incidents.open_incident(on_duty, title="地下车库进水", type_code="N.flood")
    with clock.frozen(clock.parse("2026-11-29T14:10")):
        incidents.submit_report(on_duty, iid, stage="first", channel="phone", text="电话报区应急局",
                                at=clock.parse("2026-11-29T14:02"))
        with pytest.raises(StoreError, match="报送时间 11-29 14:01 不能早于接报时间 11-29 14:02"):
            incidents.submit_report(on_duty, iid, stage="first", channel="written", text="书面首报",
                                    at=clock.parse("2026-11-29T14:01"))


def test_what_the_station_records_is_signed_by_the_officer_at_the_keyboard(store):
    duty.start_shift(store, "王带班", ["李值班", "张值班"])
    assert duty.at_keyboard(store) == "李值班"            # the shift's first officer until one is chosen
    duty.set_at_keyboard(store, "张值班")                  # F2 in the log window
    iid = incidents.open_incident(store, title="仓库火灾", type_code="A.fire", level="IV")
    incidents.submit_report(store, iid, stage="first", channel="phone", text="电话报区应急局")
    task = assignments.give_task(store, instruction="核实现场人员", owner_unit="龙华街道", incident_id=iid)
    authors = {e["author"] for e in store.query("SELECT author FROM log_entries WHERE incident_id = ?", (iid,))}
    assert authors == {"张值班"} and task
    assert incidents.reports(store, iid)[0]["author"] == "张值班"
    duty.set_at_keyboard(store, "王带班")                  # not an officer of this shift: does not sign
    assert duty.at_keyboard(store) == "李值班"
