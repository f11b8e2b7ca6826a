"""What every view shares: the store, the 'data changed' signal and the main window's status bar.

A view that writes calls :meth:`AppContext.changed` with the tables it touched (``Tx.changed`` lists
them); every view gets :meth:`View.refresh` with that set and reloads only if it shows one of them.
"""

from __future__ import annotations

from xhduty.core.store import Store
from xhduty.ui.qt import QObject, Signal


class AppContext(QObject):
    data_changed = Signal(set)        # names of tables written
    alerts_raised = Signal(list)      # list[jobs.Alert] newly raised
    status_message = Signal(str)

    def __init__(self, store: Store):
        super().__init__()
        self.store = store

    def changed(self, tables) -> None:
        self.data_changed.emit(set(tables))
