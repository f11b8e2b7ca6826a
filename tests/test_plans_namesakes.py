"""Documents titled alike are different plans: the district centre imports a folder of street plans
titled 防汛防台应急预案 and keeps every one; only the same file imported again updates its plan."""

from __future__ import annotations

from xhduty.core.plans import plan_search, plans

TITLE = "防汛防台应急预案"


def _street_plan(folder, name: str, street: str):
    path = folder / name
    path.write_text(f"{TITLE}\n一、总则\n本预案适用于{street}辖区。\n二、应急响应\n由{street}防汛办负责。\n",
                    encoding="utf-8")
    return path


def _titled(store) -> dict[str, str]:
    """{source file: its plan's text} of the plans titled TITLE."""
    return {p["source"]: plans.get_plan(store, p["id"])["sections"][0]["text"]
            for p in plans.list_plans(store) if p["title"] == TITLE}


def test_a_folder_of_plans_titled_alike_keeps_every_plan_and_says_so(store, tmp_path):
    folder = tmp_path / "各街镇预案"
    folder.mkdir()
    for name, street in (("龙华街道.txt", "龙华街道"), ("徐家汇街道.txt", "徐家汇街道"), ("漕河泾街道.txt", "漕河泾街道")):
        _street_plan(folder, name, street)
    report = plans.import_paths(store, [folder])
    assert [i["action"] for i in report.imported] == ["new", "new", "new"]
    assert _titled(store) == {"徐家汇街道.txt": "本预案适用于徐家汇街道辖区。",
                              "漕河泾街道.txt": "本预案适用于漕河泾街道辖区。",
                              "龙华街道.txt": "本预案适用于龙华街道辖区。"}
    assert report.namesakes[-1] == (
        "龙华街道.txt：库中已有同名预案《防汛防台应急预案》（导入自 徐家汇街道.txt、漕河泾街道.txt），"
        "本文件已作为另一个预案导入，原有预案未改动；如是同一预案的新版本，请以原文件名导入，即更新原预案")
    assert len(report.namesakes) == 2 and report.summary() == "共导入 3 个预案，其中 2 个与已有预案同名，另作一个预案（见“注意”）"
    assert {h["excerpt"] for h in plan_search.search_plans(store, "龙华街道辖区")[:1]} == {"本预案适用于龙华街道辖区。"}


def test_the_same_document_imported_again_updates_its_plan_even_saved_as_docx(store, tmp_path):
    first = plans.import_paths(store, [_street_plan(tmp_path, "龙华街道.txt", "龙华街道")]).imported[0]
    plans.import_paths(store, [_street_plan(tmp_path, "徐家汇街道.txt", "徐家汇街道")])
    revised = _street_plan(tmp_path, "龙华街道.md", "龙华街道和华泾镇")   # saved again in another format
    report = plans.import_paths(store, [revised])
    assert (report.imported[0]["id"], report.imported[0]["action"]) == (first["id"], "updated")
    assert report.namesakes == []
    assert sorted(_titled(store).values()) == ["本预案适用于徐家汇街道辖区。", "本预案适用于龙华街道和华泾镇辖区。"]
