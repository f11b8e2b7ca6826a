"""报送: the form for a 首报, 续报 or 终报, prefilled with what the incident already knows.

Switching the stage reloads the draft: a 首报 or 终报 starts with every 值班信息 field the incident knows;
a 续报 is numbered automatically and starts with only what changed since the last report, plus what the
log recorded since then.  Saving records the report as sent (its clock stops) and writes it to the log;
Enter moves to the next field, only Ctrl+Enter sends.
"""

from __future__ import annotations

from xhduty.core import clock, dates
from xhduty.core.incidents import deadlines
from xhduty.core.incidents import incidents
from xhduty.ui.forms import creates_once
from xhduty.ui.incidents.incident_dialog import time_field
from xhduty.ui.ops import run_op
from xhduty.ui.qt import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, Qt, QVBoxLayout, translate,
)


class ReportDialog(QDialog):
    def __init__(self, ctx, incident_id: str, stage: str = "first", parent=None, channel: str = "written"):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.incident = incidents.require_incident(self.store, incident_id)
        self.report_id: str | None = None
        self.setWindowTitle(self.tr("报送：{title}").format(title=self.incident["title"]))
        self.setMinimumWidth(680)

        self.stage = QComboBox()
        for code, name in deadlines.STAGE_NAMES.items():
            self.stage.addItem(name, code)
        self.channel = QComboBox()
        for code, name in deadlines.CHANNEL_NAMES.items():
            self.channel.addItem(name, code)
        self.channel.setCurrentIndex(self.channel.findData(channel))
        self.label = QLabel()
        self.at = time_field(clock.now(), self.tr("如 15:10、下午3点10分、6月3日 15:10；空为现在"))
        top = QHBoxLayout()
        for w in (QLabel(self.tr("阶段")), self.stage, QLabel(self.tr("方式")), self.channel, self.label):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("报送时间")))
        top.addWidget(self.at)

        fields = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, name in incidents.REPORT_FIELDS:
            edit = QLineEdit()
            self.fields[key] = edit
            fields.addRow(translate("labels", name), edit)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("报告正文（续报只写新情况）"))
        self.text.setFixedHeight(110)
        fields.addRow(self.tr("报告内容(&C)"), self.text)
        self.signed_by = QLineEdit()
        self.signed_by.setPlaceholderText(self.tr("书面报告由领导签发"))
        fields.addRow(self.tr("签发(&S)"), self.signed_by)
        self.print_after = QCheckBox(self.tr("报送后生成 PDF 以便打印"))
        self.print_after.setChecked(True)

        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText(self.tr("报送 (Ctrl+Enter)"))
        buttons.button(QDialogButtonBox.Save).setShortcut("Ctrl+Return")
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消 (Esc)"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.after = QLabel()  # what will be due next once this report is filed: the same as after filing
        self.after.setWordWrap(True)
        layout.addWidget(self.after)
        layout.addLayout(fields)
        layout.addWidget(self.print_after)
        layout.addWidget(buttons)

        self.stage.currentIndexChanged.connect(self._load_draft)
        self.stage.setCurrentIndex(self.stage.findData(stage))
        self._load_draft()
        # a report once sent goes up the chain and cannot be taken back: Enter moves to the next field, as
        # officers go down a form; only Ctrl+Enter sends
        for edit in (self.at, *self.fields.values(), self.signed_by):
            edit.returnPressed.connect(self.focusNextChild)
        for signal in (self.stage.currentIndexChanged, self.channel.currentIndexChanged, self.at.textChanged):
            signal.connect(self._show_next)
        self._show_next()
        self.text.setFocus()

    def keyPressEvent(self, event) -> None:
        """Enter that a field passed on (it moved to the next field) does not reach the default button."""
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & Qt.ControlModifier:
            return
        super().keyPressEvent(event)

    def _load_draft(self) -> None:
        draft = incidents.report_draft(self.store, self.incident["id"], self.stage.currentData())
        self.label.setText(draft["label"] if draft["stage"] == "followup" else "")
        for key, edit in self.fields.items():
            edit.setText(draft["fields"].get(key, ""))
        self.text.setPlainText(draft["text"])

    def _show_next(self, *_) -> None:
        try:
            at = incidents.happened_at(self.at.text().strip(), "报送时间", clock.now()) or clock.now()
        except dates.DateError as exc:   # said as it is typed; sending it is refused with the same words
            self.after.setText(str(exc))
            return
        nxt = incidents.next_after_filing(self.store, self.incident["id"], stage=self.stage.currentData(),
                                          channel=self.channel.currentData(), at=at)
        if nxt is None:
            self.after.setText(self.tr("报送后：没有待报的报告"))
        else:
            self.after.setText(self.tr("报送后下一项：{label}，应于 {due} 前报送").format(
                label=nxt.label, due=nxt.due.strftime("%m-%d %H:%M")))

    @creates_once
    def _save(self) -> str | None:
        fields = {k: e.text().strip() for k, e in self.fields.items() if e.text().strip()}
        done = run_op(self.ctx, self, incidents.submit_report, self.incident["id"], stage=self.stage.currentData(),
                      channel=self.channel.currentData(), text=self.text.toPlainText(), fields=fields,
                      signed_by=self.signed_by.text(), at=self.at.text().strip() or None, refused=self.tr("未报送"))
        if not done.ok:
            return None
        self.report_id = done.result
        self.accept()
        return self.report_id
