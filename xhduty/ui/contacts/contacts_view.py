"""通讯录 and 通知: the organisation tree, one search box for everyone, and notification runs.

Contacts tab — the tree on the left picks a unit (its duty phone, fax, address and who is on duty today
show above the list); typing in the search box searches everyone by name, pinyin, initials, unit, post or
number as you type.  A click on a number copies it; Ctrl+C copies the selected person's first number.
Keys: Ctrl+F search, Ctrl+Shift+A new person, F2 / Enter change, Ctrl+K mark verified, Ctrl+P print;
double-click a unit to change it (duty phone, fax, address, today's on-duty person).
Notification tab — see :mod:`xhduty.ui.contacts.notify_run`.
"""

from __future__ import annotations

from pathlib import Path

from xhduty.core import clock
from xhduty.core.contacts import contacts
from xhduty.core.contacts import xlsx_io
from xhduty.ui.flow_layout import FlowLayout
from xhduty.ui.contacts.model import NUMBER_COLUMN, PERSON_ROLE, PeopleModel
from xhduty.ui.contacts.person import PersonDialog
from xhduty.ui.pdf_preview import print_in_background
from xhduty.ui.contacts.unit import UnitDialog
from xhduty.ui.contacts.notify_run import NotifyPanel
from xhduty.ui.qt import (
    QAbstractItemView, QApplication, QCheckBox, QFileDialog, QHBoxLayout, QHeaderView, QKeySequence, QLabel,
    QLineEdit, QMessageBox, QPushButton, QShortcut, QSplitter, Qt, QTableView, QTabWidget, QTextEdit,
    QTimer, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)
from xhduty.ui.import_preview import ImportPreviewDialog
from xhduty.ui.tasks import run_task

TABLES = {"people", "units", "unit_duty"}
LIST_LIMIT = 500        # people listed at most without a search (the book can hold 200,000)
SEARCH_PAUSE_MS = 120   # search once typing pauses this long (a keystroke every ~150 ms is quick typing)
UNIT_ROLE = Qt.UserRole + 2



