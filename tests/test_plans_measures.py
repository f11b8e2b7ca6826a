"""A response started from a plan imported from Word: most plans state the conditions level by level and
the measures once for every level, and those measures become the checklist of whichever level starts."""

from __future__ import annotations

import docx

from xhduty.core.duty import duty
from xhduty.core.plans import matching, plans


def _street_gas_plan(path):
    d = docx.Document()
    for line in ("龙华街道燃气事故应急预案", "一、总则", "本预案由龙华街道应急办负责解释。", "二、应急响应", "（一）分级响应",
                 "1．Ⅳ级响应：发生燃气泄漏，无人员伤亡。由街道应急办组织处置。",
                 "2．Ⅲ级响应：造成3人以上死亡或者10人以上受伤。由区应急局组织处置。",
                 "（二）处置措施", "1.现场处置", "（1）关阀断气，禁止明火，疏散周边人员。",
                 "（2）地铁站出入口闻到煤气味时，通知轨道交通运营单位并配合封闭出入口。",
                 "2.信息报告", "街道应急办30分钟内电话报告区总值班室；1小时内书面报告。", "三、附则", "本预案自印发之日起施行。"):
        d.add_paragraph(line)
    d.save(path)
    return path


def test_a_level_without_its_own_measures_takes_the_plans_measures_as_its_checklist(on_duty, tmp_path):
    report = plans.import_paths(on_duty, [_street_gas_plan(tmp_path / "燃气.docx")])
    plan = plans.get_plan(on_duty, report.imported[0]["id"])
    steps = ["关阀断气，禁止明火，疏散周边人员",
             "地铁站出入口闻到煤气味时，通知轨道交通运营单位并配合封闭出入口",
             "街道应急办30分钟内电话报告区总值班室", "1小时内书面报告"]
    assert {lv["level"]: [a["step"] for a in lv["actions"]] for lv in plan["levels"]} == {"III": steps, "IV": steps}
    assert [a["unit"] for a in plan["levels"][0]["actions"]] == ["区应急局"] * 4

    proposal = matching.match(on_duty, "A.gas", None, "龙华路地铁站出口燃气泄漏，4人死亡")[0]
    assert (proposal["plan_id"], proposal["level"]) == (plan["id"], "III")
    response = matching.start_response(on_duty, plan["id"], "III")
    matching.tick(on_duty, response, 0, person="李值班")
    state = matching.checklist(on_duty, response)
    assert [(s["step"], s["done"]) for s in state["steps"]] == [(steps[0], True)] + [(s, False) for s in steps[1:]]
    assert "《龙华街道燃气事故应急预案》Ⅲ级响应第 1 步已完成：关阀断气，禁止明火，疏散周边人员（区应急局）" in [
        e["text"] for e in duty.list_entries(on_duty, duty.LogFilter())]


def test_a_level_with_no_measures_anywhere_says_so_on_the_checklist(on_duty, tmp_path, capsys):
    from xhduty.cli import main

    path = tmp_path / "高温.txt"
    path.write_text("某街道高温天气应急预案\n一、分级响应\nⅣ级响应：发布高温黄色预警时启动。\n二、附则\n自印发之日起施行。\n",
                    encoding="utf-8")
    plan_id = plans.import_paths(on_duty, [path]).imported[0]["id"]
    assert plans.get_plan(on_duty, plan_id)["levels"][0]["actions"] == []
    capsys.readouterr()
    assert main(["plans", "respond", plan_id, "--level", "IV"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == ["  本级响应在预案中没有列出处置措施，请按预案正文处置", "  待通知：（预案未列出）", "  待准备资源：（预案未列出）"]
    assert main(["plans", "show", plan_id]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"某街道高温天气应急预案（专项，DOC-{plan_id}，编制单位未知）"


def test_a_numbered_level_line_gives_its_condition_once_and_not_who_leads(on_duty, tmp_path):
    report = plans.import_paths(on_duty, [_street_gas_plan(tmp_path / "燃气.docx")])
    levels = {lv["level"]: lv for lv in plans.get_plan(on_duty, report.imported[0]["id"])["levels"]}
    assert levels["IV"]["triggers"] == ["发生燃气泄漏，无人员伤亡"] and levels["IV"]["lead"] == "街道应急办"
    assert levels["III"]["triggers"] == ["造成3人以上死亡或者10人以上受伤"]
    assert (levels["III"]["min_deaths"], levels["III"]["min_injuries"]) == (3, 10)
    path = tmp_path / "防汛.txt"
    path.write_text("某镇防汛防台应急预案\n一、分级响应\nⅣ级响应：本市发布暴雨蓝色预警或台风蓝色预警。\n", encoding="utf-8")
    iv = plans.get_plan(on_duty, plans.import_paths(on_duty, [path]).imported[0]["id"])["levels"][0]
    assert iv["triggers"] == ["本市发布暴雨蓝色预警或台风蓝色预警"] and iv["signals"] == ["暴雨蓝色", "台风蓝色"]
