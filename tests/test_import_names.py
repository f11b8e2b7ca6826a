"""Names and phone numbers as offices type them (issue 15, kinds 5, 6 and 9)."""

import pytest

from xhduty.core import names


@pytest.mark.parametrize("typed, stored", [("丁　一", "丁一"), (" 王 伟 ", "王伟"), ("欧阳　娜娜", "欧阳娜娜"),
                                           ("John  Smith", "John Smith"), ("阿沛 · 阿旺晋美", "阿沛·阿旺晋美")])
def test_names_lose_aligning_spaces(typed, stored):
    assert names.clean_name(typed) == stored


def test_officer_lists_split_on_separators_never_inside_a_name():
    assert names.split_names("丁　一、李明") == ["丁一", "李明"]
    assert names.split_names("赵强，钱进,孙丽/周敏；吴昊\n郑爽") == ["赵强", "钱进", "孙丽", "周敏", "吴昊", "郑爽"]
    assert names.split_names("王 伟") == ["王伟"]


@pytest.mark.parametrize("name, parts", [("欧阳娜娜", ("欧阳", "娜娜")), ("司马光明", ("司马", "光明")),
                                         ("诸葛亮亮", ("诸葛", "亮亮")), ("上官婉儿", ("上官", "婉儿")),
                                         ("司徒雷", ("司徒", "雷")), ("慕容复", ("慕容", "复")),
                                         ("王伟", ("王", "伟")), ("欧阳", ("欧", "阳")), ("Tom", ("", "Tom"))])
def test_compound_surnames(name, parts):
    assert names.split_surname(name) == parts


@pytest.mark.parametrize("cell, numbers", [
    ("(021)64871234", ["021-64871234"]),
    ("（021）6487 1234", ["021-64871234"]),
    ("０２１－６４８７１２３４", ["021-64871234"]),
    ("021-64871234分机8001", ["021-64871234转8001"]),
    ("021-64871234 转 8001", ["021-64871234转8001"]),
    ("64871234 ext. 12", ["64871234转12"]),
    ("13912345678/13987654321", ["13912345678", "13987654321"]),
    ("13912345678、021-64870000", ["13912345678", "021-64870000"]),
    ("139 1234 5678\n139 8765 4321", ["13912345678", "13987654321"]),
    (13912345678.0, ["13912345678"]),
    ("+86 139 1234 5678", ["+8613912345678"]),
    ("", []),
])
def test_phones_as_offices_type_them(cell, numbers):
    assert names.split_phones(cell) == numbers


def test_a_cell_that_is_not_a_phone_says_so():
    with pytest.raises(ValueError, match="“见备注”不是电话号码"):
        names.split_phones("13912345678/见备注")


def test_names_pypinyin_cannot_read_are_found_by_characters_and_the_rest(store):
    from xhduty.core.contacts import contacts
    unit = contacts.save_unit(store, {"name": "区应急局"})
    for name in ("𠮷祥", "张\U00030000三", "刘䶮"):
        contacts.save_person(store, {"unit_id": unit, "name": name, "methods": []})
    found = lambda q: [p["name"] for p in contacts.search(store, q)]  # noqa: E731
    assert found("𠮷") == ["𠮷祥"] and found("xiang") == ["𠮷祥"]
    assert found("zhangsan") == ["张\U00030000三"] and found("zs") == ["张\U00030000三"]
    assert found("\U00030000") == ["张\U00030000三"]
    assert found("liuyan") == ["刘䶮"] and found("䶮") == ["刘䶮"]
