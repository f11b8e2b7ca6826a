"""通讯录 and 通知: the organisation tree, one search box for everyone, and notification runs.

Contacts tab — the tree on the left picks a unit (its duty phone, fax, address and who is on duty today
show above the list); typing in the search box searches everyone by name, pinyin, initials, unit, post or
number as you type.  A click on a number copies it; Ctrl+C copies the selected person's first number.
Keys: Ctrl+F search, Ctrl+Shift+A new person, F2 / Enter change, Delete remove (after a confirmation
naming the person and unit, 取消 the default), Ctrl+K mark verified, Ctrl+P print;
double-click a unit to change it (duty phone, fax, address, today's on-duty person).
Notification tab — see :mod:`xhduty.ui.contacts.notify_run`.
"""

from __future__ import annotations

from pathlib import Path

from xhduty.core import clock
from xhduty.core.contacts import contacts
from xhduty.core.contacts import removal, xlsx_io
from xhduty.ui.flow_layout import FlowLayout
from xhduty.ui.contacts.finder import finder_for
from xhduty.ui.contacts.form import run_form
from xhduty.ui.contacts.model import NUMBER_COLUMN, PERSON_ROLE, PeopleModel
from xhduty.ui.contacts.person import PersonDialog
from xhduty.ui.pdf_preview import print_in_background
from xhduty.ui.contacts.unit import UnitDialog
from xhduty.ui.contacts.notify_run import NotifyPanel
from xhduty.ui.qt import (
    QAbstractItemView, QApplication, QCheckBox, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog, QKeySequence,
    QLabel,
    QLineEdit, QPushButton, QShortcut, QSplitter, Qt, QTableView, QTabWidget, QTextEdit,
    QTimer, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)
from xhduty.ui.import_preview import ImportPreviewDialog
from xhduty.ui.ops import export_in_background, run_op, run_op_in_background
from xhduty.ui.forms import confirm_removal
from xhduty.ui.tables import ONE_BY_ONE

LIST_LIMIT = 500        # unverified people listed at most (the book can hold 200,000)
PAGE = 40               # people read at a time (a screen shows ~25): a list is read on by key as it is scrolled
FOUND = 200             # people found by a search at most, best first
SEARCH_PAUSE_MS = 120   # search once typing pauses this long (a keystroke every ~150 ms is quick typing)
UNIT_ROLE = Qt.UserRole + 2



