"""The log-entry form, made for typing while on the phone.

Ctrl+N opens it from anywhere; the cursor starts in the text; the kind starts at 其他记录 and the time is
prefilled to the minute and can be typed over; Enter saves (Shift+Enter starts a new line); Esc cancels.
Choosing 来电接报 shows the fields of a 值班电话记录.  Alt+1…9 picks the entry kind without leaving the
keyboard.  记录人 is the officer at the keyboard (F2 switches to the shift's other officer); someone outside
the roster can be typed in.  Files (a photo from the scene, a scanned 文电) are attached with Ctrl+Shift+A,
by dropping them on the form or pasting them into the text; they are saved with the entry, in its
transaction.
"""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.store import Store, StoreError
from xhduty.ui.attachments import AttachmentsStrip
from xhduty.ui.forms import creates_once
from xhduty.ui.qt import (
    QCheckBox, QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QEvent, QFormLayout, QGroupBox,
    QKeySequence, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QShortcut, Qt, QVBoxLayout, translate,
)


class _EnterSavesText(QPlainTextEdit):
    """A text box where Enter submits the form and Shift+Enter inserts a line break."""

    def __init__(self, submit, parent=None):
        super().__init__(parent)
        self._submit = submit
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & Qt.ShiftModifier:
            self._submit()
            return
        super().keyPressEvent(event)


def officer_combo(shift: dict | None, current: str = "", editable: bool = False) -> QComboBox:
    """The shift's officers to pick from, ``current`` selected (typed in, when editable and not one of them)."""
    combo = QComboBox()
    combo.setEditable(editable)
    combo.addItems(shift["officers"] if shift else [])
    if current:
        index = combo.findText(current)
        if index >= 0:
            combo.setCurrentIndex(index)
        elif editable:
            combo.setEditText(current)
    return combo


def next_officer(combo: QComboBox) -> None:
    """F2: the shift's next officer (of two, the other one)."""
    if combo.count():
        combo.setCurrentIndex((combo.currentIndex() + 1) % combo.count())


class EntryDialog(QDialog):
    """New log entry, or a correction of ``corrects`` (the original entry dict).  A correction of a call
    record (an entry with the 值班电话记录 fields) shows those fields as recorded, to be put right too: a
    caller's number or the place mistyped on the phone is corrected like the text, the original kept."""

    def __init__(self, store: Store, parent=None, corrects: dict | None = None, author: str = ""):
        super().__init__(parent)
        self.store = store
        self.corrects = corrects
        self.correcting_call = bool(corrects and corrects.get("details"))
        self.entry_id: str | None = None
        self.setWindowTitle(self.tr("更正记录") if corrects else self.tr("新增值班记录"))
        self.setMinimumWidth(620)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        for i, k in enumerate(duty.log_kinds(store)):
            self.kind.addItem(f"{k['name']}", k["code"])
            if i < 9:
                QShortcut(QKeySequence(f"Alt+{i + 1}"), self, activated=lambda i=i: self.kind.setCurrentIndex(i))
        # naive Shanghai wall time: Qt would otherwise shift an aware time into the machine's zone
        self.at = QDateTimeEdit(clock.now().replace(second=0, tzinfo=None))
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        self.text = _EnterSavesText(self._save)
        self.text.setPlaceholderText(self.tr("记录内容（Enter 保存，Shift+Enter 换行）"))
        self.text.setFixedHeight(90)
        self.author = officer_combo(duty.current_shift(store), author, editable=True)
        QShortcut(QKeySequence("F2"), self, activated=lambda: next_officer(self.author))
        self.significant = QCheckBox(self.tr("重要(&I)"))
        self.open_item = QCheckBox(self.tr("待办，交接班时带入下一班(&O)"))
        form.addRow(self.tr("类型(&K)"), self.kind)
        form.addRow(self.tr("时间(&T)"), self.at)
        form.addRow(self.tr("内容(&C)"), self.text)
        form.addRow(self.tr("记录人(&R) F2"), self.author)
        form.addRow("", self.significant)
        form.addRow("", self.open_item)
        layout.addLayout(form)

        if corrects:
            note = QLabel(self.tr("更正：") + corrects["text"][:80])
            note.setWordWrap(True)
            layout.insertWidget(0, note)
            self.text.setPlainText(corrects["text"])
            self.kind.setEnabled(False)

        self.intake_box = QGroupBox(self.tr("值班电话记录"))
        intake_form = QFormLayout(self.intake_box)
        self.intake: dict[str, QLineEdit] = {}
        for key, label in duty.INTAKE_FIELDS:
            edit = QLineEdit()
            edit.returnPressed.connect(self._save)
            if key in ("received_at", "occurred_at"):
                edit.setPlaceholderText(self.tr("如 14:02"))
            if self.correcting_call:
                edit.setText(str(corrects["details"].get(key, "")))
            elif key == "received_at":
                edit.setText(clock.now().strftime("%H:%M"))
            self.intake[key] = edit
            intake_form.addRow(translate("labels", label), edit)
        layout.addWidget(self.intake_box)
        self.files = AttachmentsStrip(store, "log_entries", parent=self, compact=True)
        self.files.take_files_from(self.text)
        layout.addWidget(self.files)

        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText(self.tr("保存 (Enter)"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消 (Esc)"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.set_kind(corrects["kind"] if corrects else "note")  # a new entry starts as 其他记录, whatever
                                                                # the last one was; a correction shows what it corrects
        self._kind_changed()
        self.text.setFocus()
        self.at.installEventFilter(self)

    def eventFilter(self, obj, event):
        if obj is self.at and event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self._save()
            return True
        return super().eventFilter(obj, event)

    def set_kind(self, code: str) -> None:
        index = self.kind.findData(code)
        if index >= 0:
            self.kind.setCurrentIndex(index)

    def _kind_changed(self) -> None:
        self.intake_box.setVisible(self.correcting_call or (self.kind.currentData() == "intake" and not self.corrects))
        self.adjustSize()

    @creates_once
    def _save(self) -> str | None:
        if self.files.busy:
            QMessageBox.information(self, self.tr("请稍候"), self.tr("附件仍在检查保存中，完成后再保存"))
            return None
        text = self.text.toPlainText().strip()
        at = clock.parse(self.at.dateTime().toString("yyyy-MM-ddTHH:mm:ss"))
        details = None
        if self.correcting_call or (self.kind.currentData() == "intake" and not self.corrects):
            details = {k: e.text().strip() for k, e in self.intake.items() if e.text().strip()} or None
            if not text and details and details.get("what"):
                text = details["what"]
        try:
            if self.corrects:
                self.entry_id = duty.correct_entry(self.store, self.corrects["id"], text, at=at,
                                                   author=self.author.currentText(),
                                                   significant=self.significant.isChecked(),
                                                   open_item=self.open_item.isChecked(), details=details,
                                                   files=self.files.pending)
            else:
                self.entry_id = duty.add_entry(self.store, text, kind=self.kind.currentData(), at=at,
                                               author=self.author.currentText(),
                                               significant=self.significant.isChecked(),
                                               open_item=self.open_item.isChecked(), details=details,
                                               files=self.files.pending)
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("未保存"), str(exc))
            self.text.setFocus()
            return None
        self.accept()
        return self.entry_id
