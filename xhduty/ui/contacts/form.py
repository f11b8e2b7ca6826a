"""What every form of the contacts area shares: its parts stacked, a red line for the error, Save/Cancel
(Enter saves, Esc cancels), saving that keeps the dialog open with the message when core refuses, and
announcing what the form wrote."""

from __future__ import annotations

from typing import Callable

from xhduty.core.store import StoreError
from xhduty.ui.ops import Done, run_op
from xhduty.ui.qt import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


def lay_out(dialog: QDialog, *parts, on_save: Callable[[], None], save_text: str | None = None) -> None:
    """Stack ``parts`` (widgets or layouts), then ``dialog.error`` and the buttons."""
    dialog.error = QLabel()
    dialog.error.setStyleSheet("color: #B00020")
    dialog.error.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
    if save_text:
        buttons.button(QDialogButtonBox.Save).setText(save_text)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    for part, stretch in ((p, 0) if not isinstance(p, tuple) else p for p in parts):
        (layout.addWidget if isinstance(part, QWidget) else layout.addLayout)(part, stretch)
    layout.addWidget(dialog.error)
    layout.addWidget(buttons)


def submit(dialog: QDialog, action: Callable[[], None]) -> None:
    """Run ``action``; a StoreError is shown in the form (which stays open), success closes it."""
    try:
        action()
    except StoreError as exc:
        dialog.error.setText(str(exc))
        return
    dialog.accept()


def run_form(ctx, dialog: QDialog) -> Done:
    """Show a form that saves through core (:func:`submit`) and announce exactly what it wrote, as
    :func:`xhduty.ui.ops.run_op` does for an operation; ``result`` is whether the form was saved."""
    return run_op(ctx, dialog.parentWidget(), lambda _store: dialog.exec() == QDialog.Accepted)
