"""The duty log's keyword index: the entries that hold a word, or the few that may, so the log filter
reads those instead of every entry (issue 13: the log filter answers at a million entries).

The index (``log_search``, db/migrations/0080_log_search.sql) holds each entry's text and 来电接报 fields
(``details``) run by run as the CJK bigrams of the characters as written (:func:`search.run_terms` with
``fold=False``), with a gap token between runs.  The filter's ``LIKE '%word%'`` matches the word's
characters literally and side by side — whatever wildcards (``%`` ``_``) or latin letters the word also
holds — so an entry holding the word holds, for each run of two or more Chinese characters in the word,
the phrase of that run's bigrams: the entries holding all those phrases (:class:`Candidates`) are a
superset of LIKE's, and the filter's LIKE keeps exactly those that match.  A word that is Chinese
characters only is found by the index alone (:attr:`Candidates.exact`): its phrase is in an entry exactly
when the word is.

Numbers are looked up the same way: each run of three or more ASCII digits is also indexed as its
trigrams, marked (``64871234`` → ǂ648 ǂ487 … ǂ234), so a phone number, a house number or 110 typed into the
filter — found by LIKE inside a longer number too, 110 in 1100 — reads the entries holding its trigrams side
by side rather than the whole log (8 s at a million entries).  A word without two Chinese characters or
three digits side by side keeps the LIKE scan: one character (火), latin words (the index keeps them
whole), two digits.

The index is derived data filled by :func:`index_log` in batches (on a worker of the window, see
ui/duty/log_view.py), never by a trigger, so a sync's pull and the hub's merge need no Python function.
The entries after the last one indexed (``upto``: just written, or pulled and not indexed yet) are read by
LIKE, so the filter is exact at every moment.
"""

from __future__ import annotations

import json
import re
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

from xhduty.core import search
from xhduty.core.store import Store

# meta: "<rowid> <id>" of the last entry indexed.  Named anew when what is indexed changes (v2: digit
# trigrams), so an index made before starts again; the old name's row is removed then.
UPTO, OLD_UPTO = "log_search_upto_v2", "log_search_upto"
BATCH = 2000               # entries per write: ~15 ms holding the write lock (bench/duty_search.py)
MANY = 10_000              # candidates counted on the spot at most: enough to choose how to read a page
_counted: OrderedDict[tuple, int] = OrderedDict()   # (path, query, upto state) → indexed entries with it
_COUNTED = 256


GAP = "·"   # a token between runs in the index (ascii: any non-ASCII character is a token character), so
            # the bigrams of two runs never make a phrase; no term of search.run_terms is ever "·"
DIGIT = "ǂ"           # marks a digit trigram (a token character, as any non-ASCII one): never a word's own term
_DIGITS = re.compile(r"[0-9]{3,}")


def _chinese_phrases(word: str) -> list[list[str]]:
    return [run for run in search.run_terms(word, fold=False) if len(run[0]) == 2 and not run[0].isascii()]


def digit_runs(text: str) -> list[list[str]]:
    """The marked trigrams of each run of three or more ASCII digits in ``text``: ``报警110`` → [[ǂ110]]."""
    return [[DIGIT + run[i:i + 3] for i in range(len(run) - 2)] for run in _DIGITS.findall(text)]


def phrases(word: str) -> list[list[str]]:
    """The bigrams of each run of two or more Chinese characters in ``word``, as typed (no folding), then
    the trigrams of each run of three or more digits: ``燃气泄漏`` → [[燃气, 气泄, 泄漏]], ``110火警`` →
    [[火警], [ǂ110]]; [] when it has none (one character, latin, two digits: the filter keeps LIKE for it)."""
    return _chinese_phrases(word) + digit_runs(word)


def _chinese_only(word: str) -> bool:
    """Is ``word`` one run of Chinese characters and nothing else (its phrase is exactly LIKE's match)?"""
    runs = _chinese_phrases(word)
    return len(runs) == 1 and len(runs[0]) == len(word) - 1


@dataclass(frozen=True)
class Candidates:
    """The entries that may hold every one of ``words``: those indexed (rowid ≤ ``upto``) holding the
    phrase of each of their runs of Chinese characters (``indexed`` of them, counted by the index up to
    :data:`MANY`: more are ``many``), and the ``tail`` entries after ``upto`` not indexed yet (at most that
    many: the newest rowid minus ``upto``).  ``exact``: every word is Chinese characters only, so the
    indexed ones hold them all."""

    words: tuple[str, ...]
    query: str
    upto: int
    indexed: int
    tail: int
    exact: bool

    @property
    def size(self) -> int:
        """How many entries the filter reads to check the words (indexed candidates and the tail); a lower
        bound when ``many``."""
        return self.indexed + self.tail

    @property
    def many(self) -> bool:
        """More than :data:`MANY` indexed candidates: ``indexed`` says only that."""
        return self.indexed > MANY

    def counted(self, store: Store) -> int:
        """How many indexed entries are candidates, all of them counted (when ``many``: ~40 ms for
        300,000 of 1,000,000 entries, bench/duty_search.py — a worker's job)."""
        if not self.many:
            return self.indexed
        return store.one("SELECT count(*) FROM log_search WHERE log_search MATCH ? AND rowid <= ?",
                         (self.query, self.upto))[0]

    def source(self) -> tuple[str, list]:
        """``(sql, params)``: a FROM-clause term naming the candidates' log_entries rowids ``c.r`` — the
        index's, bounded by ``upto`` (a batch indexed meanwhile is read by the tail instead), and every
        entry after ``upto``."""
        return ("(SELECT rowid AS r FROM log_search WHERE log_search MATCH ? AND rowid <= ?"
                " UNION ALL SELECT rowid FROM log_entries WHERE rowid > ?) c", [self.query, self.upto, self.upto])


