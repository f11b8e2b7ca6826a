"""The one import preview, shared by the roster, contacts and resources import actions.

Before anything is written the officer sees, for the file chosen: each sheet read, the header row found,
how each column maps (or that it is not imported), the first rows as they will be read, what will be
imported, and every warning and error with its sheet, row and column.  Import is offered only when there
are no errors (a file with errors imports nothing); Enter imports, Esc cancels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from xhduty.core import tabular
from xhduty.core.store import Store
from xhduty.ui.qt import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel, QListWidget, QMessageBox,
    QStandardItem, QStandardItemModel, QTabWidget, QTableView, QVBoxLayout, QWidget, translate,
)
from xhduty.ui.tasks import run_task


def _table_view(headers: list[str], rows: list[list[str]]) -> QTableView:
    model = QStandardItemModel(len(rows), len(headers))
    model.setHorizontalHeaderLabels(headers)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            model.setItem(r, c, QStandardItem(text))
    view = QTableView()
    view.setModel(model)
    model.setParent(view)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class ImportPreviewDialog(QDialog):
    """Shows a :class:`xhduty.core.tabular.Preview`; accepted means "import it"."""

    def __init__(self, preview: tabular.Preview, parent: QWidget | None = None):
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("导入预览：{file}").format(file=preview.file))
        self.resize(1000, 620)
        layout = QVBoxLayout(self)
        if preview.ok:
            summary = self.tr("检查通过，尚未导入。将导入：{what}").format(
                what="，".join(f"{k} {v}" for k, v in preview.counts.items()) or self.tr("无"))
        else:
            summary = self.tr("有 {n} 处错误，不能导入（有错误的文件不导入任何数据）。请改正后重新选择文件。").format(
                n=len(preview.errors))
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.sheets = QTabWidget()
        for t in preview.tables:
            page = QWidget()
            box = QVBoxLayout(page)
            box.addWidget(QLabel(self.tr("表头在第 {row} 行，共 {n} 行数据。列的对应：").format(
                row=t.header_row, n=len(t.rows))))
            box.addWidget(_table_view([self.tr("列"), self.tr("表头"), self.tr("导入为")],
                                      [[letter, header, label or self.tr("（不导入）")]
                                       for letter, header, label in t.mapping()]), 2)
            box.addWidget(QLabel(self.tr("前 {n} 行（表格中的原样，合并单元格已展开）：").format(n=min(len(t.rows), tabular.PREVIEW_ROWS))))
            box.addWidget(_table_view([self.tr("行"), *(t.labels[k] for k in t.fields)],
                                      [[str(row.number), *(row.text(k) for k in t.fields)]
                                       for row in t.rows[:tabular.PREVIEW_ROWS]]), 3)
            self.sheets.addTab(page, t.sheet)
        if preview.tables:
            layout.addWidget(self.sheets, 3)
        self.problems = QListWidget()
        self.problems.addItems([self.tr("错误：{p}").format(p=p) for p in preview.errors]
                               + [self.tr("警告：{p}").format(p=p) for p in preview.warnings])
        if self.problems.count():
            layout.addWidget(QLabel(self.tr("错误和警告（每行的工作表、行号、列）：")))
            layout.addWidget(self.problems, 1)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("取消"), QDialogButtonBox.RejectRole)
        self.import_button = buttons.addButton(self.tr("导入"), QDialogButtonBox.AcceptRole)
        self.import_button.setEnabled(preview.ok)
        self.import_button.setDefault(preview.ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def choose_file(parent: QWidget, title: str) -> Path | None:
        """The spreadsheet the officer picks (every format the importers read), or None."""
        path, _ = QFileDialog.getOpenFileName(
            parent, title, "", translate("ImportPreviewDialog", "表格文件 (*.xlsx *.xlsm *.xls *.et *.ods);;所有文件 (*)"))
        return Path(path) if path else None

    @staticmethod
    def preview_then_import(parent: QWidget, store: Store, make_preview: Callable[[Store], tabular.Preview],
                            start_import: Callable[[], object]):
        """Read the file off the GUI thread, show the preview, and call ``start_import`` if accepted."""
        def shown(preview: tabular.Preview) -> None:
            dialog = ImportPreviewDialog(preview, parent)
            if dialog.exec() == QDialog.Accepted:
                start_import()

        def failed(message: str) -> None:
            QMessageBox.warning(parent, translate("ImportPreviewDialog", "无法预览"), message)

        return run_task(store, lambda task_store, _progress: make_preview(task_store), done=shown, failed=failed)
