"""A value typed for one of a fixed list of choices (a shelter's 类别, a hazard's 隐患类别, a team's 战备状态) —
read as people type it on a keyboard or write it in a sheet, and stored as the choice itself."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable


def typed_form(text: str) -> str:
    """A text as compared with the choices: Ⅱ and II, Ｉ and I, 待 命 and 待命 alike (NFKC, no spaces)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def pick(text: str, choices: Iterable[str], endings: tuple[str, ...] = ()) -> str | None:
    """The one of ``choices`` that ``text`` means, or None: equal once typed forms are compared (II类 is
    Ⅱ类), or a choice followed by one of ``endings`` — the generic words offices add (消防安全, 燃气隐患
    for 消防, 燃气 when ``endings`` holds 安全 and 隐患)."""
    typed = typed_form(text)
    forms = {typed_form(choice): choice for choice in choices}
    if typed in forms:
        return forms[typed]
    for ending in endings:
        if typed.endswith(ending) and typed[:-len(ending)] in forms:
            return forms[typed[:-len(ending)]]
    return None
