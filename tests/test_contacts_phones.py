"""Two complete numbers in one cell separated only by spaces are two numbers; one number written with
spaces stays one (core/names.split_phones, as the contact book reads a unit's numbers and a sheet's cells)."""

from __future__ import annotations

import pytest

from xhduty.core import names
from xhduty.core.contacts import contacts


@pytest.mark.parametrize("cell, numbers", [
    ("021-64281239 021-64281240", ["021-64281239", "021-64281240"]),
    ("13900001234  13900001235", ["13900001234", "13900001235"]),
    ("(021) 6428 1239 (021) 6428 1240", ["021-64281239", "021-64281240"]),
    ("０２１－６４２８１２３９　１３９００００１２３４", ["021-64281239", "13900001234"]),
    ("021-64281239 转801 13900001234", ["021-64281239转801", "13900001234"]),
    ("139 0000 1234", ["13900001234"]),
    ("021 6428 1239", ["02164281239"]),
    ("+86 139 0000 1234", ["+8613900001234"]),
    ("021-6428 1239 转 801", ["021-64281239转801"]),
    ("6428 1239", ["64281239"]),                                  # no area code: one number, as before
])
def test_numbers_separated_only_by_spaces(cell, numbers):
    assert names.split_phones(cell) == numbers


def test_pieces_that_are_not_all_complete_numbers_stay_one_and_are_refused_as_run_together(store):
    assert names.split_phones("13900001234 64281239") == ["1390000123464281239"]
    contacts.seed_skeleton(store)
    root = contacts.find_unit(store, None, "区应急委")
    with pytest.raises(contacts.StoreError, match="是否把两个号码写在了一起"):
        contacts.save_unit(store, {"name": "区消防救援支队", "parent_id": root, "duty_phone": "13900001234 64281239"})


def test_a_unit_duty_phone_with_two_numbers_and_a_space_is_saved_as_two(store):
    contacts.seed_skeleton(store)
    root = contacts.find_unit(store, None, "区应急委")
    unit = contacts.save_unit(store, {"name": "区消防救援支队", "parent_id": root,
                                      "duty_phone": "021-64281239 021-64281240", "fax": "021 6428 1241"})
    row = store.get("units", unit)
    assert (row["duty_phone"], row["fax"]) == ("021-64281239、021-64281240", "02164281241")
