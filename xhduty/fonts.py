"""Finding a CJK font with TrueType outlines, for the UI and for reportlab PDFs alike.

Order: the ``XHDUTY_CJK_FONT`` setting (``path`` or ``path#index``) → the bundled WenQuanYi Micro Hei →
well-known system fonts on Windows and Linux.  reportlab embeds only TrueType outlines, so OpenType/CFF
fonts (Noto Sans CJK, Source Han) are not candidates.
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
