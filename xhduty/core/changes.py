"""What an operation wrote, so views update exactly that (the model is Anki's ``OpChanges``).

Every transaction of the one write path (:meth:`xhduty.core.store.Store.write`) records the rows it
touched; when it commits, its :class:`Changes` reaches whoever collects on that thread
(:meth:`Store.collect`).  So a core operation, however many transactions it opens, is announced with
exactly what it wrote — no view hand-writes table names after a write.

A :class:`Changes` is a frozenset of the table names written (so ``changes & {"log_entries"}`` reads as
before) that also knows, for synced tables, each record id and what happened to it.  Station-local
tables (settings, bookkeeping, derived indexes) are named without ids.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Iterable, Mapping

OPS = ("insert", "update", "delete")


class Changes(frozenset):
    """Table names written, with ``rows``: ``{table: {record id: 'insert' | 'update' | 'delete'}}``.

    An id inserted and then updated in the same operation stays ``'insert'`` (a view has a new row to
    show); an update that sets ``deleted = 1`` is ``'delete'`` (the record is a tombstone now).
    """

    rows: Mapping[str, Mapping[str, str]]

    def __new__(cls, rows: Mapping[str, Mapping[str, str]] | None = None, local: Iterable[str] = ()):
        rows = {t: MappingProxyType(dict(ids)) for t, ids in (rows or {}).items() if ids}
        self = super().__new__(cls, set(rows) | set(local))
        self.rows = MappingProxyType(rows)
        return self

    @classmethod
    def of_tables(cls, tables: Iterable[str]) -> "Changes":
        """Changes known only by table name (a whole table rebuilt, or written by another program)."""
        return cls(local=tables)

    def ids(self, table: str, *ops: str) -> list[str]:
        """Record ids of ``table`` written with one of ``ops`` (all ops when none given), in write order."""
        return [rid for rid, op in self.rows.get(table, {}).items() if not ops or op in ops]

    def only_inserts(self, table: str) -> bool:
        """True when ``table`` was written and every row of it was a new one (a view can append rows)."""
        written = self.rows.get(table)
        return bool(written) and all(op == "insert" for op in written.values())

    def __or__(self, other: "Changes") -> "Changes":
        rows = {t: dict(ids) for t, ids in self.rows.items()}
        for table, ids in getattr(other, "rows", {}).items():
            mine = rows.setdefault(table, {})
            for rid, op in ids.items():
                mine[rid] = _later(mine.get(rid), op)
        return Changes(rows, local=set(self) | set(other))

    def __repr__(self) -> str:
        counts = ", ".join(f"{t}:{len(self.rows[t])}" if t in self.rows else t for t in sorted(self))
        return f"Changes({counts})"


class Recorder:
    """The rows one transaction wrote, in order (a :class:`~xhduty.core.store.Tx` owns one)."""

    def __init__(self):
        self.rows: dict[str, dict[str, str]] = {}
        self.local: set[str] = set()

    def row(self, table: str, record_id: str, op: str) -> None:
        """Note that ``record_id`` of ``table`` underwent ``op`` ('insert', 'update' or 'delete')."""
        ids = self.rows.setdefault(table, {})
        ids[record_id] = _later(ids.get(record_id), op)

    def changes(self) -> Changes:
        """What the transaction has written so far, as a :class:`Changes`."""
        return Changes(self.rows, self.local)


def _later(first: str | None, then: str) -> str:
    """What a record underwent overall: created then edited is still new; a tombstone is a deletion."""
    if first == "insert" and then != "delete":
        return "insert"
    return then
