"""Forms of the hazard register: registering (or correcting) a hazard with its photos, and moving it one
step along its workflow (整改完成 with its after-photos).

Enter saves, Esc cancels, Ctrl+Shift+A adds a photo (drop and paste work too).  A refused save says why in
Chinese and keeps everything typed and attached.
"""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.hazards import hazards
from xhduty.ui.attachments import AttachmentsStrip
from xhduty.ui.forms import creates_once, save_cancel_buttons
from xhduty.ui.ops import run_op
from xhduty.ui.qt import (
    QComboBox, QDate, QDateEdit, QDialog, QFormLayout, QLabel, QLineEdit, QMessageBox,
    QPlainTextEdit, QVBoxLayout, translate,
)

# field → widget kind: line, text (several lines), date, or a tuple of choices
_KINDS = {"found_on": "date", "finder": "line", "found_by": hazards.FOUND_BY, "division": "division",
          "address": "line", "category": hazards.CATEGORIES, "level": hazards.LEVELS, "description": "text",
          "unit": "line", "person": "line", "phone": "line", "measures": "text", "deadline": "date"}


def _date_edit(value: str | None) -> QDateEdit:
    w = QDateEdit()
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy-MM-dd")
    w.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else QDate.currentDate())
    return w


class HazardDialog(QDialog):
    """Register a hazard (``hazard`` None) or correct one; the officer's name is the 登记人."""

    def __init__(self, ctx, hazard: dict | None = None, officer: str = "", parent=None):
        super().__init__(parent)
        self.ctx, self.hazard = ctx, hazard
        self.hazard_id = hazard["id"] if hazard else None
        self.setWindowTitle(self.tr("更正隐患信息") if hazard else self.tr("登记隐患"))
        self.setMinimumWidth(620)
        form = QFormLayout()
        self.widgets = {}
        for field, kind in _KINDS.items():
            value = hazard.get(field) if hazard else None
            if kind == "date":
                w = _date_edit(value if value else None)
                if field == "deadline" and not value:
                    w.setDate(QDate.currentDate().addDays(30))
            elif kind == "division":
                w = QComboBox()
                for code, name in ctx.store.query("SELECT code, name FROM divisions ORDER BY sort"):
                    w.addItem(name, code)
                if value:
                    w.setCurrentIndex(max(0, w.findData(value)))
            elif isinstance(kind, tuple):
                w = QComboBox()
                for choice in kind:  # reference labels: shown as the plan names them
                    w.addItem(choice, choice)
                if value:
                    w.setCurrentIndex(max(0, w.findData(value)))
            elif kind == "text":
                w = QPlainTextEdit(value or "")
                w.setTabChangesFocus(True)
                w.setFixedHeight(52)
            else:
                w = QLineEdit(value or "")
            self.widgets[field] = w
            required = field in hazards.REQUIRED
            form.addRow(translate("labels", hazards.LABELS[field]) + (" *" if required else ""), w)
        self.by_whom = QLineEdit(officer)
        if not hazard:
            form.addRow(self.tr("登记人 *"), self.by_whom)
        self.photos = AttachmentsStrip(ctx, "hazards", self.hazard_id, role="before", parent=self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("整改前照片和其他附件（Ctrl+Shift+A 添加，可拖入或粘贴）")))
        layout.addWidget(self.photos)
        layout.addWidget(save_cancel_buttons(self, self.save))

    def values(self) -> dict:
        out = {}
        for field, w in self.widgets.items():
            if isinstance(w, QDateEdit):
                out[field] = w.date().toString("yyyy-MM-dd")
            elif isinstance(w, QComboBox):
                out[field] = w.currentData()
            elif isinstance(w, QPlainTextEdit):
                out[field] = w.toPlainText()
            else:
                out[field] = w.text()
        return out

    @creates_once
    def save(self) -> str | None:
        if self.photos.busy:
            QMessageBox.information(self, self.tr("请稍候"), self.tr("附件仍在检查保存中，完成后再保存"))
            return None
        if self.hazard_id:
            done = run_op(self.ctx, self, hazards.update, self.hazard_id, self.values())
        else:
            done = run_op(self.ctx, self, hazards.register, self.values(), self.by_whom.text(),
                          files=self.photos.pending)
        if not done.ok:
            return None
        self.hazard_id = self.hazard_id or done.result
        self.accept()
        return self.hazard_id


class StepDialog(QDialog):
    """Record the next step of a hazard: who, a note, and (整改完成) the photos after rectification."""

    def __init__(self, ctx, hazard: dict, officer: str = "", parent=None):
        super().__init__(parent)
        self.ctx, self.hazard = ctx, hazard
        self.step = next(k for k, (start, _end, _label) in hazards.STEPS.items() if start == hazard["state"])
        title = translate("labels", hazards.STEP_LABELS[self.step])
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        form = QFormLayout()
        form.addRow(self.tr("隐患"), QLabel(f"{hazard['division_name']} {hazard['address']}（{hazard['category']}）"))
        self.by_whom = QLineEdit(officer)
        form.addRow(self.tr("经办人 *"), self.by_whom)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(60)
        form.addRow(self.tr("情况说明"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.photos = None
        if self.step == "rectified":
            layout.addWidget(QLabel(self.tr("整改后照片 *（Ctrl+Shift+A 添加，可拖入或粘贴）")))
            self.photos = AttachmentsStrip(ctx, "hazards", None, role="after", parent=self)
            layout.addWidget(self.photos)
        layout.addWidget(save_cancel_buttons(self, self.save))

    @creates_once
    def save(self) -> bool | None:
        if self.photos is not None and self.photos.busy:
            QMessageBox.information(self, self.tr("请稍候"), self.tr("附件仍在检查保存中，完成后再保存"))
            return None
        done = run_op(self.ctx, self, hazards.step, self.hazard["id"], self.step, self.by_whom.text(),
                      self.note.toPlainText(), files=self.photos.pending if self.photos else (), on=clock.now().date())
        if not done.ok:
            return None
        self.accept()
        return True