class ContactsPanel(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx, self.store = ctx, ctx.store
        self.finder = finder_for(ctx)
        self.finder.ready.connect(self._index_ready)
        self.finder.failed.connect(lambda message: self.unit_info.setText(
            self.tr("查找索引未能建立：{m}").format(m=message)))
        self._paths: dict[str, str] | None = None      # unit paths, read again when units change
        self._tree_items: dict[str, QTreeWidgetItem] = {}
        self._unit_names: dict[str, str] = {}
        self._waiting = False                          # a search waits for the first index
        self._written: list[str] = []                  # people written since the search shown, not in it
        self._on_duty: tuple | None = None             # (day, person ids on duty), read again on a new day or write

        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.currentItemChanged.connect(lambda *_: self.show_unit())
        self.tree.itemDoubleClicked.connect(lambda *_: self.edit_unit())

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("查找：姓名、拼音、首字母（如 zw）、单位、职务或号码（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        # search as you type, once the officer pauses: a name typed fast is one search, not one per key
        self.typing = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self.typing.timeout.connect(lambda: self.reload_people() if self.search.text().strip() else self.show_unit())
        self.search.textChanged.connect(self.typing.start)
        self.search.returnPressed.connect(self._search_now)
        self.stale_only = QCheckBox(self.tr("只看超过180天未核实"))
        self.stale_only.toggled.connect(self.reload_people)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.stale_only)
        self.unit_info = QLabel()
        self.unit_info.setWordWrap(True)
        self.unit_info.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.model = PeopleModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        for col, width in ((0, 72), (2, 96), (3, 170), (4, 64), (5, 64), (6, 86)):
            self.table.setColumnWidth(col, width)
        self.table.clicked.connect(self._clicked)
        self.table.doubleClicked.connect(lambda *_: self.edit_person())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_person())
        self.detail = QTextEdit()
        self.detail.setReadOnly(True)

        buttons = FlowLayout()   # wraps on a narrow (scaled) screen
        for label, slot in ((self.tr("新增人员"), self.add_person), (self.tr("修改 F2"), self.edit_person),
                            (self.tr("删除 Delete"), self.remove_person),
                            (self.tr("新增下级单位"), self.add_unit), (self.tr("修改单位"), self.edit_unit),
                            (self.tr("已核实 Ctrl+K"), self.mark_verified), (self.tr("导入…"), self.import_xlsx),
                            (self.tr("导出…"), self.export), (self.tr("打印通讯录 Ctrl+P"), self.print_sheet)):
            b = QPushButton(label)
            b.clicked.connect(slot)
            buttons.addWidget(b)

        middle = QVBoxLayout()
        middle.addLayout(top)
        middle.addWidget(self.unit_info)
        middle.addWidget(self.table, 1)
        middle.addLayout(buttons)
        middle_box = QWidget()
        middle_box.setLayout(middle)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(middle_box)
        split.addWidget(self.detail)
        split.setSizes([250, 760, 250])
        QVBoxLayout(self).addWidget(split)

        for keys, slot in (("Ctrl+F", self.search.setFocus), ("Ctrl+Shift+A", self.add_person),
                           ("F2", self.edit_person), ("Ctrl+K", self.mark_verified), ("Ctrl+P", self.print_sheet)):
            QShortcut(QKeySequence(keys), self, activated=slot)
        QShortcut(QKeySequence.Copy, self.table, activated=self.copy_number)
        # Enter edits the person only in the list; in the search box it searches at once (see _search_now)
        QShortcut(QKeySequence(Qt.Key_Return), self.table, activated=self.edit_person, context=Qt.WidgetShortcut)
        # Delete removes only from the list: in the search box it deletes a character
        QShortcut(QKeySequence(Qt.Key_Delete), self.table, activated=self.remove_person,
                  context=Qt.WidgetShortcut)
        self.reload_tree()

    # ------------------------------------------------------------------------------------ loading
    def _index_ready(self) -> None:
        """A newer search index is in place: the first one runs the search waiting for it; a later one (after
        a write) adds the people just written that the shown search finds."""
        query = self.search.text().strip()
        if self._waiting:
            self.reload_people()
            return
        if not query or self.stale_only.isChecked():
            return
        for person_id in self._written:
            if self.model.row_of(person_id) < 0 and self.finder.index.matches(query, person_id):
                self._show(contacts.people(self.store, [person_id], paths=self.paths()))
        self._written = []

    def paths(self) -> dict[str, str]:
        if self._paths is None:
            self._paths = contacts.unit_paths(self.store)
        return self._paths

    def on_duty_today(self) -> set[str]:
        """Person ids on duty today in their units (read once a day, and again after a write)."""
        today = clock.now().date()
        if self._on_duty is None or self._on_duty[0] != today:
            duty = contacts.on_duty(self.store, today)
            self._on_duty = today, {d["person_id"] for ds in duty.values() for d in ds if d["person_id"]}
        return self._on_duty[1]

    def reload_tree(self) -> None:
        current = self.current_unit()
        self.tree.blockSignals(True)
        self.tree.clear()
        everyone = QTreeWidgetItem([self.tr("全部人员")])
        everyone.setData(0, UNIT_ROLE, None)
        self.tree.addTopLevelItem(everyone)
        units = contacts.units(self.store)
        counts = contacts.unit_counts(self.store)
        items = {}
        for u in units:
            items[u["id"]] = QTreeWidgetItem()
            items[u["id"]].setData(0, UNIT_ROLE, u["id"])
        self._tree_items, self._unit_names = items, {u["id"]: u["name"] for u in units}
        self._count({u["id"]: counts.get(u["id"], 0) for u in units})
        for u in units:
            parent = items.get(u["parent_id"])
            (parent.addChild if parent else self.tree.addTopLevelItem)(items[u["id"]])
        for top in range(self.tree.topLevelItemCount()):   # 区应急委 and its branches open, units folded
            root = self.tree.topLevelItem(top)
            root.setExpanded(True)
            for child in range(root.childCount()):
                root.child(child).setExpanded(root.child(child).childCount() < 20)
        chosen = items.get(current) or everyone
        self.tree.setCurrentItem(chosen)
        self.tree.blockSignals(False)
        self.show_unit()

    def current_unit(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, UNIT_ROLE) if item else None

    def show_unit(self, reload: bool = True) -> None:
        """Say what the chosen unit is (numbers, today's on-duty person) and, unless a search is shown (or
        not ``reload``), list its people."""
        unit_id = self.current_unit()
        if unit_id:
            u = self.store.get("units", unit_id)
            duty = contacts.on_duty(self.store).get(unit_id, [])
            parts = [self.paths().get(unit_id, u["name"])]
            parts += [f"{label} {u[key]}" for label, key in ((self.tr("值班电话"), "duty_phone"),
                                                            (self.tr("传真"), "fax"), (self.tr("地址"), "address"))
                      if u[key]]
            if duty:
                parts.append(self.tr("今日值班：") + "、".join(f"{d['name']} {d['phone']}".strip() for d in duty))
            self.unit_info.setText("　".join(parts))
        else:
            self.unit_info.setText(self.tr("全部人员"))
        if reload and not self.search.text().strip():
            self.reload_people()

    def _search_now(self) -> None:
        if self.typing.isActive():
            self.typing.stop()
            self.typing.timeout.emit()

    def reload_people(self) -> None:
        """Fill the list for the search text, the unverified filter or the chosen unit.  The work is in
        proportion to the people shown (a page of them; more are read as the list is scrolled), not to the
        whole book."""
        query = self.search.text().strip()
        self._written, self._waiting = [], False
        paths, more = self.paths(), None
        if self.stale_only.isChecked():
            rows = contacts.unverified(self.store, limit=LIST_LIMIT)
            if len(rows) == LIST_LIMIT:   # a book of 200,000 is found by search, not by scrolling: say so
                self.unit_info.setText(self.tr("共 {total} 人超过180天未核实，只列出最久未核实的 {n} 人").format(
                    total=contacts.count_people(self.store, unverified_only=True), n=LIST_LIMIT))
        elif query:
            found = self.finder.search(query, FOUND)
            self._waiting = found is None
            if found is None:
                self.unit_info.setText(self.tr("正在建立查找索引……"))
                self.model.set_people([], set(), set())
                return
            rows = contacts.people(self.store, found[:PAGE], paths=paths)
            more = lambda last: contacts.people(self.store, found[found.index(last["id"]) + 1:][:PAGE], paths=paths)
            self.unit_info.setText(self.tr("在全部人员中查找“{q}”：{n} 人，最匹配的在前").format(q=query, n=len(found)))
        else:
            unit_id = self.current_unit()
            rows = contacts.people(self.store, unit_id=unit_id, limit=PAGE, paths=paths)
            more = lambda last: contacts.people(self.store, unit_id=unit_id, limit=PAGE, after=last, paths=paths)
        self.model.order = None if query or self.stale_only.isChecked() else _by_name
        self.model.set_people(rows, self.on_duty_today(), {p["id"] for p in rows if contacts.is_unverified(p)},
                              more=more)
        if rows:
            self.table.selectRow(0)     # shows the person (currentRowChanged)
        else:
            self.show_person()

    def refresh(self, changes) -> None:
        """Update after a write: a unit change rebuilds the tree; people written are updated in the list one
        by one (a sync or an import, whose people are not known one by one, reads the list again)."""
        if changes & {"units"}:
            self._paths = None
            self.reload_tree()          # and the list, with the new paths
            return
        if changes & {"unit_duty", "people"}:
            self._on_duty = None
            self.model.on_duty = self.on_duty_today()
            if "unit_duty" in changes:
                self.show_unit(reload=False)
        if "people" not in changes:
            if "unit_duty" in changes:
                self.model.repaint(5)
            return
        if "people" not in changes.rows:
            self.reload_tree()
            return
        ids = changes.ids("people")
        if len(ids) > ONE_BY_ONE:   # an import: reading the list again is quicker than row by row
            self.reload_tree()
            return
        written = {p["id"]: p for p in contacts.people(self.store, ids, paths=self.paths())}
        units = {p["unit_id"] for p in written.values()}
        for person_id in ids:
            shown = self.model.row_of(person_id)
            if shown >= 0:
                units.add(self.model.row(shown)["unit_id"])
            person = written.get(person_id)
            if person is None or person["deleted"] or not self._belongs(person):
                self.model.remove(person_id)
            elif shown >= 0 or not self.search.text().strip():
                self._show([person])
            else:
                self._written.append(person_id)   # shown once the index says the search finds them
        self.model.repaint(5)
        self._recount(units)
        self.show_person()

    def _belongs(self, person: dict) -> bool:
        """Whether the list as filtered now shows ``person`` (a search's hits are decided by the index)."""
        if self.stale_only.isChecked():
            return contacts.is_unverified(person)
        if self.search.text().strip():
            return True
        unit_id = self.current_unit()
        return unit_id is None or person["unit_id"] == unit_id

    def _show(self, people: list[dict]) -> None:
        """Put people written just now into the list, in its order (by name where it reads by name)."""
        for person in people:
            if not self._belongs(person):
                continue
            if self.model.row_of(person["id"]) < 0 and self.model.canFetchMore() and (
                    self.model.order is None or self.model.order(person) > self.model.order(self.model.rows[-1])):
                continue   # beyond the page read so far: it comes with the page it belongs to (or the next search)
            if contacts.is_unverified(person):
                self.model.stale.add(person["id"])
            else:
                self.model.stale.discard(person["id"])
            self.model.upsert(person)

    def _recount(self, unit_ids: set[str]) -> None:
        """The people counts in the tree, for the units people were written in (not the whole book)."""
        ids = [u for u in unit_ids if u in self._tree_items]
        if ids:
            self._count(contacts.unit_counts(self.store, ids))

    def _count(self, counts: dict[str, int]) -> None:
        """Name units in the tree with how many people they have (``counts``: unit id → people)."""
        for unit_id, n in counts.items():
            if unit_id in self._tree_items:
                self._tree_items[unit_id].setText(0, self._unit_names[unit_id] + (f"（{n}）" if n else ""))

    def selected(self) -> dict | None:
        index = self.table.currentIndex()
        return self.model.data(index, PERSON_ROLE) if index.isValid() else None

    def show_person(self) -> None:
        p = self.selected()
        if p is None:
            self.detail.clear()
            return
        post_role = " ".join(x for x in (p["post"], p["role"]) if x)
        lines = [f"<h3>{_esc(p['name'])}</h3>", _esc(p["unit_path"]), _esc(post_role)]
        lines += [f"{i}. {contacts.METHOD_KINDS[m['kind']]} <b>{_esc(m['value'])}</b>"
                  for i, m in enumerate(p["methods"], start=1)]
        lines.append(self.tr("AB角：") + _esc(p["deputy_name"] or self.tr("无")))
        lines.append(self.tr("核实：") + (p["verified_on"] or self.tr("未核实")))
        if p["note"]:
            lines.append(_esc(p["note"]))
        self.detail.setHtml("<br/>".join(lines))

    # ------------------------------------------------------------------------------------ actions
    def _clicked(self, index) -> None:
        if index.column() == NUMBER_COLUMN:
            self.copy_number()

    def copy_number(self) -> None:
        p = self.selected()
        number = contacts.first_number(p) if p else ""
        if number:
            QApplication.clipboard().setText(number)
            self.ctx.status_message.emit(self.tr("已复制 {name} 的号码 {n}").format(name=p["name"], n=number))

    def add_person(self) -> None:
        run_form(self.ctx, PersonDialog(self.store, unit_id=self.current_unit(), parent=self))

    def edit_person(self) -> None:
        p = self.selected()
        if p:
            run_form(self.ctx, PersonDialog(self.store, p, parent=self))

    def remove_person(self) -> None:
        """Remove the selected person after the officer confirms (取消 is the default: Enter keeps them); the
        row goes when the write's changes are announced (:meth:`refresh`)."""
        p = self.selected()
        if p is None:
            return
        asked = confirm_removal(self, self.tr("删除人员"), self.tr(
            "从通讯录删除 {name}（{unit}）？\n\n此人将退出所在的通知组，也不再担任他人的AB角；"
            "以往的通知记录仍保留其姓名。").format(name=p["name"], unit=p["unit_path"] or self.tr("无单位")))
        if asked and run_op(self.ctx, self, removal.remove_person, p["id"],
                                                    refused=self.tr("未删除")).ok:
            self.ctx.status_message.emit(self.tr("已从通讯录删除 {name}（{unit}）").format(
                name=p["name"], unit=p["unit_path"] or self.tr("无单位")))

    def add_unit(self) -> None:
        run_form(self.ctx, UnitDialog(self.store, parent_id=self.current_unit(), parent=self))

    def edit_unit(self) -> None:
        unit_id = self.current_unit()
        if unit_id:
            run_form(self.ctx, UnitDialog(self.store, self.store.get("units", unit_id), parent=self))

    def mark_verified(self) -> None:
        p = self.selected()
        if p and run_op(self.ctx, self, contacts.mark_verified, p["id"]).ok:
            self.ctx.status_message.emit(self.tr("已登记 {name} 于 {d} 核实").format(
                name=p["name"], d=clock.now().date().isoformat()))

    def import_xlsx(self) -> None:
        path = ImportPreviewDialog.choose_file(self, self.tr("导入通讯录"))
        under = self.import_under() if path else None
        if under is not None:
            ImportPreviewDialog.preview_then_import(self, self.store, lambda store: xlsx_io.preview(path, under, store),
                                                    lambda: self.start_import(path, under))

    def import_under(self) -> str | None:
        """The unit a spreadsheet is imported under (its full path; a unit's own list), '' for a file whose
        单位路径 start at the top, None when cancelled.  The unit selected in the tree is offered; a part of
        a unit's name may be typed (水务)."""
        top = self.tr("（不指定：表中单位路径从区应急委写起）")
        paths = sorted(self.paths().values())
        items = [top, *paths]
        current = self.paths().get(self.current_unit() or "", top)
        typed, ok = QInputDialog.getItem(
            self, self.tr("导入到单位"),
            self.tr("表中人员属于哪个单位？某单位报来的本单位通讯录，选该单位（表中的部门建在其下）："),
            items, items.index(current), True)
        if not ok:
            return None
        if typed == top:
            return ""
        outcome = run_op(self.ctx, self, xlsx_io.unit_to_import_under, typed, refused=self.tr("未导入"))
        return outcome.result if outcome.ok else None

    def start_import(self, path: Path, under: str = "") -> None:
        def done(outcome) -> None:
            if outcome.ok:
                counts = outcome.result
                self.ctx.status_message.emit(self.tr("已导入：新增 {a} 人，更新 {u} 人，通知组 {g} 个").format(
                    a=counts["added"], u=counts["updated"], g=counts["groups"]))

        run_op_in_background(self.ctx, self, xlsx_io.import_xlsx, path, under=under, refused=self.tr("通讯录未导入"),
                             done=done)

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出通讯录"), "通讯录.xlsx",
                                              "Excel (*.xlsx);;vCard (*.vcf)")
        if not path:
            return
        write = xlsx_io.export_vcard if path.lower().endswith(".vcf") else xlsx_io.export_xlsx
        export_in_background(self.ctx, self, lambda store, _progress: write(store, Path(path)),
                             said=self.tr("已导出到 {path}"), refused=self.tr("未导出"))

    def print_sheet(self) -> None:
        from xhduty.reports.contact_sheet import write_contact_sheet

        unit_id = self.current_unit()
        print_in_background(self, self.store, self.tr("通讯录"), "通讯录",
                            lambda store, path: write_contact_sheet(store, path, unit_id))


class View(QTabWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.contacts = ContactsPanel(ctx, self)
        self.notify = NotifyPanel(ctx, self)
        self.addTab(self.contacts, self.tr("通讯录"))
        self.addTab(self.notify, self.tr("通知"))

    def refresh(self, tables: set) -> None:
        self.contacts.refresh(tables)
        self.notify.refresh(tables)


def _by_name(person: dict) -> tuple[str, str]:
    """The order a unit's list (and everyone's) is read in: by name, then id."""
    return person["name"], person["id"]


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;")

