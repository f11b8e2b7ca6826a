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


# ------------------------------------------------------------------ the order the log keeps (issue 19.6)

def test_a_backdated_entry_shows_its_time_and_keeps_its_place(on_duty):
    """An officer logging at 10:30 a call that came at 10:05 types 10:05: the entry shows 10:05 and stays
    where it was written, after what was already on the page (as on the paper log)."""
    with clock.frozen(T0.replace(hour=10, minute=20)):
        first = duty.add_entry(on_duty, "10:20 记下的事")
    with clock.frozen(T0.replace(hour=10, minute=30)):
        late = duty.add_entry(on_duty, "补记：10:05 来电", at=T0.replace(hour=10, minute=5))
    entries = duty.list_entries(on_duty, duty.LogFilter())
    assert [e["id"] for e in entries][-2:] == [first, late]
    assert entries[-1]["at"] == clock.iso(T0.replace(hour=10, minute=5))


def _pull(centre, street) -> None:
    """What a sync does to the centre: the street's changes applied, in the street's order."""
    with centre.write() as tx:
        tx.apply_many([dict(r) for r in street.query("SELECT * FROM changes ORDER BY station_seq")])


def test_centre_log_interleaves_stations_by_when_each_recorded(tmp_path):
    from xhduty.core.store import init_station, open_store

    centre, street = open_store(tmp_path / "c.db"), open_store(tmp_path / "s.db")
    init_station(centre, "XH-C", "区值班室", "centre")
    init_station(street, "XH-LH", "龙华街道", "street")
    at = lambda h, m: T0.replace(hour=h, minute=m)  # noqa: E731
    with clock.frozen(at(9, 0)):
        duty.start_shift(centre, "王带班", ["李值班"])
        duty.start_shift(street, "赵带班", ["钱值班"])
    with clock.frozen(at(9, 10)):
        duty.add_entry(street, "街道 9:10")
    with clock.frozen(at(9, 20)):
        duty.add_entry(centre, "区 9:20")
    with clock.frozen(at(9, 30)):
        duty.add_entry(street, "街道 9:30")
    with clock.frozen(at(8, 0)):      # the street's clock stepped back an hour and a half
        duty.add_entry(street, "街道校时后")
    with clock.frozen(at(9, 40)):
        duty.add_entry(centre, "区 9:40")
        _pull(centre, street)         # arrives after the centre's own 9:40 entry
    texts = [e["text"] for e in duty.list_entries(centre, duty.LogFilter()) if e["kind"] != "shift"]
    assert texts == ["街道 9:10", "区 9:20", "街道 9:30", "街道校时后", "区 9:40"]
    mine = [e["text"] for e in duty.list_entries(centre, duty.LogFilter(station="XH-LH")) if e["kind"] != "shift"]
    assert mine == ["街道 9:10", "街道 9:30", "街道校时后"]
    centre.close()
    street.close()


