"""The read-only, row-selecting table every list in the window uses (one place to change how lists look)."""

from __future__ import annotations

from xhduty.ui.qt import QAbstractItemView, QHeaderView, QTableView


def read_only_table(model, stretch: int | None = None, word_wrap: bool = True) -> QTableView:
    """A table over ``model``: whole rows selected one at a time, no editing; column ``stretch`` (or the
    last one) fills the width."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setWordWrap(word_wrap)
    if stretch is None:
        table.horizontalHeader().setStretchLastSection(True)
    else:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.Stretch)
    return table
