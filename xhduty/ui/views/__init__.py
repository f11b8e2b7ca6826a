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

from xhduty.ui.qt import translate


@dataclass(frozen=True)
class Area:
    name: str                    # module name in this package
    title_source: str            # Chinese source text of the navigation title
    shortcut: str | None = None  # its own key, besides Ctrl+<position>

    def title(self) -> str:
        return translate("views", self.title_source)

    def module(self):
        return importlib.import_module(f"{__name__}.{self.name}")


AREAS = (
    Area("log", "值班日志", "Ctrl+1"),
    Area("incidents", "突发事件", "Ctrl+2"),
    Area("plans", "应急预案", "Ctrl+Shift+F"),
    Area("contacts", "通讯录"),
    Area("handover", "交接班"),
    Area("roster", "排班"),
    Area("resources", "应急资源"),
    Area("board", "值班态势", "Ctrl+Shift+B"),
    Area("stats", "统计分析"),
    Area("conflicts", "冲突", "Ctrl+0"),  # the tenth area; Ctrl+Shift+K is 盘点 in the resources area
)
