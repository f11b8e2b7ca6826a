"""Registers, nearby-first availability, dispatch to an incident, neighbours of divisions."""

from __future__ import annotations

import pytest

from xhduty.core.resources import assets
from xhduty.core.duty import duty
from xhduty.core.resources import resources
from xhduty.core.resources import stock
from xhduty.core.store import StoreError


def depot(store, name, division):
    return assets.save(store, "depots", {"name": name, "kind": "储备点", "division": division})[0]


def item(store, name, unit, code="3010100"):
    return assets.save(store, "items", {"name": name, "class_code": code, "unit": unit})[0]


def test_fields_are_checked_and_named(store):
    with pytest.raises(assets.FieldError, match="「街镇」不是徐汇区的街镇：「浦东新区」"):
        assets.save(store, "depots", {"name": "x", "kind": "储备点", "division": "浦东新区"})
    with pytest.raises(assets.FieldError, match="「分类代码」应为 GB/T 38565 的 7 位分类代码"):
        assets.save(store, "items", {"name": "x", "class_code": "4010100", "unit": "个"})
    with pytest.raises(assets.FieldError, match="「容纳人数」应为不小于 0 的整数"):
        assets.save(store, "shelters", {"name": "x", "class": "Ⅲ类", "division": "longhua", "capacity": "很多"})
    with pytest.raises(assets.FieldError, match="「保养到期」应为日期"):
        assets.save(store, "equipment", {"name": "x", "category": "车辆", "division": "longhua",
                                          "status": "完好", "service_due": "明年"})
    assert store.query("SELECT count(*) FROM depots")[0][0] == 0


def test_a_choice_is_read_as_typed_on_a_keyboard(store):
    """Ⅱ is not on a keyboard: II类, Ｉ类 and stray spaces are read as the choice they mean, and stored as it."""
    for typed, stored in (("II类", "Ⅱ类"), ("Ｉ类", "Ⅰ类"), (" III 类", "Ⅲ类")):
        rid = assets.save(store, "shelters", {"name": f"学校{typed}", "class": typed, "division": "longhua"})[0]
        assert assets.get(store, "shelters", rid)["class"] == stored
    rid = assets.save(store, "teams", {"name": "抢险队", "division": "longhua", "readiness": "待 命"})[0]
    assert assets.get(store, "teams", rid)["readiness"] == "待命"
    with pytest.raises(assets.FieldError, match="「类别」应为 Ⅰ类、Ⅱ类、Ⅲ类 之一，而不是「IV类」"):
        assets.save(store, "shelters", {"name": "x", "class": "IV类", "division": "longhua"})


def test_records_are_found_by_name_class_and_division_and_deleted_by_tombstone(store):
    d = assets.save(store, "depots", {"name": "华泾镇储备点", "kind": "储备点", "division": "华泾镇"})[0]
    assert assets.get(store, "depots", d)["division"] == "huajing"  # typed by name, stored as code
    item(store, "救生衣", "件", "2030100")
    item(store, "棉被", "条", "1020300")
    assert [r["name"] for r in assets.records(store, "items", class_code="2000000")] == ["救生衣"]
    assert [r["name"] for r in assets.records(store, "items", text="棉")] == ["棉被"]
    assert assets.records(store, "depots", division="huajing")[0]["division_name"] == "华泾镇"
    assert assets.class_name(store, "1020300") == "基本生活保障物资"
    assets.remove(store, "depots", d)
    assert assets.records(store, "depots") == []
    assert store.get("depots", d)["deleted"] == 1


def test_neighbours_are_symmetric_and_editable(store):
    assert "changqiao" in resources.neighbours(store, "longhua")
    assert "longhua" in resources.neighbours(store, "changqiao")
    resources.set_neighbours(store, "华泾镇", ["长桥街道"])
    assert resources.neighbours(store, "huajing") == ["changqiao"]
    assert "huajing" not in resources.neighbours(store, "lingyunlu")
    with pytest.raises(StoreError, match="不是徐汇区的街镇"):
        resources.set_neighbours(store, "huajing", ["闵行区"])


def test_available_lists_own_division_then_neighbours_then_the_rest(store):
    bags = item(store, "沙袋", "条")
    pumps = item(store, "水泵", "台", "2040100")
    near = {"longhua": depot(store, "龙华储备点", "longhua"),
            "changqiao": depot(store, "长桥储备点", "changqiao"),
            "hunanlu": depot(store, "湖南路储备点", "hunanlu")}
    with store.write() as tx:
        stock.receive(tx, near["hunanlu"], bags, 2000)
        stock.receive(tx, near["changqiao"], bags, 300)
        stock.receive(tx, near["longhua"], bags, 200)
        stock.receive(tx, near["longhua"], pumps, 4, lot="P", expires="2020-01-01")  # expired: not offered
        stock.receive(tx, near["changqiao"], pumps, 6)
    for team in (("长桥抢险队", "changqiao", "待命"), ("龙华抢险队", "longhua", "休整"),
                 ("湖南路队", "hunanlu", "不可用")):
        assets.save(store, "teams", {"name": team[0], "division": team[1], "readiness": team[2], "size": 20})
    assets.save(store, "shelters", {"name": "龙华小学", "class": "Ⅲ类", "division": "longhua", "capacity": 300,
                                    "occupancy": 300})
    assets.save(store, "shelters", {"name": "华泾体育馆", "class": "Ⅱ类", "division": "huajing",
                                    "capacity": 800})
    found = resources.available(store, "龙华街道")
    assert [(r["depot_name"], r["item_name"], r["qty"], r["proximity"]) for r in found["items"]] == [
        ("龙华储备点", "沙袋", 200, "本街镇"),
        ("长桥储备点", "沙袋", 300, "相邻街镇"),
        ("长桥储备点", "水泵", 6, "相邻街镇"),
        ("湖南路储备点", "沙袋", 2000, "其他街镇"),
    ]
    assert [t["name"] for t in found["teams"]] == ["龙华抢险队", "长桥抢险队"]
    assert [(s["name"], s["free"]) for s in found["shelters"]] == [("华泾体育馆", 800)]  # full one left out
    assert [r["item_name"] for r in resources.available(store, "longhua", "水泵")["items"]] == ["水泵"]


