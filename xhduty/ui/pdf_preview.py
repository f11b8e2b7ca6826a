"""A printout shown in the app (QtPdf) and sent to a printer through Qt's print dialog."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from xhduty.ui.qt import (
    QDialog, QFileDialog, QHBoxLayout, QKeySequence, QLabel, QMessageBox, QPainter, QPushButton, QShortcut,
    QSize, QVBoxLayout, QWidget,
)
from xhduty.ui.tasks import run_task


class PdfPreview(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.path: Path | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.caption = QLabel()
        self.print_button = QPushButton(self.tr("打印… (Ctrl+P)"))
        self.save_button = QPushButton(self.tr("另存为…"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_copy)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_document)
        bar = QHBoxLayout()
        bar.addWidget(self.caption, 1)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._set_enabled(False)

    def _set_enabled(self, on: bool) -> None:
        self.print_button.setEnabled(on)
        self.save_button.setEnabled(on)

    def show_pdf(self, path: Path) -> None:
        self.path = Path(path)
        self.document.load(str(self.path))
        self.caption.setText(self.tr("{name}，共 {n} 页").format(name=self.path.name, n=self.document.pageCount()))
        self._set_enabled(self.document.pageCount() > 0)

    def save_copy(self) -> None:
        if not self.path:
            return
        target, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), self.path.name, "PDF (*.pdf)")
        if target:
            Path(target).write_bytes(self.path.read_bytes())

    def print_document(self) -> None:
        if not self.path or self.document.pageCount() == 0:
            return
        printer = QPrinter(QPrinter.HighResolution)
        printer.setDocName(self.path.stem)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.Accepted:
            return
        print_pdf(self.document, printer)


def print_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Render each page at the printer's resolution and paint it into the printable area."""
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        first, last = printer.fromPage() or 1, printer.toPage() or document.pageCount()
        for number in range(first - 1, last):
            if number > first - 1:
                printer.newPage()
            target = painter.viewport()
            points = document.pagePointSize(number)
            scale = min(target.width() / points.width(), target.height() / points.height())
            size = QSize(int(points.width() * scale), int(points.height() * scale))
            image = document.render(number, size)
            painter.drawImage(0, 0, image)
    finally:
        painter.end()


def show_pdf_dialog(owner: QWidget, title: str, path) -> QDialog:
    """Open ``path`` in a non-blocking preview dialog kept on ``owner`` (as ``owner.pdf_dialog``)."""
    dialog = QDialog(owner)
    dialog.setWindowTitle(title)
    dialog.resize(820, 700)
    preview = PdfPreview(dialog)
    preview.show_pdf(path)
    QVBoxLayout(dialog).addWidget(preview)
    owner.pdf_dialog = dialog
    dialog.open()
    return dialog


def print_in_background(owner: QWidget, store, title: str, name: str, write: Callable) -> None:
    """``write(store, path)`` on a worker thread; the PDF then opens in a preview dialog for printing."""
    target = Path(tempfile.gettempdir()) / f"xhduty-{name}.pdf"
    run_task(store, lambda worker_store, progress: write(worker_store, target),
             done=lambda path: show_pdf_dialog(owner, title, path),
             failed=lambda message: QMessageBox.warning(owner, title, message), holds_exit=True)
