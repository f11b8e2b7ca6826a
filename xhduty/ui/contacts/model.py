"""The people list of the contacts view: table models over plain dicts from core."""

from __future__ import annotations

from xhduty.core.contacts import contacts
from xhduty.ui.qt import QAbstractTableModel, QBrush, QColor, QModelIndex, Qt

PERSON_ROLE = Qt.UserRole + 1
NUMBER_COLUMN = 3


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of dicts with fixed headers; subclasses say what each cell shows."""

    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []
        self.headers = headers

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.headers[section]
        return None


class PeopleModel(RowsModel):
    """Rows are people as :func:`contacts.people` returns them; ``on_duty`` marks who is on duty today."""

    def __init__(self, parent=None):
        super().__init__([self.tr("姓名"), self.tr("单位"), self.tr("职务"), self.tr("首选联系方式"),
                          self.tr("AB角"), self.tr("今日值班"), self.tr("核实")], parent)
        self.on_duty: set[str] = set()
        self.stale: set[str] = set()
        self._on_duty_text, self._unverified_text = self.tr("值班"), self.tr("未核实")   # tr() once, not per cell
        self._stale_brush, self._on_duty_brush = QBrush(QColor("#FFF3CD")), QBrush(QColor("#0B6E2E"))

    def set_people(self, rows: list[dict], on_duty: set[str], stale: set[str]) -> None:
        self.on_duty, self.stale = on_duty, stale
        self.set_rows(rows)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        p = self.rows[index.row()]
        if role == PERSON_ROLE:
            return p
        column = index.column()
        if role == Qt.DisplayRole:   # one cell at a time: the view asks for every visible cell on each paint
            if column == NUMBER_COLUMN:
                first = p["methods"][0] if p["methods"] else None
                return f"{contacts.METHOD_KINDS[first['kind']]} {first['value']}" if first else ""
            if column == 5:
                return self._on_duty_text if p["id"] in self.on_duty else ""
            if column == 6:
                return p["verified_on"] or self._unverified_text
            return p[("name", "unit", "post", None, "deputy_name")[column]]
        if role == Qt.ToolTipRole:
            return "\n".join([p["unit_path"]] + [f"{contacts.METHOD_KINDS[m['kind']]} {m['value']}"
                                                 for m in p["methods"]])
        if role == Qt.BackgroundRole and column == 6 and p["id"] in self.stale:
            return self._stale_brush
        if role == Qt.ForegroundRole and column == 5 and p["id"] in self.on_duty:
            return self._on_duty_brush
        return None