def test_dispatch_to_an_incident_issues_stock_and_logs_on_the_timeline(on_duty):
    from xhduty.core.incidents import incidents

    store = on_duty
    incident_id = incidents.open_incident(store, title="龙华路积水", type_code="N.flood", division="longhua")
    d, bags = depot(store, "龙华储备点", "longhua"), item(store, "沙袋", "条")
    team = assets.save(store, "teams", {"name": "龙华抢险队", "division": "longhua", "readiness": "待命",
                                        "size": 12, "leader": "陈队长", "phone": "13800000000"})[0]
    with store.write() as tx:
        stock.receive(tx, d, bags, 500)
    assert resources.available_for_incident(store, incident_id)["items"][0]["qty"] == 500
    with pytest.raises(stock.Shortage):
        resources.dispatch_stock(store, incident_id, d, bags, 600)
    moved, changed = resources.dispatch_stock(store, incident_id, d, bags, 300, party="龙华街道抢险现场")
    assert changed == {"stock_movements", "log_entries"} and changed.only_inserts("stock_movements")
    resources.dispatch_team(store, incident_id, team, note="带抽水泵")
    assert assets.get(store, "teams", team)["readiness"] == "出动"
    log = duty.list_entries(store, duty.LogFilter(incident_id=incident_id, kinds=["dispatch"]))
    assert [e["text"] for e in log] == ["调派物资：龙华储备点 沙袋 300条，交 龙华街道抢险现场",
                                        "调派队伍：龙华抢险队（12 人，负责人 陈队长 13800000000）赶赴「龙华路积水」：带抽水泵"]
    assert all(e["shift_id"] for e in log)
    sent = resources.dispatched(store, incident_id)
    assert sent["stock"][0]["qty"] == -300 and sent["teams"][0]["team_name"] == "龙华抢险队"
    assert stock.on_hand(store)[0]["qty"] == 200


def test_incident_lookup_names_what_is_missing(store):
    with pytest.raises(StoreError, match="没有编号为 nope 的事件"):
        resources.available_for_incident(store, "nope")


def test_without_the_incidents_table_the_lookup_says_so(store):
    store.con.execute("DROP TABLE incidents")  # a station from before the incidents area existed
    with pytest.raises(StoreError, match="还没有事件数据表"):
        resources.available_for_incident(store, "any")
    assert resources.open_incidents(store) == []
    assert resources.available(store, "longhua") == {"items": [], "teams": [], "shelters": []}


def test_handover_section_lists_teams_out_and_stock_needing_action(on_duty):
    from xhduty.core.incidents import incidents

    store = on_duty
    assert resources.handover_section(store) is None
    d, bags = depot(store, "龙华储备点", "longhua"), item(store, "沙袋", "条")
    team = assets.save(store, "teams", {"name": "龙华抢险队", "division": "longhua", "readiness": "待命",
                                        "size": 12, "leader": "陈队长", "phone": "13800000000"})[0]
    with store.write() as tx:
        stock.receive(tx, d, bags, 100, lot="A")
        stock.receive(tx, d, bags, 100, lot="B")
        stock.set_minimum(tx, d, bags, 500)
    incident = incidents.open_incident(store, title="积水", type_code="N.flood", division="longhua")
    resources.dispatch_team(store, incident, team)
    section = resources.handover_section(store)
    assert section.title == "应急资源"
    assert section.rows == ["队伍出动中：龙华抢险队（龙华街道，12 人，负责人 陈队长 13800000000）",
                            "低于最低库存：龙华储备点「沙袋」现有 200条（最低 500）"]   # one line for two lots


def test_a_depot_or_item_with_stock_cannot_be_deleted(store):
    d, bags = depot(store, "龙华储备点", "longhua"), item(store, "沙袋", "条")
    with store.write() as tx:
        stock.receive(tx, d, bags, 10)
    for kind, rid, name in (("depots", d, "龙华储备点"), ("items", bags, "沙袋")):
        with pytest.raises(StoreError, match=f"「{name}」还有库存，不能删除"):
            assets.remove(store, kind, rid)
    with store.write() as tx:
        stock.write_off(tx, d, bags, 10, reason="霉变")
    assets.remove(store, "items", bags)
    assert assets.records(store, "items") == []
