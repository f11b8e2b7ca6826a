"""Printouts of the contacts area (通讯录, 通知记录): made off the GUI thread, then shown for printing."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from xhduty.ui.pdf_preview import PdfPreview
from xhduty.ui.qt import QDialog, QMessageBox, QVBoxLayout, QWidget
from xhduty.ui.tasks import run_task


def print_in_background(owner: QWidget, store, title: str, name: str, write: Callable) -> None:
    """``write(store, path)`` in a worker; the PDF is then opened in a preview dialog kept on ``owner``."""
    target = Path(tempfile.gettempdir()) / f"xhduty-{name}.pdf"

    def show(path) -> None:
        dialog = QDialog(owner)
        dialog.setWindowTitle(title)
        dialog.resize(820, 700)
        preview = PdfPreview(dialog)
        preview.show_pdf(path)
        QVBoxLayout(dialog).addWidget(preview)
        owner.pdf_dialog = dialog
        dialog.open()

    run_task(store, lambda worker_store, progress: write(worker_store, target), done=show,
             failed=lambda message: QMessageBox.warning(owner, title, message))