class ContactsPanel(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx, self.store = ctx, ctx.store
        self._index: contacts.ContactIndex | None = None
        self._generation = 0

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
        self.reload_tree()
        self.rebuild_index()

    # ------------------------------------------------------------------------------------ loading
    def rebuild_index(self) -> None:
        """Build the search index in a worker (pinyin of 20,000 names takes a second the first time)."""
        self._index = None
        self._generation += 1
        generation = self._generation

        def built(index: contacts.ContactIndex) -> None:
            if generation != self._generation:   # a newer build is on its way
                return
            self._index = index
            if self.search.text().strip():
                self.reload_people()

        run_task(self.store, lambda store, progress: contacts.ContactIndex(store), done=built)

    def reload_tree(self) -> None:
        current = self.current_unit()
        self.tree.blockSignals(True)
        self.tree.clear()
        everyone = QTreeWidgetItem([self.tr("全部人员")])
        everyone.setData(0, UNIT_ROLE, None)
        self.tree.addTopLevelItem(everyone)
        units = contacts.units(self.store)
        counts = dict(self.store.query("SELECT unit_id, count(*) FROM people WHERE deleted = 0 GROUP BY unit_id"))
        items = {}
        for u in units:
            n = counts.get(u["id"], 0)
            items[u["id"]] = QTreeWidgetItem([u["name"] + (f"（{n}）" if n else "")])
            items[u["id"]].setData(0, UNIT_ROLE, u["id"])
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

    def show_unit(self) -> None:
        unit_id = self.current_unit()
        if unit_id:
            u = self.store.get("units", unit_id)
            duty = contacts.on_duty(self.store).get(unit_id, [])
            parts = [contacts.unit_paths(self.store).get(unit_id, u["name"])]
            parts += [f"{label} {u[key]}" for label, key in ((self.tr("值班电话"), "duty_phone"),
                                                            (self.tr("传真"), "fax"), (self.tr("地址"), "address"))
                      if u[key]]
            if duty:
                parts.append(self.tr("今日值班：") + "、".join(f"{d['name']} {d['phone']}".strip() for d in duty))
            self.unit_info.setText("　".join(parts))
        else:
            self.unit_info.setText(self.tr("全部人员"))
        if not self.search.text().strip():
            self.reload_people()

    def _search_now(self) -> None:
        if self.typing.isActive():
            self.typing.stop()
            self.typing.timeout.emit()

    def reload_people(self) -> None:
        """Fill the list for the search text, the unverified filter or the chosen unit.  The work is in
        proportion to the people shown (at most 200 for a search), not to the whole book."""
        query = self.search.text().strip()
        unit_id, total = self.current_unit(), None
        if self.stale_only.isChecked():
            rows = contacts.unverified(self.store, limit=LIST_LIMIT)
            if len(rows) == LIST_LIMIT:
                total = contacts.count_people(self.store, unverified_only=True)
        elif query and self._index is None:
            self.unit_info.setText(self.tr("正在建立查找索引……"))
            return
        elif query:
            rows = contacts.people(self.store, self._index.search_ids(query, limit=200))
            self.unit_info.setText(self.tr("在全部人员中查找“{q}”：{n} 人，最匹配的在前").format(q=query, n=len(rows)))
        else:
            rows = contacts.people(self.store, unit_id=unit_id, limit=LIST_LIMIT)
            if len(rows) == LIST_LIMIT:
                total = contacts.count_people(self.store, unit_id=unit_id)
        if total is not None:   # a book of 200,000 is found by search, not by scrolling: say so
            self.unit_info.setText(self.tr("共 {total} 人，只列出前 {n} 人：请输入姓名、拼音或号码查找，或选择单位")
                                   .format(total=total, n=LIST_LIMIT))
        today = contacts.on_duty(self.store)
        on_duty = {d["person_id"] for ds in today.values() for d in ds if d["person_id"]}
        stale = {p["id"] for p in rows if contacts.is_unverified(p)}
        self.model.set_people(rows, on_duty, stale)
        if rows:
            self.table.selectRow(0)
        self.show_person()

    def refresh(self, tables: set) -> None:
        if tables & TABLES:
            self.rebuild_index()
            self.reload_tree()
            self.reload_people()

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
        if PersonDialog(self.store, unit_id=self.current_unit(), parent=self).exec():
            self.ctx.changed({"people"})

    def edit_person(self) -> None:
        p = self.selected()
        if p and PersonDialog(self.store, p, parent=self).exec():
            self.ctx.changed({"people"})

    def add_unit(self) -> None:
        if UnitDialog(self.store, parent_id=self.current_unit(), parent=self).exec():
            self.ctx.changed({"units", "unit_duty"})

    def edit_unit(self) -> None:
        unit_id = self.current_unit()
        if unit_id and UnitDialog(self.store, self.store.get("units", unit_id), parent=self).exec():
            self.ctx.changed({"units", "unit_duty"})

    def mark_verified(self) -> None:
        p = self.selected()
        if p:
            contacts.mark_verified(self.store, p["id"])
            self.ctx.changed({"people"})
            self.ctx.status_message.emit(self.tr("已登记 {name} 于 {d} 核实").format(
                name=p["name"], d=clock.now().date().isoformat()))

    def import_xlsx(self) -> None:
        path = ImportPreviewDialog.choose_file(self, self.tr("导入通讯录"))
        if path:
            ImportPreviewDialog.preview_then_import(self, self.store, lambda _store: xlsx_io.preview(path),
                                                    lambda: self.start_import(path))

    def start_import(self, path: Path):
        def done(counts: dict) -> None:
            self.ctx.changed({"people", "units", "notify_groups", "notify_members"})
            self.ctx.status_message.emit(self.tr("已导入：新增 {a} 人，更新 {u} 人，通知组 {g} 个").format(
                a=counts["added"], u=counts["updated"], g=counts["groups"]))

        return run_task(self.store, lambda store, progress: xlsx_io.import_xlsx(store, path, progress),
                        done=done, failed=lambda message: QMessageBox.warning(self, self.tr("通讯录未导入"), message))

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出通讯录"), "通讯录.xlsx",
                                              "Excel (*.xlsx);;vCard (*.vcf)")
        if not path:
            return
        write = xlsx_io.export_vcard if path.lower().endswith(".vcf") else xlsx_io.export_xlsx
        run_task(self.store, lambda store, progress: write(store, Path(path)),
                 done=lambda p: self.ctx.status_message.emit(self.tr("已导出到 {p}").format(p=p)),
                 failed=lambda message: QMessageBox.warning(self, self.tr("未导出"), message))

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


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;")

