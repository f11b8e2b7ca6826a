"""Adding or changing a unit of the tree (name, kind, duty phone, fax, address) and who is on duty there today.

Units send in their duty rosters; the officer types today's person here (stored in ``unit_duty``, in the
same transaction as the unit: a refusal of either saves neither), and the contact list marks them.  Enter
saves, Esc cancels.
"""

from __future__ import annotations

from xhduty.core.contacts import contacts
from xhduty.ui.contacts.form import lay_out, submit
from xhduty.ui.qt import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit

KINDS = ("委员会", "指挥部", "成员单位", "部门", "街镇", "科室", "居委会", "分组")


class UnitDialog(QDialog):
    def __init__(self, store, unit: dict | None = None, parent_id: str | None = None, parent=None):
        super().__init__(parent)
        self.store, self.unit, self.parent_id = store, unit, parent_id
        self.saved_id: str | None = None
        paths = contacts.unit_paths(store)
        self.setWindowTitle(self.tr("修改单位") if unit else self.tr("新增单位"))
        self.name = QLineEdit(unit["name"] if unit else "")
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems(KINDS)
        self.kind.setCurrentText(unit["kind"] if unit else "")
        self.duty_phone = QLineEdit(unit["duty_phone"] if unit else "")
        self.fax = QLineEdit(unit["fax"] if unit else "")
        self.address = QLineEdit(unit["address"] if unit else "")
        today = contacts.on_duty(store).get(unit["id"], []) if unit else []
        self.duty_name = QLineEdit()
        self.duty_name.setPlaceholderText("、".join(d["name"] for d in today) or self.tr("今日值班人员姓名（可空）"))
        self.duty_person_phone = QLineEdit()
        form = QFormLayout()
        where = paths.get(unit["parent_id"] if unit else parent_id, self.tr("（最上级）"))
        form.addRow(self.tr("上级"), QLabel(where))
        form.addRow(self.tr("名称"), self.name)
        form.addRow(self.tr("类型"), self.kind)
        form.addRow(self.tr("值班电话"), self.duty_phone)
        form.addRow(self.tr("传真"), self.fax)
        form.addRow(self.tr("地址"), self.address)
        form.addRow(self.tr("今日值班"), self.duty_name)
        form.addRow(self.tr("值班人电话"), self.duty_person_phone)
        lay_out(self, form, on_save=self.save)
        self.resize(460, 340)

    def save(self) -> None:
        submit(self, self._save)

    def _save(self) -> None:
        fields = {"name": self.name.text(), "kind": self.kind.currentText().strip(),
                  "duty_phone": self.duty_phone.text(), "fax": self.fax.text(), "address": self.address.text()}
        if self.unit is None:
            fields["parent_id"] = self.parent_id
        self.saved_id = contacts.save_unit(self.store, fields, self.unit["id"] if self.unit else None,
                                           on_duty=(self.duty_name.text(), self.duty_person_phone.text()))
