"""The one reader of Chinese numerals (times of day, casualty counts)."""

import pytest

from xhduty.core import numerals


@pytest.mark.parametrize("text, value", [
    ("12", 12), ("三", 3), ("两", 2), ("十", 10), ("十五", 15), ("二十", 20), ("二十三", 23), ("五十九", 59),
    ("一百零五", 105), ("两百", 200), ("三千零二十", 3020), ("〇", 0)])
def test_counts_as_people_write_them(text, value):
    assert numerals.read(text) == value
