"""The register's table model over the ids of :func:`xhduty.core.hazards.listing.ids`: a hazard's fields are
fetched a page at a time when Qt first asks for one of its cells, so 100,000 hazards open as fast as one
index scan, and only the rows on screen are ever read."""

from __future__ import annotations

from xhduty.core.hazards import hazards, listing
from xhduty.core.store import Store
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


class HazardsModel(QAbstractTableModel):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.ids: list[str] = []
        self._rows: dict[str, tuple] = {}
        self.headers = [translate("labels", h) for h, _ in COLUMNS]

    def set_ids(self, ids: list[str]) -> None:
        self.beginResetModel()
        self.ids, self._rows = ids, {}
        self.endResetModel()

    def row(self, at: int) -> tuple:
        """The fields of the hazard on line ``at`` (its page is read when first needed)."""
        hazard_id = self.ids[at]
        if hazard_id not in self._rows:
            start = at - at % listing.PAGE
            self._rows.update(listing.page(self.store, self.ids[start:start + listing.PAGE]))
        return self._rows[hazard_id]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if role == ID_ROLE:
            return self.ids[index.row()]
        if role not in (Qt.DisplayRole, Qt.BackgroundRole, Qt.ForegroundRole):
            return None
        row = self.row(index.row())
        if role == Qt.DisplayRole:
            name = COLUMNS[index.column()][1]
            value = row[_AT[name]]
            if name == "state":
                text = translate("labels", hazards.STATES[value])  # core labels, listed for lupdate by update.py
                flags = [word for word, on in ((translate("labels", "督办"), row[_AT["supervised"]]),
                                               (translate("labels", "逾期"), row[_AT["overdue"]]),
                                               (translate("labels", "回潮"), row[_AT["recurs"]])) if on]
                return f"{text}（{'、'.join(flags)}）" if flags else text
            return value
        if role == Qt.BackgroundRole:
            if row[_AT["overdue"]]:
                return QBrush(OVERDUE)
            if row[_AT["supervised"]]:
                return QBrush(SUPERVISED)
        if role == Qt.ForegroundRole and row[_AT["state"]] == "closed":
            return QBrush(DONE)
        return None