def test_pages_by_key_give_the_whole_log_in_order(on_duty):
    for i in range(23):
        duty.add_entry(on_duty, f"记录 {i}", kind="document" if i % 3 else "note")
    shift = duty.current_shift(on_duty)["id"]
    for flt in (duty.LogFilter(), duty.LogFilter(shift_id=shift), duty.LogFilter(kinds=["document"]),
                duty.LogFilter(text="记录 1")):
        whole = [e["id"] for e in duty.list_entries(on_duty, flt)]
        assert duty.count_entries(on_duty, flt) == len(whole)
        pages, last = [], None
        while page := duty.entries_after(on_duty, flt, last, limit=4):
            pages += [e["id"] for e in page]
            last = page[-1]["pos"]
        assert pages == whole
        assert [e["id"] for e in duty.entries_before(on_duty, flt, None, limit=4)] == whole[-4:]
        assert [e["id"] for e in duty.entries_before(on_duty, flt, None, limit=3, skip=2)] == whole[-5:-2]
        assert [e["id"] for e in duty.entries_after(on_duty, flt, None, limit=3, skip=5)] == whole[5:8]
        middle = duty.entry_in(on_duty, flt, whole[len(whole) // 2])
        assert duty.count_after(on_duty, flt, middle["pos"]) == len(whole) - len(whole) // 2 - 1
    note = duty.list_entries(on_duty, duty.LogFilter(kinds=["note"]))[-1]
    assert duty.entry_in(on_duty, duty.LogFilter(kinds=["document"]), note["id"]) is None


# ------------------------------------------------- state checked inside the write transaction (issue 13)

def _meanwhile(monkeypatch, where, name, act):
    """Run ``act`` on another connection, in another thread, right after ``where.name`` has been read in
    this one (as the command line may, while the window is between its check and its write); wait up
    to 0.5 s for it before going on, and return what it raised or returned."""
    import threading

    real, outcome = getattr(where, name), {}

    def patched(*args, **kwargs):
        result = real(*args, **kwargs)
        if not outcome:
            def run():
                try:
                    outcome["value"] = act()
                except Exception as exc:  # noqa: BLE001 — handed to the test
                    outcome["value"] = exc
            thread = threading.Thread(target=run)
            outcome["thread"] = thread
            thread.start()
            thread.join(0.5)
        return result

    monkeypatch.setattr(where, name, patched)
    return outcome


def test_an_item_closed_from_two_places_at_once_is_closed_once(on_duty, monkeypatch):
    from xhduty.core.store import open_store

    item = duty.add_entry(on_duty, "待物业回电", open_item=True)
    cli = open_store(on_duty.path)
    meanwhile = _meanwhile(monkeypatch, duty, "_require_entry", lambda: duty.close_item(cli, item, "电话已回"))
    duty.close_item(on_duty, item, "已回电")
    meanwhile["thread"].join(10)
    cli.close()
    assert isinstance(meanwhile["value"], StoreError) and "已办结" in str(meanwhile["value"])
    assert on_duty.one("SELECT count(*) FROM log_entries WHERE kind = 'close'")[0] == 1


def test_an_entry_written_while_the_shift_is_handed_over_is_not_left_in_the_closed_shift(on_duty, monkeypatch):
    from xhduty.core.store import open_store

    cli = open_store(on_duty.path)
    meanwhile = _meanwhile(monkeypatch, duty, "current_shift", lambda: handover.hand_over(cli, ["赵接班"]))
    entry = duty.add_entry(on_duty, "交接时刚好接到的电话")
    meanwhile["thread"].join(10)
    cli.close()
    assert not isinstance(meanwhile["value"], Exception)   # the handover waited for the entry, then ran
    written = on_duty.get("log_entries", entry)
    [handed] = on_duty.query("SELECT seq FROM log_entries WHERE shift_id = ? AND text LIKE '交班%'",
                             (written["shift_id"],))
    assert written["seq"] < handed["seq"]    # in the shift it was written in, before that shift's 交班


def test_names_typed_with_aligning_spaces_are_one_person_everywhere(store):
    """``张　伟`` (a full-width space, as a roster aligns two-character names) is 张伟 in the shift as in the
    roster: F2's choice of him signs the entries, and he can confirm the handover under either spelling —
    also in a shift started before names were cleaned."""
    shift_id = duty.start_shift(store, "王 建国", ["李明", "张　伟"])
    assert duty.get_shift(store, shift_id)["officers"] == ["李明", "张伟"]
    assert duty.get_shift(store, shift_id)["leader"] == "王建国"
    duty.set_at_keyboard(store, "张　伟")
    entry = duty.add_entry(store, "接报：漕溪路积水")
    assert store.get("log_entries", entry)["author"] == "张伟"
    assert store.get("log_entries", duty.add_entry(store, "补记", author="李 明"))["author"] == "李明"
    with store.write() as tx:   # as a shift started by an earlier version stored them
        tx.update("shifts", shift_id, {"officers": '["李明", "张　伟"]'})
    assert duty.at_keyboard(store) == "张伟"
    with pytest.raises(StoreError, match="接班值班员 张伟 正是本班在岗值班员"):
        handover.hand_over(store, ["张 伟"], outgoing_confirmed_by="李明")
    record = handover.hand_over(store, ["赵　强"], outgoing_confirmed_by="张　伟")
    assert record["incoming"] == ["赵强"] and duty.current_shift(store)["officers"] == ["赵强"]
