"""Finding a CJK font with TrueType outlines, for the UI and for reportlab PDFs alike.

Order: the ``XHDUTY_CJK_FONT`` setting (``path`` or ``path#index``) → the bundled WenQuanYi Micro Hei →
well-known system fonts on Windows and Linux.  reportlab embeds only TrueType outlines, so OpenType/CFF
fonts (Noto Sans CJK, Source Han) are not candidates.

Fallbacks (:func:`find_fallback_fonts`) cover what the main font lacks: WenQuanYi Micro Hei has no glyph
for rare characters of names (䶮 U+4DAE in CJK Extension A, 𠮷 U+20BB7, 𬌗, 𬭚 in Extensions B–F).  The
fallback is Hanazono Mincho (花园明朝, GlyphWiki; Hanazono Font License or SIL OFL, free to redistribute):
HanaMinA covers the BMP with Extension A, HanaMinB Extensions B–F (Extension G is covered by no font
here).  Its two files are 53 MB, too big for the repository, so it is found as a system font
(Debian/Ubuntu: ``apt install fonts-hanazono``, listed in .ci/system-deps) or in the ``XHDUTY_CJK_FALLBACK``
setting (files separated by the OS path separator), or beside the bundled font in resources/fonts when a
build puts it there (see resources/fonts/README.md).  A character no font has prints as
:data:`MISSING_GLYPH` with a warning, never as a blank.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from xhduty import paths


class FontNotFound(Exception):
    pass


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0   # member of a .ttc collection


_SYSTEM_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    r"C:\Windows\Fonts\msyh.ttc",
    r"C:\Windows\Fonts\simsun.ttc",
    r"C:\Windows\Fonts\simhei.ttf",
)


def _parse(setting: str) -> FontFile:
    path, _, index = setting.partition("#")
    return FontFile(Path(path), int(index) if index else 0)


def find_cjk_font() -> FontFile:
    setting = os.environ.get("XHDUTY_CJK_FONT")
    if setting:
        font = _parse(setting)
        if not font.path.is_file():
            raise FontNotFound(f"设置的中文字体文件不存在：{font.path}（环境变量 XHDUTY_CJK_FONT）")
        return font
    bundled = paths.resources_dir() / "fonts" / "wqy-microhei.ttc"
    if bundled.is_file():
        return FontFile(bundled)
    for candidate in _SYSTEM_CANDIDATES:
        if Path(candidate).is_file():
            return FontFile(Path(candidate))
    raise FontNotFound(
        "找不到可用的中文字体（需 TrueType 轮廓）。请安装文泉驿微米黑（Debian: apt install fonts-wqy-microhei），"
        "或用环境变量 XHDUTY_CJK_FONT 指定 .ttf/.ttc 字体文件。"
    )


MISSING_GLYPH = "〓"   # the 下駄 mark printed where no font has a glyph (GB 2312 0xA1F2)
FALLBACK_FILES = ("HanaMinA.ttf", "HanaMinB.ttf")
_FALLBACK_DIRS = (
    "/usr/share/fonts/truetype/hanazono",
    "/usr/share/fonts/hanazono",
    "/usr/local/share/fonts",
    r"C:\Windows\Fonts",
)


def find_fallback_fonts() -> list[FontFile]:
    """The fallback fonts found, most general first: ``XHDUTY_CJK_FALLBACK`` → bundled → system; may be []."""
    setting = os.environ.get("XHDUTY_CJK_FALLBACK")
    if setting:
        return [_parse(p) for p in setting.split(os.pathsep) if p and Path(_parse(p).path).is_file()]
    for folder in (paths.resources_dir() / "fonts", *map(Path, _FALLBACK_DIRS)):
        found = [FontFile(folder / name) for name in FALLBACK_FILES if (folder / name).is_file()]
        if found:
            return found
    return []
