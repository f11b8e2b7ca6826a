"""Work off the GUI thread (imports, PDFs, backups, sync) with results handed back on the GUI thread.

A task gets its own database connection: SQLite in WAL mode lets it write while the window keeps reading
through the main connection, and no Qt object is touched from the worker (Picard's rule).
"""

from __future__ import annotations

import threading
import traceback
from typing import Any, Callable

from xhduty.core.store import Store, open_store
from xhduty.ui.qt import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    progress = Signal(object)          # the values the task reported, as a tuple
    done = Signal(object)
    failed = Signal(str)


class Stopped(Exception):
    """Raised in a task by its own progress report once the program is ending (:func:`wind_down`) and the
    task is work the window started by itself: it ends there, between two steps it has finished (a sync
    between two pages), and is simply done again next time."""


_ending = threading.Event()      # set by wind_down: the window is gone, the program is ending


class _Task(QRunnable):
    def __init__(self, db_path, fn, holds_exit: bool):
        super().__init__()
        self.db_path, self.fn, self.holds_exit = db_path, fn, holds_exit
        self.signals = _Signals()

    def report(self, *values) -> None:
        if _ending.is_set() and not self.holds_exit:
            raise Stopped
        self.signals.progress.emit(values)

    def run(self) -> None:
        store = None
        try:
            store = open_store(self.db_path)
            result = self.fn(store, self.report)
        except Stopped:
            return                        # nobody is left to tell: the window is gone
        except Exception as exc:  # reported to the user on the GUI thread
            traceback.print_exc()
            self.signals.failed.emit(str(exc))
        else:
            self.signals.done.emit(result)
        finally:
            if store is not None:
                store.close()


_running: set[_Signals] = set()  # keeps each task's signal object alive until its result is delivered
_holding: set[_Signals] = set()  # tasks whose outcome the officer must see before the window closes


def run_task(store: Store, fn: Callable[[Store, Callable[..., None]], Any], *,
             done: Callable[[Any], None] | None = None, failed: Callable[[str], None] | None = None,
             progress: Callable[[tuple], None] | None = None, holds_exit: bool = False) -> _Signals:
    """Run ``fn(store, progress)`` on the thread pool with its own connection to ``store``'s database.
    What the task reports, ``progress(*values)`` on its thread, reaches ``progress(values)`` on the GUI
    thread (through a signal of the task's own, which outlives a closed window).

    ``holds_exit``: the officer started it and must see how it ended — an import's rows not imported, an
    export that could not be written, notices not sent — so the main window stays open until its ``done``
    or ``failed`` has run (:func:`holding_exit`).  Left False for what the window does by itself (counts,
    indexes, thumbnails, the periodic sync): those are simply done again next time, and once the program
    is ending their next ``progress`` report raises :class:`Stopped` (:func:`wind_down`)."""
    task = _Task(store.path, fn, holds_exit)
    if done:
        task.signals.done.connect(done)
    if failed:
        task.signals.failed.connect(failed)
    if progress:
        task.signals.progress.connect(progress)
    signals = task.signals
    _running.add(signals)
    signals.done.connect(lambda _result: _running.discard(signals))
    signals.failed.connect(lambda _message: _running.discard(signals))
    if holds_exit:     # released after done/failed (connected before, so called before): a warning they show
        _holding.add(signals)                                          # is on screen first
        signals.done.connect(lambda _result: _holding.discard(signals))
        signals.failed.connect(lambda _message: _holding.discard(signals))
    QThreadPool.globalInstance().start(task)
    return signals


def holding_exit() -> int:
    """How many tasks started with ``holds_exit`` have not yet delivered their outcome."""
    return len(_holding)


def wind_down() -> None:
    """End the background work before the program ends (called once the event loop has returned, before
    the station's database is closed): work the window started by itself stops at its next progress report
    (:class:`Stopped`; a sync then ends between two pages, each page committed or not at all), work the
    officer started (``holds_exit``: an import, an export, a sending the officer chose not to wait for) runs
    to its end.  Returns when no task is left.

    Without this the pool's threads finish while Qt and Python tear down, and a task's result then meets
    signal objects already deleted ("Signal source has been deleted", a traceback on stderr); a long sync
    started by the timer kept the program running to its end after the window had closed."""
    _ending.set()
    try:
        QThreadPool.globalInstance().waitForDone()
    finally:
        _ending.clear()
