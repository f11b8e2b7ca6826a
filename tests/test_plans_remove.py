"""Removing a plan from the library (a duplicate, one imported as 附件1 before the title fix): a tombstone
gone from the library, search (its index and the caches beside it) and incident matching — also after a
restart — while a response already started from it still reads its plan and steps; undone by restore;
refused at once, with nothing written, at a station that may not write plans."""

from __future__ import annotations

import json

import pytest

from xhduty.cli import main
from xhduty.core.plans import matching, plan_search, plans
from xhduty.core.plans.removal import find_plan, remove_plan, removal_refusal, restore_plan
from xhduty.core.store import StoreError, init_station, open_store
from xhduty.sync import state

HEAT = "徐汇区高温应急预案\n一、总则\n关心独居老人防暑降温。\n二、响应措施\n开放避暑纳凉点。\n"


def _library(store, tmp_path) -> dict:
    """The sample library, plus the 高温 document imported under the wrong title 附件1 (as before the title
    fix) and imported again since under its right one: both are in the library."""
    plans.import_builtin(store)
    doc = tmp_path / "附件1.txt"
    doc.write_text(HEAT, encoding="utf-8")
    wrong = plans.import_paths(store, [doc]).imported[0]["id"]
    with store.write() as tx:
        tx.update("plans", wrong, {"title": "附件1"})
    right = plans.import_paths(store, [doc]).imported[0]["id"]
    return {"wrong": wrong, "right": right, "flood": plans.get_plan(store, "XH-ZX-FLOOD")["id"]}


def _titles(hits) -> list[str]:
    return [h["title"] for h in hits]


def test_a_removed_plan_is_gone_from_library_search_and_matching_after_a_restart(on_duty, tmp_path):
    store = on_duty
    ids = _library(store, tmp_path)
    both = {"徐汇区高温应急预案", "附件1"}
    assert set(_titles(plan_search.search_plans(store, "独居老人防暑"))[:2]) == both
    assert both <= {m["title"] for m in matching.match(store, text="独居老人防暑降温", limit=30)}
    assert find_plan(store, "附件１")["id"] == ids["wrong"]              # full-width, as typed on a phone call

    removed = remove_plan(store, ids["wrong"], by="李值班")
    assert removed["title"] == "附件1" and store.get("plans", ids["wrong"])["deleted"] == 1   # a tombstone
    entry = store.one("SELECT text, author FROM log_entries ORDER BY rowid DESC LIMIT 1")
    assert entry["author"] == "李值班" and entry["text"].startswith("预案库删除预案：《附件1》（编号 ")
    store.close()
    store = open_store()                                               # a restart
    for check in range(2):
        assert ids["wrong"] not in {p["id"] for p in plans.list_plans(store)}
        assert _titles(plan_search.search_plans(store, "独居老人防暑"))[:1] == ["徐汇区高温应急预案"]
        assert "附件1" not in _titles(plan_search.search_plans(store, "独居老人防暑", limit=30))
        assert "附件1" not in [m["title"] for m in matching.match(store, text="独居老人防暑降温", limit=30)]
        assert store.one("SELECT count(*) FROM plan_search WHERE plan_id = ?", (ids["wrong"],))[0] == 0
        with pytest.raises(StoreError, match="没有编号或名称为“附件1”的预案"):
            find_plan(store, "附件1")
        with pytest.raises(StoreError, match="预案《附件1》已从预案库删除"):
            plans.get_plan(store, ids["wrong"])
    store.close()


def test_the_search_caches_and_thesaurus_matches_forget_a_removed_plan(store):
    plans.import_builtin(store)
    heat = plans.get_plan(store, "XH-ZX-HEAT")
    # found by its words, by its title through the thesaurus, and by its hazard type: every cache warmed
    assert heat["title"] in _titles(plan_search.search_plans(store, "中暑"))
    assert heat["title"] in _titles(plan_search.search_plans(store, "高温"))
    assert heat["id"] in [m["plan_id"] for m in matching.match(store, "N.weather", text="高温中暑")]
    assert heat["id"] in {p["id"] for p in plans.reviews_due(store, within_days=100000)}
    remove_plan(store, heat["id"])
    for query in ("中暑", "高温", "高温天气专项应急预案", "热射病"):
        assert heat["title"] not in _titles(plan_search.search_plans(store, query, limit=30)), query
    assert heat["id"] not in [m["plan_id"] for m in matching.match(store, "N.weather", text="高温中暑", limit=30)]
    assert heat["id"] not in {p["id"] for p in plans.reviews_due(store, within_days=100000)}
    assert heat["id"] not in {p["id"] for p in plans.list_plans(store, hazard="N")}


def test_a_response_started_from_a_removed_plan_still_reads_its_plan_and_steps(on_duty):
    store = on_duty
    plans.import_builtin(store)
    flood = plans.get_plan(store, "XH-ZX-FLOOD")
    response = matching.start_response(store, flood["id"], "II", reason="暴雨橙色预警")
    matching.tick(store, response, 0, person="李值班")
    before = matching.checklist(store, response)
    assert before["plan_removed"] is False
    remove_plan(store, flood["id"])
    after = matching.checklist(store, response)
    assert after["plan_removed"] is True
    assert {k: v for k, v in after.items() if k != "plan_removed"} == \
        {k: v for k, v in before.items() if k != "plan_removed"}          # title, lead, steps, notify …
    assert [r["id"] for r in matching.responses(store)] == [response]
    matching.tick(store, response, 1, person="李值班")                   # the response goes on
    assert [s["done"] for s in matching.checklist(store, response)["steps"]][:2] == [True, True]
    with pytest.raises(StoreError, match="预案《徐汇区防汛防台专项应急预案（示例）》已从预案库删除"):
        matching.start_response(store, flood["id"], "II")


