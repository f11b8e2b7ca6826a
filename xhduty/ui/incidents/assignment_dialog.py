"""交办: hand a task to a unit or person with a time it must be done by."""

from __future__ import annotations

from datetime import timedelta

from xhduty.core import clock
from xhduty.core.incidents import assignments
from xhduty.ui.forms import creates_once
from xhduty.ui.incidents.incident_dialog import time_field
from xhduty.ui.ops import run_op
from xhduty.ui.qt import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout,
)


class TaskDialog(QDialog):
    def __init__(self, ctx, incident_id: str | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.incident_id = incident_id
        self.task_id: str | None = None
        self.setWindowTitle(self.tr("交办事项"))
        self.setMinimumWidth(520)
        self.owner_unit = QLineEdit()
        self.owner_person = QLineEdit()
        self.instruction = QPlainTextEdit()
        self.instruction.setTabChangesFocus(True)
        self.instruction.setFixedHeight(80)
        self.has_due = QCheckBox(self.tr("限时办结"))
        self.has_due.setChecked(True)
        self.due = time_field(clock.now() + timedelta(hours=1),
                              self.tr("如 17:00、下午5点、明早8点、2026-12-02 09:00（已过的时刻算明天）"))
        self.has_due.toggled.connect(self.due.setEnabled)
        form = QFormLayout()
        form.addRow(self.tr("承办单位(&U)"), self.owner_unit)
        form.addRow(self.tr("承办人(&P)"), self.owner_person)
        form.addRow(self.tr("交办内容(&C)"), self.instruction)
        form.addRow(self.has_due, self.due)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText(self.tr("交办 (Enter)"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消 (Esc)"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        for edit in (self.owner_unit, self.owner_person, self.due):
            edit.returnPressed.connect(self._save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.owner_unit.setFocus()

    @creates_once
    def _save(self) -> str | None:
        done = run_op(self.ctx, self, assignments.give_task, instruction=self.instruction.toPlainText(),
                      owner_unit=self.owner_unit.text(), owner_person=self.owner_person.text(),
                      incident_id=self.incident_id, due_at=self.due.text().strip() if self.has_due.isChecked() else None,
                      refused=self.tr("未交办"))
        if not done.ok:
            return None
        self.task_id = done.result
        self.accept()
        return self.task_id
