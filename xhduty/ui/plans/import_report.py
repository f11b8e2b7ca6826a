"""What an import of plan files and documents did, file by file: imported (new, updated, unchanged — and
what was inferred), skipped and why, refused and why, and the parts of documents that could not be read.

Nothing refused or skipped is silent: the dialog lists every file the import saw.  Esc or Enter closes it.
"""

from __future__ import annotations

from xhduty.ui.qt import (
    QBrush, QColor, QDialog, QDialogButtonBox, QLabel, QStandardItem, QStandardItemModel, QVBoxLayout,
)
from xhduty.ui.tables import read_only_table

_COLOURS = {"ok": "#1B5E20", "skip": "#555555", "error": "#B00020", "note": "#8A6D3B"}


class ImportReportDialog(QDialog):
    def __init__(self, report, infer: dict[str, list[str]] | None = None, parent=None):
        """``report`` is a :class:`plans.ImportReport`; ``infer`` maps a plan id to the fields inferred."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入预案：结果"))
        actions = {"new": self.tr("新增"), "updated": self.tr("更新"), "unchanged": self.tr("未变")}
        fields = {"hazards": self.tr("适用事件类型"), "levels": self.tr("响应分级"), "owner": self.tr("编制单位")}
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels([self.tr("文件"), self.tr("结果"), self.tr("说明")])
        for item in report.imported:
            guessed = (infer or {}).get(item["id"], [])
            note = item["title"] + (self.tr("；推断了：{fields}（请核对）").format(
                fields="、".join(fields[f] for f in guessed)) if guessed else "")
            self._row(item["file"], actions[item["action"]], note, "ok")
        for namesake in report.namesakes:
            name, _, what = namesake.partition("：")
            self._row(name, self.tr("同名"), what, "note")
        for warning in report.warnings:
            name, _, what = warning.partition("：")
            self._row(name, self.tr("部分未读取"), what, "note")
        for item in report.skipped:
            self._row(item["file"], self.tr("跳过"), item["reason"], "skip")
        for error in report.errors:
            name, _, what = error.partition("：")
            self._row(name, self.tr("未导入"), what, "error")
        self.table = table = read_only_table(self.model, stretch=2)
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(1)
        self.summary = QLabel(report.summary())
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.Close).setText(self.tr("关闭"))
        buttons.button(QDialogButtonBox.Close).setDefault(True)
        buttons.button(QDialogButtonBox.Close).clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.resize(980, 520)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # once the note column has its width: long messages wrap

    def _row(self, file: str, result: str, note: str, kind: str) -> None:
        cells = [QStandardItem(file), QStandardItem(result), QStandardItem(note)]
        cells[1].setForeground(QBrush(QColor(_COLOURS[kind])))
        cells[2].setToolTip(note)
        self.model.appendRow(cells)

    def rows(self) -> list[tuple[str, str, str]]:
        """The table as text (file, result, note), for tests and for copying."""
        return [tuple(self.model.item(r, c).text() for c in range(3)) for r in range(self.model.rowCount())]
