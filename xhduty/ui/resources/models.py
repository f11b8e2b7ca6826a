"""Table models of the resources area: one model class over lists of dicts, configured by columns.

Every list of this area (inventory, stock card, registers, nearby resources) is rows of dicts from a core
function; a :class:`Column` says what header shows which value.  Rows are formatted when Qt asks for a
visible cell, so 50,000 inventory lines cost no more to open than the query that produced them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable

from xhduty.core.resources import assets
from xhduty.ui.qt import QT_TRANSLATE_NOOP, QAbstractTableModel, QBrush, QColor, QModelIndex, Qt, translate

ROW_ROLE = Qt.UserRole + 1
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

# the colours of what needs action, shared by the legend and the rows
EXPIRED = QColor("#F8D7DA")
LOW = QColor("#FFE0B2")
EXPIRING = QColor("#FFF3CD")
NEGATIVE = QColor("#C62828")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[dict], Any]
    numeric: bool = False


def key(name: str) -> Callable[[dict], Any]:
    return lambda row: row.get(name)


class RowsModel(QAbstractTableModel):
    """Rows of dicts shown through :class:`Column` s; ``paint(row)`` may give a background colour."""

    def __init__(self, columns: list[Column], paint: Callable[[dict], QColor | None] | None = None,
                 red_if_negative: str | None = None, parent=None):
        super().__init__(parent)
        self.columns = columns
        self.paint = paint
        self.red_if_negative = red_if_negative
        self.rows: Sequence[dict] = []
        self._last: tuple[int, dict] | None = None

    def set_rows(self, rows: Sequence[dict]) -> None:
        """Any sequence of dicts — also :class:`xhduty.core.resources.stock.Inventory`, which builds them on reading."""
        self.beginResetModel()
        self.rows, self._last = rows, None
        self.endResetModel()

    def _row(self, at: int) -> dict:
        # Qt asks for every role of every cell one by one: keep the row it is asking about
        if self._last is None or self._last[0] != at:
            self._last = (at, self.rows[at])
        return self._last[1]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return translate("labels", self.columns[section].header)
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._row(index.row()), self.columns[index.column()]
        if role == Qt.DisplayRole:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == Qt.ToolTipRole and not column.numeric:   # the whole text where the column cuts it
            value = column.value(row)
            return None if value in (None, "") else str(value)
        if role == Qt.TextAlignmentRole and column.numeric:
            return RIGHT
        if role == Qt.BackgroundRole and self.paint:
            colour = self.paint(row)
            return QBrush(colour) if colour else None
        if role == Qt.ForegroundRole and self.red_if_negative and column.numeric:
            value = column.value(row)
            return QBrush(NEGATIVE) if isinstance(value, int) and value < 0 else None
        if role == ROW_ROLE:
            return row
        return None


def inventory_paint(row: dict) -> QColor | None:
    if row["expired"]:
        return EXPIRED
    if row["low"]:
        return LOW
    if row["expiring"]:
        return EXPIRING
    return None


def register_columns(kind_name: str) -> list[Column]:
    """The columns of a register: its fields as described in core (the division shown by name)."""
    columns = []
    for f in assets.kind(kind_name).fields:
        if f.key == "note":
            continue
        getter = key("division_name") if f.kind == "division" else key(f.key)
        columns.append(Column(f.label, getter, numeric=f.kind == "int"))
    if kind_name == "shelters":
        columns.append(Column(QT_TRANSLATE_NOOP("labels", "可再安置"), lambda r: max(r["capacity"] - r["occupancy"], 0), numeric=True))
    return columns
