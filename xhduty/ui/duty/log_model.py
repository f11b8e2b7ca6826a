"""The duty log as a lazy Qt table model: a million entries open, scroll and take a new row like ten.

The model knows how many entries match (one count) and reads them in pages of :data:`PAGE` by their place
in the log (``pos``, the order recorded: :func:`duty.entries_after` / :func:`duty.entries_before`), never
all ids.  A page is read from its neighbour's key when that neighbour is loaded (scrolling), else counted
from the nearer end (a jump); at most :data:`KEEP` pages stay in memory.  After a write, :meth:`add_entries`
puts each new entry in its row (counted from the end, where new entries land) instead of resetting.
"""

from __future__ import annotations

from collections import OrderedDict

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.store import Store
from xhduty.ui.qt import QAbstractTableModel, QBrush, QColor, QFont, QModelIndex, Qt

PAGE = 200
KEEP = 30          # pages kept (6,000 entries): memory stays flat however far the officer scrolls
MANY = 50          # more new entries than this at once (a pull from the hub): reload instead
ENTRY_ROLE = Qt.UserRole + 1

SIGNIFICANT_BG = QColor("#FFF3CD")
CORRECTED_FG = QColor("#888888")
OPEN_FG = QColor("#B00020")


class LogModel(QAbstractTableModel):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.filter = duty.LogFilter()
        self._total = 0
        self._pages: OrderedDict[int, list[dict]] = OrderedDict()   # page number → its entries, LRU
        self._rows: dict[str, int] = {}                              # entry id → row, for loaded entries
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
        self._total = duty.count_entries(self.store, self.filter)
        self._pages.clear()
        self._rows.clear()
        self.endResetModel()

    def entry(self, row: int) -> dict | None:
        """The entry shown in ``row`` (read with its page when not loaded), None past the end."""
        if not 0 <= row < self._total:
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self._load(number)
        else:
            self._pages.move_to_end(number)
        offset = row - number * PAGE
        return page[offset] if offset < len(page) else None

    def _load(self, number: int) -> list[dict]:
        first = number * PAGE
        size = min(PAGE, self._total - first)
        before, after = self._pages.get(number - 1), self._pages.get(number + 1)
        if before and len(before) == PAGE:
            page = duty.entries_after(self.store, self.filter, before[-1]["pos"], size)
        elif after:
            page = duty.entries_before(self.store, self.filter, after[0]["pos"], size)
        elif first <= self._total - first - size:
            page = duty.entries_after(self.store, self.filter, None, size, skip=first)
        else:
            page = duty.entries_before(self.store, self.filter, None, size, skip=self._total - first - size)
        self._keep(number, page)
        return page

    def _keep(self, number: int, page: list[dict]) -> None:
        self._pages[number] = page
        self._pages.move_to_end(number)
        first = number * PAGE
        self._rows.update((e["id"], first + i) for i, e in enumerate(page))
        while len(self._pages) > KEEP:
            self._forget(next(iter(self._pages)))

    def _forget(self, number: int) -> None:
        for e in self._pages.pop(number, ()):
            self._rows.pop(e["id"], None)

    def row_of(self, entry_id: str) -> int:
        """The row showing ``entry_id`` when it is loaded (the selection, a new entry), else -1."""
        return self._rows.get(entry_id, -1)

    # ------------------------------------------------------ after a write
    def add_entries(self, ids: list[str]) -> bool:
        """Show new entries ``ids`` (just written or pulled) in their rows, and the new state of the entries
        they mark, close or correct.  Returns False when it reloaded instead: many entries at once, or
        a filter (只看重要/只看待办) the referred entry may have entered or left."""
        if len(ids) > MANY or self.filter.significant_only or self.filter.open_only:
            self.reload()
            return False
        referred = set()
        for entry_id in ids:
            entry = duty.entry_in(self.store, self.filter, entry_id)
            if entry is not None and entry_id not in self._rows:
                self._insert(entry, self._total - duty.count_after(self.store, self.filter, entry["pos"]))
            if entry is None:
                entry = self.store.get("log_entries", entry_id) or {}
            referred.update(r for r in (entry.get("refers_to"), entry.get("corrects")) if r in self._rows)
        for entry_id in referred:
            self._update(entry_id)
        return True

    def _insert(self, entry: dict, row: int) -> None:
        number, offset = row // PAGE, row % PAGE
        appended = row == self._total
        self.beginInsertRows(QModelIndex(), row, row)
        self._total += 1
        for moved in [n for n in self._pages if n > number or (n == number and not appended)]:
            self._forget(moved)   # their rows moved down by one: read again when shown
        page = self._pages.get(number)
        if appended and page is not None and len(page) == offset:
            page.append(entry)
            self._rows[entry["id"]] = row
        elif appended and offset == 0:
            self._keep(number, [entry])
        elif page is not None:
            self._forget(number)
        self.endInsertRows()

    def _update(self, entry_id: str) -> None:
        row = self._rows[entry_id]
        fresh = duty.entry_in(self.store, self.filter, entry_id)
        page = self._pages[row // PAGE]
        if fresh is not None:
            page[row - (row // PAGE) * PAGE] = fresh
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._headers) - 1))

    # ----------------------------------------------------------- Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        e = self.entry(index.row())
        if e is None:
            return None
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
        if role == Qt.ToolTipRole:
            if col == 0:
                return self.tr("记录于 {at}").format(at=e["created_at"][:16].replace("T", " "))
            if col == 2:
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
