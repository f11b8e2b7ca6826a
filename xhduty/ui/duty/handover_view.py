"""交接班: what the next shift must know, confirmation by both officers, the printed sheet, and past sheets.

Left, tab 本班交接: the sheet of the shift on duty as it stands (the model the PDF prints — warnings from
other areas first, then significant entries, leaders' instructions, open items carried over, open incidents
and tasks, equipment and other matters, the entries).  Tab 往班交接班单 (Alt+H): every past handover of
this station; Enter or a double click shows its sheet exactly as it was handed over, ready to print again.
Right: who hands over to whom, notes, and the sheet's preview.  Confirming checks the names first, then
asks about what needs attention, then — in the background — renders the sheet and only if that worked
closes the shift and opens the next in one step.

Nothing slow runs on the GUI thread: the sheet asks every area (≈170 ms with demo data), so it is read on a
worker (:func:`load`) while the tab says so, and the handover itself runs through
:func:`xhduty.ui.ops.run_op_in_background`, which announces exactly what it wrote.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from xhduty.core.duty import duty
from xhduty.core.duty import handover
from xhduty.core.store import StoreError
from xhduty.ui.forms import allow_another, creates_once
from xhduty.ui.ops import Done, run_op_in_background
from xhduty.ui.pdf_preview import PdfPreview
from xhduty.ui.qt import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QKeySequence, QLabel, QLineEdit, QMessageBox,
    QPlainTextEdit, QPushButton, QShortcut, QSplitter, Qt, QTabWidget, QTextEdit, QVBoxLayout, QWidget,
    QT_TRANSLATE_NOOP, translate,
)
from xhduty.ui.tables import Column, RowsModel, field, read_only_table
from xhduty.ui.tasks import run_task

TABLES = {"log_entries", "shifts", "handovers"}

PAST_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("labels", "班次开始"), lambda r: r["started_at"][:16].replace("T", " ")),
    Column(QT_TRANSLATE_NOOP("labels", "交接时间"), lambda r: r["at"][:16].replace("T", " ")),
    Column(QT_TRANSLATE_NOOP("labels", "交班值班员"), lambda r: "、".join(r["outgoing"])),
    Column(QT_TRANSLATE_NOOP("labels", "接班值班员"), lambda r: "、".join(r["incoming"])),
    Column(QT_TRANSLATE_NOOP("labels", "带班领导"), field("shift_leader")),
]


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>")


def _temp_pdf(name: str) -> Path:
    return Path(tempfile.gettempdir()) / f"xhduty-交接班单-{name}.pdf"


SCREEN_ENTRIES = 60    # the newest entries the screen lists (a 200-row rich-text table takes ~100 ms to lay out on
                       # the GUI thread); the log and the printed sheet have them all


def load(store, _progress=None) -> dict:
    """What the area shows, read and formatted on a worker: ``{"past": past handovers, "shift": the shift
    on duty or None, "sheet": its live sheet (:func:`handover.sheet`) or None, "html": the sheet as the
    screen shows it (:func:`sheet_html`) or None}``."""
    shift = duty.current_shift(store)
    sheet = handover.sheet(store, shift["id"]) if shift else None
    return {"past": handover.past_handovers(store), "shift": shift, "sheet": sheet,
            "html": sheet_html(sheet) if sheet else None}


def sheet_html(model: dict) -> str:
    """The sheet model (:func:`handover.sheet`) as the screen shows it: the same sections as the PDF, and
    the shift's newest :data:`SCREEN_ENTRIES` entries (all of them are in the log and on the printed sheet).
    Made on the worker; its texts are in the context of this module's ``View.tr``."""
    shift = model["shift"]
    parts = ["<h3>" + translate("View", "本班：{start} 起，带班领导 {leader}，值班员 {officers}").format(
                 start=shift["start"], leader=_esc(shift["leader"]),
                 officers=_esc("、".join(shift["officers"]))) + "</h3>",
             "<p>" + _esc("；".join(f"{k} {v}" for k, v in model["counts"])) + "</p>"]
    if model["warnings"]:
        parts.append("<h4 style='color:#B00020'>" + translate("View", "须特别注意") + "</h4><ul>"
                     + "".join(f"<li style='color:#B00020'>{_esc(w)}</li>" for w in model["warnings"]) + "</ul>")
    for section in model["sections"]:  # titles are the sheet's own (data, like the PDF prints them)
        parts.append(f"<h4>{_esc(section['title'])}</h4><ul>"
                     + "".join(f"<li>{_esc(line)}</li>" for line in section["lines"]) + "</ul>")
    entries = model["entries"]
    parts.append("<h4>" + translate("View", "本班值班记录") + "</h4>")
    if len(entries) > SCREEN_ENTRIES:
        parts.append("<p>" + translate("View", "本班共 {n} 条记录，这里列出最近 {shown} 条；全部记录见值班日志和交接班单。").format(
            n=len(entries), shown=SCREEN_ENTRIES) + "</p>")
    parts.append("<table cellpadding='2'>")
    for e in entries[-SCREEN_ENTRIES:]:
        style = " style='background:#FFF3CD'" if e["significant"] else ""
        parts.append(f"<tr{style}><td>{e['at']}</td><td>{_esc(e['kind'])}</td><td>{_esc(e['text'])}</td>"
                     f"<td>{_esc(e['author'])}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


class View(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.summary = QTextEdit()
        self.summary.setReadOnly(True)
        self.past_model = RowsModel(PAST_COLUMNS, parent=self)
        self.past = read_only_table(self.past_model, stretch=3)
        self.past.doubleClicked.connect(lambda index: self.reprint(index.row()))
        QShortcut(QKeySequence(Qt.Key_Return), self.past, context=Qt.WidgetShortcut,
                  activated=lambda: self.reprint(self.past.currentIndex().row()))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.summary, self.tr("本班交接"))
        self.tabs.addTab(self.past, self.tr("往班交接班单 Alt+H"))
        QShortcut(QKeySequence("Alt+H"), self, activated=self._show_past)

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
        self.confirm_button.clicked.connect(lambda: self.confirm())
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=lambda: self.confirm())

        self.state = QLabel()
        self.state.setWordWrap(True)
        self.pdf = PdfPreview()
        right = QVBoxLayout()
        right.addWidget(box)
        right.addWidget(self.state)
        right.addWidget(self.pdf, 1)
        right_widget = QWidget()
        right_widget.setLayout(right)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.tabs)
        split.addWidget(right_widget)
        split.setSizes([560, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._stale = True  # built hidden; filled when first shown
        self._loading = 0   # the number of the latest load asked for; an older one's answer is dropped
        self._shown = 0     # the number of the load shown
        self.loaded: dict | None = None   # what load() last returned

    def refresh(self, tables: set) -> None:
        if not tables & TABLES:
            return
        if not self.isVisible():
            # not after each log entry while hidden: read when shown
            self._stale = True
            return
        self._stale = False
        self._loading += 1
        number = self._loading
        if self.loaded is None:
            self.summary.setHtml(self.tr("<p>正在读取本班交接情况……</p>"))
            self.confirm_button.setEnabled(False)
            self.preview_button.setEnabled(False)
        run_task(self.store, load, done=lambda data: self._show(number, data),
                 failed=lambda message: self._show_failed(number, message))

    def _show(self, number: int, data: dict) -> None:
        if number != self._loading:
            return
        self._shown, self.loaded = number, data
        self.past_model.set_rows(data["past"])
        self.past.resizeColumnsToContents()
        shift = data["shift"]
        self.confirm_button.setEnabled(shift is not None)
        self.preview_button.setEnabled(shift is not None)
        confirmer = self.outgoing.currentText()
        self.outgoing.clear()
        if shift is None:
            self.summary.setHtml(self.tr("<p>当前没有在岗班次。</p>"))
            return
        self.outgoing.addItems(shift["officers"])
        self.outgoing.setCurrentIndex(max(0, self.outgoing.findText(confirmer)))
        if not self.leader.text():
            self.leader.setText(shift["leader"])
        self.summary.setHtml(data["html"])

    def ready(self) -> bool:
        """True when what the area shows is the latest read (no load under way)."""
        return not self._stale and self._shown == self._loading

    def _show_failed(self, number: int, message: str) -> None:
        if number == self._loading:
            self._shown = number
            self.summary.setHtml("<p>" + self.tr("未能读取本班交接情况：{message}").format(message=_esc(message))
                                 + "</p>")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh(TABLES)

    def activate(self) -> None:
        """Opened by its shortcut (Ctrl+5): the cursor waits in 接班值班员, where a handover starts."""
        self.tabs.setCurrentWidget(self.summary)
        self.incoming1.setFocus()

    def _show_past(self) -> None:
        self.tabs.setCurrentWidget(self.past)
        self.past.setFocus()
        if self.past_model.rowCount() and not self.past.currentIndex().isValid():
            self.past.setCurrentIndex(self.past_model.index(0, 0))

    # ---------------------------------------------------------------- actions
    def _show_sheet(self, work, label: str) -> None:
        self.state.setText(self.tr("正在生成{label}……").format(label=label))
        run_task(self.store, work, done=self._sheet_ready, failed=self._sheet_failed)

    def _sheet_ready(self, path) -> None:
        self.state.setText(self.tr("交接班单已生成：{path}").format(path=path))
        self.pdf.show_pdf(path)

    def _sheet_failed(self, message: str) -> None:
        self.state.setText("")
        QMessageBox.warning(self, self.tr("交接班单未生成"), message)

    def _incoming(self) -> list[str]:
        return [n for n in (self.incoming1.text().strip(), self.incoming2.text().strip()) if n]

    def preview(self) -> None:
        shift = duty.current_shift(self.store)
        if not shift:
            return
        incoming, leader, notes = self._incoming(), self.leader.text().strip(), self.notes.toPlainText()

        def work(store, _progress):
            from xhduty.reports.handover_sheet import write_sheet  # reportlab: imported on the worker

            return write_sheet(handover.sheet(store, shift["id"], incoming=incoming, leader=leader, notes=notes),
                               _temp_pdf(shift["id"]))

        self._show_sheet(work, self.tr("预览"))

    def reprint(self, row: int) -> None:
        """Show the sheet of the past handover in ``row`` as it was handed over."""
        if not 0 <= row < self.past_model.rowCount():
            return
        shift_id = self.past_model.rows[row]["shift_id"]

        def work(store, _progress):
            from xhduty.reports.handover_sheet import write_handover_sheet

            return write_handover_sheet(store, shift_id, _temp_pdf(shift_id))

        self._show_sheet(work, self.tr("往班交接班单"))

    @creates_once
    def confirm(self) -> bool | None:
        """Check the names, ask about what needs attention, then hand over in the background.  Returns
        True once the handover is under way (a second Ctrl+Enter meanwhile is ignored)."""
        if duty.current_shift(self.store) is None:
            return None
        incoming, leader = self._incoming(), self.leader.text()
        notes, confirmer = self.notes.toPlainText(), self.outgoing.currentText()
        try:  # every name rule before any question
            shift, *_ = handover.check_names(self.store, incoming, leader, confirmer)
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("未能交接"), str(exc))
            return None
        sheet = (self.loaded or {}).get("sheet")
        warnings = sheet["warnings"] if sheet and sheet["shift"]["id"] == shift["id"] \
            else handover.summary(self.store, shift["id"])["warnings"]
        if warnings:
            answer = QMessageBox.question(
                self, self.tr("确认交接"),
                self.tr("以下事项尚需注意，将写入交接班单：\n\n{items}\n\n仍要交接吗？").format(
                    items="\n".join(warnings)))
            if answer != QMessageBox.Yes:
                return None
        self.confirm_button.setEnabled(False)
        self.state.setText(self.tr("正在生成交接班单并交接……"))

        def work(store):
            from xhduty.reports.handover_sheet import sheet_pdf

            record = handover.hand_over(store, incoming, leader=leader, notes=notes,
                                        outgoing_confirmed_by=confirmer, render=sheet_pdf)
            path = _temp_pdf(record["shift_id"])
            path.write_bytes(record["rendered"])
            return path

        run_op_in_background(self.ctx, self, work, refused=self.tr("未能交接"), done=self._handed_over)
        return True

    def _handed_over(self, done: Done) -> None:
        """After the handover ran (its changes are announced already; a refusal was shown)."""
        allow_another(self, View.confirm)
        if not done.ok:
            self.confirm_button.setEnabled(duty.current_shift(self.store) is not None)
            self.state.setText(self.tr("未交接，本班仍在岗。"))
            return
        for edit in (self.incoming1, self.incoming2, self.leader):
            edit.clear()
        self.notes.clear()
        self._sheet_ready(done.result)
