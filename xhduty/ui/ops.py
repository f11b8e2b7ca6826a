"""Run a core operation from a view: refuse in Chinese, announce exactly what it wrote.

Every write a view makes goes through :func:`run_op` (short operations, on the GUI thread) or
:func:`run_op_in_background` (long ones, on a worker with its own connection).  Both collect the
:class:`~xhduty.core.changes.Changes` of every transaction the operation commits
(:meth:`Store.collect`) and announce them with :meth:`AppContext.changed`, so no view hand-writes the
tables it thinks it touched, and a view can update only the rows that changed.  A :class:`StoreError`
(the core's refusals, already in Chinese) becomes a warning box titled ``refused``; what the operation
committed before it was refused is still announced.  The pattern is Anki's ``CollectionOp``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from xhduty.core.changes import Changes
from xhduty.core.store import Store, StoreError
from xhduty.ui.qt import QCoreApplication, QMessageBox
from xhduty.ui.tasks import run_task


@dataclass(frozen=True)
class Done:
    """How an operation ended: ``ok`` (False when refused), its ``result`` and the ``changes`` it made."""

    ok: bool
    result: Any = None
    changes: Changes = Changes()


def run_op(ctx, parent, fn: Callable[..., Any], *args, refused: str | None = None, **kwargs) -> Done:
    """Call ``fn(ctx.store, *args, **kwargs)`` now; warn (titled ``refused``) if it raises StoreError."""
    with ctx.store.collect() as collected:
        try:
            result = fn(ctx.store, *args, **kwargs)
        except StoreError as exc:
            _warn(parent, refused, str(exc))
            done = Done(False)
        else:
            done = Done(True, result)
    done = Done(done.ok, done.result, collected.changes)
    if done.changes:
        ctx.changed(done.changes)
    return done


def run_op_in_background(ctx, parent, fn: Callable[..., Any], *args, refused: str | None = None,
                         done: Callable[[Done], None] | None = None, **kwargs) -> None:
    """Call ``fn(store, *args, **kwargs)`` on a worker with its own connection; on the GUI thread
    announce its changes, then call ``done`` with a :class:`Done` (also when refused).  The main window
    does not close before that (``holds_exit``): the officer sees what was refused."""

    def work(store: Store, _progress) -> Done:
        with store.collect() as collected:
            try:
                result = fn(store, *args, **kwargs)
            except StoreError as exc:
                return Done(False, str(exc), collected.changes)
        return Done(True, result, collected.changes)

    def finished(outcome: Done) -> None:
        if outcome.changes:
            ctx.changed(outcome.changes)
        if not outcome.ok:
            _warn(parent, refused, outcome.result)
            outcome = Done(False, None, outcome.changes)
        if done:
            done(outcome)

    def failed(message: str) -> None:
        _warn(parent, refused, message)
        if done:
            done(Done(False))

    run_task(ctx.store, work, done=finished, failed=failed, holds_exit=True)


def export_in_background(ctx, parent, write: Callable[[Store, Callable[..., None]], Any], *, said: str,
                         refused: str) -> None:
    """Write a file — an export, a report — with ``write(store, progress)`` on a worker (its own
    connection); ``write`` returns the path written.  Then the status bar says ``said`` (with ``{path}``
    filled in), or a warning titled ``refused`` gives the reason (a file that is open elsewhere, a full
    disk).  The main window does not close before that (``holds_exit``): a file not written is seen."""
    run_task(ctx.store, write, done=lambda path: ctx.status_message.emit(said.format(path=path)),
             failed=lambda message: _warn(parent, refused, message), holds_exit=True)


def _warn(parent, title: str | None, message: str) -> None:
    QMessageBox.warning(parent, title or QCoreApplication.translate("ops", "未保存"), message)
