"""The plan library: file format and validation, imports, the sample library, search, review dates."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from xhduty.core import clock, jobs
from xhduty.core.plans import plan_search, plans
from xhduty.core.plans.plan_file import key_lines

GOOD = '''id = "T-FLOOD"
title = "测试防汛预案"
kind = "专项"
hazards = ["N.flood"]
keywords = ["暴雨", "积水"]
owner = "区防汛办"
version = "1"
issued = 2024-01-01
review_due = 2027-01-01
notify = ["防汛成员单位"]
resources = ["沙袋"]

[[levels]]
level = "IV"
lead = "防汛办主任"
triggers = ["一般积水"]
signals = ["暴雨蓝色"]

[[levels.actions]]
step = "巡查易积水点"
unit = "各街镇"
within = "1小时"

[[sections]]
heading = "一、总则"
text = """本预案用于测试。"""

[[sections]]
heading = "（一）适用范围"
text = """下立交积水和地下车库进水的处置。"""
'''


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _count(store) -> int:
    return store.one("SELECT count(*) FROM plans WHERE deleted = 0")[0]


def test_key_lines_locate_nested_array_tables():
    lines = key_lines(GOOD)
    assert lines[("id",)] == 1
    assert lines[("levels", 0, "actions", 0, "unit")] == 21
    assert lines[("sections", 1, "heading")] == 29


def test_every_format_error_names_file_line_and_field(store, tmp_path):
    bad = (GOOD.replace('kind = "专项"', 'kind = "专题"')
           .replace('hazards = ["N.flood"]', 'hazards = ["N.flood", "X.nope"]')
           .replace('unit = "各街镇"\n', '')
           .replace('signals = ["暴雨蓝色"]', 'signals = ["暴雨紫色"]')
           .replace('review_due = 2027-01-01', 'review_due = 2023-01-01\ncolour = "红"'))
    report = plans.import_paths(store, [_write(tmp_path, "bad.toml", bad)])
    assert report.imported == []
    errors = "\n".join(report.errors)
    assert "bad.toml 第 3 行，字段 kind：应为 总体、专项、部门、基层单位、重大活动 之一" in errors
    assert "bad.toml 第 4 行，字段 hazards：第 2 项 X.nope 不是事件类型代码" in errors
    assert "bad.toml 第 9 行，字段 review_due：评估（复审）日期应晚于发布日期" in errors
    assert "bad.toml 第 10 行，字段 colour：未知字段" in errors
    assert "bad.toml 第 18 行，字段 levels[1].signals：暴雨紫色" in errors
    assert "bad.toml 第 20 行，字段 levels[1].actions[1].unit：缺少此字段" in errors
    assert len(report.errors) == 6


def test_syntax_error_names_its_line(store, tmp_path):
    report = plans.import_paths(store, [_write(tmp_path, "broken.toml", GOOD.replace('owner = "区防汛办"', 'owner = 区防汛办'))])
    assert report.errors == ["broken.toml 第 6 行，字段 （语法）：TOML 语法错误，请检查该行的引号、括号、逗号和等号"]


def test_a_bad_file_imports_nothing_and_good_ones_still_do(store, tmp_path):
    good = _write(tmp_path, "good.toml", GOOD)
    bad = _write(tmp_path, "bad.toml", GOOD.replace("T-FLOOD", "T-OTHER").replace('lead = "防汛办主任"\n', ""))
    report = plans.import_paths(store, [good, bad])
    assert [i["code"] for i in report.imported] == ["T-FLOOD"]
    assert report.errors == ["bad.toml 第 13 行，字段 levels[1].lead：缺少此字段"]
    assert _count(store) == 1
    assert store.one("SELECT count(*) FROM plans WHERE code = 'T-OTHER'")[0] == 0


def test_reimport_updates_the_same_plan(store, tmp_path):
    path = _write(tmp_path, "p.toml", GOOD)
    first = plans.import_paths(store, [path]).imported[0]
    path.write_text(GOOD.replace('version = "1"', 'version = "2"'), encoding="utf-8")
    second = plans.import_paths(store, [path]).imported[0]
    assert (second["id"], second["action"]) == (first["id"], "updated")
    assert plans.get_plan(store, "T-FLOOD")["version"] == "2"
    assert plans.import_paths(store, [path]).imported[0]["action"] == "unchanged"
    assert _count(store) == 1


def test_builtin_sample_library(store):
    report = plans.import_builtin(store)
    assert report.errors == []
    library = plans.list_plans(store)
    kinds = [p["kind"] for p in library]
    assert kinds.count("总体") == 1 and kinds.count("专项") >= 12
    assert all(p["sample"] and "示例" in p["title"] for p in library)
    codes = {r[0] for r in store.query("SELECT code FROM event_types")}
    for p in library:
        full = plans.get_plan(store, p["id"])
        assert {lv["level"] for lv in full["levels"]} >= {"III", "IV"}, p["title"]
        assert all(a["step"] and a["unit"] for lv in full["levels"] for a in lv["actions"])
        assert set(full["hazards"]) <= codes and full["notify"] and full["resources"]
        assert "示例" in full["sections"][-1]["text"]  # the 附则 says it is a sample to replace
    flood = plans.get_plan(store, "XH-ZX-FLOOD")
    assert {lv["level"]: lv["signals"] for lv in flood["levels"]}["II"] == ["台风橙色", "暴雨橙色"]
    assert [p["code"] for p in plans.list_plans(store, hazard="N.quake")] == ["XH-ZX-QUAKE"]


def test_documents_become_unstructured_plans_split_at_numbered_headings(store, tmp_path):
    import docx

    txt = _write(tmp_path, "a.txt", "某街道燃气事故应急预案\n\n一、总则\n（一）目的\n为规范燃气泄漏处置，制定本预案。\n"
                 "1.先期处置\n关阀、通风、疏散。\n二、附则\n本预案自发布之日起施行。\n")
    md = _write(tmp_path, "b.md", "# 某单位有限空间作业预案\n\n## 1 总则\n作业前先通风再检测。\n### 1.1 救援\n禁止盲目施救。\n")
    document = docx.Document()
    document.add_paragraph("某活动安全保障预案")
    document.add_heading("一、活动概况", level=1)
    document.add_paragraph("预计观众两万人，设三个疏散出口。")
    document.save(tmp_path / "c.docx")
    report = plans.import_paths(store, [txt, md, tmp_path / "c.docx"])
    assert report.errors == [] and len(report.imported) == 3
    a = plans.get_plan(store, report.imported[0]["id"])
    assert a["title"] == "某街道燃气事故应急预案" and not a["structured"] and a["levels"] == []
    assert [(s["heading"], s["depth"]) for s in a["sections"]] == [
        ("一、总则", 1), ("（一）目的", 2), ("1.先期处置", 3), ("二、附则", 1)]
    b = plans.get_plan(store, report.imported[1]["id"])
    assert [(s["heading"], s["depth"]) for s in b["sections"]] == [("1 总则", 2), ("1.1 救援", 3)]
    c = plans.get_plan(store, report.imported[2]["id"])
    assert c["kind"] == "重大活动" and c["sections"][0]["text"] == "预计观众两万人，设三个疏散出口。"
    hit = plan_search.search_plans(store, "盲目施救")[0]  # searchable at once
    assert (hit["plan_id"], hit["section"], hit["snippet"]) == (b["id"], "1.1 救援", "禁止【盲目施救】。")


def test_unreadable_and_unknown_files_are_reported(store, tmp_path):
    empty = _write(tmp_path, "empty.txt", "\n\n")
    other = _write(tmp_path, "x.xlsx", "PK")
    report = plans.import_paths(store, [empty, other])
    assert report.errors == ["empty.txt：文件没有内容",
                             "x.xlsx：不支持的文件类型 .xlsx（可导入 .toml 预案文件，或 .docx、.doc、.wps、.pdf、.txt、.md 文档）"]


@pytest.mark.parametrize("query, code", [
    ("火灾", "XH-ZX-FIRE"), ("台风", "XH-ZX-FLOOD"), ("有限空间", "XH-ZX-CONFINED"),
    ("电梯困人", "XH-ZX-ELEVATOR"), ("燃气泄漏了怎么办", "XH-ZX-GAS"), ("寒潮", "XH-ZX-COLD"),
    ("停电 医院", "XH-ZX-POWER"),
])
def test_search_finds_the_right_plan_first(store, query, code):
    plans.import_builtin(store)
    hits = plan_search.search_plans(store, query, limit=5)
    assert plans.get_plan(store, hits[0]["plan_id"])["code"] == code
    assert "【" in hits[0]["snippet"]


def test_question_finds_the_section_that_answers_it(store):
    plans.import_builtin(store)
    hits = plan_search.search_plans(store, "地下车库进水怎么办", limit=3)
    top = {plans.get_plan(store, h["plan_id"])["code"] for h in hits[:2]}
    assert top == {"XH-ZX-FLOOD", "XH-ZX-UNDERGROUND"}
    assert "【地下车库进水】" in hits[0]["snippet"]


def test_index_follows_changes_that_bypass_import(store):
    """Plans arriving by sync are written without the index; the next search rebuilds it."""
    plans.import_builtin(store)
    fire = plans.get_plan(store, "XH-ZX-FIRE")
    gas = plans.get_plan(store, "XH-ZX-GAS")
    sections = gas["sections"] + [{"heading": "十、补充", "depth": 1, "text": "加装燃气自闭阀的小区名单。"}]
    with store.write() as tx:
        tx.delete("plans", fire["id"])
        tx.update("plans", gas["id"], {"sections": json.dumps(sections, ensure_ascii=False)})
    assert all(h["plan_id"] != fire["id"] for h in plan_search.search_plans(store, "火灾"))
    hit = plan_search.search_plans(store, "自闭阀")[0]
    assert (hit["plan_id"], hit["section"]) == (gas["id"], "十、补充")
    assert len(plan_search.search_plans(store, "自闭阀")) == 1  # the gas plan's old rows are gone


def test_review_dates_raise_alerts_within_30_days(store, tmp_path):
    plans.import_paths(store, [_write(tmp_path, "p.toml", GOOD)])
    with clock.frozen(datetime(2026, 11, 20, 9, 0, tzinfo=clock.SHANGHAI)):
        assert jobs.run_due(store, only="plan_reviews") == []
    with clock.frozen(datetime(2026, 12, 5, 9, 0, tzinfo=clock.SHANGHAI)):
        raised = jobs.run_due(store, only="plan_reviews")
        assert [(a.level, a.text) for a in raised] == [("warning", "预案《测试防汛预案》应于 2027-01-01 前完成评估修订")]
        assert jobs.run_due(store, only="plan_reviews") == []  # raised once
    assert plans.reviews_due(store, today=date(2027, 1, 2))[0]["code"] == "T-FLOOD"


EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plan-search"


@pytest.mark.skipif(not EVAL.exists(), reason="public evaluation set not present")
def test_search_quality_on_public_eval_set():
    """Guards the measured quality (bench/plans_eval.py prints the full table)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from plans_eval import evaluate

    results = evaluate(EVAL)
    assert min(s3 for s3, _, _ in results.values()) >= 0.95
    assert results["all"][1] >= 0.9


