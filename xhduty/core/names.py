"""People's names and phone numbers as offices type them — one cleaning for every importer, form and search.

Names (:func:`clean_name`, :func:`split_names`): a full-width space (U+3000) or spaces typed to align a
two-character name (``丁　一``, ``王 伟``) are not part of the name, so ``丁　一`` is 丁一 and is found by
丁一.  Spaces between Latin words stay single.  A list of officers is split on 、，,/;； and line breaks,
never on a space, so a name is never cut in two.

Surnames (:func:`split_surname`): two-character surnames from the 百家姓 list of 复姓 (欧阳, 司马, 诸葛 …) and
common modern ones; everything else has a one-character surname.

Phones (:func:`split_phones`): full-width digits, brackets and dashes are read as ASCII; ``(021)64871234``
and ``（021）6487 1234`` become ``021-64871234``; an extension written ``分机8001``, ``转8001``, ``ext. 12``
or ``x12`` is kept as ``转8001``; a cell holding two numbers (``139…/139…``, ``139…、021-…``, one per line)
gives two numbers, and so do two complete numbers separated only by a space (``021-64281239 021-64281240``),
while one number written with spaces (``139 0000 1234``) stays one.  Anything that is not a number raises
``ValueError`` with a Chinese message.
"""

from __future__ import annotations

import re
import unicodedata

COMPOUND_SURNAMES = frozenset("""
万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 公孙 仲孙
轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 仉督 子车 颛孙 端木 巫马 公西 漆雕 乐正 壤驷
公良 拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 羊舌 微生 梁丘 左丘 东门 西门 南宫 第五 公户 公玉 公仪
公仲 公上 公门 公山 公坚 左人 伯赏 南郭 墨哈 谯笪 年爱 阳佟 独孤 贺兰 长鱼 叱干 斛律 尔朱 纳兰 完颜 爱新
""".split())

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_INNER_SPACE = re.compile(rf"(?<=[{_CJK}·])\s+|\s+(?=[{_CJK}·])")
_NAME_SEPARATORS = re.compile(r"[、，,/／;；\r\n]+")
_PHONE_SEPARATORS = re.compile(r"\s*(?:[/、,，;；\r\n]|或)\s*")
_EXTENSION = re.compile(r"\s*(?:分机号?|转|ext\.?|x)\s*:?\s*(\d{1,6})\s*$", re.IGNORECASE)
_DASHES = dict.fromkeys(map(ord, "－‐‑‒–—―﹣"), "-")
_AREA_CODE = re.compile(r"^\(\s*(\d{2,4})\s*\)\s*-?\s*")
_SPACES = re.compile(r"\s+")
_DASH_RUNS = re.compile(r"-{2,}")
_PHONE = re.compile(r"\+?\d[\d\-]{2,24}")


def clean_name(text) -> str:
    """A name as stored and searched: no full-width or aligning spaces between Chinese characters.

    ``"丁　一"`` → ``"丁一"``; ``" 王 伟 "`` → ``"王伟"``; ``"John  Smith"`` → ``"John Smith"``.
    """
    text = re.sub(r"\s+", " ", str(text or "").replace("\u3000", " ")).strip()
    return _INNER_SPACE.sub("", text)


def split_names(text) -> list[str]:
    """Officer names of one cell, split on 、，,/;； and line breaks (never on a space), each cleaned."""
    return [n for n in (clean_name(part) for part in _NAME_SEPARATORS.split(str(text or ""))) if n]


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name): ``欧阳娜娜`` → (欧阳, 娜娜); ``王伟`` → (王, 伟); a Latin name stays whole."""
    name = clean_name(name)
    if not name or not re.match(rf"[{_CJK}]", name):
        return "", name
    size = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:size], name[size:]


def normalise_phone(text: str) -> str:
    """One phone number in the stored form (``021-64871234转8001``); ValueError when it is not one."""
    raw = str(text)
    if raw.isdigit() and raw.isascii() and 3 <= len(raw) <= 25:   # already a plain number (most mobiles)
        return raw
    t = unicodedata.normalize("NFKC", raw).translate(_DASHES).strip()
    extension = ""
    m = _EXTENSION.search(t)
    if m:
        extension, t = m.group(1), t[:m.start()]
    t = _AREA_CODE.sub(r"\1-", t.strip())   # (021)6487… → 021-6487…
    t = _DASH_RUNS.sub("-", _SPACES.sub("", t)).strip("-")
    if not _PHONE.fullmatch(t) or len(t) - t.count("-") - t.startswith("+") < 3:
        raise ValueError(f"“{raw}”不是电话号码（应为数字，可含区号括号、- 和“转/分机/ext.”分机号）")
    return t + (f"转{extension}" if extension else "")


def split_phones(text) -> list[str]:
    """Every number in one cell, each normalised; two numbers in a cell are two.  ValueError names the bad one.

    Numbers separated only by spaces (``021-64281239 021-64281240``) are two when the part is not one
    complete number (:func:`_complete`) and its space-separated pieces make complete numbers in exactly
    one way; a number written with spaces (``139 0000 1234``, ``021 6428 1239``) stays one."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)   # a mobile number typed into a number cell
    parts = [p for p in _PHONE_SEPARATORS.split(unicodedata.normalize("NFKC", str(text or "")).strip()) if p]
    return [number for p in parts for number in _spaced_apart(p)]


# a complete number as normalise_phone writes it: a mobile (11 digits, optionally +86), or a landline with
# its area code (0 and 2–3 digits, then 7–8 digits); either with an extension
_COMPLETE = re.compile(r"(?:(?:\+?86-?)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?:转\d{1,6})?")
_MOST_PIECES = 12   # space-separated pieces tried as numbers (ways to group them: 2 ** (pieces - 1))


def _complete(text: str) -> bool:
    """Is ``text`` one complete phone number (mobile, or landline with area code; see :data:`_COMPLETE`)?"""
    try:
        return bool(_COMPLETE.fullmatch(normalise_phone(text)))
    except ValueError:
        return False


def _spaced_apart(part: str) -> list[str]:
    """One part of a cell as numbers: itself normalised, or — when it is not one complete number — the
    complete numbers its space-separated pieces make, if they make them in exactly one way."""
    pieces = part.split()
    if len(pieces) < 2 or len(pieces) > _MOST_PIECES or _complete(part):
        return [normalise_phone(part)]
    ways = []
    for cuts in range(1, 2 ** (len(pieces) - 1)):   # bit i set: a number ends after piece i
        groups, start = [], 0
        for i in range(1, len(pieces)):
            if cuts >> (i - 1) & 1:
                groups.append(" ".join(pieces[start:i]))
                start = i
        groups.append(" ".join(pieces[start:]))
        if all(_complete(g) for g in groups):
            ways.append(groups)
    return [normalise_phone(g) for g in ways[0]] if len(ways) == 1 else [normalise_phone(part)]
