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
from xhduty.core.authority import StationInfo, readable_tables


def fold(rows: Iterable[tuple[str, str]]) -> dict[str, dict]:
    """{table: {count, digest}} of (table, change_id) pairs."""
    acc: dict[str, list[int]] = {}
    for table, change_id in rows:
        h = int.from_bytes(hashlib.blake2b(change_id.encode(), digest_size=8).digest(), "big")
        slot = acc.setdefault(table, [0, 0])
        slot[0] += 1
        slot[1] ^= h
    return {t: {"count": c, "digest": f"{d:016x}"} for t, (c, d) in sorted(acc.items())}


def station_digest(store: Store, own_seq: int) -> dict[str, dict]:
    """What this station holds: others' applied changes and its own confirmed, not refused, changes."""
    return fold(store.query(
        "SELECT tbl, change_id FROM changes WHERE station != ?1"
        " UNION ALL SELECT tbl, change_id FROM changes WHERE station = ?1 AND station_seq <= ?2"
        " AND change_id NOT IN (SELECT change_id FROM sync_refused)",
        (store.station, own_seq)))


def hub_digest(store: Store, station: StationInfo, cursor: int, own_seq: int) -> dict[str, dict]:
    """What the hub says ``station`` should hold after pulling up to ``cursor`` and pushing up to ``own_seq``."""
    tables = readable_tables(store, station)
    marks = ", ".join("?" * len(tables))
    return fold(store.query(
        f"SELECT tbl, change_id FROM hub_log WHERE hub_seq <= ? AND station != ? AND tbl IN ({marks})"
        " UNION ALL SELECT tbl, change_id FROM changes WHERE station = ? AND station_seq <= ?",
        (cursor, station.code, *tables, station.code, own_seq)))


def differences(mine: dict[str, dict], theirs: dict[str, dict]) -> list[str]:
    """Tables whose count or digest differ, with both counts, in Chinese."""
    out = []
    for table in sorted(set(mine) | set(theirs)):
        a, b = mine.get(table), theirs.get(table)
        if a != b:
            out.append(f"{table}：本站 {a['count'] if a else 0} 条，中心 {b['count'] if b else 0} 条")
    return out