def test_a_document_plan_is_given_structure_by_export_and_reimport(store, tmp_path):
    from xhduty.core.plans.plan_file import dump

    doc = _write(tmp_path, "d.txt", "某街道防汛预案\n前言文字。\n一、总则\n（一）目的\n做好防汛工作。\n")
    plan = plans.get_plan(store, plans.import_paths(store, [doc]).imported[0]["id"])
    text = dump(plan)
    path = _write(tmp_path, "d.toml", text)
    report = plans.import_paths(store, [path])
    assert "d.toml 第 7 行，字段 owner：应为非空文字" in report.errors  # the officer must fill them in
    filled = (text.replace('owner = ""', 'owner = "某街道"').replace('version = ""', 'version = "1"')
              .replace("# issued", "issued").replace("# review_due = 2025-01-01", "review_due = 2028-01-01")
              .replace('hazards = []', 'hazards = ["N.flood"]')
              + '[[levels]]\nlevel = "IV"\nlead = "街道防汛办"\ntriggers = ["暴雨蓝色预警"]\nsignals = ["暴雨蓝色"]\n'
              '[[levels.actions]]\nstep = "巡查积水点"\nunit = "居委会"\nwithin = "1小时"\n')
    path.write_text(filled, encoding="utf-8")
    report = plans.import_paths(store, [path])
    assert report.errors == [] and report.imported[0]["action"] == "updated"
    after = plans.get_plan(store, plan["id"])
    assert after["structured"] and after["levels"][0]["signals"] == ["暴雨蓝色"]
    assert after["sections"] == plan["sections"] and _count(store) == 1


def test_a_common_word_ranks_by_titles_and_headings_in_a_large_library(store, tmp_path):
    # 30 plans that mention 火灾 in each of 20 sections (600 rows: above the 500-row cap), one plan named
    # after it and one with it in a heading: those two answer the query, not the body's mentions
    for i in range(30):
        body = "\n".join(f"{n + 1}. 第{n + 1}节\n做好防范火灾和安全检查工作。" for n in range(20))
        _write(tmp_path, f"g{i:02d}.txt", f"某单位第{i}号综合方案\n{body}\n")
    _write(tmp_path, "fire.txt", "某区处置火灾应急预案\n一、总则\n扑救初起明火。\n")
    _write(tmp_path, "school.txt", "某校安全方案\n一、总则\n总体要求。\n二、火灾时的疏散\n按楼层疏散。\n")
    plans.import_paths(store, sorted(tmp_path.glob("*.txt")))
    assert store.one("SELECT doc FROM plan_search_vocab WHERE term = '火灾'")[0] > 500
    hits = plan_search.search_plans(store, "火灾")
    top = {h["title"]: h["section"] for h in hits[:2]}
    assert top == {"某区处置火灾应急预案": "一、总则", "某校安全方案": "二、火灾时的疏散"}
    assert len(hits) == 10
