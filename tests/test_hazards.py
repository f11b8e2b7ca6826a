"""The hazard register: registering, every workflow step with who and when, 挂牌督办, overdue alerts, 回潮,
the two lists, trends, and who may write hazards through the hub."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from xhduty.core import clock, jobs
from xhduty.core.hazards import hazards, listing, lists, trends
from xhduty.core.store import StoreError
from xhduty.core import authority
from xhduty.core.authority import StationInfo

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=clock.SHANGHAI)


def jpeg(path, size=(64, 48), color=(200, 60, 60)):
    from PIL import Image

    Image.new("RGB", size, color).save(path, "JPEG")
    return path


def sample(**over) -> dict:
    data = dict(found_on="2026-11-02", finder="网格员张敏", found_by="网格上报", division="龙华街道",
                address="龙华中路 100 号底商", category="燃气", level="一般", description="沿街商铺违规使用液化气瓶",
                unit="某餐饮店", person="王老板", phone="13800000000", measures="停用气瓶，改用管道燃气",
                deadline="2026-11-20")
    data.update(over)
    return data


@pytest.fixture
def frozen():
    with clock.frozen(NOW):
        yield


def test_register_records_every_field_and_the_register_step(store, frozen):
    hid = hazards.register(store, sample(), "李值班")
    h = hazards.show(store, hid)
    assert (h["division"], h["division_name"], h["state"], h["level"]) == ("longhua", "龙华街道", "registered", "一般")
    assert h["address_key"] == "龙华中路100号底商"
    assert [(s["step"], s["by_whom"], s["at"]) for s in h["steps"]] == [("register", "李值班", clock.iso(NOW))]


def test_register_names_every_bad_field(store):
    with pytest.raises(StoreError) as err:
        hazards.register(store, sample(category="天然气", found_by="电话", division="黄浦区", deadline="2026-10-01",
                                       address=""), "李值班")
    text = str(err.value)
    for part in ("隐患类别“天然气”无效", "发现方式“电话”无效", "街镇“黄浦区”", "地址不能为空", "早于发现日期"):
        assert part in text
    assert store.one("SELECT count(*) FROM hazards")[0] == 0


def test_each_workflow_step_records_who_and_when_and_refuses_out_of_order(store, frozen, tmp_path):
    hid = hazards.register(store, sample(), "李值班")
    with pytest.raises(StoreError, match="目前为“登记”，不能整改完成"):
        hazards.step(store, hid, "rectified", "王整改", photos=[jpeg(tmp_path / "after.jpg")])
    hazards.step(store, hid, "start", "王整改", note="已约谈店主")
    assert hazards.get(store, hid)["state"] == "rectifying"
    with pytest.raises(StoreError, match="整改完成须附整改后照片"):
        hazards.step(store, hid, "rectified", "王整改")
    clock.advance(__import__("datetime").timedelta(days=3))
    hazards.step(store, hid, "rectified", "王整改", photos=[jpeg(tmp_path / "after.jpg")])
    h = hazards.show(store, hid)
    assert (h["state"], h["rectified_on"]) == ("rectified", "2026-12-03")
    assert [a["role"] for a in h["attachments"]] == ["after"]
    with pytest.raises(StoreError, match="不能整改完成"):
        hazards.step(store, hid, "rectified", "王整改")
    hazards.step(store, hid, "closed", "赵复核")
    h = hazards.show(store, hid)
    assert (h["state"], h["closed_on"]) == ("closed", "2026-12-03")
    assert [(s["step"], s["by_whom"]) for s in h["steps"]] == [
        ("register", "李值班"), ("start", "王整改"), ("rectified", "王整改"), ("closed", "赵复核")]
    assert h["steps"][1]["note"] == "已约谈店主"
    with pytest.raises(StoreError, match="不能复核销号"):
        hazards.step(store, hid, "closed", "赵复核")


def test_a_step_needs_its_officer(store):
    hid = hazards.register(store, sample(), "李值班")
    with pytest.raises(StoreError, match="经办人"):
        hazards.step(store, hid, "start", " ")


def test_supervision_only_for_major_hazards_and_by_the_centre(store):
    minor = hazards.register(store, sample(), "李值班")
    with pytest.raises(StoreError, match="只有重大隐患"):
        hazards.supervise(store, minor, "区应急局")
    major = hazards.register(store, sample(level="重大"), "李值班")
    hazards.supervise(store, major, "区应急局", note="限期十日")
    assert hazards.supervised(store, major)
    with pytest.raises(StoreError, match="已在挂牌督办中"):
        hazards.supervise(store, major, "区应急局")
    hazards.supervise(store, major, "区应急局", lift=True)
    assert not hazards.supervised(store, major)
    with store.write() as tx:
        tx.set_meta("station_role", "street")
    with pytest.raises(StoreError, match="只能由区中心"):
        hazards.supervise(store, major, "街道")


def test_overdue_hazard_raises_an_alert_once_and_clears_when_rectified(on_duty, tmp_path):
    store = on_duty
    with clock.frozen(datetime(2026, 11, 21, 9, 0, tzinfo=clock.SHANGHAI)):
        hid = hazards.register(store, sample(level="重大", deadline="2026-11-20"), "李值班")
        hazards.supervise(store, hid, "区应急局")
        raised = jobs.run_due(store, only="hazards")
        assert [a.key for a in raised] == [f"hazard:overdue:{hid}"]
        assert raised[0].level == "overdue" and "【挂牌督办】重大隐患逾期未整改" in raised[0].text
        assert jobs.run_due(store, only="hazards") == []  # raised once
        assert hazards.overdue_count(store) == 1
        assert [r[0] for r in listing.rows(store, listing.Filter(state="overdue"))] == [hid]
        hazards.step(store, hid, "start", "王整改")
        hazards.step(store, hid, "rectified", "王整改", photos=[jpeg(tmp_path / "a.jpg")])
        jobs.run_due(store, only="hazards")
    assert store.one("SELECT count(*) FROM alerts WHERE source = 'hazards' AND cleared_at IS NULL")[0] == 0
    assert store.one("SELECT count(*) FROM log_entries WHERE kind = 'alert' AND text LIKE '%隐患逾期%'")[0] == 1


def test_recurrence_same_address_and_category_within_the_setting(store):
    first = hazards.register(store, sample(found_on="2025-12-01", deadline="2025-12-10"), "李值班")
    again = hazards.register(store, sample(found_on="2026-11-02", address="龙华中路100号 底商"), "李值班")
    other = hazards.register(store, sample(found_on="2026-11-03", category="消防"), "李值班")
    assert hazards.recurrences(store) == {again}
    assert [h["id"] for h in hazards.show(store, again)["recurs"]] == [first]
    hazards.set_recur_months(store, 6)
    assert hazards.recurrences(store) == set()
    assert [r[0] for r in listing.rows(store, listing.Filter(state="recur"))] == []
    assert other


def test_listing_filters(store):
    a = hazards.register(store, sample(), "李值班")
    b = hazards.register(store, sample(division="田林街道", category="消防", level="重大", found_on="2026-11-05",
                                       address="田林路 1 号"), "李值班")
    assert [r[0] for r in listing.rows(store)] == [b, a]  # newest found first
    assert [r[0] for r in listing.rows(store, listing.Filter(division="tianlin"))] == [b]
    assert [r[0] for r in listing.rows(store, listing.Filter(level="一般"))] == [a]
    assert [r[0] for r in listing.rows(store, listing.Filter(text="田林路"))] == [b]
    assert listing.rows(store)[0][2] == "田林街道"


def test_two_lists_with_owner_deadline_and_state(store):
    with clock.frozen(NOW):
        t = lists.add(store, "task", "群租整治", "龙华街道城运中心", "2026-11-15", division="龙华街道")
        m = lists.add(store, "measure", "沿街商铺燃气使用巡查制度", "区应急局", "2026-12-31")
        lists.set_state(store, t, "进行中")
        task = lists.lines(store, "task")[0]
        assert (task["title"], task["owner"], task["state"], task["division_name"], task["overdue"]) == \
            ("群租整治", "龙华街道城运中心", "进行中", "龙华街道", 1)
        assert lists.lines(store, "measure")[0]["division_name"] == "全区" and m
    with pytest.raises(StoreError, match="状态应为"):
        lists.set_state(store, t, "搁置")


def test_trends_by_month_category_and_division(store, tmp_path):
    with clock.frozen(NOW):
        a = hazards.register(store, sample(found_on="2026-09-03", deadline="2026-09-30"), "李值班")
        hazards.register(store, sample(found_on="2026-10-05", deadline="2026-10-20", category="消防"), "李值班")
        hazards.step(store, a, "start", "王")
        hazards.step(store, a, "rectified", "王", photos=[jpeg(tmp_path / "a.jpg")], on=date(2026, 10, 8))
        t = trends.trend(store, date(2026, 9, 1), date(2026, 11, 30), "month")
    assert t.labels == ["2026-09", "2026-10", "2026-11"]
    assert (t.found, t.rectified, t.overdue) == ([1, 1, 0], [0, 1, 0], [1, 1, 0])
    assert t.rates() == [1.0, 0.0, None]
    assert trends.totals(t) == {"found": 2, "rectified": 1, "overdue": 2, "rate": 0.5}
    by_cat = trends.trend(store, date(2026, 9, 1), date(2026, 11, 30), "category", today=NOW.date())
    assert by_cat.found[hazards.CATEGORIES.index("燃气")] == 1 and len(by_cat.labels) == 12
    by_div = trends.trend(store, date(2026, 9, 1), date(2026, 11, 30), "division", today=NOW.date())
    assert by_div.found[by_div.labels.index("龙华街道")] == 2


def test_trends_read_from_the_kept_counts_agree_with_counting_every_hazard(store, tmp_path):
    """Registered, stepped, corrected to another category and 街镇, tombstoned, and pulled from another
    station: the counts the database keeps give what counting the hazards one by one gives."""
    import random

    from xhduty.core.ids import new_id

    rnd = random.Random(7)
    divisions = ["龙华街道", "田林街道", "徐家汇街道"]
    ids = []
    with clock.frozen(NOW):
        for i in range(40):
            found = date(2026, rnd.randint(1, 11), rnd.randint(1, 28))
            ids.append(hazards.register(store, sample(
                found_on=found.isoformat(), deadline=date(2026, rnd.randint(found.month, 12), 28).isoformat(),
                category=rnd.choice(hazards.CATEGORIES[:4]), division=rnd.choice(divisions),
                address=f"龙华中路 {i} 号"), "李值班"))
        for hid in ids[:25]:
            hazards.step(store, hid, "start", "王")
        for hid in ids[:18]:
            hazards.step(store, hid, "rectified", "王", photos=[jpeg(tmp_path / "after.jpg")],
                         on=date(2026, rnd.randint(6, 11), rnd.randint(1, 28)))
        for hid in ids[:6]:
            hazards.step(store, hid, "closed", "张")
        for hid in ids[10:14]:
            hazards.update(store, hid, {**hazards.get(store, hid), "category": "消防", "division": "tianlin"})
        with store.write() as tx:
            for hid in ids[30:33]:
                tx.delete("hazards", hid)
            pulled = [  # a page from another station, in one apply: the counts filled for the page at once
                {**hazards.clean(store, sample(found_on=found, deadline="2026-08-20", division="田林街道"))[0],
                 "state": state, "rectified_on": done, "deleted": deleted}
                for found, state, done, deleted in (("2026-08-08", "registered", None, 0),
                                                    ("2026-08-09", "rectified", "2026-09-01", 0),
                                                    ("2026-08-09", "closed", "2026-08-10", 0),
                                                    ("2026-07-01", "registered", None, 1))]
            tx.apply_many([{"change_id": new_id(), "station": "S-TL", "station_seq": n + 1,
                            "hlc": f"1764460800000.{n:05d}.S-TL", "tbl": "hazards", "record_id": f"01PULLED{n}",
                            "op": "insert", "prev": None,
                            "fields": {**fields, "id": f"01PULLED{n}", "station": "S-TL",
                                       "created_at": clock.now_iso(), "updated_at": clock.now_iso()}}
                           for n, fields in enumerate(pulled)])
    assert store.get("hazards", "01PULLED3")["deleted"] == 1
    rows = [dict(r) for r in store.query("SELECT * FROM hazards WHERE deleted = 0")]
    today = date(2026, 10, 15)
    names = dict(store.query("SELECT code, name FROM divisions"))

    def bucket(by, day):
        return day[:7] if by == "month" else None

    for by in ("month", "category", "division"):
        t = trends.trend(store, date(2026, 1, 1), date(2026, 12, 31), by, today=today)
        expected = {label: [0, 0, 0, 0] for label in t.labels}
        for h in rows:
            key = {"month": h["found_on"][:7], "category": h["category"], "division": names[h["division"]]}[by]
            done = h["state"] in ("rectified", "closed")
            late = (not done and h["deadline"] < today.isoformat()) or (done and h["rectified_on"] > h["deadline"])
            expected[key][0] += 1
            expected[key][2] += late
            expected[key][3] += done
            if h["rectified_on"]:
                rkey = {"month": h["rectified_on"][:7]}.get(by, key)
                expected[rkey][1] += 1
        got = {label: [f, r, o, d] for label, f, r, o, d in
               zip(t.labels, t.found, t.rectified, t.overdue, t.rectified_of_found)}
        assert got == expected, by


# ------------------------------------------------------------------------------------ sync rules

CENTRE = StationInfo("C0", "centre", None)
LONGHUA = StationInfo("S-LH", "street", "longhua")
TIANLIN = StationInfo("S-TL", "street", "tianlin")


def change(station, tbl, fields, op="insert", record_id="r1"):
    if op == "insert":
        fields = {"id": record_id, "station": station.code, "created_at": "2026-11-30T10:00:00+08:00", **fields}
    return {"station": station.code, "tbl": tbl, "record_id": record_id, "op": op, "fields": fields}


def test_a_street_writes_only_the_hazards_of_its_own_division(store):
    assert authority.refusal(store, LONGHUA, change(LONGHUA, "hazards", {"division": "longhua"})) is None
    refused = authority.refusal(store, TIANLIN, change(TIANLIN, "hazards", {"division": "longhua"}))
    assert refused[0] == 403 and "longhua 辖区" in refused[1]
    assert authority.refusal(store, CENTRE, change(CENTRE, "hazards", {"division": "longhua"})) is None


def test_a_street_cannot_move_its_hazard_out_or_step_another_divisions_hazard(store):
    hid = hazards.register(store, sample(), "李值班")  # a 龙华 hazard held here (as on the hub)
    moved = change(LONGHUA, "hazards", {"division": "tianlin"}, op="update", record_id=hid)
    assert authority.refusal(store, LONGHUA, moved)[0] == 403
    step = change(TIANLIN, "hazard_steps", {"hazard_id": hid, "step": "start", "division": "longhua"})
    assert authority.refusal(store, TIANLIN, step)[0] == 403
    ok = change(LONGHUA, "hazard_steps", {"hazard_id": hid, "step": "start", "division": "longhua"})
    assert authority.refusal(store, LONGHUA, ok) is None


def test_only_the_centre_supervises_and_everyone_receives_it(store):
    sup = {"hazard_id": "h1", "lifted": 0}
    assert authority.refusal(store, CENTRE, change(CENTRE, "hazard_supervisions", sup)) is None
    refused = authority.refusal(store, LONGHUA, change(LONGHUA, "hazard_supervisions", sup))
    assert refused[0] == 403 and "只能由区中心" in refused[1]
    assert "hazard_supervisions" in authority.readable_tables(store, LONGHUA)


def test_only_the_centre_sees_every_streets_hazards(store):
    assert "hazards" not in authority.readable_tables(store, LONGHUA)
    assert "hazard_steps" not in authority.readable_tables(store, LONGHUA)
    assert {"hazards", "hazard_steps", "hazard_tasks"} <= set(authority.readable_tables(store, CENTRE))


def test_district_wide_list_lines_are_the_centres(store):
    line = {"kind": "measure", "division": None}
    assert authority.refusal(store, LONGHUA, change(LONGHUA, "hazard_tasks", line))[0] == 403
    assert authority.refusal(store, CENTRE, change(CENTRE, "hazard_tasks", line)) is None


def test_overdue_hazards_show_on_the_board_supervised_first(store):
    from xhduty.core.stats import board

    with clock.frozen(NOW):
        hazards.register(store, sample(deadline="2026-11-10"), "李值班")
        major = hazards.register(store, sample(level="重大", deadline="2026-11-25", address="田林路 9 号"), "李值班")
        hazards.register(store, sample(deadline="2026-12-20"), "李值班")  # not yet due
        assert board.snapshot(store)["overdue_hazards"][0] == "逾期未整改隐患共 2 处"
        hazards.supervise(store, major, "区应急局")
        lines = board.snapshot(store)["overdue_hazards"]
    assert lines[1].startswith("【挂牌督办】重大隐患逾期未整改") and "田林路 9 号" in lines[1]
    assert "龙华中路" in lines[2]


def test_overdue_hazards_carry_over_to_the_handover_supervised_ones_to_confirm(store):
    from xhduty.core import carryover

    with clock.frozen(NOW):
        assert "隐患排查治理" not in [s.title for s in carryover.sections(store)]
        major = hazards.register(store, sample(level="重大", deadline="2026-11-25"), "李值班")
        hazards.supervise(store, major, "区应急局")
        [section] = [s for s in carryover.sections(store) if s.title == "隐患排查治理"]
    assert section.rows[0] == "逾期未整改隐患共 1 处"
    assert len(section.warnings) == 1 and section.warnings[0].startswith("【挂牌督办】")


def test_hazard_dates_are_read_by_the_one_date_parser(store):
    """Dates as offices type them (年月日, full-width digits, an Excel serial, a date-time cell) are read as
    the other importers read them (core/dates); a wrong one is named by its field, with the accepted forms."""
    cleaned, problems = hazards.clean(store, sample(found_on="2026年11月2日", deadline="２０２６／１１／２０"))
    assert problems == []
    assert (cleaned["found_on"], cleaned["deadline"]) == ("2026-11-02", "2026-11-20")
    cleaned, problems = hazards.clean(store, sample(found_on=datetime(2026, 11, 2, 9, 30), deadline=46346))
    assert (cleaned["found_on"], cleaned["deadline"]) == ("2026-11-02", "2026-11-20")
    _, problems = hazards.clean(store, sample(deadline="2026-13-01"))
    assert [field for field, _ in problems] == ["deadline"]
    assert problems[0][1].startswith("整改期限“2026-13-01”不是有效的日期") and "2026年12月1日" in problems[0][1]
