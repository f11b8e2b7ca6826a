"""Benchmark: appending 10,000 log entries, one transaction each, through the write path.

Target: at most 3× a bare sqlite3 INSERT of the same row shape with the same pragmas (WAL,
synchronous=FULL), measured side by side in one run.  The write path adds the hash chain, the per-station
sequence and the change-outbox row, all inside the same transaction.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.ids import new_id
from xhduty.core.store import init_station, open_store

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
TARGET_RATIO = 3.0
TEXT = "龙华街道报：龙华中路某小区地下车库进水约二十厘米，已通知物业排水并报带班领导。"


def bare(path: Path) -> float:
    con = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "busy_timeout = 10000"):
        con.execute(f"PRAGMA {pragma}")
    con.execute("""CREATE TABLE log_entries (id TEXT PRIMARY KEY, station TEXT NOT NULL, seq INTEGER NOT NULL,
        created_at TEXT NOT NULL, shift_id TEXT, at TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
        significant INTEGER NOT NULL DEFAULT 0, open_item INTEGER NOT NULL DEFAULT 0, details TEXT,
        corrects TEXT, refers_to TEXT, incident_id TEXT, author TEXT NOT NULL DEFAULT '',
        prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (station, seq))""")
    start = time.perf_counter()
    for i in range(N):
        now = clock.now_iso()
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO log_entries (id, station, seq, created_at, shift_id, at, kind, text, author,"
                    " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (new_id(), "BENCH", i + 1, now, "S", now, "note", f"{TEXT}{i}", "李值班", "0" * 64,
                     hashlib.sha256(b"x").hexdigest()))
        con.execute("COMMIT")
    took = time.perf_counter() - start
    con.close()
    return took


def write_path(path: Path) -> float:
    store = open_store(path)
    init_station(store, "BENCH", "基准测试站", "centre")
    duty.start_shift(store, "王带班", ["李值班"])
    start = time.perf_counter()
    for i in range(N):
        duty.add_entry(store, f"{TEXT}{i}")
    took = time.perf_counter() - start
    store.close()
    return took


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    base = bare(tmp / "bare.db")
    ours = write_path(tmp / "xhduty.db")
    ratio = ours / base
    print(f"{N} entries, one transaction each")
    print(f"  bare sqlite3 INSERT : {base:7.2f} s  ({base / N * 1000:.3f} ms/entry)")
    print(f"  xhduty write path   : {ours:7.2f} s  ({ours / N * 1000:.3f} ms/entry)")
    print(f"  ratio {ratio:.2f}× (target ≤ {TARGET_RATIO}×) {'OK' if ratio <= TARGET_RATIO else 'MISSED'}")


if __name__ == "__main__":
    main()
