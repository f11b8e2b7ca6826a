"""Benchmark: a handover sheet for a shift of 500 entries.  Target: written in ≤ 1 s."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from xhduty.core.duty import duty
from xhduty.core.store import init_station, open_store
from xhduty.reports.handover_sheet import write_handover_sheet

TARGET_S = 1.0


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    store = open_store(tmp / "bench.db")
    init_station(store, "BENCH", "基准测试站", "centre")
    shift_id = duty.start_shift(store, "王带班", ["李值班", "张值班"])
    with store.write() as tx:  # setup only: one transaction to keep it quick
        for i in range(500):
            duty.append_entry(tx, shift_id=shift_id, kind="intake" if i % 7 == 0 else "note",
                              text=f"第{i}条：龙华街道报某小区地下车库进水，已通知物业排水并报带班领导。",
                              significant=i % 25 == 0, open_item=i % 50 == 0)
    for label in ("first print (font loaded)", "later print"):
        start = time.perf_counter()
        write_handover_sheet(store, shift_id, tmp / "handover.pdf")
        took = time.perf_counter() - start
        print(f"handover sheet, 500 entries, {label}: {took:.3f} s (target ≤ {TARGET_S} s) "
              f"{'OK' if took <= TARGET_S else 'MISSED'}")
    print(f"written: {tmp / 'handover.pdf'}")


if __name__ == "__main__":
    main()
