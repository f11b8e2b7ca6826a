"""The areas of the main window, one module each, found by walking this package.

A view module defines ``ORDER`` (position in the navigation), ``title()`` (translated name) and ``View``,
a QWidget subclass built as ``View(ctx)`` with a ``refresh(tables: set[str])`` method.  It may define
``SHORTCUT`` (e.g. "Ctrl+2") to jump to it.
"""

from __future__ import annotations

import importlib
import pkgutil


def view_modules() -> list:
    mods = []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            mods.append(importlib.import_module(f"{__name__}.{info.name}"))
    return sorted(mods, key=lambda m: m.ORDER)
