"""Incident → plan matching, signal-driven proposals, and response checklists written to the log."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.incidents import incidents
from xhduty.core.plans import matching
from xhduty.core.plans import plans
from xhduty.core.duty import warning_signals
from xhduty.core.store import StoreError

T0 = datetime(2025, 7, 20, 14, 0, tzinfo=clock.SHANGHAI)


@pytest.fixture
def library(on_duty):
    assert plans.import_builtin(on_duty).ok
    return on_duty


def _codes(found):
    return [m["code"] for m in found]


def test_rainstorm_orange_proposes_the_flood_plan_at_level_two_before_any_incident(library):
    assert matching.match(library) == []
    warning_signals.record_signal(library, "暴雨橙色")
    found = matching.match(library)
    assert found[0]["code"] == "XH-ZX-FLOOD" and found[0]["level"] == "II"
    assert "暴雨橙色预警信号生效中，对应Ⅱ级响应" in found[0]["reasons"]


@pytest.mark.parametrize("spec, level", [("台风蓝色", "IV"), ("暴雨黄色", "III"), ("台风红色", "I")])
def test_signal_colour_sets_the_flood_level(library, spec, level):
    warning_signals.record_signal(library, spec)
    assert matching.match(library)[0]["level"] == level


def test_a_flood_plan_naming_no_signal_follows_the_colour_practice(on_duty, tmp_path):
    text = (Path(plans.paths.plans_dir()) / "flood.toml").read_text(encoding="utf-8")
    own = "\n".join(line for line in text.splitlines() if not line.startswith("signals ="))
    (tmp_path / "own.toml").write_text(own.replace('"XH-ZX-FLOOD"', '"OWN-FLOOD"'), encoding="utf-8")
    assert plans.import_paths(on_duty, [tmp_path / "own.toml"]).ok
    warning_signals.record_signal(on_duty, "台风黄色")
    found = matching.match(on_duty)[0]
    assert (found["code"], found["level"]) == ("OWN-FLOOD", "III")
    assert "台风黄色预警信号生效中，按防汛防台惯例对应Ⅲ级响应" in found["reasons"]


def test_incident_matching_ranks_by_type_and_words_with_reasons(library):
    with clock.frozen(T0):
        inc = incidents.open_incident(library, title="居民楼起火", type_code="A.fire", level="IV",
                                      place="龙华街道某小区", description="高层住宅电动自行车起火，3人死亡")
    found = matching.match_incident(library, inc)
    assert found[0]["code"] == "XH-ZX-FIRE"
    assert found[0]["level"] == "III"  # 3 deaths reach the Ⅲ级 threshold above the incident's own Ⅳ
    assert "事件类型 A.fire 在本预案适用范围内" in found[0]["reasons"]
    assert "XH-ZT-00" in _codes(found)  # the 总体预案 comes along
    assert _codes(found) == ["XH-ZX-FIRE", "XH-ZT-00"]  # other plans merely sharing "3人死亡" stay out


def test_signal_beside_an_unrelated_incident_is_a_side_note(library):
    warning_signals.record_signal(library, "暴雨橙色")
    found = matching.match(library, "A.gas", "IV", "小区燃气泄漏")
    assert found[0]["code"] == "XH-ZX-GAS"
    flood = next(m for m in found if m["code"] == "XH-ZX-FLOOD")
    assert flood["score"] < found[0]["score"] and flood["level"] == "II"


def test_text_alone_finds_plans(library):
    found = matching.match(library, text="地下车库进水，车辆被淹")
    assert set(_codes(found)[:2]) == {"XH-ZX-FLOOD", "XH-ZX-UNDERGROUND"}


def test_unknown_type_is_refused(library):
    with pytest.raises(StoreError, match="未知的事件类型代码"):
        matching.match(library, "Z.none")


def test_starting_a_response_creates_the_checklist_and_log_entries(library):
    with clock.frozen(T0):
        inc = incidents.open_incident(library, title="地下车库进水", type_code="N.flood", level="III")
        response = matching.start_response(library, "XH-ZX-FLOOD", "II", incident_id=inc, reason="暴雨橙色预警")
        state = matching.checklist(library, response)
        flood = plans.get_plan(library, "XH-ZX-FLOOD")
        assert [s["step"] for s in state["steps"]] == [a["step"] for a in flood["levels"][1]["actions"]]
        assert state["notify"] == flood["notify"] and state["resources"] == flood["resources"]
        clock.advance(timedelta(minutes=25))
        matching.tick(library, response, 0, person="李值班")
        with pytest.raises(StoreError, match="已完成"):
            matching.tick(library, response, 0, person="李值班")
        clock.advance(timedelta(minutes=5))
        matching.tick(library, response, 0, person="王带班", done=False)
        matching.tick(library, response, 2, person="王带班")
    state = matching.checklist(library, response)
    assert [(s["done"], s["person"]) for s in state["steps"][:3]] == [
        (False, "王带班"), (False, ""), (True, "王带班")]
    assert state["steps"][2]["at"] == "2025-07-20T14:30:00+08:00"
    log = duty.list_entries(library, duty.LogFilter(incident_id=inc))
    texts = [e["text"] for e in log]
    assert any(t.startswith("启动《徐汇区防汛防台专项应急预案（示例）》Ⅱ级响应") for t in texts)
    assert sum("响应第 1 步" in t for t in texts) == 2 and any("第 3 步已完成" in t for t in texts)
    assert [e["author"] for e in log if "第 3 步" in e["text"]] == ["王带班"]
    assert matching.responses(library, incident_id=inc)[0]["id"] == response
    with pytest.raises(StoreError, match="共 5 步"):
        matching.tick(library, response, 9, person="李值班")


def test_response_needs_a_level_the_plan_has(library):
    with pytest.raises(StoreError, match="没有 Ⅰ级 响应；可选：Ⅱ级、Ⅲ级、Ⅳ级"):
        matching.start_response(library, "XH-ZX-HEAT", "I")
    assert library.one("SELECT count(*) FROM plan_responses")[0] == 0


def test_casualties_read_from_words():
    assert matching.casualties("事故造成3人死亡，受伤12人") == (3, 12)
    assert matching.casualties("死亡 10 人，2人重伤") == (10, 2)
    assert matching.casualties("无人员伤亡") == (0, 0)


@pytest.mark.parametrize("said, deaths, injuries", [
    ("塔吊倒塌，3死2伤", 3, 2), ("塔吊倒塌压住三名工人，三名工人死亡", 3, 0), ("塔吊倒塌，死亡人数为3人，伤员12名", 3, 12),
    ("塔吊倒塌，压死3人", 3, 0), ("塔吊倒塌，3人不幸身亡、十二人受伤", 3, 12), ("12月3日塔吊倒塌，无人员伤亡", 0, 0)])
def test_casualties_as_duty_records_write_them_set_the_response_level(library, said, deaths, injuries):
    assert matching.casualties(said) == (deaths, injuries)
    top = matching.match(library, "A.construction", None, said)[0]
    assert top["code"] == "XH-ZX-CONSTRUCTION"
    if deaths:   # 3 deaths reach the construction plan's Ⅲ级 (较大), not the mildest level
        assert top["level"] == "III" and "死亡 3 人，达到Ⅲ级响应条件" in top["reasons"]
    else:
        assert top["level"] == "IV"


def test_the_incidents_own_level_is_a_floor_of_the_proposed_response(library):
    # rated 重大 (Ⅱ) by the duty leader: 3 deaths also reach Ⅲ, but the response is not lowered to it
    top = matching.match(library, "A.construction", "II", "塔吊倒塌，3人死亡")[0]
    assert (top["code"], top["level"]) == ("XH-ZX-CONSTRUCTION", "II")
    # casualties beyond the rating still raise it
    assert matching.match(library, "A.construction", "IV", "塔吊倒塌，3人死亡")[0]["level"] == "III"
    # a plan without the incident's level proposes its nearest, not its mildest
    heat = plans.get_plan(library, "XH-ZX-HEAT")
    assert "I" not in [lv["level"] for lv in heat["levels"]]
    top = matching.match(library, heat["hazards"][0], "I", "持续高温")[0]
    assert (top["code"], top["level"]) == ("XH-ZX-HEAT", "II")
