"""Operations report what they wrote: every committed transaction's rows reach Store.collect."""

from __future__ import annotations

import threading

import pytest

from xhduty.core.changes import Changes
from xhduty.core.duty import duty
from xhduty.core.store import StoreError


def test_an_operation_is_announced_with_its_table_ids_and_ops(on_duty):
    with on_duty.collect() as done:
        entry = duty.add_entry(on_duty, "接到报告：漕河泾路口积水")
    changes = done.changes
    assert "log_entries" in changes and changes.ids("log_entries") == [entry]
    assert changes.only_inserts("log_entries")
    assert changes & {"log_entries"}                       # still reads as a set of table names


def test_a_tombstone_is_a_delete_and_a_new_then_edited_row_stays_an_insert(store):
    with store.collect() as done:
        with store.write() as tx:
            unit = tx.insert("units", {"name": "徐家汇街道办"})
            tx.update("units", unit, {"duty_phone": "64000000"})
        with store.write() as tx:
            other = tx.insert("units", {"name": "龙华街道办"})
        with store.write() as tx:
            tx.delete("units", other)
    assert dict(done.changes.rows["units"]) == {unit: "insert", other: "delete"}
    assert not done.changes.only_inserts("units")


def test_a_rolled_back_transaction_contributes_nothing(store):
    with store.collect() as done:
        with pytest.raises(StoreError):
            with store.write() as tx:
                tx.insert("units", {"name": "湖南路街道办"})
                raise StoreError("中途放弃")
    assert done.changes == Changes() and not done.changes.rows


def test_collecting_is_per_thread_and_nested_blocks_each_see_theirs(store):
    seen_elsewhere = []
    with store.collect() as outer:
        with store.collect() as inner:
            with store.write() as tx:
                tx.insert("units", {"name": "枫林路街道办"})
        worker = threading.Thread(target=lambda: seen_elsewhere.append(_write_on(store)))
        worker.start()
        worker.join()
    assert "units" in inner.changes and "units" in outer.changes
    assert len(outer.changes.ids("units")) == len(inner.changes.ids("units"))
    assert seen_elsewhere == ["done"]                      # the other thread's write is not ours


def _write_on(store):
    with store.write() as tx:
        tx.insert("units", {"name": "斜土路街道办"})
    return "done"


def test_changes_merge_keeps_what_a_record_underwent_overall():
    first = Changes({"people": {"p1": "insert", "p2": "update"}})
    then = Changes({"people": {"p1": "update", "p2": "delete"}}, local=["search_people"])
    merged = first | then
    assert dict(merged.rows["people"]) == {"p1": "insert", "p2": "delete"}
    assert merged == {"people", "search_people"}
