"""The numbers behind the charts as an .xlsx workbook: one sheet per chart, the filter written on top, so
a figure in the bureau's own spreadsheet can be traced back to what was counted."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from xhduty.core import outfiles
from xhduty.core.stats.charts import Chart


def _sheet_name(title: str, taken: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name, and each must be unique."""
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28]
    base, n = name, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


def write_xlsx(path: Path, charts: list[Chart], scope: str) -> Path:
    """Write ``charts`` (one sheet each) to ``path``; ``scope`` says which range and division they cover."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for chart in charts:
        sheet = book.create_sheet(_sheet_name(chart.title, taken))
        sheet.append([chart.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([f"范围：{scope}"])
        for line in (chart.note, chart.basis):
            if line:
                sheet.append([line])
        sheet.append([])
        header_row = sheet.max_row + 1
        for row in chart.rows():
            sheet.append(row)
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 22
    return outfiles.write_whole(path, book.save)
