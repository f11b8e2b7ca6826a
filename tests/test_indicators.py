"""The plan's key indicators: shipped definitions, entered values with date and source, computed ones."""

from __future__ import annotations

import pytest

from xhduty.core import clock
from xhduty.core.resources import assets
from xhduty.core.stats import indicators
from xhduty.core.store import StoreError

NOW = clock.parse("2026-06-30T12:00")


def by_code(store) -> dict[str, dict]:
    return {r["code"]: r for r in indicators.indicator_table(store)}


def test_only_the_plan_indicators_of_the_reference_ship(store):
    defs = indicators.definitions(store)
    assert [d["code"] for d in defs] == ["fire_stations", "district_depot", "supply_points"]
    assert all(d["kind"] == "" for d in defs)  # REFERENCE.md does not say 约束性/预期性
    with clock.frozen(NOW):
        table = by_code(store)
    assert table["fire_stations"]["kind_name"] == "未注明"
    assert table["fire_stations"]["met_name"] == "未填报" and table["fire_stations"]["value"] is None


def test_entered_values_newest_counts_and_withdrawing_brings_back_the_one_before(store):
    with clock.frozen(NOW):
        indicators.enter_value(store, "fire_stations", "9", "2026-01-01", "示例数据 区消防救援支队年报")
        assert by_code(store)["fire_stations"]["met"] is False          # 9 < 13
        newer = indicators.enter_value(store, "fire_stations", 13, "2026-06-01", "示例数据 区规划资源局")
        row = by_code(store)["fire_stations"]
        assert (row["value"], row["as_of"], row["met_name"]) == (13, "2026-06-01", "达标")
        assert row["source"] == "示例数据 区规划资源局"
        indicators.withdraw_value(store, newer)
        assert by_code(store)["fire_stations"]["value"] == 9
        assert [v["value"] for v in indicators.values(store, "fire_stations")] == [9]
        with pytest.raises(StoreError, match="没有编号"):
            indicators.withdraw_value(store, newer)


@pytest.mark.parametrize("value, as_of, source, message", [
    ("九", "2026-06-01", "年报", "不是数字"),
    ("-1", "2026-06-01", "年报", "不能为负数"),
    ("9", "2026/06/01", "年报", "格式有误"),
    ("9", "2026-07-01", "年报", "晚于今天"),
    ("9", "2026-06-01", " ", "来源不能为空"),
])
def test_bad_values_are_refused_naming_the_indicator(store, value, as_of, source, message):
    with clock.frozen(NOW):
        with pytest.raises(StoreError, match=message) as err:
            indicators.enter_value(store, "fire_stations", value, as_of, source)
    assert "消防站数量" in str(err.value)
    assert indicators.values(store, "fire_stations") == []


def test_computed_indicators_count_the_depot_register(store):
    with clock.frozen(NOW):
        with pytest.raises(StoreError, match="自动计算"):
            indicators.enter_value(store, "supply_points", 1, "2026-06-01", "x")
        with pytest.raises(StoreError, match="没有代码"):
            indicators.enter_value(store, "safety_index", 90, "2026-06-01", "x")
        assert by_code(store)["district_depot"]["met"] is False
        assets.save(store, "depots", {"name": "示例数据 区应急物资保障库", "kind": "储备库", "division": "xujiahui"})
        streets = [d for d in indicators.supply_points_by_division(store) if d["kind"] == "街道"]
        for d in streets[:-1]:
            assets.save(store, "depots", {"name": f"示例数据 {d['name']}储备点", "kind": "储备点",
                                          "division": d["code"]})
        table = by_code(store)
        assert table["district_depot"]["met"] is True and table["district_depot"]["source"] == "本系统计算"
        points = table["supply_points"]
        assert points["met"] is False and points["value"] == 0
        assert points["note"] == f"11/12 个街道已有储备点；尚缺：{streets[-1]['name']}"
        assets.save(store, "depots", {"name": "示例数据 末一个储备点", "kind": "储备点",
                                      "division": streets[-1]["code"]})
        assert by_code(store)["supply_points"]["met"] is True
