"""A unit and who is on duty there today are saved in one transaction (the unit form's one save): a refusal
of the duty part leaves no unit behind, and a phone typed without a name is refused, not dropped."""

from __future__ import annotations

import pytest

from xhduty.core.contacts import contacts
from xhduty.core.store import StoreError


def _root(store) -> str:
    contacts.seed_skeleton(store)
    return contacts.find_unit(store, None, "区应急委")


def _outbox(store) -> int:
    return store.one("SELECT count(*) FROM changes")[0]


@pytest.mark.parametrize("on_duty, refused", [(("王值班", "值班室"), "值班电话“值班室”格式不正确"),
                                              (("", "13900000119"), "请同时填写今日值班人员姓名"),
                                              (("王值班", "021-64281239021-64281240"), "位数字")])
def test_a_refused_duty_part_leaves_no_unit(store, on_duty, refused):
    root = _root(store)
    before = _outbox(store)
    with pytest.raises(StoreError, match=refused):
        contacts.save_unit(store, {"name": "区消防救援支队", "parent_id": root, "duty_phone": "021-64000119"},
                           on_duty=on_duty)
    assert contacts.find_unit(store, root, "区消防救援支队") is None and _outbox(store) == before


def test_a_refused_duty_part_leaves_an_edited_unit_as_it_was(store):
    unit = contacts.save_unit(store, {"name": "区消防救援支队", "parent_id": _root(store)})
    with pytest.raises(StoreError):
        contacts.save_unit(store, {"name": "区消防支队", "fax": "021-64000120"}, unit, on_duty=("王值班", "值班室"))
    assert (store.get("units", unit)["name"], store.get("units", unit)["fax"]) == ("区消防救援支队", "")
    assert contacts.on_duty(store) == {}


def test_unit_and_duty_in_one_write_full_width_phone_read_and_the_person_linked_when_one_has_the_name(store):
    unit = contacts.save_unit(store, {"name": "区消防救援支队", "parent_id": _root(store)})
    zhang = contacts.save_person(store, {"unit_id": unit, "name": "张伟"})
    with store.collect() as done:
        contacts.save_unit(store, {"duty_phone": "021-64000119"}, unit, on_duty=("张　伟", "１３９ ０００ ００１１９"))
    assert len(done) == 1 and done.changes.ids("units") == [unit]     # one transaction wrote both
    assert [(d["name"], d["phone"], d["person_id"]) for d in contacts.on_duty(store)[unit]] == \
        [("张伟", "13900000119", zhang)]
    contacts.save_person(store, {"unit_id": unit, "name": "张伟"})     # two of that name: link neither
    contacts.save_unit(store, {}, unit, on_duty=("张伟", ""))
    assert contacts.on_duty(store)[unit][-1]["person_id"] is None
