"""Every chart's numbers against hand-computed expectations on a small fixed week of incidents, reports,
notification runs and stock movements (written through the write path with chosen times)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from xhduty.core import clock
from xhduty.core.resources import assets
from xhduty.core.stats import charts
from xhduty.core.stats import timeliness
from xhduty.core.stats.charts import Filter
from xhduty.core.store import StoreError

NOW = clock.parse("2026-06-30T12:00")
WEEK = Filter(date(2026, 6, 1), date(2026, 6, 7))   # Monday 1 June … Sunday 7 June


def t(text: str) -> str:
    return clock.iso(clock.parse(text))


def put_incident(tx, taken, type_code, level, division, status, reports=(), deleted=0) -> str:
    inc = tx.insert("incidents", {"title": f"示例数据 {type_code} {taken}", "type_code": type_code, "level": level,
                                  "division": division, "taken_at": t(taken), "status": status, "deleted": deleted})
    for stage, channel, at in reports:
        tx.insert("incident_reports", {"incident_id": inc, "stage": stage, "channel": channel, "at": t(at),
                                       "text": "示例数据"})
    return inc


@pytest.fixture
def week(store):
    """The fixed data; the comments give the numbers each test expects."""
    with clock.frozen(NOW):
        with store.write() as tx:
            # A: IV fire, written 首报 after 30 min (limit 6 h) — on time; closed by 终报
            put_incident(tx, "2026-06-01T09:00", "A.fire", "IV", "xujiahui", "closed",
                         [("first", "written", "2026-06-01T09:30"), ("final", "written", "2026-06-01T12:00")])
            # B: III flood (phone 30, written 60 min): phone at 20 min ok, written at 90 min late.
            # 续报 slots 08:00/17:00 after the written 首报 (23:30): 06-02 08:00 met at 07:50, 06-02 17:00 met
            # late at 17:30, 06-03 08:00 passed unmet → 3 counted, 1 on time
            b = put_incident(tx, "2026-06-01T22:00", "N.flood", "III", "longhua", "handling",
                             [("first", "phone", "2026-06-01T22:20"), ("first", "written", "2026-06-01T23:30"),
                              ("followup", "written", "2026-06-02T07:50"),
                              ("followup", "written", "2026-06-02T17:30")])
            # C: IV mass event, never reported: its 6-hour deadline passed → counted, late
            put_incident(tx, "2026-06-03T10:00", "S.mass", "IV", "longhua", "taken")
            # D: II food safety, no division: phone at 10, written at 25 min (limits 15/30) — on time;
            # its first 续报 slot (06-08 08:00) has passed unmet → 1 counted, 0 on time
            put_incident(tx, "2026-06-07T23:00", "H.food", "II", None, "handling",
                         [("first", "phone", "2026-06-07T23:10"), ("first", "written", "2026-06-07T23:25")])
            # outside the week, or deleted: never counted
            put_incident(tx, "2026-06-08T08:00", "A.fire", "IV", "xujiahui", "closed",
                         [("first", "written", "2026-06-08T08:05")])
            put_incident(tx, "2026-05-31T23:59", "A.fire", "IV", "xujiahui", "closed")
            put_incident(tx, "2026-06-02T10:00", "A.fire", "IV", "xujiahui", "taken", deleted=1)
            # notification runs: confirmations after 4 and 12 minutes (run about B, in 龙华), 40 minutes
            run1 = tx.insert("notify_runs", {"group_id": "g", "group_name": "示例数据 防汛组", "incident_id": b,
                                             "timeout_minutes": 10, "members": json.dumps(["p1", "p2", "p3"]),
                                             "created_at": t("2026-06-02T10:00")})
            run2 = tx.insert("notify_runs", {"group_id": "g", "group_name": "示例数据 防汛组", "timeout_minutes": 10,
                                             "members": json.dumps(["p1"]), "created_at": t("2026-06-05T09:00")})
            run3 = tx.insert("notify_runs", {"group_id": "g", "group_name": "示例数据 防汛组", "timeout_minutes": 10,
                                             "members": json.dumps(["p1"]), "created_at": t("2026-06-09T09:00")})
            for run, person, result, at in (
                    (run1, "p1", "no-answer", "2026-06-02T10:01"), (run1, "p1", "confirmed", "2026-06-02T10:04"),
                    (run1, "p2", "confirmed", "2026-06-02T10:12"), (run1, "p2", "confirmed", "2026-06-02T10:20"),
                    (run1, "p3", "no-answer", "2026-06-02T10:30"), (run2, "p1", "confirmed", "2026-06-05T09:40"),
                    (run3, "p1", "confirmed", "2026-06-09T09:02")):
                tx.insert("notify_attempts", {"run_id": run, "person_id": person, "contact_id": person,
                                              "result": result, "at": t(at)})
        depot_x = assets.save(store, "depots", {"name": "示例数据 区保障库", "kind": "储备库",
                                                "division": "xujiahui"})[0]
        depot_l = assets.save(store, "depots", {"name": "示例数据 龙华储备点", "kind": "储备点",
                                                "division": "longhua"})[0]
        bags = assets.save(store, "items", {"name": "编织袋", "class_code": "3010100", "unit": "条"})[0]
        with store.write() as tx:
            for depot, qty, at in ((depot_x, 100, "2026-06-01T08:00"), (depot_x, -30, "2026-06-05T08:00"),
                                   (depot_l, 50, "2026-06-03T08:00"), (depot_l, 20, "2026-06-10T08:00")):
                tx.insert("stock_movements", {"at": t(at), "kind": "receive" if qty > 0 else "issue",
                                              "depot_id": depot, "item_id": bags, "qty": qty})
            tx.insert("stock_minimums", {"id": f"{depot_x}:{bags}", "depot_id": depot_x, "item_id": bags,
                                         "minimum": 80})
            tx.insert("stock_minimums", {"id": f"{depot_l}:{bags}", "depot_id": depot_l, "item_id": bags,
                                         "minimum": 60})
    return store, bags


def test_incidents_per_day_and_week_by_class(week):
    store, _ = week
    daily = charts.incidents_over_time(store, WEEK, "day")
    assert daily.categories == [f"2026-06-0{d}" for d in range(1, 8)]
    assert daily.series == {"自然灾害": [1, 0, 0, 0, 0, 0, 0], "事故灾难": [1, 0, 0, 0, 0, 0, 0],
                            "公共卫生事件": [0, 0, 0, 0, 0, 0, 1], "社会安全事件": [0, 0, 1, 0, 0, 0, 0]}
    weekly = charts.incidents_over_time(store, Filter(date(2026, 6, 3), date(2026, 6, 8)), "week")
    # weeks start on Monday: 1 June (C, D from the 3rd on) and 8 June (the fire of the 8th)
    assert weekly.categories == ["2026-06-01", "2026-06-08"]
    assert weekly.series == {"自然灾害": [0, 0], "事故灾难": [0, 1], "公共卫生事件": [1, 0], "社会安全事件": [1, 0]}
    with pytest.raises(StoreError, match="统计周期"):
        charts.incidents_over_time(store, WEEK, "month")


def test_incidents_by_division(week):
    store, _ = week
    chart = charts.incidents_by_division(store, WEEK)
    counts = dict(zip(chart.categories, chart.series["事件数"]))
    assert counts["徐家汇街道"] == 1 and counts["龙华街道"] == 2
    assert counts[charts.NO_DIVISION] == 1
    assert sum(chart.series["事件数"]) == 4 and len(chart.categories) == 14
    only = charts.incidents_by_division(store, Filter(WEEK.start, WEEK.end, "longhua"))
    assert (only.categories, only.series) == (["龙华街道"], {"事件数": [2]})


def test_on_time_rates_by_level(week):
    store, _ = week
    chart = charts.on_time_by_level(store, WEEK, now=NOW)
    rows = {c: dict(zip(chart.series, values)) for c, *values in chart.rows()[1:]}
    assert chart.categories[:4] == ["Ⅰ级 特别重大", "Ⅱ级 重大", "Ⅲ级 较大", "Ⅳ级 一般"]
    assert rows["Ⅱ级 重大"] == {"首报应报数": 1, "首报按时数": 1, "首报按时率(%)": 100.0,
                              "续报应报数": 1, "续报按时数": 0, "续报按时率(%)": 0.0}
    assert rows["Ⅲ级 较大"] == {"首报应报数": 1, "首报按时数": 0, "首报按时率(%)": 0.0,
                              "续报应报数": 3, "续报按时数": 1, "续报按时率(%)": 33.3}
    assert rows["Ⅳ级 一般"] == {"首报应报数": 2, "首报按时数": 1, "首报按时率(%)": 50.0,
                              "续报应报数": 0, "续报按时数": 0, "续报按时率(%)": None}
    assert rows["Ⅰ级 特别重大"]["首报应报数"] == 0 and rows["Ⅰ级 特别重大"]["首报按时率(%)"] is None


def test_a_deadline_not_yet_passed_and_unmet_is_not_counted(week):
    store, _ = week
    # 3 June 12:00: C (taken 3 June 10:00, limit 6 h) is still running, so only A counts among Ⅳ级
    early = charts.on_time_by_level(store, WEEK, now=clock.parse("2026-06-03T12:00"))
    assert dict(zip(early.categories, early.series["首报应报数"]))["Ⅳ级 一般"] == 1   # A only; C still running


def test_first_report_delay_distribution(week):
    store, _ = week
    chart = charts.first_report_delays(store, WEEK)
    assert chart.categories == ["≤15分钟", "15–30分钟", "30–60分钟", "60–120分钟", "120–360分钟", ">360分钟"]
    assert chart.series["事件数"] == [1, 2, 0, 0, 0, 0]      # D 10 min; B 20 min, A 30 min
    assert "中位数 20 分钟" in chart.note


def test_notification_confirmation_times(week):
    store, _ = week
    chart = charts.confirmation_times(store, WEEK)
    assert chart.series["人次"] == [1, 0, 1, 0, 1, 0]        # 4, 12 and 40 minutes
    longhua = charts.confirmation_times(store, Filter(WEEK.start, WEEK.end, "longhua"))
    assert longhua.series["人次"] == [1, 0, 1, 0, 0, 0]      # the run about B only


def test_stock_on_hand_at_the_end_of_the_range_against_minimum(week):
    store, bags = week
    assert [i["id"] for i in charts.stock_items(store)] == [bags]
    chart = charts.stock_against_minimum(store, WEEK, [bags])
    assert chart.categories == ["编织袋（条）"]
    assert chart.series == {"现有": [120], "最低库存": [140]}  # 100 − 30 + 50; the 20 of 10 June not yet
    longhua = charts.stock_against_minimum(store, Filter(WEEK.start, date(2026, 6, 30), "longhua"), [bags])
    assert longhua.series == {"现有": [70], "最低库存": [60]}
    assert charts.stock_against_minimum(store, WEEK, []).note == "未选择物资"


def test_summary_and_chart_dispatch(week):
    store, _ = week
    assert charts.summary(store, WEEK) == [
        ("接报事件", 4), ("其中 Ⅰ级", 0), ("其中 Ⅱ级", 1), ("其中 Ⅲ级", 1), ("其中 Ⅳ级", 2), ("其中 未定级", 0),
        ("期末已结束", 1), ("报出报告（首报、续报、终报）", 8), ("启动通知", 2)]
    for key in charts.CHARTS:
        chart = charts.chart(store, key, WEEK, now=NOW)
        assert all(len(v) == len(chart.categories) for v in chart.series.values())
        assert set(chart.plot) <= set(chart.series)
    with pytest.raises(StoreError, match="没有名为"):
        charts.chart(store, "pie", WEEK)


def test_filter_and_month_are_checked():
    with pytest.raises(StoreError, match="早于开始日期"):
        Filter(date(2026, 6, 7), date(2026, 6, 1))
    assert charts.month_filter("2026-02") == Filter(date(2026, 2, 1), date(2026, 2, 28))
    assert charts.month_filter("2026-12").end == date(2026, 12, 31)
    with pytest.raises(StoreError, match="YYYY-MM"):
        charts.month_filter("2026/6")


def test_histogram_bounds_fall_in_the_lower_bin():
    assert charts.histogram([0, 15, 15.1, 360, 361], (15, 360)) == [2, 2, 1]


def _on_time(store, now=NOW) -> dict:
    chart = charts.on_time_by_level(store, WEEK, now=now)
    return {c: dict(zip(chart.series, values)) for c, *values in chart.rows()[1:]}


def test_kept_judgements_match_judging_everything_live(week):
    store, _ = week
    before = store.con.total_changes
    live = _on_time(store)                       # nothing kept yet: judged live, and reading wrote nothing
    assert store.con.total_changes == before and store.one("SELECT count(*) FROM stat_timeliness")[0] == 0
    timeliness.bring_up_to_date(store, now=NOW)  # what the statistics view runs on a worker when it opens
    kept = _on_time(store)                       # settled incident A now comes from stat_timeliness
    assert store.one("SELECT count(*) FROM stat_timeliness")[0] == 3   # A and the fires of 31 May and 8 June
    assert kept == live
    with store.write():                          # the same read inside a write transaction
        live = _on_time(store)
    assert kept == live
    assert charts.first_report_delays(store, WEEK).series == {"事件数": [1, 2, 0, 0, 0, 0]}


def test_kept_judgements_follow_changes_rules_and_time(week):
    from xhduty.core.incidents import report_rules

    store, _ = week
    timeliness.bring_up_to_date(store, now=NOW)
    a = store.one("SELECT id FROM incidents WHERE type_code = 'A.fire' AND taken_at LIKE '2026-06-01%'")[0]
    with clock.frozen(NOW):
        with store.write() as tx:                # regraded after closing: counted at its new level
            tx.update("incidents", a, {"level": "III"})
    rows = _on_time(store)
    assert rows["Ⅳ级 一般"]["首报应报数"] == 1 and rows["Ⅲ级 较大"]["首报应报数"] == 2
    with clock.frozen(NOW):
        with store.write() as tx:
            tx.update("incidents", a, {"level": "IV"})
        # a local rule of 20 minutes for 一般 makes A's 30-minute 首报 late
        report_rules.save_rules(store, [report_rules.edited(report_rules.rule_set(store).level("IV"),
                                                            written_minutes=20)])
    assert _on_time(store)["Ⅳ级 一般"]["首报按时数"] == 0
    with clock.frozen(NOW):
        report_rules.reset_rule(store, "level", "IV")
    assert _on_time(store)["Ⅳ级 一般"]["首报按时数"] == 1
    # earlier, A was not yet settled (taken less than a day before): judged live, and the same
    assert _on_time(store, now=clock.parse("2026-06-01T20:00"))["Ⅳ级 一般"]["首报按时数"] == 1
    assert _on_time(store)["Ⅳ级 一般"] == {"首报应报数": 2, "首报按时数": 1, "首报按时率(%)": 50.0,
                                        "续报应报数": 0, "续报按时数": 0, "续报按时率(%)": None}


def test_a_raise_to_a_level_with_daily_followups_is_counted_from_the_raise(on_duty):
    """Taken 15:10 as 一般 (no daily 续报), 首报 in writing at 15:40, raised to 较大 at 18:00: the first 续报
    slot is the next morning's 08:00 (as the reporting clock says, deadlines.compute), met by the 07:50
    续报 — not today's 17:00, missed before any 续报 was owed."""
    from xhduty.core.incidents import incidents

    with clock.frozen(clock.parse("2026-12-01T15:12")):
        iid = incidents.open_incident(on_duty, title="示例数据 漕溪北路下立交积水", type_code="N.flood", level="IV",
                                      place="漕溪北路下立交", taken_at="2026-12-01T15:10")
    with clock.frozen(clock.parse("2026-12-01T15:40")):
        incidents.submit_report(on_duty, iid, stage="first", channel="written", text="积水约40厘米，已封闭")
    with clock.frozen(clock.parse("2026-12-01T18:00")):
        incidents.change_level(on_duty, iid, "III", "积水扩大，多车被困")
    with clock.frozen(clock.parse("2026-12-02T07:50")):
        incidents.submit_report(on_duty, iid, stage="followup", channel="written", text="积水已退至20厘米")
    december = Filter(date(2026, 12, 1), date(2026, 12, 7))
    rows = {c: dict(zip(chart.series, values)) for chart in [charts.on_time_by_level(
        on_duty, december, now=clock.parse("2026-12-02T12:00"))] for c, *values in chart.rows()[1:]}
    assert (rows["Ⅲ级 较大"]["续报应报数"], rows["Ⅲ级 较大"]["续报按时数"]) == (1, 1)
