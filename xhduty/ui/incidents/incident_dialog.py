"""立案: the form that opens an incident, on its own or from an intake (来电接报) log entry.

Given ``entry_id`` it starts with what the call record holds (place, times, casualties, caller, what
happened); the officer picks the class and sub-type, the level (未定级 when unknown) and the division.
Enter saves, Esc cancels; bad input is refused by the core with a message naming the field.  Photos and
documents of the incident are attached with Ctrl+Shift+A, by dropping or pasting them (also into 事件情况);
they are saved with the incident, in its transaction.
"""

from __future__ import annotations

from datetime import datetime

from xhduty.core import clock, refdata
from xhduty.core.incidents import incidents
from xhduty.ui.ops import run_op
from xhduty.ui.attachments import AttachmentsStrip
from xhduty.ui.forms import creates_once
from xhduty.ui.qt import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPlainTextEdit, QVBoxLayout,
)

def time_field(when: datetime | None, forms: str) -> QLineEdit:
    """A field for a time typed as officers type it — 15:10, 下午3点10分, 6月3日 15:10 — read by the core
    with the one parser (:mod:`xhduty.core.dates`; a moment already past by :func:`incidents.happened_at`,
    so 23:58 typed after midnight is last night's).  Starts with ``when`` to the minute, selected so that
    typing replaces it; ``forms`` is the placeholder and tooltip naming the accepted forms."""
    edit = QLineEdit(f"{when.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M}" if when else "")
    edit.setPlaceholderText(forms)
    edit.setToolTip(forms)
    edit.selectAll()
    return edit


class IncidentDialog(QDialog):
    def __init__(self, ctx, entry_id: str | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.entry_id = entry_id
        self.incident_id: str | None = None
        self.setWindowTitle(self.tr("立案"))
        self.setMinimumWidth(640)
        form = incidents.prefill_from_entry(self.store, entry_id) if entry_id else {}

        self.title = QLineEdit(form.get("title", ""))
        self.category = QComboBox()
        self.subtype = QComboBox()
        self._types = refdata.event_types(self.store)
        for t in self._types:
            if not t["parent"]:
                self.category.addItem(t["name"], t["code"])
        self.category.currentIndexChanged.connect(self._fill_subtypes)
        self._fill_subtypes()
        kind = QHBoxLayout()
        kind.addWidget(self.category, 1)
        kind.addWidget(self.subtype, 2)
        self.level = QComboBox()
        for lv in refdata.levels(self.store):
            self.level.addItem(f"{lv['name']}（{lv['label']}）" if lv["code"] != "U" else lv["name"], lv["code"])
        self.level.setCurrentIndex(self.level.findData("U"))
        self.division = QComboBox()
        self.division.addItem(self.tr("（不限街镇）"), None)
        for d in refdata.divisions(self.store):
            self.division.addItem(d["name"], d["code"])
        self.division.setCurrentIndex(max(0, self.division.findData(incidents.home_division(self.store))))
        self.place = QLineEdit(form.get("place", ""))
        self.occurred = QLineEdit(form.get("occurred_at", "")[:16].replace("T", " "))
        self.occurred.setPlaceholderText(self.tr("如 13:50、下午1点50分、11月29日 13:50，不详可空"))
        self.taken = time_field(clock.parse(form["taken_at"]) if form.get("taken_at") else clock.now(),
                                  self.tr("如 15:10、下午3点10分、6月3日 15:10；空为现在"))
        self.casualties = QLineEdit(form.get("casualties", ""))
        self.losses = QLineEdit()
        self.source = QLineEdit(form.get("source", ""))
        self.description = QPlainTextEdit(form.get("description", ""))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(80)

        layout = QVBoxLayout(self)
        if entry_id:
            note = QLabel(self.tr("由来电接报记录立案，已带入电话记录的内容。"))
            note.setWordWrap(True)
            layout.addWidget(note)
        fields = QFormLayout()
        fields.addRow(self.tr("事件名称(&N)"), self.title)
        fields.addRow(self.tr("类别/子类"), kind)
        fields.addRow(self.tr("事件级别(&L)"), self.level)
        fields.addRow(self.tr("所属街镇(&D)"), self.division)
        fields.addRow(self.tr("事发地点(&P)"), self.place)
        fields.addRow(self.tr("事发时间"), self.occurred)
        fields.addRow(self.tr("接报时间(&T)"), self.taken)
        fields.addRow(self.tr("伤亡情况"), self.casualties)
        fields.addRow(self.tr("财产损失"), self.losses)
        fields.addRow(self.tr("信息来源"), self.source)
        fields.addRow(self.tr("事件情况"), self.description)
        layout.addLayout(fields)
        self.files = AttachmentsStrip(ctx, "incidents", parent=self, compact=True)
        self.files.take_files_from(self.description)
        layout.addWidget(self.files)
        for edit in (self.title, self.place, self.occurred, self.taken, self.casualties, self.losses, self.source):
            edit.returnPressed.connect(self._save)

        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText(self.tr("立案 (Enter)"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消 (Esc)"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.title.setFocus()

    def _fill_subtypes(self) -> None:
        category = self.category.currentData()
        self.subtype.clear()
        self.subtype.addItem(self.tr("（未细分）"), category)
        for t in self._types:
            if t["parent"] == category:
                self.subtype.addItem(t["name"], t["code"])

    def set_type(self, code: str) -> None:
        self.category.setCurrentIndex(self.category.findData(code.split(".")[0]))
        self.subtype.setCurrentIndex(max(0, self.subtype.findData(code)))

    def set_level(self, code: str) -> None:
        self.level.setCurrentIndex(self.level.findData(code))

    @creates_once
    def _save(self) -> str | None:
        if self.files.busy:
            QMessageBox.information(self, self.tr("请稍候"), self.tr("附件仍在检查保存中，完成后再保存"))
            return None
        done = run_op(
            self.ctx, self, incidents.open_incident, refused=self.tr("未立案"),
            title=self.title.text(), type_code=self.subtype.currentData(),
            level=self.level.currentData(), division=self.division.currentData(), place=self.place.text(),
            occurred_at=self.occurred.text().strip() or None, taken_at=self.taken.text().strip() or None,
            casualties=self.casualties.text(), losses=self.losses.text(), source=self.source.text(),
            description=self.description.toPlainText(), entry_id=self.entry_id, files=self.files.pending)
        if not done.ok:
            return None
        self.incident_id = done.result
        self.accept()
        return self.incident_id
