"""A plan removed at one centre workstation is gone at the others after they sync through a real hub on
loopback — from their library, search and matching, even when they import a document before searching
again — while a response a street started from it before still reads it; a restore travels the same way."""

from __future__ import annotations

from test_sync_support import enrol, make_station, running_hub, two_centres
from xhduty.core.plans import matching, plan_search, plans
from xhduty.core.plans.removal import remove_plan, restore_plan
from xhduty.sync.client import run_sync


def _titles(store, query: str) -> list[str]:
    return [h["title"] for h in plan_search.search_plans(store, query, limit=30)]


def test_a_removal_and_a_restore_reach_the_other_stations_through_the_hub(tmp_path):
    with running_hub(tmp_path) as hub:
        c0, c1 = two_centres(tmp_path, hub)
        street = make_station(tmp_path, "S1", "street")
        enrol(hub, street, "street", "xujiahui")
        plans.import_builtin(c0)
        for s in (c0, c1, street):
            run_sync(s)
        flood = plans.get_plan(c0, "XH-ZX-FLOOD")
        for s in (c1, street):                                          # their index is written by searching
            assert _titles(s, "地下车库进水")[0] == flood["title"]
        response = matching.start_response(street, flood["id"], "II", reason="暴雨橙色预警")

        remove_plan(c0, flood["id"], by="王带班")
        for s in (c0, c1, street):
            run_sync(s)
        doc = tmp_path / "街道高温预案.txt"
        doc.write_text("某街道高温应急预案\n一、总则\n关心独居老人防暑。\n", encoding="utf-8")
        plans.import_paths(c1, [doc])                                   # an import before the next search
        for s in (c1, street):
            assert s.get("plans", flood["id"])["deleted"] == 1
            assert flood["id"] not in {p["id"] for p in plans.list_plans(s)}
            assert flood["title"] not in _titles(s, "地下车库进水")
            assert flood["id"] not in {m["plan_id"] for m in matching.match(s, "N.flood", text="地下车库进水", limit=30)}
        state = matching.checklist(street, response)
        assert state["plan_removed"] and state["plan_title"] == flood["title"] and state["steps"]

        restore_plan(c0, flood["id"])
        for s in (c0, c1, street):
            run_sync(s)
        for s in (c1, street):
            assert _titles(s, "地下车库进水")[0] == flood["title"]
        assert matching.checklist(street, response)["plan_removed"] is False
        for s in (c0, c1, street):
            s.close()
