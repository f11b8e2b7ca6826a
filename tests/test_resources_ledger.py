"""A stock ledger as a sub-district office types it in Excel: a title row, 序号, the depot merged down its
rows (over a blank row too), quantities with the unit written after them, a 单位 column, a 合计 row.

What the office wrote is imported as meant or refused with a message naming the cell — never a quantity
read in another unit than it was counted in."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from xhduty.core.resources import assets, stock, xlsx_io


@pytest.fixture
def catalogue(store):
    assets.save(store, "depots", {"name": "龙华街道应急物资储备点", "kind": "储备点", "division": "longhua"})
    assets.save(store, "items", {"name": "沙袋", "class_code": "3010100", "unit": "件"})
    assets.save(store, "items", {"name": "饮用水", "class_code": "1010100", "unit": "瓶"})
    return store


def ledger(path, rows, merge_depot: str = ""):
    wb = Workbook()
    ws = wb.active
    ws.title = "库存"
    ws.append(["龙华街道应急物资库存台账（2026年12月）"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "储备库", "物资名称", "批号", "有效期", "单位", "库存数量"])
    for row in rows:
        ws.append(row)
    if merge_depot:
        ws.merge_cells(merge_depot)
    wb.save(path)
    return path


def test_units_after_quantities_a_blank_row_in_a_merged_depot_and_a_totals_row(catalogue, tmp_path):
    path = ledger(tmp_path / "台账.xlsx", [
        [1, "龙华街道应急物资储备点", "沙袋", "L1", "2027-03-01", "件", "１２０件"],
        [2, None, "沙袋", "L2", "2027/6/30", None, "80 件"],
        [None] * 7,                                            # blank, but the merged depot covers it
        [3, None, "饮用水", "W1", "2027.03.01", "瓶", "1,200"],
        ["合计", None, None, None, None, None, 1400],
    ], merge_depot="B3:B6")
    preview = xlsx_io.preview(catalogue, path)
    assert preview.ok, preview.errors
    warnings = [str(w) for w in preview.warnings]
    assert "台账.xlsx 工作表「库存」第 5 行：没有物资和数量（空行），未导入" in warnings
    assert "台账.xlsx 工作表「库存」第 7 行：合计行，未导入" in warnings
    xlsx_io.import_xlsx(catalogue, path)
    assert sorted((r["item_name"], r["lot"], r["qty"]) for r in stock.inventory(catalogue)) == \
        [("沙袋", "L1", 120), ("沙袋", "L2", 80), ("饮用水", "W1", 1200)]


def test_a_quantity_counted_in_another_unit_is_refused_not_read_in_the_items_unit(catalogue, tmp_path):
    path = ledger(tmp_path / "台账.xlsx", [
        [1, "龙华街道应急物资储备点", "饮用水", "W1", "2027-03-01", "箱", 20],    # 20 boxes, not 20 bottles
        [2, "龙华街道应急物资储备点", "沙袋", "L1", "2027-03-01", None, "120 袋"],
        [3, "", "沙袋", "L2", "2027-03-01", None, 5],
    ])
    with pytest.raises(xlsx_io.ImportRejected) as err:
        xlsx_io.import_xlsx(catalogue, path)
    assert err.value.errors == [
        "台账.xlsx 工作表「库存」第 3 行「单位」（F 列）：「箱」与物资目录中「饮用水」的计量单位「瓶」不同，"
        "请把数量换算为瓶并改正单位",
        "台账.xlsx 工作表「库存」第 4 行「数量」（G 列）：应为整数（以「沙袋」的计量单位件计），而不是「120 袋」",
        "台账.xlsx 工作表「库存」第 5 行「储备库」（B 列）：未填写储备库（点）（填编号或名称）",
    ]
    assert stock.on_hand(catalogue) == []


def test_one_lot_on_two_rows_is_added_up_and_two_expiry_dates_for_one_lot_are_refused(catalogue, tmp_path):
    """Two storerooms, one item, no lot numbers: the office has 200 + 300, not the last row's 300."""
    path = ledger(tmp_path / "台账.xlsx", [
        [1, "龙华街道应急物资储备点", "沙袋", None, None, "件", 200],
        [2, "龙华街道应急物资储备点", "沙袋", None, None, "件", 300],
        [3, "龙华街道应急物资储备点", "饮用水", "W1", "2027-03-01", "瓶", 100],
        [4, "龙华街道应急物资储备点", "饮用水", "W1", None, "瓶", 20],
    ])
    preview = xlsx_io.preview(catalogue, path)
    assert "台账.xlsx 工作表「库存」第 4 行「数量」（G 列）：与第 3 行是同一储备库、物资和批次，数量相加（共 500件）" \
        in [str(w) for w in preview.warnings]
    xlsx_io.import_xlsx(catalogue, path)
    assert sorted((r["item_name"], r["lot"], r["expires"], r["qty"]) for r in stock.inventory(catalogue)) == \
        [("沙袋", "", None, 500), ("饮用水", "W1", "2027-03-01", 120)]
    xlsx_io.import_xlsx(catalogue, path)   # the same file again: stock stays as counted
    assert sorted(r["qty"] for r in stock.inventory(catalogue)) == [120, 500]

    path = ledger(tmp_path / "台账2.xlsx", [
        [1, "龙华街道应急物资储备点", "饮用水", None, "2027-03-01", "瓶", 100],
        [2, "龙华街道应急物资储备点", "饮用水", None, "2027-06-30", "瓶", 50],
    ])
    with pytest.raises(xlsx_io.ImportRejected) as err:
        xlsx_io.import_xlsx(catalogue, path)
    assert err.value.errors == [
        "台账2.xlsx 工作表「库存」第 4 行「有效期至」（E 列）：与第 3 行是同一储备库、物资和批次，有效期却不同"
        "（2027-03-01、2027-06-30）：请在“批次”列填写不同的批次"]
