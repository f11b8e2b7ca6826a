"""The scenario thesaurus: its data file covers the national classification, validation names file, line
and field, and a query in everyday words finds the plan that uses the official term, saying why."""

from __future__ import annotations


import pytest

from xhduty.core.plans import plan_search, plans, thesaurus


def _codes(store) -> set[str]:
    return plans.hazard_codes(store)


def test_builtin_thesaurus_is_valid_and_covers_every_sub_type_broadly(store):
    scenarios, errors = thesaurus.check_file(thesaurus.builtin_file(), _codes(store))
    assert errors == []
    sub_types = {r[0] for r in store.query("SELECT code FROM event_types WHERE parent IS NOT NULL")}
    for code in sorted(sub_types):
        mine = [s for s in scenarios if s.type == code]
        assert mine, f"{code} has no scenario"
        assert sum(len(s.everyday) for s in mine) >= 8, code
        assert all(s.terms and s.hazards for s in mine), code


BAD = '''[[scenario]]
type = "A.lift"
name = "电梯"
everyday = ["困", "电梯困人", "电梯困人"]
terms = []

[[scenario]]
type = "A.fire"
colour = "红"
everyday = ["着火"]
terms = ["火灾"]
name = "火灾"
'''


def test_validation_names_file_line_and_field_of_every_error(store, tmp_path):
    path = tmp_path / "thesaurus.toml"
    path.write_text(BAD, encoding="utf-8")
    scenarios, errors = thesaurus.check_file(path, _codes(store))
    assert scenarios == []
    assert [str(e) for e in errors] == [
        "thesaurus.toml 第 2 行，字段 scenario[1].type：A.lift 不是事件类型代码（如 N.flood、A.elevator，或大类 N A H S）",
        "thesaurus.toml 第 4 行，字段 scenario[1].everyday：“困”太短：每个词至少 2 个字",
        "thesaurus.toml 第 4 行，字段 scenario[1].everyday：“电梯困人”重复",
        "thesaurus.toml 第 5 行，字段 scenario[1].terms：至少写一个词",
        "thesaurus.toml 第 9 行，字段 scenario[2].colour：未知字段（可用：everyday、hazards、name、terms、type）",
    ]
    path.write_text('[[scenario]\ntype = "A.fire"\n', encoding="utf-8")
    assert [str(e) for e in thesaurus.check_file(path, _codes(store))[1]] == [
        "thesaurus.toml 第 1 行，字段 （语法）：TOML 语法错误，请检查该行的引号、括号、逗号和等号"]


DOCS = {
    "lift.txt": "某区特种设备事故应急预案\n一、适用范围\n本预案适用于本区特种设备事故的应急处置。\n二、处置\n维保单位到场救援。\n",
    "road.txt": "某区道路交通事故应急预案\n一、适用范围\n本区道路交通事故的先期处置。\n二、处置\n交警封闭现场，疏导车辆。\n",
    "fire.txt": "某区火灾事故应急预案\n一、适用范围\n本区火灾事故的扑救。\n二、处置\n消防救援到场灭火。\n",
    "gas.txt": "某区燃气事故应急预案\n一、适用范围\n本区城镇燃气事故的处置。\n二、处置\n燃气企业关阀抢修。\n",
}


@pytest.fixture
def library(store, tmp_path):
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert plans.import_paths(store, sorted(tmp_path.glob("*.txt"))).ok
    return store


@pytest.mark.parametrize("query, title, reason", [
    ("电梯困人", "某区特种设备事故应急预案", "“电梯困人”属于特种设备事故"),
    ("三车追尾了怎么办", "某区道路交通事故应急预案", "“追尾”属于交通运输事故"),
    ("楼道里冒烟", "某区火灾事故应急预案", "“冒烟”属于火灾"),
    ("LNG槽车泄漏", "某区燃气事故应急预案", "“LNG”属于燃气事故"),           # the abbreviations on tankers
    ("lpg 钢瓶倒了", "某区燃气事故应急预案", "“lpg”属于燃气事故"),
])
def test_everyday_words_find_the_plan_through_the_thesaurus_with_the_reason(library, query, title, reason):
    hits = plan_search.search_plans(library, query)
    assert hits[0]["title"] == title
    assert reason in hits[0]["reasons"]


def test_expansion_weighs_below_the_words_typed(library, tmp_path):
    # a plan that says 追尾 itself beats the plan the thesaurus adds for it
    (tmp_path / "own.txt").write_text("某街道道口安全方案\n一、要点\n路口追尾多发，设置提示牌。\n", encoding="utf-8")
    plans.import_paths(library, [tmp_path / "own.txt"])
    hits = plan_search.search_plans(library, "追尾")
    assert [h["title"] for h in hits[:2]] == ["某街道道口安全方案", "某区道路交通事故应急预案"]
    assert hits[0]["reasons"] == [] and hits[1]["reasons"] == ["“追尾”属于交通运输事故"]


def test_a_district_extends_the_thesaurus_with_its_own_file(library, home):
    assert not any(h["reasons"] for h in plan_search.search_plans(library, "小黄车堆成山"))
    (thesaurus.district_file()).write_text(
        '[[scenario]]\ntype = "A.traffic"\nname = "共享单车堆积"\neveryday = ["小黄车"]\nterms = ["道路交通事故"]\n',
        encoding="utf-8")
    hits = plan_search.search_plans(library, "小黄车堆成山")
    assert hits[0]["title"] == "某区道路交通事故应急预案"
    assert hits[0]["reasons"] == ["“小黄车”属于共享单车堆积"]


def test_matching_an_incident_in_everyday_words_names_the_scenario(store):
    from xhduty.core.plans import matching

    plans.import_builtin(store)
    found = matching.match(store, None, None, "居民来电：3号楼电梯困人，两人被关在里面")
    assert found[0]["code"] == "XH-ZX-ELEVATOR"
    assert "“电梯困人”属于特种设备事故" in found[0]["reasons"]
