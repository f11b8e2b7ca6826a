"""A person removed at one centre workstation is gone at the others after they sync through a real hub on
loopback: out of their search, their lists and their notification groups, while a run started before the
removal still names them."""

from __future__ import annotations

from test_sync_support import enrol, make_station, running_hub, two_centres
from xhduty.core.contacts import contacts, notify
from xhduty.core.contacts.removal import remove_person
from xhduty.sync.client import run_sync


def test_a_removal_reaches_the_other_stations_through_the_hub(tmp_path):
    with running_hub(tmp_path) as hub:
        c0, c1 = two_centres(tmp_path, hub)
        street = make_station(tmp_path, "S1", "street")
        enrol(hub, street, "street", "xujiahui")
        contacts.load_demo(c0)
        zhang = contacts.find_person(c0, "张伟")
        group = contacts.group_by_name(c0, "防汛防台指挥部成员（示例）")["id"]
        for s in (c0, c1, street):
            run_sync(s)
        run = notify.start_run(street, "防汛防台指挥部成员（示例）")      # the street's own run, before the removal
        index = contacts.ContactIndex(c1)
        assert zhang in contacts.group_members(street, group) and index.search_ids("张伟") == [zhang]

        remove_person(c0, zhang, by="王带班")
        for s in (c0, c1, street):
            run_sync(s)
        for s in (c1, street):
            assert s.get("people", zhang)["deleted"] == 1
            assert contacts.search(s, "张伟") == [] and zhang not in {p["id"] for p in contacts.people(s)}
            assert zhang not in contacts.group_members(s, group)
            assert [g["size"] for g in contacts.groups(s) if g["id"] == group] == [4]
        assert index.updated(c1).search_ids("张伟") == []                # as the window's index after a sync
        assert notify.run_status(street, run)["members"][0]["name"] == "张伟"
        for s in (c0, c1, street):
            s.close()
