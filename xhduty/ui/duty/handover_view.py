"""交接班: what the next shift must know, confirmation by both officers, and the printed sheet.

Left: the summary of the shift (warnings from other areas first, then significant entries, leaders'
instructions, open items carried over, open incidents and tasks).  Right: who hands over to whom, notes,
and the sheet's preview.  Confirming closes the shift and opens the next in one step; when another area
reports something that needs attention (an overdue report, say), the officer must confirm it first.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.duty import handover
from xhduty.core.store import StoreError
from xhduty.reports.handover_sheet import write_handover_sheet
from xhduty.ui.pdf_preview import PdfPreview
from xhduty.ui.qt import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QKeySequence, QLabel, QLineEdit, QMessageBox,
    QPlainTextEdit, QPushButton, QShortcut, QSplitter, Qt, QTextEdit, QVBoxLayout, QWidget,
)
from xhduty.ui.tasks import run_task

TABLES = {"log_entries", "shifts", "handovers"}



def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;")


class View(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.summary = QTextEdit()
        self.summary.setReadOnly(True)

        self.outgoing = QComboBox()
        self.incoming1 = QLineEdit()
        self.incoming2 = QLineEdit()
        self.incoming2.setPlaceholderText(self.tr("可空"))
        self.leader = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("设备情况、收到的文电、其他需交代的事项"))
        self.notes.setFixedHeight(80)
        box = QGroupBox(self.tr("交接确认"))
        form = QFormLayout(box)
        form.addRow(self.tr("交班人确认"), self.outgoing)
        form.addRow(self.tr("接班值班员(&1)"), self.incoming1)
        form.addRow(self.tr("接班值班员(&2)"), self.incoming2)
        form.addRow(self.tr("接班带班领导"), self.leader)
        form.addRow(self.tr("交接事项"), self.notes)
        self.preview_button = QPushButton(self.tr("预览交接班单"))
        self.confirm_button = QPushButton(self.tr("确认交接 (Ctrl+Enter)"))
        self.confirm_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.confirm_button)
        form.addRow(buttons)
        self.preview_button.clicked.connect(self.preview)
        self.confirm_button.clicked.connect(self.confirm)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.confirm)

        self.state = QLabel()
        self.pdf = PdfPreview()
        right = QVBoxLayout()
        right.addWidget(box)
        right.addWidget(self.state)
        right.addWidget(self.pdf, 1)
        right_widget = QWidget()
        right_widget.setLayout(right)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.summary)
        split.addWidget(right_widget)
        split.setSizes([520, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._stale = True  # built hidden; filled when first shown

    def refresh(self, tables: set) -> None:
        if not tables & TABLES:
            return
        if not self.isVisible():
            # the summary asks every area (≈170 ms with demo data): not after each log entry while hidden
            self._stale = True
            return
        self._stale = False
        shift = duty.current_shift(self.store)
        self.confirm_button.setEnabled(shift is not None)
        self.preview_button.setEnabled(shift is not None)
        self.outgoing.clear()
        if shift is None:
            self.summary.setHtml(self.tr("<p>当前没有在岗班次。</p>"))
            return
        self.outgoing.addItems(shift["officers"])
        if not self.leader.text():
            self.leader.setText(shift["leader"])
        self.summary.setHtml(self._summary_html(handover.summary(self.store, shift["id"])))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh(TABLES)

    def _summary_html(self, data: dict) -> str:
        shift = data["shift"]
        parts = ["<h3>" + self.tr("本班：{start} 起，带班领导 {leader}，值班员 {officers}").format(
                     start=shift["started_at"][5:16].replace("T", " "), leader=_esc(shift["leader"]),
                     officers=_esc("、".join(shift["officers"]))) + "</h3>",
                 "<p>" + "；".join(f"{k} {v}" for k, v in data["counts"].items()) + "</p>"]
        if data["warnings"]:
            parts.append("<h4 style='color:#B00020'>" + self.tr("须特别注意") + "</h4><ul>"
                         + "".join(f"<li style='color:#B00020'>{_esc(w)}</li>" for w in data["warnings"]) + "</ul>")

        def section(title, items):
            if items:
                parts.append(f"<h4>{title}</h4><ul>" + "".join(f"<li>{_esc(i)}</li>" for i in items) + "</ul>")

        hm = lambda e: clock.parse(e["at"]).strftime("%H:%M")  # noqa: E731
        section(self.tr("重要事项"), [f"{hm(e)} {e['text']}" for e in data["significant"]])
        section(self.tr("领导指示"), [f"{hm(e)} {e['text']}" for e in data["instructions"]])
        section(self.tr("未办结事项（带入下一班）"),
                [f"{clock.parse(e['at']).strftime('%m-%d %H:%M')} {e['text']}" for e in data["open_items"]])
        for s in data["sections"]:
            section(_esc(s["title"]), s["rows"])
        section(self.tr("设备情况"), [f"{hm(e)} {e['text']}" for e in data["equipment"]])
        return "".join(parts)

    # ---------------------------------------------------------------- actions
    def _write_sheet(self, shift_id: str, label: str) -> None:
        target = Path(tempfile.gettempdir()) / f"xhduty-交接班单-{shift_id}.pdf"
        self.state.setText(self.tr("正在生成{label}……").format(label=label))
        run_task(self.store, lambda store, progress: write_handover_sheet(store, shift_id, target),
                 done=self._sheet_ready, failed=self._sheet_failed)

    def _sheet_ready(self, path) -> None:
        self.state.setText(self.tr("交接班单已生成：{path}").format(path=path))
        self.pdf.show_pdf(path)

    def _sheet_failed(self, message: str) -> None:
        self.state.setText("")
        QMessageBox.warning(self, self.tr("交接班单未生成"), message)

    def preview(self) -> None:
        shift = duty.current_shift(self.store)
        if shift:
            self._write_sheet(shift["id"], self.tr("预览"))

    def confirm(self) -> None:
        shift = duty.current_shift(self.store)
        if shift is None:
            return
        incoming = [self.incoming1.text().strip(), self.incoming2.text().strip()]
        data = handover.summary(self.store, shift["id"])
        if data["warnings"]:
            answer = QMessageBox.question(
                self, self.tr("确认交接"),
                self.tr("以下事项尚需注意，将写入交接班单：\n\n{items}\n\n仍要交接吗？").format(
                    items="\n".join(data["warnings"])))
            if answer != QMessageBox.Yes:
                return
        try:
            record = handover.hand_over(self.store, [n for n in incoming if n], leader=self.leader.text(),
                                        notes=self.notes.toPlainText(),
                                        outgoing_confirmed_by=self.outgoing.currentText())
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("未能交接"), str(exc))
            return
        self.incoming1.clear()
        self.incoming2.clear()
        self.notes.clear()
        self.leader.clear()
        self.ctx.changed({"shifts", "log_entries", "handovers"})
        self._write_sheet(record["shift_id"], self.tr("交接班单"))
