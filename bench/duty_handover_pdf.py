"""Benchmark: the handover sheet of a shift of 500 entries, and of a shift with one 20,000-character entry.

Targets: the sheet written in ≤ 1 s; a whole handover (names checked, sheet made and rendered inside the
write transaction, shift closed and the next opened) in ≤ 2 s.  Baseline, measured in the same run: the
sheet of an empty shift (font loading and page furniture only).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from xhduty.core.duty import duty
from xhduty.core.duty import handover
from xhduty.core.store import init_station, open_store
from xhduty.reports.handover_sheet import sheet_pdf, write_handover_sheet

SHEET_TARGET_S = 1.0
HANDOVER_TARGET_S = 2.0
NOTICE = "关于做好寒潮防御工作的紧急通知。" * 1250  # 20,000 characters


def timed(label: str, target: float, baseline: float | None, work) -> float:
    start = time.perf_counter()
    work()
    took = time.perf_counter() - start
    ratio = f", {took / baseline:.1f}× the empty sheet" if baseline else ""
    print(f"{label}: {took:.3f} s (target ≤ {target} s){ratio} {'OK' if took <= target else 'MISSED'}")
    return took


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    store = open_store(tmp / "bench.db")
    init_station(store, "BENCH", "基准测试站", "centre")
    empty = duty.start_shift(store, "王带班", ["李值班", "张值班"])
    write_handover_sheet(store, empty, tmp / "warm.pdf")  # font loaded once, as in a running window
    baseline = timed("empty shift's sheet (baseline)", SHEET_TARGET_S, None,
                     lambda: write_handover_sheet(store, empty, tmp / "empty.pdf"))
    handover.hand_over(store, ["赵值班"])
    shift_id = duty.current_shift(store)["id"]
    with store.write() as tx:  # setup only: one transaction to keep it quick
        for i in range(500):
            duty.append_entry(tx, shift_id=shift_id, kind="intake" if i % 7 == 0 else "note",
                              text=f"第{i}条：龙华街道报某小区地下车库进水，已通知物业排水并报带班领导。",
                              significant=i % 25 == 0, open_item=i % 50 == 0)
    timed("sheet, 500 entries", SHEET_TARGET_S, baseline,
          lambda: write_handover_sheet(store, shift_id, tmp / "handover.pdf"))
    timed("handover, 500 entries (check, render, commit)", HANDOVER_TARGET_S, baseline,
          lambda: handover.hand_over(store, ["钱值班"], outgoing_confirmed_by="赵值班", render=sheet_pdf))
    duty.add_entry(store, NOTICE, kind="document", significant=True)
    long_shift = duty.current_shift(store)["id"]
    timed("sheet, one 20,000-character entry", SHEET_TARGET_S, baseline,
          lambda: write_handover_sheet(store, long_shift, tmp / "long.pdf"))
    timed("handover, one 20,000-character entry", HANDOVER_TARGET_S, baseline,
          lambda: handover.hand_over(store, ["孙值班"], outgoing_confirmed_by="钱值班", render=sheet_pdf))
    print(f"written: {tmp}")


if __name__ == "__main__":
    main()
