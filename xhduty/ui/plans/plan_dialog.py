"""Editing what a plan applies to — its hazard types (event type codes), owner unit and kind — and
confirming what the import inferred from a document (shown as 推断 until an officer has checked it).

Enter saves, Esc cancels; 确认推断 (Alt+Q) accepts every inferred field as it is.
"""

from __future__ import annotations

from xhduty.core import refdata
from xhduty.core.plans import plans
from xhduty.core.plans.plan_file import KINDS
from xhduty.ui.ops import run_op
from xhduty.ui.qt import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    Qt, QVBoxLayout,
)


class PlanDialog(QDialog):
    def __init__(self, ctx, plan: dict, parent=None):
        super().__init__(parent)
        self.ctx, self.store, self.plan = ctx, ctx.store, plan
        self.setWindowTitle(self.tr("预案适用范围：{title}").format(title=plan["title"]))
        guessed = set(plan["inferred"])
        mark = lambda field: self.tr("（推断）") if field in guessed else ""  # noqa: E731
        self.kind = QComboBox()
        self.kind.addItems(list(KINDS))
        self.kind.setCurrentText(plan["kind"])
        self.owner = QLineEdit(plan["owner"])
        self.hazards = QListWidget()
        for t in refdata.event_types(self.store):
            item = QListWidgetItem(("　" if t["parent"] else "") + f"{t['name']}  {t['code']}")
            item.setData(Qt.UserRole, t["code"])
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if t["code"] in plan["hazards"] else Qt.Unchecked)
            self.hazards.addItem(item)
        form = QFormLayout()
        form.addRow(self.tr("类别"), self.kind)
        form.addRow(self.tr("编制单位") + mark("owner"), self.owner)
        form.addRow(self.tr("适用事件类型") + mark("hazards"), self.hazards)
        note = QLabel(self.tr("标“推断”的内容由导入时从文档推断，请核对后保存或确认。响应分级可导出预案文件补写后再导入。")
                      if guessed else self.tr("本预案没有待核对的推断内容。"))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText(self.tr("保存 Enter"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消 Esc"))
        self.confirm_button = buttons.addButton(self.tr("确认推断(&Q)"), QDialogButtonBox.ActionRole)
        self.confirm_button.setEnabled(bool(guessed))
        self.confirm_button.clicked.connect(self.confirm)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 560)

    def checked_hazards(self) -> list[str]:
        return [self.hazards.item(i).data(Qt.UserRole) for i in range(self.hazards.count())
                if self.hazards.item(i).checkState() == Qt.Checked]

    def save(self) -> None:
        """Write the fields that changed; each changed field counts as checked (no longer 推断)."""
        changes = {}
        if self.checked_hazards() != self.plan["hazards"]:
            changes["hazards"] = self.checked_hazards()
        if self.owner.text().strip() != self.plan["owner"]:
            changes["owner"] = self.owner.text()
        if self.kind.currentText() != self.plan["kind"]:
            changes["kind"] = self.kind.currentText()
        self._write(**changes)

    def confirm(self) -> None:
        """Save what is on the form and accept every inferred field as it stands."""
        self._write(hazards=self.checked_hazards(), owner=self.owner.text(), kind=self.kind.currentText(),
                    confirm=True)

    def _write(self, **fields) -> None:
        if not fields:
            self.reject()
            return
        done = run_op(self.ctx, self, plans.edit_plan, self.plan["id"], refused=self.tr("预案适用范围"), **fields)
        if done.ok:
            self.plan = done.result
            self.accept()
