"""Import speed of office files: a 20,000-row contacts sheet and a 100,000-row stock ledger (each ≤ 10 s).

Both files are built here as people make them: a merged title above the header, everyday header words,
phones typed with brackets and extensions, two numbers in some cells, text expiry dates and 长期, a depot
merged down the ledger, and a sheet whose stated used area is A1.  Each import runs into a fresh station.
What is timed is the user's path, as the CLI's ``import`` and the window both run it: the preview (read and
check; what ``--dry-run`` shows), then the import (read, check again, write in one transaction).
The ledger goes into two stations: one not syncing yet, and a street station that syncs with a hub (every
write checked against the hub's rules, as on a station in service).  Baselines, measured in the same run:
reading the same file's cells with python-calamine alone, and for the ledger one plain executemany of as
many movements into a fresh station (no outbox, no checks).
Run: python bench/import_speed.py
"""

from __future__ import annotations

import os
import random
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

TARGET_S = 10.0
PEOPLE = 20_000
LEDGER_ROWS = 100_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌辉鹏宇浩婷雪琳晨欣怡子涵"


def _lie(path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
            zout.writestr(info, data)
    tmp.replace(path)


def _sheet(title: str, caption: str, header: list[str]):
    """A workbook whose one sheet has a caption merged across its columns above the header (as offices
    make them); returns (workbook, sheet)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append([caption])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    return wb, ws


def _contacts_file(path: Path) -> Path:
    rng = random.Random(15)
    wb, ws = _sheet("人员", "徐汇区应急联络人员通讯录", ["所属单位", "姓名", "职务", "联系电话", "办公电话", "邮箱"])
    for n in range(PEOPLE):
        unit = f"区应急委/街道（镇）/街镇{n % 13:02d}/居委会{n % 300:03d}"
        name = rng.choice(SURNAMES) + ("　" if n % 7 == 0 else "") + rng.choice(GIVEN) + f"{n}"
        phone = f"139{n:08d}" + (f"/138{n:08d}" if n % 5 == 0 else "")
        ws.append([unit, name, "联络员", phone, f"（021）6487 {n % 10000:04d}分机{n % 90 + 10}", f"p{n}@example.org"])
    wb.save(path)
    _lie(path)
    return path


def _ledger_file(path: Path, depots: list[str], items: list[str]) -> Path:
    wb, ws = _sheet("库存", "2026年应急物资库存台账", ["仓库", "品名", "计量单位", "批号", "有效期", "库存数量"])
    per_depot = LEDGER_ROWS // len(depots)
    for d, depot in enumerate(depots):
        first = ws.max_row + 1
        for n in range(per_depot):
            item = items[n % len(items)]
            ws.append([depot if n == 0 else None, item, "件", f"L{n // len(items):05d}",
                       "长期" if n % 9 == 0 else f"2030/{n % 12 + 1}/{n % 28 + 1}", n % 500 + 1])
        ws.merge_cells(start_row=first, start_column=1, end_row=ws.max_row, end_column=1)
    wb.save(path)
    _lie(path)
    return path


def _fresh(home: Path):
    from xhduty.core.store import init_station, open_store

    store = open_store(home / "station.db")
    init_station(store, "BENCH", "基准测试站", "centre")
    return store


def _read_only(path: Path) -> float:
    import python_calamine

    started = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    return time.perf_counter() - started


def _plain_executemany(home: Path, rows: int) -> float:
    """The floor of writing: the same number of movements put into stock_movements of a fresh station with one
    plain executemany — no outbox, no stamps, no checks (the balance trigger and indexes still run)."""
    store = _fresh(home)
    data = [(f"M{n:08d}", "BENCH", "2026-12-01T09:00:00+08:00", "2026-12-01T09:00:00+08:00", "count", f"D{n % 20}",
             f"I{n % 100}", f"L{n // 2000:05d}", None, n % 500 + 1, n % 500 + 1, "导入") for n in range(rows)]
    started = time.perf_counter()
    store.con.execute("BEGIN IMMEDIATE")
    store.con.executemany("INSERT INTO stock_movements (id, station, created_at, at, kind, depot_id, item_id, lot,"
                          " expires, qty, counted, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", data)
    store.con.execute("COMMIT")
    took = time.perf_counter() - started
    store.close()
    return took


def _users_path(module_preview, module_import) -> tuple[float, float, float, dict]:
    """What the CLI's import and the window do: the preview (read and check), then the import (read, check
    again, write in one transaction).  Returns (preview seconds, import seconds, CPU seconds of both, counts)."""
    started, cpu = time.perf_counter(), time.process_time()
    seen = module_preview()
    checked = time.perf_counter() - started
    assert seen.ok, seen.errors[:3]
    started = time.perf_counter()
    counts = module_import()
    return checked, time.perf_counter() - started, time.process_time() - cpu, counts


def _report(what: str, rows: int, checked: float, wrote: float, cpu: float, baselines: dict[str, float]) -> bool:
    """Print the user's time against the target and against each baseline; CPU time shows how much of the
    wall time was this process working (the rest: waiting for the disk, or for a busy machine)."""
    total = checked + wrote
    print(f"{what}: {rows} rows — preview {checked:.2f} s + import {wrote:.2f} s = {total:.2f} s "
          f"(target ≤ {TARGET_S:.0f} s) {'OK' if total <= TARGET_S else 'MISSED'}; CPU {cpu:.2f} s")
    for name, base in baselines.items():
        print(f"    baseline {name}: {base:.2f} s, ratio {total / base:.1f}×")
    return total <= TARGET_S


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="xhduty-bench-import-") as work:
        return run(Path(work))


DEPOTS = [f"储备库{d:02d}" for d in range(20)]
ITEMS = [f"物资{i:03d}" for i in range(100)]


def _ledger_station(home: Path, role: str, syncing: bool):
    """A fresh station holding the ledger's depots (all in 徐家汇街道) and items; ``syncing``: it has a hub and
    knows its division, so every write is checked against the hub's rules (as on a station in service)."""
    from xhduty.core.resources import assets
    from xhduty.core.store import init_station, open_store
    from xhduty.sync import state

    store = open_store(home / "station.db")
    init_station(store, "BENCH", "基准测试站", role)
    for d in DEPOTS:
        assets.save(store, "depots", {"name": d, "kind": "储备库", "division": "徐家汇街道"})
    with store.write() as tx:
        for i in ITEMS:
            assets.save_in(tx, "items", assets.clean(store, "items", {"name": i, "class_code": "1010100",
                                                                      "unit": "件"}))
        if syncing:
            state.put(tx, "hub_url", "http://127.0.0.1:9")
            state.put(tx, "division", store.one("SELECT division FROM depots LIMIT 1")[0])
    return store


