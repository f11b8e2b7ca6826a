"""The areas of the main window, one module each, in navigation order.

Each area is declared here with its name, title and shortcut, and its module is imported only when the
area is first opened: start-up does not pay for pyqtgraph, the pinyin dictionaries or anything else an
area needs until the officer goes there.  A view module defines ``View``, a QWidget subclass built as
``View(ctx)`` with a ``refresh(tables: set[str])`` method, and may define ``activate()`` on it (called when
its shortcut is pressed).  A test checks that every module of this package is declared and vice versa.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from xhduty.ui.qt import QT_TRANSLATE_NOOP, translate


@dataclass(frozen=True)
class Area:
    name: str                    # module name in this package
    title_source: str            # Chinese source of the navigation title, marked for lupdate
    shortcut: str | None = None  # its own key, besides Ctrl+<position>

    def title(self) -> str:
        return translate("views", self.title_source)

    def module(self):
        return importlib.import_module(f"{__name__}.{self.name}")


AREAS = (
    Area("log", QT_TRANSLATE_NOOP("views", "值班日志"), "Ctrl+1"),
    Area("incidents", QT_TRANSLATE_NOOP("views", "突发事件"), "Ctrl+2"),
    Area("plans", QT_TRANSLATE_NOOP("views", "应急预案"), "Ctrl+Shift+F"),
    Area("contacts", QT_TRANSLATE_NOOP("views", "通讯录")),
    Area("handover", QT_TRANSLATE_NOOP("views", "交接班")),
    Area("roster", QT_TRANSLATE_NOOP("views", "排班")),
    Area("resources", QT_TRANSLATE_NOOP("views", "应急资源")),
    Area("board", QT_TRANSLATE_NOOP("views", "值班态势"), "Ctrl+Shift+B"),
    Area("stats", QT_TRANSLATE_NOOP("views", "统计分析")),
    # the tenth area; Ctrl+Shift+K is 盘点 in the resources area
    Area("conflicts", QT_TRANSLATE_NOOP("views", "冲突"), "Ctrl+0"),
)
