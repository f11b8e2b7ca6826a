"""Counts as people write them in Chinese: ``12``, 十二, 两, 二十三, 一百零五, 三千 — the one reader of
Chinese numerals, used for times of day (下午三点十五分, :mod:`dates`) and casualty counts (三名工人死亡,
:mod:`plans.matching`)."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
CHARACTERS = "".join(DIGITS) + "".join(UNITS)   # for a regular expression's character class


def read(text: str) -> int:
    """``text`` — ASCII digits, or Chinese numerals below 10,000 (十二, 二十三, 一百零五, 两千) — as an int.
    KeyError for any other character (a caller's pattern admits only :data:`CHARACTERS`)."""
    if text.isdigit():
        return int(text)
    total = current = 0
    for ch in text:
        if ch in UNITS:
            total += (current or 1) * UNITS[ch]
            current = 0
        else:
            current = DIGITS[ch]
    return total + current