def run(work: Path) -> int:
    os.environ["XHDUTY_HOME"] = str(work)
    from xhduty.core.contacts import xlsx_io as contacts_io
    from xhduty.core.resources import xlsx_io as resources_io

    path = _contacts_file(work / "contacts.xlsx")
    store = _fresh(work / "c")
    checked, wrote, cpu, counts = _users_path(lambda: contacts_io.preview(path),
                                              lambda: contacts_io.import_xlsx(store, path))
    ok = counts["added"] == PEOPLE
    ok &= _report("contacts", counts["added"], checked, wrote, cpu, {"reading the cells alone": _read_only(path)})

    path = _ledger_file(work / "ledger.xlsx", DEPOTS, ITEMS)
    baselines = {"reading the cells alone": _read_only(path),
                 "one plain executemany of as many movements": _plain_executemany(work / "plain", LEDGER_ROWS)}
    for what, role, syncing in (("stock ledger, station not yet syncing", "centre", False),
                                ("stock ledger, street station syncing (write checks on)", "street", True)):
        store = _ledger_station(work / f"{role}-{syncing}", role, syncing)
        checked, wrote, cpu, counts = _users_path(lambda: resources_io.preview(store, path),
                                                  lambda: resources_io.import_xlsx(store, path))
        booked = store.one("SELECT count(*) FROM stock_movements")[0]
        ok &= counts["stock_movements"] == booked == LEDGER_ROWS
        ok &= _report(what, booked, checked, wrote, cpu, baselines)
        store.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
