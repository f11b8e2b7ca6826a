"""Per-table count and digest of the changes two sides should share, to prove a sync left nothing out.

After a sync the station and the hub each describe the same set — the station's own changes the hub has
confirmed (minus those it refused) plus the other stations' changes up to the station's pull cursor that
the station may read — as a count and an order-independent digest (XOR of 64-bit BLAKE2b hashes of the
change ids) per table.  Rows are not compared: their values follow from the changes by the merge rules,
which the convergence test checks.
"""

from __future__ import annotations

import hashlib
from typing import Iterable

from xhduty.core.store import Store


def change_hash(change_id: str) -> int:
    """The 64-bit BLAKE2b hash of a change id (unsigned), the unit every digest is XOR-ed from."""
    return int.from_bytes(hashlib.blake2b(change_id.encode(), digest_size=8).digest(), "big")


def hashes(change_ids: Iterable[str]) -> list[int]:
    return [change_hash(c) for c in change_ids]


def fold(rows: Iterable[tuple[str, str]]) -> dict[str, dict]:
    """{table: {count, digest}} of (table, change_id) pairs."""
    acc: dict[str, list[int]] = {}
    for table, change_id in rows:
        slot = acc.setdefault(table, [0, 0])
        slot[0] += 1
        slot[1] ^= change_hash(change_id)
    return _shown(acc)


def _shown(acc: dict[str, list[int]]) -> dict[str, dict]:
    return {t: {"count": c, "digest": f"{d:016x}"} for t, (c, d) in sorted(acc.items()) if c}


def totals_of(station: str, tables: Iterable[str], hashes_: Iterable[int]) -> dict[tuple, list[int]]:
    """{(table, station): [count, xor]} of one station's accepted changes (tables and hashes side by side),
    what a hub adds to its running totals in the transaction that stores them."""
    acc: dict[tuple, list[int]] = {}
    for table, h in zip(tables, hashes_):
        slot = acc.setdefault((table, station), [0, 0])
        slot[0] += 1
        slot[1] ^= h
    return acc


def station_digest(store: Store, own_seq: int) -> dict[str, dict]:
    """What this station holds: others' applied changes and its own confirmed, not refused, changes."""
    return fold(store.query(
        "SELECT tbl, change_id FROM changes WHERE station != ?1"
        " UNION ALL SELECT tbl, change_id FROM changes WHERE station = ?1 AND station_seq <= ?2"
        " AND change_id NOT IN (SELECT change_id FROM sync_refused)",
        (store.station, own_seq)))


def hub_digest(parts: dict, station: str, tables: list[str]) -> dict[str, dict]:
    """What the hub says ``station`` should hold after pulling up to its cursor and pushing up to its own
    sequence: every other station's changes in ``tables`` and all of its own, from the running totals
    ``parts["totals"]`` ([(table, station, count, xor)], kept per table and station as changes are stored),
    less the changes after the cursor (``parts["after_cursor"]``: other stations', in ``tables``) and its own
    after its sequence (``parts["after_own"]``), both [(table, change_id)] — read by the backend in one
    snapshot.  The work is the number of tables × stations plus the changes after the cursor, not the log.
    The result equals :func:`fold` over the same set (XOR is its own inverse)."""
    readable = set(tables)
    acc: dict[str, list[int]] = {}
    for table, source, count, xor in parts["totals"]:
        if source == station or table in readable:
            slot = acc.setdefault(table, [0, 0])
            slot[0] += count
            slot[1] ^= xor
    for table, change_id in [*parts["after_cursor"], *parts["after_own"]]:
        slot = acc.setdefault(table, [0, 0])
        slot[0] -= 1
        slot[1] ^= change_hash(change_id)
    return _shown(acc)


def differences(mine: dict[str, dict], theirs: dict[str, dict]) -> list[str]:
    """Tables whose count or digest differ, with both counts, in Chinese."""
    out = []
    for table in sorted(set(mine) | set(theirs)):
        a, b = mine.get(table), theirs.get(table)
        if a != b:
            out.append(f"{table}：本站 {a['count'] if a else 0} 条，中心 {b['count'] if b else 0} 条")
    return out
