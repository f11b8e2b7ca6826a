"""The shared import preview in the window: header row, column mapping, first rows, warnings; errors block."""

from __future__ import annotations

import os

from openpyxl import Workbook

from xhduty.core.duty import roster
from xhduty.ui.import_preview import ImportPreviewDialog
from xhduty.ui.qt import QDialog


def _roster_file(path, date_cell="2026年12月1日（周二）"):
    wb = Workbook()
    ws = wb.active
    ws.title = "12月"
    ws.append(["2026年12月值班表"])
    ws.merge_cells("A1:E1")
    ws.append(["日期", "班次", "值班领导", "值班人员", "签到"])
    ws.append([date_cell, "白班", "王　伟", "丁　一、李明", ""])
    ws.append([None, "夜班", None, "赵强", ""])
    ws.merge_cells("A3:A4")
    ws.merge_cells("C3:C4")
    wb.save(path)
    return path


def test_preview_shows_header_mapping_rows_and_warnings(qtbot, tmp_path):
    dialog = ImportPreviewDialog(roster.preview(_roster_file(tmp_path / "dec.xlsx")))
    qtbot.addWidget(dialog)
    page = dialog.sheets.widget(0)
    assert dialog.sheets.tabText(0) == "12月"
    from xhduty.ui.qt import QTableView
    mapping, rows = page.findChildren(QTableView)
    m = mapping.model()
    assert [m.item(2, c).text() for c in range(3)] == ["C", "值班领导", "带班领导"]
    assert [m.item(4, c).text() for c in range(3)] == ["E", "签到", "（不导入）"]
    r = rows.model()
    assert [r.item(1, c).text() for c in range(r.columnCount())] == ["4", "2026年12月1日（周二）", "夜班", "王　伟",
                                                                    "赵强"]
    assert dialog.problems.item(0).text() == "警告：dec.xlsx 工作表「12月」第 2 行「签到」：E 列不是可导入的列，未导入"
    assert dialog.import_button.isEnabled() and "将导入：排班记录 2" in dialog.summary.text()
    if os.environ.get("XHDUTY_SHOTS"):
        dialog.resize(1366, 768)
        dialog.grab().save(os.path.join(os.environ["XHDUTY_SHOTS"], "import_preview.png"))


def test_a_file_with_errors_cannot_be_imported_from_the_preview(qtbot, tmp_path):
    dialog = ImportPreviewDialog(roster.preview(_roster_file(tmp_path / "bad.xlsx", date_cell="下周二")))
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    assert "有 2 处错误，不能导入" in dialog.summary.text()
    assert dialog.problems.item(0).text().startswith("错误：bad.xlsx 工作表「12月」第 3 行「日期」（A 列）：“下周二”不是有效的日期")


def test_roster_import_action_previews_then_imports(qtbot, store, tmp_path, monkeypatch):
    from xhduty.ui.context import AppContext
    from xhduty.ui.main_window import MainWindow
    path = _roster_file(tmp_path / "dec.xlsx")
    shown = []
    monkeypatch.setattr(ImportPreviewDialog, "choose_file", staticmethod(lambda parent, title: path))
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: shown.append(self.preview) or QDialog.Accepted)
    window = MainWindow(AppContext(store))
    qtbot.addWidget(window)
    view = window.show_view("roster")
    view.import_xlsx()
    qtbot.waitUntil(lambda: len(roster.entries(store)) == 2, timeout=10000)
    assert shown[0].tables[0].header_row == 2
    assert [r["officers"] for r in roster.entries(store)] == [["赵强"], ["丁一", "李明"]]
