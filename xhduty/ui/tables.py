"""Lists in the window: one table model over rows from core, and the read-only table that shows it.

Every list that shows data from core is a :class:`RowsModel`: its :class:`Column` s are declared once (a
header and what a row shows there, with optional colours and tooltip); its rows are what a core query
function returns — dicts, tuples, or any sequence that builds them on reading (such as
:class:`xhduty.core.resources.stock.Inventory`).  Cells are formatted only when Qt asks for a visible one,
so a long list costs no more to show than the query that produced it.

After a write a view updates only the rows that changed: :meth:`RowsModel.upsert` and
:meth:`RowsModel.remove` take one row by its key (found through a dict, not a scan), from the record ids
an operation announces (``changes.ids(table, "insert", "update", "delete")``).  A list too long to load
at once pages by key: :meth:`RowsModel.set_rows` takes the first page and a ``more(last_row)`` function
that gives the page after a row; Qt asks for it (``fetchMore``) as the officer scrolls to the end.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable, Hashable

from xhduty.ui.qt import (
    QAbstractItemView, QAbstractTableModel, QBrush, QColor, QHeaderView, QModelIndex, Qt, QTableView, translate,
)

ROW_ROLE = Qt.UserRole + 1     # data(index, ROW_ROLE) is the whole row a cell belongs to
ONE_BY_ONE = 500               # records written at once up to which a list is updated row by row (an import
                               # or a sync beyond it: reading the list again is quicker)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

_ROLES = frozenset((Qt.DisplayRole, Qt.ToolTipRole, Qt.TextAlignmentRole, Qt.BackgroundRole, Qt.ForegroundRole,
                    ROW_ROLE))
Row = Any   # a dict, a tuple, or whatever the list's core function returns for one line
Colour = Callable[[Row], "QColor | None"]


@dataclass(frozen=True)
class Column:
    """One column of a list.

    ``header`` is the Chinese source text (translated in the model's context); ``value(row)`` what the
    cell shows (None shows nothing).  A ``numeric`` column is right-aligned.  ``tooltip(row)`` is the cell's
    tooltip; without one a text column shows its whole value there (where the column cuts it).
    ``background(row)`` and ``foreground(row)`` colour the cell (None: the model's ``paint``, or none).
    """

    header: str
    value: Callable[[Row], Any]
    numeric: bool = False
    tooltip: Callable[[Row], Any] | None = None
    background: Colour | None = None
    foreground: Colour | None = None


def field(name: str) -> Callable[[Row], Any]:
    """A :class:`Column` value that is one key of a dict row."""
    return lambda row: row.get(name)


class RowsModel(QAbstractTableModel):
    """A read-only table of ``rows`` shown through ``columns``.

    ``key`` gives a row's identity (a dict key name, or a function of the row; ``"id"`` by default) for
    :meth:`row_of`, :meth:`upsert` and :meth:`remove`.  ``order`` (a function of the row), when given, is
    the order the rows come in, so a new row is inserted where it belongs; without it a new row goes last.
    ``paint(row)`` colours a whole row's background.  ``context`` is the translation context of the headers.
    """

    def __init__(self, columns: Sequence[Column], *, key: str | Callable[[Row], Hashable] = "id",
                 order: Callable[[Row], Any] | None = None, paint: Colour | None = None,
                 context: str = "labels", parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.key = (lambda row: row[key]) if isinstance(key, str) else key
        self.order, self.paint, self.context = order, paint, context
        self.rows: Sequence[Row] = []
        self._where: dict[Hashable, int] | None = None   # key → row number, built when first asked
        self._keys: list[Hashable] | None = None         # the rows' keys, where given
        self._last: tuple[int, Row] | None = None
        self._more: Callable[[Row], Sequence[Row]] | None = None
        self._brushes: dict[str, QBrush] = {}

    # ------------------------------------------------------------------------------------ the rows
    def set_rows(self, rows: Sequence[Row], more: Callable[[Row], Sequence[Row]] | None = None,
                 keys: Sequence[Hashable] | None = None) -> None:
        """Show ``rows`` in place of what was shown.  With ``more``, ``rows`` is a first page and
        ``more(last_row)`` returns the page after it (empty at the end), fetched as the list is scrolled.
        ``keys``: the rows' keys in order, where a lazy sequence knows them without building its rows."""
        self.beginResetModel()
        self.rows, self._where, self._last = rows, None, None
        self._keys = list(keys) if keys is not None else None
        self._more = more if rows else None
        self.endResetModel()

    def row(self, at: int) -> Row:
        """The row at position ``at`` (the last one asked for is kept: Qt asks for each role of each cell)."""
        if self._last is None or self._last[0] != at:
            self._last = (at, self.rows[at])
        return self._last[1]

    def row_of(self, key: Hashable) -> int:
        """The position of the row with ``key``, or -1."""
        return self._positions().get(key, -1)

    def keys(self):
        """The keys of the rows shown, in no particular order (a view of the dict :meth:`row_of` looks in)."""
        return self._positions().keys()

    def _positions(self) -> dict[Hashable, int]:
        if self._where is None:   # built when first needed after the rows changed
            keys = self._keys if self._keys is not None else map(self.key, self.rows)
            self._where = {k: at for at, k in enumerate(keys)}
        return self._where

    def upsert(self, row: Row) -> int:
        """Put ``row`` in place of the shown row with its key (only that row repaints), or insert it where
        ``order`` says (last without one).  Returns its position."""
        at = self.row_of(self.key(row))
        rows = self._editable()
        if at >= 0:
            rows[at] = row
            self._last = None
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.columns) - 1))
            return at
        at = bisect.bisect_right([self.order(r) for r in rows], self.order(row)) if self.order else len(rows)
        self.insert(at, row)
        return at

    def insert(self, at: int, row: Row) -> None:
        """Show a new ``row`` at position ``at`` (where the view knows it belongs)."""
        rows = self._editable()
        self.beginInsertRows(QModelIndex(), at, at)
        rows.insert(at, row)
        if self._keys is not None:
            self._keys.insert(at, self.key(row))
        self._where, self._last = None, None
        self.endInsertRows()

    def remove(self, key: Hashable) -> bool:
        """Take the row with ``key`` out of the list; False when it was not shown."""
        at = self.row_of(key)
        if at < 0:
            return False
        rows = self._editable()
        self.beginRemoveRows(QModelIndex(), at, at)
        del rows[at]
        if self._keys is not None:
            del self._keys[at]
        self._where, self._last = None, None
        self.endRemoveRows()
        return True

    def repaint(self, column: int | None = None) -> None:
        """Show again what the cells of ``column`` (every column) show, when what they depend on changed."""
        if self.rows:
            first, last = (0, len(self.columns) - 1) if column is None else (column, column)
            self.dataChanged.emit(self.index(0, first), self.index(len(self.rows) - 1, last))

    def _editable(self) -> list:
        if not isinstance(self.rows, list):   # a lazy sequence becomes a list when first edited
            self.rows = list(self.rows)
        return self.rows

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and self._more is not None

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid() or self._more is None:
            return
        page = list(self._more(self.rows[-1]))
        if not page:
            self._more = None
            return
        rows = self._editable()
        self.beginInsertRows(QModelIndex(), len(rows), len(rows) + len(page) - 1)
        rows.extend(page)
        if self._keys is not None:
            self._keys.extend(map(self.key, page))
        self._where = None
        self.endInsertRows()

    # ------------------------------------------------------------------------------------ Qt's side
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return translate(self.context, self.columns[section].header)
        return None

    def data(self, index, role=Qt.DisplayRole):
        if role not in _ROLES or not index.isValid():   # Qt asks ~10 roles a cell on every paint
            return None
        row, column = self.row(index.row()), self.columns[index.column()]
        if role == Qt.DisplayRole:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == Qt.ToolTipRole:
            if column.tooltip:
                return column.tooltip(row)
            if column.numeric:
                return None
            value = column.value(row)      # the whole text where the column cuts it
            return None if value in (None, "") else str(value)
        if role == Qt.TextAlignmentRole:
            return RIGHT if column.numeric else None
        if role == Qt.BackgroundRole:
            paint = column.background or self.paint
            return self._brush(paint(row)) if paint else None
        if role == Qt.ForegroundRole:
            return self._brush(column.foreground(row)) if column.foreground else None
        if role == ROW_ROLE:
            return row
        return None

    def _brush(self, colour: QColor | None) -> QBrush | None:
        if colour is None:
            return None
        name = colour.name()
        brush = self._brushes.get(name)
        if brush is None:
            brush = self._brushes[name] = QBrush(colour)
        return brush


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