def test_restore_brings_it_back_unless_its_code_was_imported_again(store):
    plans.import_builtin(store)
    flood = plans.get_plan(store, "XH-ZX-FLOOD")
    remove_plan(store, flood["id"])
    with pytest.raises(StoreError, match="已经删除"):
        remove_plan(store, flood["id"])
    assert find_plan(store, "防汛", removed=True)["id"] == flood["id"]
    restore_plan(store, flood["id"])
    assert plans.get_plan(store, "XH-ZX-FLOOD")["id"] == flood["id"]
    assert _titles(plan_search.search_plans(store, "地下车库进水"))[0] == flood["title"]
    with pytest.raises(StoreError, match="没有被删除"):
        restore_plan(store, flood["id"])
    remove_plan(store, flood["id"])
    plans.import_builtin(store)                                        # the code again, as a new record
    again = plans.get_plan(store, "XH-ZX-FLOOD")["id"]
    assert again != flood["id"]
    changes = store.one("SELECT count(*) FROM changes")[0]
    with pytest.raises(StoreError, match="预案库中已有同一编号的《徐汇区防汛防台专项应急预案（示例）》"):
        restore_plan(store, flood["id"])
    assert store.one("SELECT count(*) FROM changes")[0] == changes


def test_a_station_that_may_not_write_plans_is_refused_at_once_and_nothing_is_written(tmp_path, store):
    street = open_store(tmp_path / "S1" / "xhduty.db")
    init_station(street, "S1", "徐家汇街道", "street")
    plans.import_builtin(street)                                       # before it synced
    state.configure(street, "http://127.0.0.1:9", "t" * 32)             # a station that syncs: rules apply
    flood = plans.get_plan(street, "XH-ZX-FLOOD")["id"]
    changes = street.one("SELECT count(*) FROM changes")[0]
    assert "应急预案只能由区中心修改" in removal_refusal(street, flood)
    with pytest.raises(StoreError, match="未能删除预案《徐汇区防汛防台专项应急预案（示例）》：.*应急预案只能由区中心修改"):
        remove_plan(street, flood)
    assert street.one("SELECT count(*) FROM changes")[0] == changes and street.get("plans", flood)["deleted"] == 0
    assert street.one("SELECT count(*) FROM log_entries")[0] == 0
    street.close()
    plans.import_builtin(store)
    assert removal_refusal(store, plans.get_plan(store, "XH-ZX-FLOOD")["id"]) is None   # the centre may
    assert store.one("SELECT count(*) FROM plans WHERE deleted = 1")[0] == 0          # the trial left nothing


def run(capsys, *argv, code: int = 0) -> tuple[str, str]:
    assert main(list(argv)) == code
    out = capsys.readouterr()
    return out.out, out.err


def test_the_command_removes_by_title_part_or_short_id_lists_namesakes_and_restores(home, capsys, tmp_path):
    run(capsys, "init", "--station", "XH-C", "--name", "区应急管理局值班室", "--role", "centre")
    run(capsys, "plans", "import")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("徐汇区高温应急预案.txt", "徐汇区高温应急预案 (2).txt"):   # the same plan imported twice
        (docs / name).write_text(HEAT, encoding="utf-8")
    run(capsys, "plans", "import", str(docs))
    out, err = run(capsys, "plans", "remove", "高温应急 预案", code=2)   # a stray space typed
    assert out == "" and "有 2 个预案与“高温应急 预案”相符，请写编号" in err
    assert "徐汇区高温应急预案 (2).txt" in err and "徐汇区高温应急预案.txt" in err
    assert len(json.loads(run(capsys, "plans", "list", "--json")[0])) == 16      # nothing removed
    short = err.split("编号 ")[1][:6]
    out, _ = run(capsys, "plans", "remove", short.lower())
    assert out.startswith("已从预案库删除《徐汇区高温应急预案》（编号 " + short)
    assert f"xhduty plans restore {short}" in out
    assert len(json.loads(run(capsys, "plans", "list", "--json")[0])) == 15      # a new process: still gone
    assert run(capsys, "plans", "search", "独居老人")[0].count("徐汇区高温应急预案 ›") == 1
    assert short in run(capsys, "plans", "list", "--removed")[0]
    response = json.loads(run(capsys, "plans", "respond", "XH-ZX-FLOOD", "--level", "II", "--json")[0])["id"]
    out, _ = run(capsys, "plans", "remove", "XH-ZX-FLOOD")
    checklist = run(capsys, "plans", "checklist", response)[0]
    assert checklist.startswith(f"{response}  《徐汇区防汛防台专项应急预案（示例）》Ⅱ级响应")
    assert "注意：该预案已从预案库删除；以下是启动响应时的步骤，响应照常进行" in checklist and "  1. □  " in checklist
    assert "《徐汇区防汛防台专项应急预案（示例）》" in out
    _, err = run(capsys, "plans", "show", "XH-ZX-FLOOD", code=2)
    assert "预案库中没有编号或名称为“XH-ZX-FLOOD”的预案" in err
    out, _ = run(capsys, "plans", "restore", "防汛防台")
    assert out.startswith("已恢复《徐汇区防汛防台专项应急预案（示例）》")
    assert "徐汇区防汛防台专项应急预案" in run(capsys, "plans", "show", "XH-ZX-FLOOD")[0]
    _, err = run(capsys, "plans", "remove", "没有这个预案", code=2)
    assert "预案库中没有编号或名称为“没有这个预案”的预案" in err
