"""The duty log as a lazy Qt table model: a million entries open, scroll and take a new row like ten.

The model knows how many entries match (one count) and reads them in pages of :data:`PAGE` by their place
in the log (``pos``, the order recorded: :func:`duty.entries_after` / :func:`duty.entries_before`), never
all ids.  A page is read from its neighbour's key when that neighbour is loaded (scrolling), else counted
from the nearest place known — the first entry of any page read before, or an end of the log (a jump
of the scroll bar); at most :data:`KEEP` pages stay in memory, and one key per page read.  After a write, :meth:`add_entries`
puts each new entry in its row (counted from the end, where new entries land) instead of resetting.

A keyword filter whose count would read more than :data:`QUICK` entries (a common word at a million
entries: duty.count_entries with a budget) is counted on a worker: meanwhile the model holds the last page
only — the rows the view shows first — and when the count arrives the rows before it are inserted above
(:attr:`counted`), unless the log grew meanwhile (then it counts again).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

from xhduty.core import clock
from xhduty.core.duty import duty, log_search
from xhduty.core.store import Store
from xhduty.ui.qt import QAbstractTableModel, QBrush, QColor, QFont, QModelIndex, Qt, Signal
from xhduty.ui.tasks import run_task

PAGE = 200
KEEP = 30          # pages kept (6,000 entries): memory stays flat however far the officer scrolls
MANY = 50          # more new entries than this at once (a pull from the hub): reload instead
QUICK = 5_000      # a count reading more candidates than this (~7–15 ms at 1M) is made on a worker
ENTRY_ROLE = Qt.UserRole + 1
_ROLES = frozenset((Qt.DisplayRole, Qt.ToolTipRole, Qt.BackgroundRole, Qt.ForegroundRole, Qt.FontRole, ENTRY_ROLE))

SIGNIFICANT_BG = QColor("#FFF3CD")
CORRECTED_FG = QColor("#888888")
OPEN_FG = QColor("#B00020")


class LogModel(QAbstractTableModel):
    counted = Signal()   # a count made on a worker arrived: the rows before the last page are in place

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.filter = duty.LogFilter()
        self._total = 0
        self.counting = False          # the count is being made on a worker: the rows are the last page
        self._generation = 0           # which reload a count that arrives belongs to
        self._pages: OrderedDict[int, list[dict]] = OrderedDict()   # page number → its entries, LRU
        self._rows: dict[str, int] = {}                              # entry id → row, for loaded entries
        self._anchors: dict[int, str] = {}                           # page number → its first entry's pos
        self._kinds = duty.kind_names(store)
        self._headers = [self.tr("时间"), self.tr("类型"), self.tr("内容"), self.tr("状态"), self.tr("记录人")]
        self._bold = QFont()
        self._bold.setBold(True)
        self._significant_bg, self._corrected_fg, self._open_fg = (
            QBrush(SIGNIFICANT_BG), QBrush(CORRECTED_FG), QBrush(OPEN_FG))
        self._last: tuple = (-1, None)    # the row data() answered last: (row, entry)

    # --------------------------------------------------------------- loading
    def set_filter(self, flt: duty.LogFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._generation += 1
        self._pages.clear()
        self._rows.clear()
        self._anchors.clear()
        self._last = (-1, None)
        total = duty.count_entries(self.store, self.filter, budget=QUICK)
        self.counting = total is None
        if total is None:
            newest = log_search.newest(self.store)      # before the page: a later entry makes it count again
            last = duty.entries_before(self.store, self.filter, None, PAGE)
            total = len(last)
            if last:
                self._keep(0, last)
            self._count_on_worker(newest)
        self._total = total
        self.endResetModel()

    def _count_on_worker(self, newest: int) -> None:
        generation, flt = self._generation, replace(self.filter)
        run_task(self.store, lambda store, _progress: duty.count_entries(store, flt),
                 done=lambda total: self._counted(generation, newest, total))

    def _counted(self, generation: int, newest: int, total: int) -> None:
        """The worker's count of the filter of reload ``generation``: the rows before the last page go in
        above it (a later reload's count is the one awaited; a log grown meanwhile is counted again)."""
        if generation != self._generation:
            return
        if log_search.newest(self.store) != newest:
            self.reload()
            return
        self.counting = False
        if total > self._total:
            self.beginInsertRows(QModelIndex(), 0, total - self._total - 1)
            self._total = total
            self._pages.clear()     # every row moved: pages are read again by their new numbers
            self._rows.clear()
            self._anchors.clear()
            self._last = (-1, None)
            self.endInsertRows()
        self.counted.emit()

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
        else:
            page = self._jump(number, size)
        self._keep(number, page)
        return page

    def _jump(self, number: int, size: int) -> list[dict]:
        """Page ``number`` read from the nearest known place: an end of the log, or the first entry of the
        nearest page read before (the index is walked only over the rows in between)."""
        store, flt, first = self.store, self.filter, number * PAGE
        to_end = self._total - first - size
        ways = [(first, lambda: duty.entries_after(store, flt, None, size, skip=first)),
                (to_end, lambda: duty.entries_before(store, flt, None, size, skip=to_end))]
        below = max((n for n in self._anchors if n <= number), default=None)
        above = min((n for n in self._anchors if n > number), default=None)
        if below is not None:
            skip, pos = first - below * PAGE, self._anchors[below]
            ways.append((skip, lambda: duty.entries_after(store, flt, pos, size, skip=skip, including=True)))
        if above is not None:
            skip_up, pos_up = above * PAGE - first - size, self._anchors[above]
            ways.append((skip_up, lambda: duty.entries_before(store, flt, pos_up, size, skip=skip_up)))
        return min(ways, key=lambda way: way[0])[1]()

    def _keep(self, number: int, page: list[dict]) -> None:
        self._pages[number] = page
        self._pages.move_to_end(number)
        if page:
            self._anchors[number] = page[0]["pos"]
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
        they mark, close or correct.  Returns False when it reloaded instead: many entries at once, a
        filter (只看重要/只看待办) the referred entry may have entered or left, or a count still being made."""
        if len(ids) > MANY or self.filter.significant_only or self.filter.open_only or self.counting:
            self.reload()
            return False
        shown, referred = [], set()
        for entry_id in ids:
            entry = duty.entry_in(self.store, self.filter, entry_id)
            if entry is not None and entry_id not in self._rows:
                shown.append(entry)
            entry = entry or self.store.get("log_entries", entry_id) or {}
            referred.update(r for r in (entry.get("refers_to"), entry.get("corrects")) if r)
        # last first: every entry after the one being placed is in the model already, so the count of
        # entries after it in the database is the count of rows after it here
        for entry in sorted(shown, key=lambda e: e["pos"], reverse=True):
            self._insert(entry, self._total - duty.count_after(self.store, self.filter, entry["pos"]))
        for entry_id in referred & self._rows.keys():
            self._update(entry_id)
        return True

    def _insert(self, entry: dict, row: int) -> None:
        number, offset = row // PAGE, row % PAGE
        appended = row == self._total
        self.beginInsertRows(QModelIndex(), row, row)
        self._total += 1
        self._last = (-1, None)
        for moved in [n for n in self._pages if n > number or (n == number and not appended)]:
            self._forget(moved)   # their rows moved down by one: read again when shown
        for moved in [n for n in self._anchors if n > number or (n == number and offset == 0 and not appended)]:
            del self._anchors[moved]
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
        self._last = (-1, None)
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
        # Qt asks seven roles of every visible cell on every paint: each entry's look is made once
        if role not in _ROLES:
            return None
        row = index.row()
        if self._last[0] != row:
            e = self.entry(row)
            if e is None:
                return None
            self._last = (row, e)
        e = self._last[1]
        look = e.get("_look") or self._look(e)
        if role == Qt.DisplayRole:
            return look[0][index.column()]
        if role == Qt.BackgroundRole:
            return look[1]
        if role == Qt.ForegroundRole:
            return look[2]
        if role == Qt.FontRole:
            return look[3]
        if role == Qt.ToolTipRole:
            col = index.column()
            if col == 0:
                return self.tr("记录于 {at}").format(at=e["created_at"][:16].replace("T", " "))
            return e["text"] if col == 2 else None
        return e    # ENTRY_ROLE

    def _look(self, e: dict) -> tuple:
        """``(cells, background, foreground, font)`` of an entry's row, kept in the entry."""
        cells = (clock.parse(e["at"]).strftime("%m-%d %H:%M"), self._kinds.get(e["kind"], e["kind"]),
                 ("★ " if e["is_significant"] else "") + e["text"].replace("\n", " "), self._state(e), e["author"])
        foreground = (self._corrected_fg if e["is_corrected"]
                      else self._open_fg if e["open_item"] and not e["is_closed"] else None)
        e["_look"] = look = (cells, self._significant_bg if e["is_significant"] else None, foreground,
                             self._bold if e["is_significant"] else None)
        return look

    def _state(self, e: dict) -> str:
        states = []
        if e["is_corrected"]:
            states.append(self.tr("已更正"))
        if e["corrects"]:
            states.append(self.tr("更正记录"))
        if e["open_item"]:
            states.append(self.tr("已办结") if e["is_closed"] else self.tr("待办"))
        return "、".join(states)
