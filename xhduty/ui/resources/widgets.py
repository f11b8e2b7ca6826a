"""Small widgets the resources area's panes and dialogs share: tables of rows, buttons with shortcuts,
choices of divisions, classes and records."""

from __future__ import annotations

from xhduty.core.resources import assets
from xhduty.ui.qt import (
    QComboBox, QCompleter, QKeySequence, QLabel, QPushButton, Qt, QTableView, translate,
)
from xhduty.ui.tables import ROW_ROLE


def selected(view: QTableView) -> dict | None:
    index = view.currentIndex()
    return view.model().data(index, ROW_ROLE) if index.isValid() else None


def button(text: str, slot, shortcut: str | None = None) -> QPushButton:
    """A push button with its keyboard shortcut (named in its tooltip, to keep the toolbar short)."""
    b = QPushButton(text)
    b.clicked.connect(lambda *_: slot())
    if shortcut:
        b.setShortcut(QKeySequence(shortcut))
        b.setToolTip(shortcut)
    return b


def class_combo(store) -> QComboBox:
    """The GB/T 38565 classes to narrow items by (an item's code starts with its class digit)."""
    combo = QComboBox()
    combo.addItem(translate("views", "全部分类"), "")
    for code, name in store.query("SELECT code, name FROM supply_classes ORDER BY code"):
        combo.addItem(f"{code} {name}", code)
    return combo


def swatch(colour, text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"background: {colour.name()}; padding: 2px 6px; border: 1px solid #ccc;")
    return label


def division_combo(store, blank: str | None = None) -> QComboBox:
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for code, name in store.query("SELECT code, name FROM divisions ORDER BY sort"):
        combo.addItem(name, code)
    return combo


def record_combo(store, kind_name: str, blank: str | None = None, label=lambda r: r["name"]) -> QComboBox:
    """A searchable choice of live records (typing any part of the name narrows the list)."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.NoInsert)
    combo.completer().setFilterMode(Qt.MatchContains)
    combo.completer().setCompletionMode(QCompleter.PopupCompletion)
    if blank is not None:
        combo.addItem(blank, None)
    for r in assets.records(store, kind_name):
        combo.addItem(label(r), r["id"])
    return combo


def select_data(combo: QComboBox, value) -> None:
    at = combo.findData(value)
    if at >= 0:
        combo.setCurrentIndex(at)


def combo_value(combo: QComboBox):
    """The record chosen — also when the name was typed in full and Enter not pressed in the popup."""
    at = combo.findText(combo.currentText())
    return combo.itemData(at) if at >= 0 else None
