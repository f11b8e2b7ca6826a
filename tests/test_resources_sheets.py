"""A sub-district office's inventory workbook rarely names its sheets as the export does: a ledger sheet
under another name (Sheet1, 龙华物资) is read as the 库存 sheet by its columns, any other sheet is named in a
warning, and a workbook with nothing to import is refused — never "已导入 … 0" with the ledger left out."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from xhduty.core.resources import assets, stock, xlsx_io


@pytest.fixture
def depot_and_item(store):
    depot = assets.save(store, "depots", {"name": "龙华街道应急物资储备点", "kind": "储备点", "division": "longhua"})[0]
    item = assets.save(store, "items", {"name": "沙袋", "class_code": "3010100", "unit": "件"})[0]
    return depot, item


def test_a_ledger_sheet_under_another_name_is_read_by_its_columns(store, depot_and_item, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["龙华街道应急物资台账"])
    ws.append(["仓库", "品名", "批号", "有效期", "库存数量"])
    ws.append(["龙华街道应急物资储备点", "沙袋", "L1", "2027-06-30", 120])
    notes = wb.create_sheet("填表说明")
    notes.append(["本表由龙华街道填报，每月 5 日前报区应急局"])
    wb.create_sheet("Sheet3")   # WPS's empty default sheet: nothing to say about it
    wb.save(tmp_path / "龙华.xlsx")

    preview = xlsx_io.preview(store, tmp_path / "龙华.xlsx")
    assert preview.ok and preview.counts["库存"] == 1
    warnings = [str(w) for w in preview.warnings]
    assert "龙华.xlsx 工作表「Sheet1」：工作表名不是“库存”，按列名作为库存表导入" in warnings
    assert any(w.startswith("龙华.xlsx 工作表「填表说明」：不是可导入的工作表，未导入") for w in warnings)
    assert not any("Sheet3" in w for w in warnings)

    xlsx_io.import_xlsx(store, tmp_path / "龙华.xlsx")
    [row] = stock.inventory(store)
    assert (row["depot_name"], row["item_name"], row["lot"], row["expires"], row["qty"]) == \
        ("龙华街道应急物资储备点", "沙袋", "L1", "2027-06-30", 120)


def test_a_workbook_with_nothing_to_import_is_refused_naming_its_sheets(store, depot_and_item, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "物资清单"
    ws.append(["品名", "规格", "备注"])   # no 数量: not a ledger, and not a register's name
    ws.append(["沙袋", "50×80cm", ""])
    wb.save(tmp_path / "清单.xlsx")

    with pytest.raises(xlsx_io.ImportRejected) as err:
        xlsx_io.import_xlsx(store, tmp_path / "清单.xlsx")
    assert "清单.xlsx：没有可导入的工作表（本文件的工作表：物资清单）" in str(err.value)
    assert stock.on_hand(store) == []
