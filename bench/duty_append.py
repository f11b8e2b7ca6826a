"""Benchmark: appending log entries one transaction each through the write path, on a station whose log
already holds many entries (a duty log grows ~100 a day; the centre holds every station's), built fresh.

Target: at most 3× a bare sqlite3 INSERT of the same row into a table with the same columns and indexes
holding the same number of rows, with the same pragmas (WAL, synchronous=FULL), measured side by side in
one run.  The write path adds the hash chain, the per-station sequence, the outbox row and the log's order.
An empty log would flatter both: every index is shallow there.
Run: python bench/duty_append.py [entries already there] [entries appended]
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from duty_gui import build_db  # noqa: E402

from xhduty.core import clock  # noqa: E402
from xhduty.core.duty import duty  # noqa: E402
from xhduty.core.ids import new_id  # noqa: E402
from xhduty.core.store import open_store  # noqa: E402

TARGET_RATIO = 3.0
TEXT = "龙华街道报：龙华中路某小区地下车库进水约二十厘米，已通知物业排水并报带班领导。"


def bare(path: Path, schema: list[str], existing: int, n: int) -> float:
    """Seconds to append ``n`` rows one transaction each to a bare table shaped as log_entries (its columns
    and indexes, from ``schema``) already holding ``existing`` rows."""
    con = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "busy_timeout = 10000"):
        con.execute(f"PRAGMA {pragma}")
    for sql in schema:
        con.execute(sql)
    columns = ("id, station, seq, created_at, shift_id, at, kind, text, author, prev_hash, hash")
    insert = f"INSERT INTO log_entries ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    def row(i: int) -> tuple:
        now = clock.now_iso()
        return new_id(), "BENCH", i + 1, now, "S", now, "note", f"{TEXT}{i}", "李值班", "0" * 64, "1" * 64

    con.execute("BEGIN")
    con.executemany(insert, (row(i) for i in range(existing)))
    con.execute("COMMIT")
    start = time.perf_counter()
    for i in range(existing, existing + n):
        con.execute("BEGIN IMMEDIATE")
        con.execute(insert, row(i))
        con.execute("COMMIT")
    took = time.perf_counter() - start
    con.close()
    return took


def write_path(home: Path, n: int) -> float:
    """Seconds to append ``n`` entries with ``duty.add_entry`` (what `xhduty log add` and the form call)."""
    store = open_store(home / "xhduty.db")
    start = time.perf_counter()
    for i in range(n):
        duty.add_entry(store, f"{TEXT}{i}")
    took = time.perf_counter() - start
    store.close()
    return took


def main() -> int:
    existing = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000
    tmp = Path(tempfile.mkdtemp(prefix="xhduty-bench-"))
    try:
        build_db(tmp, existing)
        store = open_store(tmp / "xhduty.db")
        schema = [r[0] for r in store.query(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'log_entries' AND type IN ('table', 'index')"
            " AND sql IS NOT NULL ORDER BY type DESC")]
        store.close()
        base = bare(tmp / "bare.db", [s.replace("REFERENCES log_kinds (code)", "") for s in schema], existing, n)
        ours = write_path(tmp, n)
        ratio = ours / base
        print(f"{n:,} entries appended, one transaction each, to a log of {existing:,} (fresh, {tmp})")
        print(f"  bare sqlite3 INSERT : {base:7.2f} s  ({base / n * 1000:.3f} ms/entry)")
        print(f"  xhduty write path   : {ours:7.2f} s  ({ours / n * 1000:.3f} ms/entry)")
        print(f"  ratio {ratio:.2f}× (target ≤ {TARGET_RATIO}×) {'OK' if ratio <= TARGET_RATIO else 'MISSED'}")
        return 0 if ratio <= TARGET_RATIO else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
