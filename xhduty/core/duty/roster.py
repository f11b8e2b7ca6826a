"""The duty roster (排班表): who leads and who is on duty for each date and shift, and its .xlsx import.

The sheet layout most offices keep, one row a shift, first row headers:

    日期 | 班次 | 带班领导 | 值班员 | 值班电话 | 备注

日期 is a date cell or text such as 2026-12-01 / 2026/12/1 / 2026年12月1日; 值班员 holds one or two names
separated by 、，, or spaces.  Headers may come in any order; 值班电话 and 备注 may be absent.  An import
checks every row first and writes nothing if any row is wrong; all errors are reported with sheet and row.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from xhduty.core.store import Store, StoreError

COLUMNS = {"日期": "duty_date", "班次": "shift", "带班领导": "leader", "值班员": "officers",
           "值班电话": "phone", "备注": "note"}
REQUIRED = ("日期", "班次", "带班领导", "值班员")


@dataclass
class RosterImportError(StoreError):
    errors: list[str]

    def __str__(self) -> str:
        head = f"排班表有 {len(self.errors)} 处错误，未导入任何记录：\n"
        return head + "\n".join(self.errors[:50]) + ("\n……" if len(self.errors) > 50 else "")


def _split_names(text: str) -> list[str]:
    return [n for n in re.split(r"[、，,;；\s]+", text or "") if n]


def parse_date(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value or "").strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not m:
        raise ValueError(f"日期“{text}”无法识别（应如 2026-12-01）")
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()


def validate(row: dict) -> dict:
    """Turn one roster row (sheet or form) into stored fields, or raise ValueError saying what is wrong."""
    out = {"duty_date": parse_date(row.get("duty_date")),
           "shift": str(row.get("shift") or "").strip(),
           "leader": str(row.get("leader") or "").strip(),
           "phone": str(row.get("phone") or "").strip(),
           "note": str(row.get("note") or "").strip()}
    officers = row.get("officers")
    officers = officers if isinstance(officers, list) else _split_names(str(officers or ""))
    if not out["shift"]:
        raise ValueError("班次为空")
    if not out["leader"]:
        raise ValueError("带班领导为空")
    if not 1 <= len(officers) <= 2:
        raise ValueError(f"值班员应为 1–2 人，现为 {len(officers)} 人")
    out["officers"] = json.dumps(officers, ensure_ascii=False)
    return out


def _decoded(row) -> dict:
    d = dict(row)
    d["officers"] = json.loads(d["officers"])
    return d


def entries(store: Store, start: str | None = None, end: str | None = None) -> list[dict]:
    sql, params = "SELECT * FROM roster WHERE deleted = 0", []
    if start:
        sql += " AND duty_date >= ?"
        params.append(start)
    if end:
        sql += " AND duty_date <= ?"
        params.append(end)
    return [_decoded(r) for r in store.query(sql + " ORDER BY duty_date, shift", params)]


def for_date(store: Store, day: date) -> list[dict]:
    return entries(store, day.isoformat(), day.isoformat())


def save(store: Store, fields: dict, roster_id: str | None = None) -> str:
    try:
        clean = validate(fields)
    except ValueError as exc:
        raise StoreError(f"排班信息有误：{exc}") from None
    with store.write() as tx:
        if roster_id:
            tx.update("roster", roster_id, clean)
            return roster_id
        return tx.insert("roster", clean)


def remove(store: Store, roster_id: str) -> None:
    with store.write() as tx:
        tx.delete("roster", roster_id)


def read_xlsx(path: Path) -> list[dict]:
    """Read and check every row of the first sheet; raise RosterImportError listing all problems."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise RosterImportError([f"{Path(path).name}：不是有效的 .xlsx 文件（{exc}）"]) from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise RosterImportError([f"工作表“{ws.title}”是空的"])
    names = [str(h).strip() if h is not None else "" for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise RosterImportError([f"工作表“{ws.title}”第 1 行缺少列：{'、'.join(missing)}"])
    index = {COLUMNS[n]: i for i, n in enumerate(names) if n in COLUMNS}
    good, errors = [], []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        raw = {field: values[i] if i < len(values) else None for field, i in index.items()}
        try:
            good.append(validate(raw))
        except ValueError as exc:
            errors.append(f"工作表“{ws.title}”第 {number} 行：{exc}")
    wb.close()
    if errors:
        raise RosterImportError(errors)
    if not good:
        raise RosterImportError([f"工作表“{ws.title}”没有排班记录"])
    return good


def import_xlsx(store: Store, path: Path, progress=None) -> int:
    """Import a roster sheet in one transaction: all rows or none.  A date+shift already planned is replaced."""
    rows = read_xlsx(path)
    existing = {(r["duty_date"], r["shift"]): r["id"] for r in entries(store)}
    with store.write() as tx:
        for i, row in enumerate(rows, start=1):
            key = (row["duty_date"], row["shift"])
            if key in existing:
                tx.update("roster", existing[key], row)
            else:
                tx.insert("roster", row)
            if progress:
                progress(i, len(rows))
    return len(rows)
