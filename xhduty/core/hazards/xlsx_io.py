"""The register as a 隐患台账 workbook (.xlsx), out and in.

One sheet named 隐患台账; row 1 holds the column names, in any order (:data:`COLUMNS`).  Export writes every
hazard with its state, dates and 督办; import (through :mod:`xhduty.core.tabular`, the importer rosters and
contacts use; the usual other words for a column are in :data:`HEADERS`) registers the rows whose 编号 is
empty as new hazards (登记, by the importing officer) after checking every row first: any bad cell → nothing
imported and every problem named by file, sheet, row and column; columns it does not import are warnings.  A row whose 编号 names a hazard already here is skipped and reported (a
re-import of an exported 台账 doubles nothing); a 编号 not known here is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xhduty.core import outfiles, tabular
from xhduty.core.hazards import hazards
from xhduty.core.store import Store, StoreError

SHEET = "隐患台账"
ID = "编号"
FIELDS = ("found_on", "finder", "found_by", "division", "address", "category", "level", "description", "unit",
          "person", "phone", "measures", "deadline")
COLUMNS = ("序号", ID, *(hazards.LABELS[f] for f in FIELDS), "状态", "整改完成日期", "销号日期", "挂牌督办", "回潮")


@dataclass
class ImportResult:
    """What :func:`import_xlsx` did; a problem that stops it raises tabular.ImportRejected instead."""
    added: list[str] = field(default_factory=list)     # ids of the hazards registered
    skipped: list[str] = field(default_factory=list)   # "…第 N 行：编号 X 已存在，未重复导入"
    warnings: list[str] = field(default_factory=list)  # columns not imported, from the tabular layer


def export_xlsx(store: Store, path: Path) -> Path:
    """Write the whole register (newest found first) to ``path``; returns it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    recur = hazards.recurrences(store)
    supervised = {r[0] for r in store.query(
        "SELECT hazard_id FROM hazard_supervisions s WHERE at = (SELECT max(at) FROM hazard_supervisions t"
        " WHERE t.hazard_id = s.hazard_id) AND lifted = 0")}
    names = dict(store.query("SELECT code, name FROM divisions"))
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    rows = store.query("SELECT * FROM hazards WHERE deleted = 0 ORDER BY found_on DESC, id DESC")
    for n, h in enumerate(rows, 1):
        values = [names.get(h[f], h[f]) if f == "division" else h[f] for f in FIELDS]
        ws.append([n, h["id"], *values, hazards.STATES[h["state"]], h["rectified_on"] or "", h["closed_on"] or "",
                   "是" if h["id"] in supervised else "", "是" if h["id"] in recur else ""])
    for column, width in zip("ABCDEFGHIJKLMNOPQRSTU", (6, 28, 12, 10, 10, 12, 28, 14, 8, 30, 20, 10, 14, 30, 12)):
        ws.column_dimensions[column].width = width
    return outfiles.write_whole(path, wb.save)


# header as offices write it → field (after tabular's own normalising); the first present wins
HEADERS = {
    **{hazards.LABELS[f]: f for f in FIELDS},
    "检查日期": "found_on", "排查日期": "found_on", "发现时间": "found_on",
    "排查人": "finder", "检查人": "finder", "来源": "found_by", "隐患来源": "found_by",
    "所属街镇": "division", "街道": "division", "街道（镇）": "division",
    "隐患地址": "address", "隐患地点": "address", "详细地址": "address",
    "类别": "category", "隐患类型": "category", "等级": "level", "隐患级别": "level",
    "隐患内容": "description", "存在问题": "description", "主要问题": "description",
    "整改责任单位": "unit", "整改责任人": "person", "电话": "phone",
    "整改要求": "measures", "整改时限": "deadline", "整改期限（日期）": "deadline", "限期": "deadline",
    ID: "id",
}


def import_xlsx(store: Store, path: Path, by_whom: str) -> ImportResult:
    """Register the new hazards of a 隐患台账 workbook in one transaction (see the module doc); read through
    the shared tabular layer (.xlsx/.xls/.et/.ods, header found under a title, merged cells carried).
    Raises tabular.ImportRejected naming file, sheet, row and column of every problem."""
    if not by_whom.strip():
        raise StoreError("导入须写明登记人")
    book = tabular.Workbook.open(path)
    problems = tabular.Problems(book.file)
    sheet = SHEET if SHEET in book.sheet_names else 0
    table = book.table(sheet, HEADERS, required=hazards.REQUIRED, problems=problems)
    book.left_out([sheet], problems, f"隐患台账应在名为“{SHEET}”的工作表，没有时在第一个工作表")
    problems.raise_if_any()
    new, result = [], ImportResult()
    known = {r[0] for r in store.query("SELECT id FROM hazards")}
    for row in table.rows:
        given = row.text("id")
        if given:
            if given in known:
                result.skipped.append(f"{book.file} 第 {row.number} 行：编号 {given} 已存在，未重复导入")
            else:
                problems.error(table, row, "id", f"本站没有编号为 {given} 的隐患；新隐患请留空编号")
            continue
        fields, found = hazards.clean(store, {f: row.text(f) for f in FIELDS})
        for f, text in found:
            problems.error(table, row, f, text)
        new.append(fields)
    problems.raise_if_any()
    result.warnings = [str(w) for w in problems.warnings]
    with store.write() as tx:
        for fields in new:
            result.added.append(hazards.insert_checked(tx, fields, by_whom, note=f"从 {book.file} 导入"))
    return result
