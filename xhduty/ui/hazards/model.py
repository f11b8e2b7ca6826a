"""The register's table model over the ids of :func:`xhduty.core.hazards.listing.ids`, read a page at a time
by key as the officer scrolls (Qt's ``fetchMore``), with the fields of a page read when Qt first asks for one
of its cells: 100,000 hazards open as fast as one page, and only the rows on screen are ever read."""

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
        self.ids: list[str] = []     # the lines read so far
        self.total = 0               # how many hazards match the filter
        self.filter = listing.Filter()
        self._rows: dict[str, tuple] = {}
        self.headers = [translate("labels", h) for h, _ in COLUMNS]

    def set_filter(self, flt: listing.Filter) -> None:
        """Show the hazards matching ``flt``: their number (:attr:`total`) and the first page."""
        self.beginResetModel()
        self.filter, self._rows = flt, {}
        self.total = listing.count(self.store, flt)
        self.ids = listing.ids(self.store, flt, limit=listing.PAGE)
        self.endResetModel()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 (Qt's name)
        return not parent.isValid() and len(self.ids) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        """The next page after the last line shown (by its found_on and id)."""
        last = self.row(len(self.ids) - 1)
        more = listing.ids(self.store, self.filter, after=(last[_AT["found_on"]], last[_AT["id"]]),
                           limit=listing.PAGE)
        if not more:  # hazards gone since the count: nothing more to offer
            self.total = len(self.ids)
            return
        self.beginInsertRows(QModelIndex(), len(self.ids), len(self.ids) + len(more) - 1)
        self.ids = self.ids + more
        self.endInsertRows()

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
