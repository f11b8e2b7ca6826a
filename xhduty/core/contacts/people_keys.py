"""Each person's search text kept in the station-local ``contact_keys`` table
(db/migrations/0082_contact_keys.sql), so a one-off search — ``xhduty contacts search`` — reads only the
people a query may match instead of spelling every name of the book in pinyin (200,000 people: 10–13 s a
query before), and the window's index starts from the stored spellings.

A row holds what the person's own record is searched by (:attr:`contacts._Entry.own`: name, pinyin keys,
post, role, digits of numbers) and their unit, not the unit's path (renaming a unit would rewrite
thousands of rows).  A query word is in a person's haystack exactly when it is in that text or in their
unit's path, so :func:`search_ids` asks SQL for the people holding every word that way and ranks them with
a :class:`~contacts.ContactIndex` of just them: the same people in the same order as the window's index.

The table follows the ``changes`` outbox, as stats/timeliness.py does: every person a change touched since
the last look — written here, imported, or pulled by a sync — is spelt again (a name unchanged keeps its
keys), a deleted one is dropped.  Meta :data:`MARK` holds ``"<rowid> <change_id>"`` of the last change seen;
when that rowid no longer holds that change (rowids renumbered, e.g. by a VACUUM) the table starts again.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Callable

from xhduty.core.contacts import contacts
from xhduty.core.store import Store

TABLE, MARK = "contact_keys", "contact_keys_mark"
BATCH = 2000   # people spelt and written per transaction: the write lock is held to store them only


def _mark(store: Store) -> tuple[int, str]:
    """(rowid, meta text) of the last change the table has seen; (0, text) when none is, or when that rowid
    now holds another change."""
    value = store.meta(MARK) or ""
    if not value:
        return 0, value
    rowid, change_id = value.split(" ", 1)
    row = store.one("SELECT change_id FROM changes WHERE rowid = ?", (int(rowid),))
    return (int(rowid), value) if row is not None and row[0] == change_id else (0, value)


@dataclass(frozen=True)
class Pending:
    """What the table lacks: the people (``ids``) changes touched after the last one it has seen (``mark``,
    a rowid of ``changes``; 0: none, everyone is pending), up to ``top`` (``"<rowid> <change_id>"``, or ""
    for an empty outbox).  ``seen``: the meta text read, to notice another process writing meanwhile."""

    mark: int
    seen: str
    top: str
    ids: list[str]


def pending(store: Store) -> Pending | None:
    """What the table lacks, or None when it is up to date."""
    row = store.one("SELECT rowid, change_id FROM changes ORDER BY rowid DESC LIMIT 1")
    mark, seen = _mark(store)
    if row is None or mark == row[0]:
        return None
    if mark:
        ids = [r[0] for r in store.query("SELECT DISTINCT record_id FROM changes WHERE rowid > ? AND rowid <= ?"
                                         " AND tbl = 'people'", (mark, row[0]))]
    else:
        ids = [r[0] for r in store.query("SELECT id FROM people WHERE deleted = 0")]
    return Pending(mark, seen, f"{row[0]} {row[1]}", ids)


def _keep(store: Store, pending: Pending, entries: Callable[[list[str]], list], rest: float = 0.0) -> int:
    """Write the rows of ``pending.ids`` batch by batch, ``entries(ids)`` giving the live ones' search
    entries, and the mark with the last batch; returns how many people it brought up to date (fewer when
    another process writes the table meanwhile: it is left to that one).  ``rest``: seconds to wait per
    second worked between batches (2.0: a third of the pace)."""
    ids, sep = pending.ids, contacts.STORED_SEP
    for start in range(0, len(ids) or 1, BATCH):
        started = time.perf_counter()
        chunk = ids[start:start + BATCH]
        kept = [[e.id, e.unit_id, e.record[1], e.keys.replace("\x00", sep), e.own.replace("\x00", sep)]
                for e in entries(chunk)]
        with store.write() as tx:
            if (store.meta(MARK) or "") != pending.seen:
                return start
            tx.execute_local(TABLE, f"DELETE FROM {TABLE} WHERE person_id IN (SELECT value FROM json_each(?))",
                             (json.dumps(chunk),))
            tx.execute_local(TABLE, f"INSERT INTO {TABLE} (person_id, unit_id, name, keys, hay) SELECT value ->> 0,"
                                    " value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?)",
                             (json.dumps(kept, ensure_ascii=False),))
            if start + BATCH >= len(ids):
                if not pending.mark:   # starting (again): nobody removed meanwhile stays (no table-wide delete
                    tx.execute_local(TABLE, f"DELETE FROM {TABLE} WHERE person_id NOT IN "   # first, which would
                                            "(SELECT id FROM people WHERE deleted = 0)")      # undo a concurrent fill)
                tx.set_meta(MARK, pending.top)
        if start + BATCH < len(ids):
            time.sleep((time.perf_counter() - started) * rest)
    return len(ids)


def bring_up_to_date(store: Store) -> int:
    """Spell again everyone a change touched since the last look (everyone, the first time: 200,000 people
    take ~15 s, once — or the window's first index does it, :func:`keep_index`); returns how many people were
    written.  Nothing inside a write transaction or on read-only media (0), nor when another process is
    doing it meanwhile (it is left to that one)."""
    lacking = None if store.con.in_transaction or store.read_only else pending(store)
    if lacking is None:
        return 0

    def entries(chunk: list[str]) -> list:
        return [contacts.person_entry(r) for r in store.query(
            contacts.INDEXED + " WHERE p.deleted = 0 AND p.id IN (SELECT value FROM json_each(?))",
            (json.dumps(chunk),))]

    return _keep(store, lacking, entries)


def keep_index(store: Store, pending: Pending | None, built: contacts.ContactIndex, rest: float = 0.0) -> int:
    """Keep the keys of the people ``pending`` (:func:`pending`, read before ``built`` — an index of
    everyone — was) as ``built`` holds them: written, not spelt again (the window's first index after an
    upgrade, 200,000 people: ~5 s of writing, mostly in SQLite; on the window's worker at a third of the
    pace, ``rest`` 2.0 as in :func:`_keep`, so typing meanwhile keeps Python's lock).  Returns how many
    people it brought up to date, 0 for None."""
    if pending is None or store.read_only:
        return 0
    return _keep(store, pending, lambda chunk: [e for e in map(built.entry, chunk) if e is not None], rest)


def search_ids(store: Store, query: str, limit: int = 50) -> list[str]:
    """Ids of at most ``limit`` people matching every word of ``query``, best first — exactly what
    :meth:`contacts.ContactIndex.search_ids` of everyone gives — after :func:`bring_up_to_date`.  Where the
    table may lag and cannot be brought up to date — inside a write transaction, on read-only media (a
    backup copy) — everyone is read instead."""
    words = contacts.query_words(query)
    if not words:
        return []
    if store.con.in_transaction or (store.read_only and pending(store) is not None):
        return contacts.ContactIndex(store).search_ids(query, limit)
    bring_up_to_date(store)
    paths = contacts.unit_paths(store)
    where, params = [], []
    for word in words:
        where.append("(instr(k.hay, ?) > 0 OR k.unit_id IN (SELECT value FROM json_each(?)))")
        params += [word, json.dumps([u for u, path in paths.items() if word in path.lower()])]
    sep = contacts.STORED_SEP
    kept = [(r[0], r[1], r[2].replace(sep, "\x00"), r[3].replace(sep, "\x00")) for r in store.query(
        f"SELECT k.person_id, k.unit_id, k.keys, k.hay FROM {TABLE} k WHERE {' AND '.join(where)}", params)]
    return contacts.ContactIndex.of(store, kept, paths).search_ids(query, limit)
