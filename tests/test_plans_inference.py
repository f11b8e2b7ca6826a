"""Structure inferred for documents: hazard types, response levels with their triggers, owner — shown as
推断, editable, kept when confirmed, and used by matching like a structured plan's."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from xhduty.core.plans import matching, plans
from xhduty.core.store import StoreError


def _gas_plan(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("某区城镇燃气事故应急预案")
    d.add_paragraph("一、总则")
    d.add_paragraph("本预案由区建设和管理委员会负责解释。")
    d.add_paragraph("二、响应分级")
    t = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("响应级别", "启动条件"), ("Ⅱ级响应", "造成10人以上死亡，或50人以上重伤"),
                                ("Ⅲ级响应", "造成3人以上死亡或10人以上重伤")]):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b
    d.add_paragraph("（一）Ⅳ级响应")
    d.add_paragraph("发生燃气泄漏，造成1人以上死亡的，启动Ⅳ级响应。由区燃气管理处负责先期处置。"
                    "关阀断气，设立警戒区。疏散周边居民。")
    d.add_paragraph("三、附则")
    d.save(path)
    return path


@pytest.fixture
def gas(store, tmp_path):
    report = plans.import_paths(store, [_gas_plan(tmp_path / "燃气.docx")])
    assert report.ok, report.errors
    return plans.get_plan(store, report.imported[0]["id"])


def test_hazards_levels_and_owner_are_inferred_from_a_word_plan(gas):
    assert gas["hazards"] == ["A.gas"]
    assert gas["owner"] == "区建设和管理委员会"
    assert gas["inferred"] == ["hazards", "levels", "owner"]
    by_level = {lv["level"]: lv for lv in gas["levels"]}
    assert list(by_level) == ["II", "III", "IV"]
    assert by_level["II"]["triggers"] == ["造成10人以上死亡，或50人以上重伤"]
    assert (by_level["II"]["min_deaths"], by_level["II"]["min_injuries"]) == (10, 50)
    assert (by_level["III"]["min_deaths"], by_level["III"]["min_injuries"]) == (3, 10)
    iv = by_level["IV"]
    assert iv["triggers"] == ["发生燃气泄漏，造成1人以上死亡的，启动Ⅳ级响应"]
    assert iv["lead"] == "区燃气管理处"
    assert [a["step"] for a in iv["actions"]] == ["由区燃气管理处负责先期处置", "关阀断气，设立警戒区", "疏散周边居民"]


def test_matching_uses_an_imported_plan_like_a_structured_one(gas, store):
    found = matching.match(store, "A.gas", None, "小区燃气管道泄漏爆炸，4人死亡")
    top = found[0]
    assert top["plan_id"] == gas["id"]
    assert top["level"] == "III"  # 4 deaths reach the inferred Ⅲ级 threshold (3), not Ⅱ级 (10)
    assert top["inferred"] == ["hazards", "levels"]  # shown as 推断 beside the proposal
    assert "事件类型 A.gas 在本预案适用范围内" in top["reasons"]


def test_titles_name_the_hazard_and_a_general_plan_has_none(store, tmp_path):
    docs = {"a.txt": "某街道防汛防台预案", "b.txt": "某区处置道路交通事故应急预案", "c.txt": "某区突发公共事件总体应急预案",
            "d.txt": "某单位安全工作方案\n一、要点\n电梯困人时，特种设备维保单位到场；特种设备定期检验；特种设备台账。"}
    for name, text in docs.items():
        (tmp_path / name).write_text(text + "\n一、总则\n正文。\n", encoding="utf-8")
    report = plans.import_paths(store, sorted(tmp_path.glob("*.txt")))
    got = {i["file"]: plans.get_plan(store, i["id"])["hazards"] for i in report.imported}
    assert got == {"a.txt": ["N.flood"], "b.txt": ["A.traffic"], "c.txt": [], "d.txt": ["A.elevator"]}


def test_an_edited_or_confirmed_field_is_no_longer_inferred_and_survives_reimport(gas, store, tmp_path):
    edited = plans.edit_plan(store, gas["id"], hazards=["A.gas", "A.fire"])
    assert edited["hazards"] == ["A.gas", "A.fire"] and edited["inferred"] == ["levels", "owner"]
    plans.import_paths(store, [_gas_plan(tmp_path / "燃气.docx")])  # the same document again
    again = plans.get_plan(store, gas["id"])
    assert again["hazards"] == ["A.gas", "A.fire"] and again["inferred"] == ["levels", "owner"]
    assert plans.edit_plan(store, gas["id"], confirm=True)["inferred"] == []


def test_edit_refuses_unknown_codes_and_kinds(gas, store):
    with pytest.raises(StoreError, match="不是事件类型代码：X.nope"):
        plans.edit_plan(store, gas["id"], hazards=["X.nope"])
    with pytest.raises(StoreError, match="预案类别应为 总体、专项、部门、基层单位、重大活动 之一"):
        plans.edit_plan(store, gas["id"], kind="专题")


def test_a_structured_plan_file_has_nothing_inferred(store):
    plans.import_builtin(store)
    assert all(not p["inferred"] for p in (plans.get_plan(store, r["id"]) for r in plans.list_plans(store)))


def test_the_sample_library_read_as_text_gives_back_its_levels_thresholds_and_main_hazard(store, tmp_path):
    """Each built-in plan written out as a plain document (title, headings, text — none of its structure)
    and imported: the inferred levels, casualty thresholds and main hazard are the ones its file states."""
    import tomllib

    from xhduty import paths
    files = sorted(paths.plans_dir().glob("*.toml"))
    wanted = {}
    for f in files:
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        body = "\n".join(f"{s['heading']}\n{s['text']}" for s in data["sections"])
        (tmp_path / f"{f.stem}.txt").write_text(f"{data['title']}\n{body}\n", encoding="utf-8")
        wanted[data["title"]] = (data["hazards"][0] if data["kind"] != "总体" else None,
                                 [(lv["level"], lv.get("min_deaths"), lv.get("min_injuries")) for lv in data["levels"]])
    report = plans.import_paths(store, sorted(tmp_path.glob("*.txt")))
    assert report.ok and len(report.imported) == len(files) == 14
    for item in report.imported:
        plan = plans.get_plan(store, item["id"])
        got = ((plan["hazards"] or [None])[0],
               [(lv["level"], lv.get("min_deaths"), lv.get("min_injuries")) for lv in plan["levels"]])
        assert got == wanted[plan["title"]], plan["title"]
