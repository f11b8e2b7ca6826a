"""Adding or changing a person: unit, post, role, contact methods in priority order, AB角, last verified.

Methods are typed one a line as “类型 号码” (手机 13900000000; a full-width space or digits as an IME types
them are read), in the order they should be tried; the form says which line is wrong and keeps the dialog
open.  The unit is picked by typing any part of its path (水务).  Enter saves, Esc cancels.
"""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.contacts import contacts
from xhduty.core.store import StoreError
from xhduty.ui.contacts.form import lay_out, submit
from xhduty.ui.qt import QComboBox, QCompleter, QDate, QDateEdit, QDialog, QFormLayout, QLineEdit, QPlainTextEdit, Qt

_KIND_BY_LABEL = {label: kind for kind, label in contacts.METHOD_KINDS.items()}


def parse_method_lines(text: str) -> list[dict]:
    """'手机 139…' lines → methods, each read and checked as :func:`contacts.parse_methods` does; a bad line
    raises StoreError naming the line."""
    methods = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        label, value = (line.split(None, 1) + [""])[:2]   # any space, the full-width one of an IME too
        kind = _KIND_BY_LABEL.get(label)
        if kind is None or not value.strip():
            raise StoreError(f"联系方式第 {number} 行“{line}”：应写成“类型 号码”，类型为 "
                             + "、".join(contacts.METHOD_KINDS.values()))
        try:
            methods += contacts.parse_methods([(kind, value.strip())])
        except StoreError as exc:
            raise StoreError(f"联系方式第 {number} 行：{exc}") from None
    return methods


class PersonDialog(QDialog):
    def __init__(self, store, person: dict | None = None, unit_id: str | None = None, parent=None):
        super().__init__(parent)
        self.store, self.person = store, person
        self.saved_id: str | None = None
        self.setWindowTitle(self.tr("修改人员") if person else self.tr("新增人员"))
        self.resize(520, 460)
        self.name = QLineEdit(person["name"] if person else "")
        self.unit = QComboBox()   # hundreds of units, all under 区应急委/: found by any part of the path
        self.unit.setEditable(True)
        self.unit.setInsertPolicy(QComboBox.NoInsert)
        self.unit.completer().setFilterMode(Qt.MatchContains)
        self.unit.completer().setCompletionMode(QCompleter.PopupCompletion)
        paths = contacts.unit_paths(store)
        for uid, path in sorted(paths.items(), key=lambda item: item[1]):
            self.unit.addItem(path, uid)
        chosen = person["unit_id"] if person else unit_id
        if chosen in paths:
            self.unit.setCurrentIndex(self.unit.findData(chosen))
        self.post = QLineEdit(person["post"] if person else "")
        self.role = QLineEdit(person["role"] if person else "")
        self.methods = QPlainTextEdit("\n".join(f"{contacts.METHOD_KINDS[m['kind']]} {m['value']}"
                                                for m in (person["methods"] if person else [])))
        self.methods.setPlaceholderText(self.tr("每行一种，按优先顺序，如：\n手机 13900000000\n办公电话 021-64000000"))
        self.methods.setTabChangesFocus(True)
        self.deputy = QComboBox()
        self.deputy.addItem(self.tr("（无）"), None)
        for p in contacts.people(store, unit_id=person["unit_id"] if person else chosen):
            if not person or p["id"] != person["id"]:
                self.deputy.addItem(f"{p['name']} {p['post']}", p["id"])
        if person and person["deputy_id"]:
            if self.deputy.findData(person["deputy_id"]) < 0:
                self.deputy.addItem(person["deputy_name"], person["deputy_id"])
            self.deputy.setCurrentIndex(self.deputy.findData(person["deputy_id"]))
        self.verified = QDateEdit(QDate.fromString(person["verified_on"], "yyyy-MM-dd")
                                  if person and person["verified_on"] else QDate.currentDate())
        self.verified.setCalendarPopup(True)
        self.verified.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("单位"), self.unit)
        form.addRow(self.tr("职务"), self.post)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("联系方式"), self.methods)
        form.addRow(self.tr("AB角"), self.deputy)
        form.addRow(self.tr("核实日期"), self.verified)
        lay_out(self, form, on_save=self.save)

    def save(self) -> None:
        submit(self, self._save)

    def _save(self) -> None:
        at = self.unit.findText(self.unit.currentText().strip())   # as typed, not the item chosen before
        if at < 0:
            raise StoreError(f"没有单位“{self.unit.currentText().strip()}”：请输入单位名称的一部分，从列表中选择")
        fields = {"name": self.name.text(), "unit_id": self.unit.itemData(at), "post": self.post.text().strip(),
                  "role": self.role.text().strip(), "methods": parse_method_lines(self.methods.toPlainText()),
                  "deputy_id": self.deputy.currentData(),
                  "verified_on": self.verified.date().toString("yyyy-MM-dd") or clock.now().date().isoformat()}
        self.saved_id = contacts.save_person(self.store, fields, self.person["id"] if self.person else None)
