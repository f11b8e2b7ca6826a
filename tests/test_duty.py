"""Shifts, the append-only duty log and its hash chain, handover."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.duty import handover
from xhduty.core.integrity import check
from xhduty.core.store import StoreError

T0 = datetime(2026, 11, 29, 8, 30, tzinfo=clock.SHANGHAI)


def test_log_needs_an_open_shift(store):
    with pytest.raises(StoreError, match="请先开始值班"):
        duty.add_entry(store, "接报")


def test_shift_needs_leader_and_one_or_two_officers(store):
    with pytest.raises(StoreError, match="带班领导"):
        duty.start_shift(store, "", ["李"])
    with pytest.raises(StoreError, match="1–2"):
        duty.start_shift(store, "王", ["甲", "乙", "丙"])


def test_intake_entry_keeps_its_call_record_fields(on_duty):
    details = {"caller_unit": "龙华街道办", "caller_name": "陈某", "caller_phone": "021-0000", "place": "龙华中路"}
    eid = duty.add_entry(on_duty, "龙华中路一小区地下车库进水", kind="intake", details=details,
                         significant=True)
    [entry] = [e for e in duty.list_entries(on_duty, duty.LogFilter(kinds=["intake"]))]
    assert entry["id"] == eid and entry["details"]["caller_unit"] == "龙华街道办" and entry["is_significant"]


def test_correction_is_a_new_entry_and_both_stay(on_duty):
    eid = duty.add_entry(on_duty, "暴雨蓝色预警 10:00 发布")
    cid = duty.correct_entry(on_duty, eid, "暴雨黄色预警 10:00 发布")
    entries = {e["id"]: e for e in duty.list_entries(on_duty, duty.LogFilter())}
    assert entries[eid]["is_corrected"] and entries[eid]["text"] == "暴雨蓝色预警 10:00 发布"
    assert entries[cid]["corrects"] == eid and entries[cid]["kind"] == "correction"


def test_mark_significant_and_filter(on_duty):
    a = duty.add_entry(on_duty, "普通记录")
    duty.add_entry(on_duty, "另一条", kind="document")
    duty.mark_significant(on_duty, a)
    sig = duty.list_entries(on_duty, duty.LogFilter(significant_only=True))
    assert [e["id"] for e in sig if e["kind"] != "mark"] == [a]
    assert [e["text"] for e in duty.list_entries(on_duty, duty.LogFilter(kinds=["document"]))] == ["另一条"]
    assert [e["id"] for e in duty.list_entries(on_duty, duty.LogFilter(text="普通", kinds=["note"]))] == [a]


def test_open_items_carry_over_until_closed(on_duty):
    item = duty.add_entry(on_duty, "待区防汛办回电确认泵车到位", kind="followup", open_item=True)
    handover.hand_over(on_duty, ["赵接班"])
    handover.hand_over(on_duty, ["钱接班"])
    assert [e["id"] for e in duty.open_items(on_duty)] == [item]
    summary = handover.summary(on_duty, duty.current_shift(on_duty)["id"])
    assert [e["id"] for e in summary["open_items"]] == [item]
    duty.close_item(on_duty, item, "泵车已到位")
    assert duty.open_items(on_duty) == []
    with pytest.raises(StoreError, match="已办结"):
        duty.close_item(on_duty, item)


def test_handover_closes_shift_and_opens_next_in_one_step(on_duty):
    first = duty.current_shift(on_duty)
    duty.add_entry(on_duty, "领导要求加强夜间巡查", kind="instruction")
    with pytest.raises(StoreError, match="不是本班值班员"):
        handover.hand_over(on_duty, ["赵"], outgoing_confirmed_by="路人")
    record = handover.hand_over(on_duty, ["赵", "钱"], leader="孙带班", notes="传真机缺纸")
    assert duty.get_shift(on_duty, first["id"])["status"] == "closed"
    nxt = duty.current_shift(on_duty)
    assert nxt["id"] == record["next_shift_id"] and nxt["officers"] == ["赵", "钱"] and nxt["leader"] == "孙带班"
    stored = handover.last_handover(on_duty, first["id"])
    assert stored["notes"] == "传真机缺纸" and stored["summary"]["counts"]


def test_check_passes_on_a_sound_log(on_duty):
    for i in range(20):
        duty.add_entry(on_duty, f"记录 {i}")
    assert check(on_duty) == []


def _raw(store):
    # deliberate tampering, bypassing the write path, as an attacker or a broken tool would
    return sqlite3.connect(store.path)


def test_check_catches_an_edited_entry(on_duty):
    eid = duty.add_entry(on_duty, "原始内容")
    duty.add_entry(on_duty, "下一条")
    con = _raw(on_duty)
    con.execute("UPDATE log_entries SET text = '篡改后的内容' WHERE id = ?", (eid,))
    con.commit()
    problems = check(on_duty)
    assert any("被改动过" in p for p in problems)


def test_check_catches_a_deleted_entry(on_duty):
    ids = [duty.add_entry(on_duty, f"记录 {i}") for i in range(5)]
    con = _raw(on_duty)
    con.execute("DELETE FROM log_entries WHERE id = ?", (ids[2],))
    con.commit()
    problems = check(on_duty)
    assert any("序号不连续" in p for p in problems)


def test_check_catches_a_rehashed_edit(on_duty):
    """Recomputing the edited entry's own hash still breaks the link to the next entry."""
    ids = [duty.add_entry(on_duty, f"记录 {i}") for i in range(3)]
    con = _raw(on_duty)
    con.row_factory = sqlite3.Row
    row = dict(con.execute("SELECT * FROM log_entries WHERE id = ?", (ids[1],)).fetchone())
    row["text"] = "伪造"
    con.execute("UPDATE log_entries SET text = ?, hash = ? WHERE id = ?", ("伪造", duty.entry_hash(row), ids[1]))
    con.commit()
    assert any("哈希不衔接" in p for p in check(on_duty))


def test_entry_time_is_editable_and_stored_with_offset(on_duty):
    eid = duty.add_entry(on_duty, "补记", at=T0)
    assert on_duty.get("log_entries", eid)["at"] == "2026-11-29T08:30:00+08:00"
