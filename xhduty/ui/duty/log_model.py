"""The duty log as a lazy Qt table model: 100,000 entries scroll like ten.

On reload the model fetches only the matching ids in log order (one indexed query); rows are read from the
database in pages of :data:`PAGE` as the view asks for them, and kept in a small cache.
"""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.store import Store
from xhduty.ui.qt import QAbstractTableModel, QBrush, QColor, QFont, QModelIndex, Qt

PAGE = 200
ENTRY_ROLE = Qt.UserRole + 1

SIGNIFICANT_BG = QColor("#FFF3CD")
CORRECTED_FG = QColor("#888888")
OPEN_FG = QColor("#B00020")


class LogModel(QAbstractTableModel):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.filter = duty.LogFilter()
        self._ids: list[str] = []
        self._cache: dict[str, dict] = {}
        self._kinds = duty.kind_names(store)
        self._headers = [self.tr("时间"), self.tr("类型"), self.tr("内容"), self.tr("状态"), self.tr("记录人")]
        self._bold = QFont()
        self._bold.setBold(True)

    # --------------------------------------------------------------- loading
    def set_filter(self, flt: duty.LogFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._ids = duty.entry_ids(self.store, self.filter)
        self._cache.clear()
        self.endResetModel()

    def entry(self, row: int) -> dict:
        entry_id = self._ids[row]
        if entry_id not in self._cache:
            if len(self._cache) > 20 * PAGE:
                self._cache.clear()
            start = (row // PAGE) * PAGE
            self._cache.update(duty.entries_by_id(self.store, self._ids[start:start + PAGE]))
        return self._cache[entry_id]

    def row_of(self, entry_id: str) -> int:
        try:
            return self._ids.index(entry_id)
        except ValueError:
            return -1

    # ----------------------------------------------------------- Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        e = self.entry(index.row())
        col = index.column()
        if role == Qt.DisplayRole:
            if col == 0:
                return clock.parse(e["at"]).strftime("%m-%d %H:%M")
            if col == 1:
                return self._kinds.get(e["kind"], e["kind"])
            if col == 2:
                return ("★ " if e["is_significant"] else "") + e["text"].replace("\n", " ")
            if col == 3:
                return self._state(e)
            if col == 4:
                return e["author"]
        if role == Qt.ToolTipRole and col == 2:
            return e["text"]
        if role == Qt.BackgroundRole and e["is_significant"]:
            return QBrush(SIGNIFICANT_BG)
        if role == Qt.ForegroundRole:
            if e["is_corrected"]:
                return QBrush(CORRECTED_FG)
            if e["open_item"] and not e["is_closed"]:
                return QBrush(OPEN_FG)
        if role == Qt.FontRole and e["is_significant"]:
            return self._bold
        if role == ENTRY_ROLE:
            return e
        return None

    def _state(self, e: dict) -> str:
        states = []
        if e["is_corrected"]:
            states.append(self.tr("已更正"))
        if e["corrects"]:
            states.append(self.tr("更正记录"))
        if e["open_item"]:
            states.append(self.tr("已办结") if e["is_closed"] else self.tr("待办"))
        return "、".join(states)
