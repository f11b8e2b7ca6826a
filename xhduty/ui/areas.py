"""The areas of the main window, one view module each, in navigation order.

Each area is declared here with its name, title, view module and shortcut, and its module is imported only
when the area is first opened: start-up does not pay for pyqtgraph, the pinyin dictionaries or anything
else an area needs until the officer goes there.  A view module is ``xhduty/ui/<area package>/<name>_view.py``
and defines ``View``, a QWidget subclass built as ``View(ctx)`` with a ``refresh(tables: set[str])`` method,
and may define ``activate()`` on it (called when its shortcut is pressed).  A test checks that every
``*_view.py`` module is declared here and vice versa.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from xhduty.ui.qt import QT_TRANSLATE_NOOP, translate


@dataclass(frozen=True)
class Area:
    name: str                    # the area's name in the window (show_view, settings)
    title_source: str            # Chinese source of the navigation title, marked for lupdate
    view: str                    # its view module, relative to xhduty.ui: "duty.log_view"
    shortcut: str | None = None  # its own key, besides Ctrl+<position>

    def title(self) -> str:
        return translate("views", self.title_source)

    def module(self):
        return importlib.import_module(f"xhduty.ui.{self.view}")


AREAS = (
    Area("log", QT_TRANSLATE_NOOP("views", "值班日志"), "duty.log_view", "Ctrl+1"),
    Area("incidents", QT_TRANSLATE_NOOP("views", "突发事件"), "incidents.incidents_view", "Ctrl+2"),
    Area("plans", QT_TRANSLATE_NOOP("views", "应急预案"), "plans.plans_view", "Ctrl+Shift+F"),
    Area("contacts", QT_TRANSLATE_NOOP("views", "通讯录"), "contacts.contacts_view"),
    Area("handover", QT_TRANSLATE_NOOP("views", "交接班"), "duty.handover_view"),
    Area("roster", QT_TRANSLATE_NOOP("views", "排班"), "duty.roster_view"),
    Area("resources", QT_TRANSLATE_NOOP("views", "应急资源"), "resources.resources_view"),
    Area("board", QT_TRANSLATE_NOOP("views", "值班态势"), "stats.board_view", "Ctrl+Shift+B"),
    Area("stats", QT_TRANSLATE_NOOP("views", "统计分析"), "stats.stats_view"),
    Area("hazards", QT_TRANSLATE_NOOP("views", "隐患排查"), "hazards.hazards_view", "Ctrl+Shift+H"),
    # the tenth area; Ctrl+Shift+K is 盘点 in the resources area
    Area("conflicts", QT_TRANSLATE_NOOP("views", "冲突"), "sync.conflicts_view", "Ctrl+0"),
)
