"""Editing a notification group: its members in the order they are to be called, and the confirm time.

Type in the search box (name, pinyin, initials …) and press Enter to add the first person found, or ↓ to
the list of those found and Enter (or double-click) to add the one selected; Ctrl+Up / Ctrl+Down move the
selected member, Delete removes them.  Enter there adds and never saves (Enter in the name or the time
limit saves, as in every form).  Plans name groups, so the name is the key:
saving under an existing name replaces that group's members.
"""

from __future__ import annotations

from xhduty.core.contacts import contacts
from xhduty.ui.contacts.finder import PeopleFinder
from xhduty.ui.contacts.form import lay_out, submit
from xhduty.ui.qt import (
    QComboBox, QDialog, QEvent, QFormLayout, QHBoxLayout, QKeySequence, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QShortcut, QSpinBox, Qt,
)

ENTER = (Qt.Key_Return, Qt.Key_Enter)


def _item(p: dict) -> QListWidgetItem:
    first = p["methods"][0]["value"] if p["methods"] else ""
    item = QListWidgetItem(f"{p['name']}　{p['unit']}　{p['post']}　{first}")
    item.setData(Qt.UserRole, p["id"])
    return item


class GroupDialog(QDialog):
    """``finder``: the window's :class:`~xhduty.ui.contacts.finder.PeopleFinder` (without one, the dialog
    builds its own search index, on a worker)."""

    def __init__(self, store, parent=None, finder: PeopleFinder | None = None):
        super().__init__(parent)
        self.store = store
        self.finder = finder or PeopleFinder(store, self)
        if finder is None:
            self.finder.start()
        self.finder.ready.connect(lambda: self.find(self.search.text()))
        self.setWindowTitle(self.tr("通知组"))
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems([g["name"] for g in contacts.groups(store)])
        self.name.currentTextChanged.connect(self.load_group)
        self.timeout = QSpinBox()
        self.timeout.setRange(1, 240)
        self.timeout.setSuffix(self.tr(" 分钟内确认"))
        self.members = QListWidget()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("查找人员加入（姓名、拼音、首字母），回车加入第一个"))
        self.search.textChanged.connect(self.find)
        self.found = QListWidget()
        self.found.itemDoubleClicked.connect(self.add)
        self.search.installEventFilter(self)
        self.found.installEventFilter(self)
        up, down, remove = QPushButton(self.tr("上移 Ctrl+↑")), QPushButton(self.tr("下移 Ctrl+↓")), \
            QPushButton(self.tr("移除 Del"))
        up.clicked.connect(lambda: self.move(-1))
        down.clicked.connect(lambda: self.move(1))
        remove.clicked.connect(self.remove)
        QShortcut(QKeySequence("Ctrl+Up"), self.members, activated=lambda: self.move(-1))
        QShortcut(QKeySequence("Ctrl+Down"), self.members, activated=lambda: self.move(1))
        QShortcut(QKeySequence(Qt.Key_Delete), self.members, activated=self.remove)
        form = QFormLayout()
        form.addRow(self.tr("名称"), self.name)
        form.addRow(self.tr("确认时限"), self.timeout)
        order = QHBoxLayout()
        for b in (up, down, remove):
            order.addWidget(b)
        lay_out(self, form, QLabel(self.tr("成员（按通知顺序）")), (self.members, 2), order, self.search,
                (self.found, 1), on_save=self.save)
        self.resize(560, 620)
        self.load_group(self.name.currentText())

    def eventFilter(self, obj, event):
        """Enter in the search box adds the first found, in the found list the selected one — the key is
        taken here, or the dialog would save (and close) at once; ↓ in the search box goes to the list."""
        if event.type() == QEvent.KeyPress and obj in (self.search, self.found):
            if event.key() in ENTER:
                self.add(self.found.item(0) if obj is self.search else self.found.currentItem())
                return True
            if obj is self.search and event.key() == Qt.Key_Down and self.found.count():
                self.found.setCurrentRow(0)
                self.found.setFocus()
                return True
        return super().eventFilter(obj, event)

    def load_group(self, name: str) -> None:
        self.members.clear()
        match = next((g for g in contacts.groups(self.store) if g["name"] == name.strip()), None)
        self.timeout.setValue(match["timeout_minutes"] if match else 15)
        if match:
            for p in contacts.people(self.store, contacts.group_members(self.store, match["id"])):
                self.members.addItem(_item(p))

    def member_ids(self) -> list[str]:
        return [self.members.item(i).data(Qt.UserRole) for i in range(self.members.count())]

    def find(self, text: str) -> None:
        self.found.clear()
        found = self.finder.search(text, 30) if text.strip() else []
        if found is None:
            self.found.addItem(self.tr("正在建立查找索引……"))
            return
        for p in contacts.people(self.store, found):
            self.found.addItem(_item(p))

    def add(self, item) -> None:
        if item is not None and item.data(Qt.UserRole) and item.data(Qt.UserRole) not in self.member_ids():
            self.members.addItem(_item(contacts.person(self.store, item.data(Qt.UserRole))))
            self.search.clear()
            self.search.setFocus()

    def move(self, step: int) -> None:
        row = self.members.currentRow()
        if row < 0 or not 0 <= row + step < self.members.count():
            return
        item = self.members.takeItem(row)
        self.members.insertItem(row + step, item)
        self.members.setCurrentRow(row + step)

    def remove(self) -> None:
        if self.members.currentRow() >= 0:
            self.members.takeItem(self.members.currentRow())

    def save(self) -> None:
        submit(self, lambda: contacts.save_group(self.store, self.name.currentText(), self.member_ids(),
                                                 self.timeout.value()))
