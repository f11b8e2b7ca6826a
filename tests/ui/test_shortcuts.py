"""No two shortcuts live at the same time with the same keys (Qt would fire neither: 'ambiguous')."""

from __future__ import annotations

from collections import Counter

from xhduty.ui.context import AppContext
from xhduty.ui.main_window import MainWindow
from xhduty.ui.qt import QAbstractButton, QAction, QShortcut


def test_no_ambiguous_shortcuts_in_any_area(qtbot, on_duty):
    window = MainWindow(AppContext(on_duty))
    qtbot.addWidget(window)
    window.show()
    for area in window.areas:
        name = area.name
        window.show_view(name)
        live = [s.key().toString() for s in window.findChildren(QShortcut)
                if s.isEnabled() and s.parent() is not None and s.parent().isVisible()]
        live += [b.shortcut().toString() for b in window.findChildren(QAbstractButton) if b.isVisible()]
        live += [k.toString() for a in window.findChildren(QAction) if a.isEnabled()
                 and a.parent() is not None and getattr(a.parent(), "isVisible", lambda: True)()
                 for k in a.shortcuts()]
        clashes = {key: n for key, n in Counter(live).items() if n > 1 and key}
        assert not clashes, f"area {name}: the same keys bound twice: {clashes}"


def test_every_view_module_is_a_declared_area():
    from pathlib import Path

    from xhduty.ui import areas

    ui = Path(areas.__file__).parent
    modules = {".".join(p.relative_to(ui).with_suffix("").parts) for p in ui.rglob("*_view.py")}
    assert modules == {a.view for a in areas.AREAS}
    for area in areas.AREAS:
        assert hasattr(area.module(), "View"), area.name
