"""The window's search index of the contact book, built and kept up to date off the GUI thread.

Spelling 200,000 names in pinyin takes tens of seconds, so :class:`PeopleFinder` builds the
:class:`~xhduty.core.contacts.contacts.ContactIndex` on a worker when the contacts area first opens — from
the spellings kept in the station's ``contact_keys`` (core/contacts/people_keys.py), keeping there those it
had to spell, for the next opening and the CLI — and
after a write or a sync makes the next index from the current one on a worker again
(:meth:`ContactIndex.updated`: only the people written are read and spelt again).  Searches go on in the
current index meanwhile; :attr:`PeopleFinder.ready` says when a newer one is in place.  One finder serves
every view of a window (:func:`finder_for`), so the index is built once.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from weakref import WeakKeyDictionary

from xhduty.core.changes import Changes
from xhduty.core.contacts import contacts, people_keys
from xhduty.ui.qt import QObject, Signal
from xhduty.ui.tables import ONE_BY_ONE
from xhduty.ui.tasks import run_task

INDEXED = {"people", "units"}


class PeopleFinder(QObject):
    """``index`` is the newest index built (None until the first is); ``ready`` fires with each new one."""

    ready = Signal()
    failed = Signal(str)   # why an index could not be built (the older one, if any, stays in use)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.index: contacts.ContactIndex | None = None
        self._running = False
        self._pending: list[str] | None = []   # people written since the running build read them (None: anyone)
        self._again = True

    def search(self, query: str, limit: int) -> list[str] | None:
        """Person ids best first, or None while the first index is being built."""
        return None if self.index is None else self.index.search_ids(query, limit=limit)

    def changed(self, changes: Changes) -> None:
        """Bring the index up to date with what was written (connected to the window's ``data_changed``)."""
        if not changes & INDEXED:
            return
        ids = changes.ids("people") if "people" in changes.rows else [] if "people" not in changes else None
        if self._pending is not None:   # None: anyone may have changed (a sync, an import): compare everyone
            self._pending = self._pending + ids if ids is not None and len(ids) <= ONE_BY_ONE else None
        self._again = True
        self.start()

    def start(self) -> None:
        """Build (or bring up to date) the index on a worker, unless a build is running or nothing changed."""
        if self._running or not self._again:
            return
        base, ids = self.index, self._pending
        self._running, self._again, self._pending = True, False, []

        lacking: list = []   # what the stored keys lack, read before the first index is built

        def build(store, _progress) -> contacts.ContactIndex:
            with _without_pauses(set_aside=base is None):
                if base is not None:
                    return base.updated(store, ids)
                lacking.append(people_keys.pending(store))
                return contacts.ContactIndex(store)

        def built(index: contacts.ContactIndex) -> None:
            self.index, self._running = index, False
            self.ready.emit()
            if lacking:   # kept for the next opening and the CLI once searching has started
                run_task(self.store,
                         lambda store, _progress: people_keys.keep_index(store, lacking[0], index, rest=2.0))
            self.start()

        def failed(message: str) -> None:
            self._running = False
            self.failed.emit(message)

        run_task(self.store, build, done=built, failed=failed)


@contextmanager
def _without_pauses(set_aside: bool):
    """Build without Python's full garbage collections; after the first build, ``set_aside`` what exists.

    A full collection walks every object, holding the lock the window's thread needs: while 200,000 entries
    were being made, each stopped the window for 100–250 ms (bench/contacts_search.py: the longest wait fell
    from 177 to 28 ms).  Freezing (``gc.freeze``) spares every later collection the index's entries; it
    also exempts the window's objects alive at that moment, which are the ones it keeps while it runs.  An
    update after a write makes few objects, so it is not frozen."""
    gc.disable()
    try:
        yield
    finally:
        if set_aside:
            gc.freeze()
        gc.enable()


_finders: WeakKeyDictionary = WeakKeyDictionary()


def finder_for(ctx) -> PeopleFinder:
    """The one finder of a window (its :class:`~xhduty.ui.context.AppContext`), started when first asked."""
    finder = _finders.get(ctx)
    if finder is None:
        finder = _finders[ctx] = PeopleFinder(ctx.store, ctx)
        ctx.data_changed.connect(finder.changed)
        finder.start()
    return finder
