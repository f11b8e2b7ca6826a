"""Forms that create something make one record, however fast Enter or the button is pressed.

Two Returns in quick succession reach a form's save twice: the second arrives while the first is still
saving (a question box runs its own event loop) or after it succeeded but before the dialog has gone.
Each creating form marks its save method with :func:`creates_once`; the method returns something true
when it made a record (its id, say) and ``None`` when it refused and the form stays open for a fix.
"""

from __future__ import annotations

import functools
from typing import Callable

from xhduty.ui.qt import QCoreApplication, QDialog, QDialogButtonBox, QMessageBox

_BUSY, _DONE = "busy", "done"


def creates_once(save: Callable | None = None, *, repeatable: bool = False):
    """Decorate a form's save method so that it runs at most once per record.

    While the save runs, a second call is ignored.  After a save that made a record, later calls are
    ignored too — the dialog is closing — unless ``repeatable`` (a pane that stays open for the next
    record), or until :func:`allow_another` re-arms the form.  A refused save (returns a false value or
    raises) leaves the form ready for the corrected input.
    """
    def decorate(method: Callable) -> Callable:
        state = f"_creates_once_{method.__name__}"

        @functools.wraps(method)
        def guarded(form, *args, **kwargs):
            if getattr(form, state, None) in (_BUSY, _DONE):
                return None
            setattr(form, state, _BUSY)
            made = None
            try:
                made = method(form)
            finally:
                setattr(form, state, _DONE if made and not repeatable else None)
            return made

        guarded.state = state
        return guarded

    return decorate(save) if save is not None else decorate


def save_cancel_buttons(dialog: QDialog, save: Callable) -> QDialogButtonBox:
    """Save (the default: Enter) and Cancel (Esc) for a form; ``save`` is its guarded save method."""
    buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
    buttons.button(QDialogButtonBox.Save).setDefault(True)
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def allow_another(form, save: Callable) -> None:
    """Re-arm ``form`` after its decorated ``save`` made a record or started making one: the form was
    cleared for the next record, or the work the save started in the background has finished."""
    setattr(form, save.state, None)



def confirm_removal(parent, title: str, text: str) -> bool:
    """Ask before removing something: a warning box saying ``text``, with 删除 and 取消 — 取消 the default,
    so an Enter pressed too soon keeps it, and Esc too.  True when the officer clicked 删除."""
    box = QMessageBox(QMessageBox.Warning, title, text, parent=parent)
    remove = box.addButton(QCoreApplication.translate("forms", "删除"), QMessageBox.DestructiveRole)
    cancel = box.addButton(QCoreApplication.translate("forms", "取消"), QMessageBox.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is remove
