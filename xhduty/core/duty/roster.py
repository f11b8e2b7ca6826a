"""The duty roster (排班表): who leads and who is on duty for each date and shift, and its spreadsheet import.

The sheet layout most offices keep, one row a shift, headers in the first rows (a merged title may sit
above them):

    日期 | 班次 | 带班领导 | 值班员 | 值班电话 | 备注

Read through :mod:`xhduty.core.tabular` (so .xls/.et/.ods, a wrong stated sheet size, merged dates and
leaders, and everyday header words such as 值班领导/值班人员/联系电话 all work).  日期 is any form
:func:`xhduty.core.dates.parse_date` reads; 值班员 holds one or two names separated by 、，,/; or line
breaks (never a space: ``丁　一`` is one officer, stored as 丁一).  An import checks every row first and
writes nothing if any row is wrong (a date and shift planned twice in the file is wrong: which row is meant
only the office knows); every error names file, sheet, row and column.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from xhduty.core import dates, names, tabular
from xhduty.core.store import Store, StoreError

FIELDS = {"日期": "duty_date", "班次": "shift", "带班领导": "leader", "值班员": "officers",
          "值班电话": "phone", "电话": "phone", "备注": "note"}
REQUIRED = ("duty_date", "shift", "leader", "officers")


def parse_date(value) -> str:
    """A roster date as YYYY-MM-DD (any form :func:`xhduty.core.dates.parse_date` reads); DateError otherwise."""
    return dates.parse_date(value).isoformat()


def _field_errors(row: dict) -> tuple[dict, dict[str, str]]:
    """(stored fields, {field key: what is wrong}) for one roster row from a sheet or a form."""
    errors: dict[str, str] = {}
    out = {"shift": tabular.cell_text(row.get("shift")), "leader": names.clean_name(row.get("leader")),
           "phone": tabular.cell_text(row.get("phone")), "note": tabular.cell_text(row.get("note"))}
    try:
        out["duty_date"] = parse_date(row.get("duty_date"))
    except ValueError as exc:
        errors["duty_date"] = str(exc)
    officers = row.get("officers")
    officers = [names.clean_name(o) for o in officers] if isinstance(officers, list) \
        else names.split_names(tabular.cell_text(officers))
    if not out["shift"]:
        errors["shift"] = "班次为空"
    if not out["leader"]:
        errors["leader"] = "带班领导为空"
    if not 1 <= len(officers) <= 2:
        errors["officers"] = f"值班员应为 1–2 人，现为 {len(officers)} 人（多人用 、 或 , 分隔）"
    out["officers"] = json.dumps(officers, ensure_ascii=False)
    return out, errors


def validate(row: dict) -> dict:
    """Turn one roster row (sheet or form) into stored fields, or raise ValueError saying what is wrong."""
    out, errors = _field_errors(row)
    if errors:
        raise ValueError("；".join(errors.values()))
    return out


def _decoded(row) -> dict:
    d = dict(row)
    d["officers"] = json.loads(d["officers"])
    return d


def entries(store: Store, start: str | None = None, end: str | None = None) -> list[dict]:
    """Roster days from ``start`` to ``end`` (YYYY-MM-DD, both included; open when None), by date and shift:
    dicts of the roster's columns with ``officers`` decoded to a list of names."""
    sql, params = "SELECT * FROM roster WHERE deleted = 0", []
    if start:
        sql += " AND duty_date >= ?"
        params.append(start)
    if end:
        sql += " AND duty_date <= ?"
        params.append(end)
    return [_decoded(r) for r in store.query(sql + " ORDER BY duty_date, shift", params)]


def for_date(store: Store, day: date) -> list[dict]:
    """The roster of one day (its shifts), shaped as :func:`entries`."""
    return entries(store, day.isoformat(), day.isoformat())


def save(store: Store, fields: dict, roster_id: str | None = None) -> str:
    """Create a roster day from ``fields`` (duty_date, shift, leader, officers, phone, note), or change day
    ``roster_id``; returns its id.  StoreError in Chinese saying which field is wrong."""
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
    """Delete roster day ``roster_id`` (a tombstone that syncs)."""
    with store.write() as tx:
        tx.delete("roster", roster_id)


def _read(path: Path) -> tuple[list[dict], tabular.Preview]:
    """Every good row of the first sheet, and the preview (header, mapping, rows, warnings, errors)."""
    book = tabular.Workbook.open(path)
    problems = tabular.Problems(book.file)
    table = book.table(0, FIELDS, REQUIRED, problems)
    book.left_out([0], problems, "排班表应在第一个工作表")
    good, first_row = [], {}   # (date, shift) → the row that planned it first
    for row in table.rows if table else ():
        fields, errors = _field_errors(row.values)
        if "duty_date" not in errors and "shift" not in errors:
            planned = (fields["duty_date"], fields["shift"])
            if planned in first_row:   # which of the two is meant only the office knows: neither is taken
                errors["shift"] = (f"{' '.join(planned)} 已在第 {first_row[planned]} 行排过：同一天同一班次只能有一行，"
                                   "请删去或改正其中一行")
            first_row.setdefault(planned, row.number)
        for key, message in errors.items():
            problems.error(table, row, key, message)
        if not errors:
            good.append(fields)
            problems.read_as(table, row, "leader", row.get("leader"), fields["leader"])
            problems.read_as(table, row, "officers", row.get("officers"), "、".join(json.loads(fields["officers"])))
    if table is not None and not table.rows:
        problems.error(table, None, "", "没有排班记录")
    counts = {"排班记录": len(good)}
    return good, tabular.Preview(book.file, [table] if table else [], problems.errors, problems.warnings, counts)


def preview(path: Path) -> tabular.Preview:
    """What :func:`import_xlsx` would import from ``path``, without writing anything."""
    return _read(path)[1]


def read_xlsx(path: Path) -> list[dict]:
    """Read and check every row of the first sheet; raise tabular.ImportRejected listing every problem."""
    rows, seen = _read(path)
    if seen.errors:
        raise tabular.ImportRejected(seen.errors)
    return rows


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
