"""A value typed for one of a fixed list of choices, read as people type it."""

import pytest

from xhduty.core import choices

CATEGORIES = ("消防", "燃气", "特种设备")


@pytest.mark.parametrize("typed, meant", [
    ("消防", "消防"), (" 消 防 ", "消防"), ("消防安全", "消防"), ("燃气隐患", "燃气"), ("特种设备类", "特种设备")])
def test_a_choice_with_the_words_offices_add(typed, meant):
    assert choices.pick(typed, CATEGORIES, endings=("安全", "隐患", "类")) == meant


@pytest.mark.parametrize("typed", ["天然气", "消防安全隐患", "安全", "消"])
def test_what_is_no_choice_is_none(typed):
    assert choices.pick(typed, CATEGORIES, endings=("安全", "隐患", "类")) is None


def test_endings_only_where_given_and_keyboard_forms_always():
    assert choices.pick("消防安全", CATEGORIES) is None
    assert choices.pick("II类", ("Ⅰ类", "Ⅱ类")) == "Ⅱ类"
