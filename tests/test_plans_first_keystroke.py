"""The first character an officer types into the plan search, over a library of district size.

A lone Chinese character is searched as the prefix of every bigram it starts; in a library where it
starts bigrams in most sections it must be taken as the common word it is: the plans naming it in their
title first, without bm25 ranking every section that holds it (which took 120–260 ms over 300 plans).
"""

from __future__ import annotations

from xhduty.core.plans import plan_search, plans


def _library(tmp_path, store, count=14, sections=50):
    """The sample library and ``count`` plain-text plans whose every section speaks of 防火 (a document
    library of a district: each plan mentions fire prevention)."""
    plans.import_builtin(store)
    for i in range(count):
        body = "\n".join(f"{n + 1}、检查要求\n做好防火检查，落实第{i}单位第{n}项防火措施和消防器材。"
                         for n in range(sections))
        (tmp_path / f"单位{i}.txt").write_text(f"第{i}号单位安全管理预案\n{body}\n", encoding="utf-8")
    report = plans.import_paths(store, sorted(tmp_path.glob("单位*.txt")))
    assert report.ok and len(report.imported) == count


def test_a_common_first_character_finds_the_plans_named_by_it_without_ranking_every_section(
        store, tmp_path):
    _library(tmp_path, store)
    ran = []
    store.con.set_trace_callback(ran.append)
    try:
        found = plan_search.search_plans(store, "火", limit=10)
    finally:
        store.con.set_trace_callback(None)
    assert found[0]["title"] == "徐汇区火灾事故专项应急预案（示例）"
    assert len(found) == 10
    assert not [sql for sql in ran if "bm25(" in sql]


def test_a_rare_first_character_is_still_ranked(store, tmp_path):
    _library(tmp_path, store)
    found = plan_search.search_plans(store, "煤", limit=10)
    assert [hit["title"] for hit in found] == ["徐汇区燃气事故专项应急预案（示例）"]
    # and a frequent word after it is still found in every plan holding it, the named one first
    found = plan_search.search_plans(store, "防火", limit=20)
    assert len(found) == 15 and found[0]["title"] == "徐汇区火灾事故专项应急预案（示例）"
