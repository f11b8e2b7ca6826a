"""The read-only, row-selecting table the plan library, the match list and the signal list all use."""

from __future__ import annotations

from xhduty.ui.qt import QAbstractItemView, QHeaderView, QTableView


def read_only_table(model, stretch: int) -> QTableView:
    """A table over ``model``: whole rows selected one at a time, no editing, column ``stretch`` filling."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.Stretch)
    return table
