"""The roster and its .xlsx import: all rows or none, every bad row named."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook

from xhduty.core import tabular
from xhduty.core.duty import roster
from xhduty.core.store import StoreError


def _sheet(path, rows, header=("日期", "班次", "带班领导", "值班员", "值班电话")):
    wb = Workbook()
    ws = wb.active
    ws.title = "12月排班"
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def test_import_reads_dates_in_several_forms(store, tmp_path):
    path = _sheet(tmp_path / "r.xlsx", [
        (datetime(2026, 12, 1), "白班", "王建国", "李明、张伟", "64870000"),
        ("2026/12/1", "夜班", "王建国", "赵强", ""),
        ("2026年12月2日", "白班", "刘芳", "钱进, 孙丽", None),
    ])
    assert roster.import_xlsx(store, path) == 3
    rows = roster.entries(store)
    assert [(r["duty_date"], r["shift"]) for r in rows] == [
        ("2026-12-01", "夜班"), ("2026-12-01", "白班"), ("2026-12-02", "白班")]
    assert roster.for_date(store, date(2026, 12, 2))[0]["officers"] == ["钱进", "孙丽"]


def test_bad_rows_are_all_reported_and_nothing_is_imported(store, tmp_path):
    path = _sheet(tmp_path / "r.xlsx", [
        ("2026-12-01", "白班", "王建国", "李明", ""),
        ("2026-13-01", "白班", "王建国", "李明", ""),
        ("2026-12-03", "白班", "", "李明", ""),
        ("2026-12-04", "白班", "王建国", "甲、乙、丙", ""),
    ])
    with pytest.raises(tabular.ImportRejected) as info:
        roster.import_xlsx(store, path)
    text = str(info.value)
    assert "第 3 行" in text and "第 4 行" in text and "第 5 行" in text and "第 2 行" not in text
    assert "12月排班" in text and "3 处错误，未导入任何数据" in text
    assert "r.xlsx 工作表「12月排班」第 3 行「日期」（A 列）：“2026-13-01”不是有效的日期" in text
    assert "第 4 行「带班领导」（C 列）：带班领导为空" in text
    assert roster.entries(store) == []


def test_missing_columns_and_non_workbooks_are_refused(store, tmp_path):
    path = _sheet(tmp_path / "r.xlsx", [("2026-12-01", "白班")], header=("日期", "班次"))
    with pytest.raises(tabular.ImportRejected, match="工作表「12月排班」第 1 行：缺少列：带班领导、值班员"):
        roster.import_xlsx(store, path)
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(tabular.ImportRejected, match="junk.xlsx 有 1 处错误.*\n.*无法读取为表格文件：请在 Excel 或 WPS 中打开"):
        roster.import_xlsx(store, junk)


def test_reimport_replaces_the_same_date_and_shift(store, tmp_path):
    roster.import_xlsx(store, _sheet(tmp_path / "a.xlsx", [("2026-12-01", "白班", "王建国", "李明", "")]))
    roster.import_xlsx(store, _sheet(tmp_path / "b.xlsx", [("2026-12-01", "白班", "刘芳", "李明", "")]))
    [row] = roster.entries(store)
    assert row["leader"] == "刘芳"


def test_form_save_validates(store):
    with pytest.raises(StoreError, match="带班领导为空"):
        roster.save(store, {"duty_date": "2026-12-01", "shift": "白班", "leader": "", "officers": "李明"})
    rid = roster.save(store, {"duty_date": "2026-12-01", "shift": "白班", "leader": "王", "officers": ["李明"]})
    roster.remove(store, rid)
    assert roster.entries(store) == []


def test_a_date_and_shift_planned_twice_in_one_file_is_refused(store, tmp_path):
    """An office's copy-paste slip (the same day and shift on two rows, the date typed one way and the
    other) names both rows and imports nothing, rather than planning two duty teams for one shift."""
    path = _sheet(tmp_path / "r.xlsx", [
        ("2026年12月1日", "白班", "王建国", "李明", ""),
        ("2026-12-02", "白班", "刘芳", "钱进", ""),
        (datetime(2026, 12, 1), "白班", "陈刚", "赵强", ""),
    ])
    with pytest.raises(tabular.ImportRejected) as info:
        roster.import_xlsx(store, path)
    assert "第 4 行「班次」（B 列）：2026-12-01 白班 已在第 2 行排过" in str(info.value)
    assert roster.entries(store) == []


def test_the_command_lists_a_range_given_as_typed_dates(home, capsys, tmp_path):
    from xhduty.cli import main

    assert main(["init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street",
                 "--division", "龙华"]) == 0
    path = _sheet(tmp_path / "r.xlsx", [(f"2026-12-0{d}", "白班", "王建国", "李明", "") for d in (1, 2, 3, 4)])
    assert main(["roster", "import", str(path)]) == 0
    capsys.readouterr()
    assert main(["roster", "list", "--from", "2026.12.2", "--to", "2026年12月3日"]) == 0
    assert [line[:10] for line in capsys.readouterr().out.splitlines()] == ["2026-12-02", "2026-12-03"]
    assert main(["roster", "list", "--from", "12月2日"]) == 2
    assert "“12月2日”不是有效的日期" in capsys.readouterr().err


def test_a_roster_sheet_s_totals_row_and_notes_sheet_are_named_not_imported(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "班次", "带班领导", "值班员", "值班电话", "备注"])
    ws.append(["2026-12-02", "白班", "王建国", "李明", "64000000", ""])
    ws.append(["合 计", "", "", "1 班", "", ""])
    wb.create_sheet("说明")["A1"] = "每周五前报区应急局"
    wb.save(tmp_path / "排班.xlsx")
    seen = roster.preview(tmp_path / "排班.xlsx")
    warnings = [str(w) for w in seen.warnings]
    assert seen.ok and len(seen.tables[0].rows) == 1
    assert any("第 3 行：合计行，未导入" in w for w in warnings)
    assert any("工作表「说明」：不是可导入的工作表，未导入" in w for w in warnings)
