"""A plan document's title as published: plans issued with a notice begin with 附件1 or a red header
(…文件, its 文号) and the notice itself; the plan is named by its own title, not by those lines, which
are kept at the head of its text."""

from __future__ import annotations

import docx

from xhduty.core.plans import plan_search, plans


def _attachment_docx(path, street: str):
    d = docx.Document()
    for line in ("附件1", f"徐汇区{street}防汛防台应急预案", "一、总则", "（一）适用范围",
                 f"本预案适用于{street}辖区暴雨、台风引发的积水和内涝。", "二、组织体系"):
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=2)
    for col, (head, value) in enumerate([("单位", f"{street}办事处"), ("职责", "人员转移安置")]):
        table.cell(0, col).text, table.cell(1, col).text = head, value
    d.save(path)
    return path


def test_plans_issued_as_attachments_are_named_by_their_own_titles(store, tmp_path):
    files = [_attachment_docx(tmp_path / "附件1.docx", "龙华街道"),
             _attachment_docx(tmp_path / "附件1（徐家汇）.docx", "徐家汇街道")]
    report = plans.import_paths(store, files)
    assert [i["title"] for i in report.imported] == ["徐汇区龙华街道防汛防台应急预案", "徐汇区徐家汇街道防汛防台应急预案"]
    plan = plans.get_plan(store, report.imported[0]["id"])
    assert plan["hazards"] == ["N.flood"]               # the title names the scenario
    assert plan["sections"][0] == {"heading": "", "depth": 1, "text": "附件1"}
    assert plan["sections"][2]["text"] == "本预案适用于龙华街道辖区暴雨、台风引发的积水和内涝。"
    assert plan_search.search_plans(store, "防汛防台")[0]["title"].endswith("防汛防台应急预案")


def test_a_red_header_and_its_notice_open_the_text_and_the_notice_names_the_plan(store, tmp_path):
    path = tmp_path / "徐府办发〔2024〕12号.txt"
    path.write_text("上海市徐汇区人民政府办公室文件\n徐府办发〔2024〕12号\n"
                    "上海市徐汇区人民政府办公室关于印发《徐汇区燃气事故应急预案》的通知\n"
                    "各街道、镇：\n现将《徐汇区燃气事故应急预案》印发给你们，请认真贯彻执行。\n"
                    "徐汇区燃气事故应急预案\n一、总则\n本预案适用于本区燃气泄漏、爆炸事故。\n", encoding="utf-8")
    plan = plans.get_plan(store, plans.import_paths(store, [path]).imported[0]["id"])
    assert plan["title"] == "徐汇区燃气事故应急预案" and plan["hazards"] == ["A.gas"]
    assert plan["owner"] == "上海市徐汇区人民政府办公室"
    assert plan["sections"][0]["text"].split("\n") == [
        "上海市徐汇区人民政府办公室文件", "徐府办发〔2024〕12号",
        "上海市徐汇区人民政府办公室关于印发《徐汇区燃气事故应急预案》的通知",
        "各街道、镇：", "现将《徐汇区燃气事故应急预案》印发给你们，请认真贯彻执行。"]
    assert plan["sections"][1]["heading"] == "一、总则"
