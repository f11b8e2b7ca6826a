"""Hazards through a real hub on loopback: a street's hazard and its steps are accepted, the centre receives
them and its 挂牌督办 reaches the street, another street receives none of it."""

from __future__ import annotations

from test_sync_support import enrol, make_station, running_hub
from xhduty.core.hazards import hazards
from xhduty.sync.client import run_sync


def test_a_streets_hazard_reaches_the_centre_and_the_centres_supervision_reaches_the_street(tmp_path):
    with running_hub(tmp_path) as hub:
        lh, tl, c = (make_station(tmp_path, "S-LH", "street"), make_station(tmp_path, "S-TL", "street"),
                     make_station(tmp_path, "C0", "centre"))
        enrol(hub, lh, "street", "longhua")
        enrol(hub, tl, "street", "tianlin")
        enrol(hub, c, "centre")
        hid = hazards.register(lh, dict(found_on="2026-11-02", finder="张敏", found_by="网格上报", division="龙华街道",
                                        address="龙华中路 1 号", category="燃气", level="重大",
                                        deadline="2026-11-20"), "李值班")
        run_sync(lh)
        hazards.step(lh, hid, "start", "王整改")
        run_sync(lh)
        assert hub.hub.store.query("SELECT reason FROM hub_refusals") == []
        run_sync(c)
        assert [s["step"] for s in hazards.show(c, hid)["steps"]] == ["register", "start"]
        hazards.supervise(c, hid, "区应急局", "限期十日")
        run_sync(c)
        run_sync(lh)
        assert hazards.supervised(lh, hid)
        run_sync(tl)
        assert tl.one("SELECT count(*) FROM hazards")[0] == 0
        assert tl.one("SELECT count(*) FROM hazard_steps")[0] == 0
        for s in (lh, tl, c):
            s.close()


def test_a_hazard_created_and_stepped_between_two_syncs_is_accepted_in_one_push(tmp_path):
    with running_hub(tmp_path) as hub:
        lh = make_station(tmp_path, "S-LH", "street")
        enrol(hub, lh, "street", "longhua")
        hid = hazards.register(lh, dict(found_on="2026-11-02", finder="张敏", found_by="网格上报", division="龙华街道",
                                        address="龙华中路 1 号", category="燃气", level="一般",
                                        deadline="2026-11-20"), "李值班")
        hazards.step(lh, hid, "start", "王整改")
        run_sync(lh)
        refused = [r["reason"] for r in hub.hub.store.query("SELECT reason FROM hub_refusals")]
        lh.close()
    assert refused == []
