"""The register's table model: plain tuples from :func:`xhduty.core.hazards.listing.rows`, formatted only
when Qt asks for a visible cell (100,000 hazards open as fast as the query that found them)."""

from __future__ import annotations

from xhduty.core.hazards import listing
from xhduty.ui.qt import QT_TRANSLATE_NOOP, QAbstractTableModel, QBrush, QColor, QModelIndex, Qt, translate

ID_ROLE = Qt.UserRole + 1
OVERDUE = QColor("#F8D7DA")
SUPERVISED = QColor("#FFE0B2")
DONE = QColor("#6B7280")
_AT = {name: i for i, name in enumerate(listing.COLUMNS)}
# (header, column of the tuple)
COLUMNS = (
    (QT_TRANSLATE_NOOP("labels", "发现日期"), "found_on"),
    (QT_TRANSLATE_NOOP("labels", "状态"), "state"),
    (QT_TRANSLATE_NOOP("labels", "街镇"), "division"),
    (QT_TRANSLATE_NOOP("labels", "地址"), "address"),
    (QT_TRANSLATE_NOOP("labels", "隐患类别"), "category"),
    (QT_TRANSLATE_NOOP("labels", "隐患等级"), "level"),
    (QT_TRANSLATE_NOOP("labels", "整改期限"), "deadline"),
    (QT_TRANSLATE_NOOP("labels", "发现方式"), "found_by"),
    (QT_TRANSLATE_NOOP("labels", "责任单位"), "unit"),
)
STATE_LABELS = {
    "registered": QT_TRANSLATE_NOOP("labels", "登记"), "rectifying": QT_TRANSLATE_NOOP("labels", "整改中"),
    "rectified": QT_TRANSLATE_NOOP("labels", "整改完成"), "closed": QT_TRANSLATE_NOOP("labels", "已销号"),
}


class HazardsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple] = []
        self.recur: set[str] = set()
        self.headers = [translate("labels", h) for h, _ in COLUMNS]

    def set_rows(self, rows: list[tuple], recur: set[str]) -> None:
        self.beginResetModel()
        self.rows, self.recur = rows, recur
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        row = self.rows[index.row()]
        if role == Qt.DisplayRole:
            name = COLUMNS[index.column()][1]
            value = row[_AT[name]]
            if name == "state":
                text = translate("labels", STATE_LABELS[value])
                flags = [translate("labels", "督办")] if row[_AT["supervised"]] else []
                if row[_AT["overdue"]]:
                    flags.append(translate("labels", "逾期"))
                if row[0] in self.recur:
                    flags.append(translate("labels", "回潮"))
                return f"{text}（{'、'.join(flags)}）" if flags else text
            return value
        if role == Qt.BackgroundRole:
            if row[_AT["overdue"]]:
                return QBrush(OVERDUE)
            if row[_AT["supervised"]]:
                return QBrush(SUPERVISED)
        if role == Qt.ForegroundRole and row[_AT["state"]] == "closed":
            return QBrush(DONE)
        if role == ID_ROLE:
            return row[0]
        return None