def _state(store: Store) -> tuple[int, str]:
    """``(upto, its entry id)``: the last entry indexed; (0, '') when none is, or when the entry at that
    rowid is not the one indexed (rowids renumbered, e.g. by a VACUUM: the index starts again)."""
    value = store.meta(UPTO)
    if not value:
        return 0, ""
    rowid, entry_id = value.split(" ", 1)
    row = store.one("SELECT id FROM log_entries WHERE rowid = ?", (int(rowid),))
    return (int(rowid), entry_id) if row is not None and row[0] == entry_id else (0, "")


def newest(store: Store) -> int:
    """The rowid of the newest log entry (0 for an empty log): the log's size, as entries are never deleted."""
    return store.one("SELECT max(rowid) FROM log_entries")[0] or 0


def pending(store: Store) -> int:
    """How many log entries the index has not reached yet (read by LIKE meanwhile)."""
    return newest(store) - _state(store)[0]


def candidates(store: Store, words: list[str]) -> Candidates | None:
    """The entries that may hold all of ``words`` (see :class:`Candidates`: the AND of their phrases), or
    None when the index cannot narrow them (no word with two Chinese characters side by side).  Indexed
    candidates are counted up to :data:`MANY` (~3 ms), and the count kept per query and index state, so
    paging through a filter asks the index once."""
    found = {" ".join(p): p for w in words for p in phrases(w)}
    if not found:
        return None
    state = _state(store)
    upto = state[0]
    query = " AND ".join(f'"{p}"' for p in found)
    key = (str(store.path), query, state)
    indexed = _counted.get(key)
    if indexed is None:
        indexed = store.one("SELECT count(*) FROM (SELECT rowid FROM log_search WHERE log_search MATCH ?"
                            " AND rowid <= ? LIMIT ?)", (query, upto, MANY + 1))[0] if upto else 0
        _counted[key] = indexed
        while len(_counted) > _COUNTED:
            _counted.popitem(last=False)
    else:
        _counted.move_to_end(key)
    return Candidates(tuple(words), query, upto, indexed, max(0, newest(store) - upto),
                      exact=all(_chinese_only(w) for w in words))


def index_log(store: Store, limit: int = BATCH) -> int:
    """Index the next ``limit`` entries after ``upto`` in one write; returns how many (0: up to date, or
    another worker indexed them meanwhile — checked inside the write).  The terms are made before the
    write, so the write lock is held only to store them (~7 µs an entry)."""
    state = _state(store)
    rows = store.query("SELECT rowid, id, text, details FROM log_entries WHERE rowid > ? ORDER BY rowid LIMIT ?",
                       (state[0], limit))
    if not rows:
        return 0
    terms = [[r[0], f" {GAP} ".join(" ".join(run) for run in _runs(f"{r[2]}\n{r[3] or ''}"))] for r in rows]
    with store.write() as tx:
        if _state(store) != state:
            return 0
        if state[0] == 0:   # starting (again): nothing of an older numbering or an older version stays
            tx.execute_local("log_search", "INSERT INTO log_search (log_search) VALUES ('delete-all')")
            tx.execute_local("meta", "DELETE FROM meta WHERE key = ?", (OLD_UPTO,))
        tx.execute_local("log_search", "INSERT INTO log_search (rowid, terms) SELECT value ->> 0, value ->> 1"
                                       " FROM json_each(?)", (json.dumps(terms, ensure_ascii=False),))
        tx.set_meta(UPTO, f"{rows[-1][0]} {rows[-1][1]}")
    return len(rows)


def _runs(text: str) -> list[list[str]]:
    """What the index holds of one entry's text and fields, run by run (see the module's docstring)."""
    return search.run_terms(text, fold=False) + digit_runs(text)


def index_all(store: Store, rest: float = 0.0, progress: Callable[[int, int], None] | None = None) -> int:
    """Index every entry not indexed yet, batch by batch; returns how many.  ``rest``: seconds to wait per
    second worked between batches, so a worker leaves the window's thread Python's lock and the database
    (1.0 halves its pace).  ``progress(done, total)`` after each batch."""
    total, done = pending(store), 0
    while True:
        started = time.perf_counter()
        n = index_log(store)
        if not n:
            return done
        done += n
        if progress:
            progress(done, max(total, done))
        if rest:
            time.sleep((time.perf_counter() - started) * rest)
