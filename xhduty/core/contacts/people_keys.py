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

from xhduty.core.contacts import contacts
from xhduty.core.store import Store

TABLE, MARK = "contact_keys", "contact_keys_mark"
BATCH = 5000   # people spelt and written per transaction: the write lock is held to store them only


def _mark(store: Store) -> tuple[int, str]:
    """(rowid, meta text) of the last change the table has seen; (0, text) when none is, or when that rowid
    now holds another change."""
    value = store.meta(MARK) or ""
    if not value:
        return 0, value
    rowid, change_id = value.split(" ", 1)
    row = store.one("SELECT change_id FROM changes WHERE rowid = ?", (int(rowid),))
    return (int(rowid), value) if row is not None and row[0] == change_id else (0, value)


def bring_up_to_date(store: Store, rest: float = 0.0) -> int:
    """Spell again everyone a change touched since the last look (everyone, the first time: 200,000 people
    take ~15 s, once); returns how many people were read.  Nothing inside a write transaction (0), nor when
    another process is doing it meanwhile (it is left to that one).  ``rest``: seconds to wait per second
    worked between batches, so a worker of the window leaves its thread Python's lock (1.0 halves the pace)."""
    if store.con.in_transaction:
        return 0
    top = store.one("SELECT rowid, change_id FROM changes ORDER BY rowid DESC LIMIT 1")
    (mark, seen), top = _mark(store), (top[0], f"{top[0]} {top[1]}") if top else (0, "")
    if not top[0] or mark == top[0]:
        return 0
    if mark:
        ids = [r[0] for r in store.query("SELECT DISTINCT record_id FROM changes WHERE rowid > ? AND rowid <= ?"
                                         " AND tbl = 'people'", (mark, top[0]))]
    else:
        ids = [r[0] for r in store.query("SELECT id FROM people WHERE deleted = 0")]
    for start in range(0, len(ids) or 1, BATCH):
        started = time.perf_counter()
        chunk = ids[start:start + BATCH]
        rows = store.query(contacts.INDEXED + " WHERE p.deleted = 0 AND p.id IN (SELECT value FROM json_each(?))",
                           (json.dumps(chunk),))
        stored = str.maketrans("\x00", contacts.STORED_SEP)
        kept = [[e.id, e.unit_id, e.record[1], e.keys.translate(stored), e.own.translate(stored)]
                for e in map(contacts.person_entry, rows)]
        with store.write() as tx:
            if (store.meta(MARK) or "") != seen:
                return start        # another process brought it up to date meanwhile
            tx.execute_local(TABLE, f"DELETE FROM {TABLE} WHERE person_id IN (SELECT value FROM json_each(?))",
                             (json.dumps(chunk),))
            tx.execute_local(TABLE, f"INSERT INTO {TABLE} (person_id, unit_id, name, keys, hay) SELECT value ->> 0,"
                                    " value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?)",
                             (json.dumps(kept, ensure_ascii=False),))
            if start + BATCH >= len(ids):
                if not mark:    # starting (again): nobody removed meanwhile stays (no table-wide delete first,
                    tx.execute_local(TABLE, f"DELETE FROM {TABLE} WHERE person_id NOT IN "   # which would undo a
                                            "(SELECT id FROM people WHERE deleted = 0)")      # concurrent fill)
                tx.set_meta(MARK, top[1])
        time.sleep((time.perf_counter() - started) * rest)
    return len(ids)


def search_ids(store: Store, query: str, limit: int = 50) -> list[str]:
    """Ids of at most ``limit`` people matching every word of ``query``, best first — exactly what
    :meth:`contacts.ContactIndex.search_ids` of everyone gives — after :func:`bring_up_to_date`.  Inside a
    write transaction (where the table may lag the transaction's own writes) everyone is read instead."""
    words = contacts.query_words(query)
    if not words:
        return []
    if store.con.in_transaction:
        return contacts.ContactIndex(store).search_ids(query, limit)
    bring_up_to_date(store)
    paths = contacts.unit_paths(store)
    where, params = [], []
    for word in words:
        where.append("(instr(k.hay, ?) > 0 OR k.unit_id IN (SELECT value FROM json_each(?)))")
        params += [word, json.dumps([u for u, path in paths.items() if word in path.lower()])]
    rows = store.query(contacts.INDEXED + " WHERE p.deleted = 0 AND p.id IN (SELECT k.person_id FROM "
                       f"{TABLE} k WHERE {' AND '.join(where)})", params)
    return contacts.ContactIndex.of(store, rows, paths).search_ids(query, limit)
