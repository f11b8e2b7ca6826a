"""What every view shares: the store, the 'data changed' signal and the main window's status bar.

A view writes through :func:`xhduty.ui.ops.run_op`, which announces exactly what the operation wrote
(a :class:`~xhduty.core.changes.Changes`, a frozenset of table names that also knows each record id);
every view gets :meth:`View.refresh` with it and updates only if it shows one of those tables.
"""

from __future__ import annotations

from xhduty.core.changes import Changes
from xhduty.core.store import Store
from xhduty.ui.qt import QObject, Signal


class AppContext(QObject):
    data_changed = Signal(object)     # Changes: the tables (and record ids) written
    alerts_raised = Signal(list)      # list[jobs.Alert] newly raised
    status_message = Signal(str)

    def __init__(self, store: Store):
        super().__init__()
        self.store = store

    def changed(self, changes) -> None:
        """Tell every view what was written: a :class:`Changes`, or table names when only those are known
        (a whole table rebuilt, or what another program wrote)."""
        self.data_changed.emit(changes if isinstance(changes, Changes) else Changes.of_tables(changes))
