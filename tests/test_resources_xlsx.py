"""The inventory workbook: export then import into a fresh database gives the same inventory; a bad row is
reported by sheet and row and nothing is imported."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from xhduty.core.resources import assets
from xhduty.core.resources import xlsx_io
from xhduty.core.resources import stock
from xhduty.core.store import init_station, open_store


def fill(store):
    d1 = assets.save(store, "depots", {"name": "区应急物资保障库", "kind": "储备库", "division": "xujiahui",
                                       "address": "示例数据", "keeper": "张保管", "phone": "021-0000"})[0]
    d2 = assets.save(store, "depots", {"name": "龙华街道储备点", "kind": "储备点", "division": "longhua"})[0]
    bags = assets.save(store, "items", {"name": "编织袋", "class_code": "3010100", "unit": "条",
                                        "spec": "50×80cm", "pack_size": 100})[0]
    water = assets.save(store, "items", {"name": "饮用水", "class_code": "1010100", "unit": "箱"})[0]
    with store.write() as tx:
        stock.receive(tx, d1, bags, 5000, lot="2026-01")
        stock.receive(tx, d1, water, 200, lot="W1", expires="2027-05-01")
        stock.transfer(tx, d1, d2, bags, 800)
        stock.issue(tx, d2, bags, 900, confirm=True)  # overdrawn lot survives the round trip
        stock.set_minimum(tx, d2, bags, 1000)
    assets.save(store, "teams", {"name": "抢险队", "division": "longhua", "readiness": "待命", "size": 30})
    assets.save(store, "experts", {"name": "李专家", "field": "防汛", "phones": "13900000000"})
    assets.save(store, "equipment", {"name": "抢险车", "category": "车辆", "division": "longhua", "status": "完好",
                                     "serial": "沪A00000", "service_due": "2027-01-15"})
    assets.save(store, "shelters", {"name": "示例数据 体育馆", "class": "Ⅱ类", "division": "huajing",
                                    "capacity": 800, "occupancy": 12})


def snapshot(store):
    names = lambda table: {r["id"]: r["name"] for r in assets.records(store, table)}  # noqa: E731
    depots, items = names("depots"), names("items")
    lots = sorted((depots[r["depot_id"]], items[r["item_id"]], r["lot"], r["expires"], r["qty"])
                  for r in stock.on_hand(store))
    mins = sorted((depots[m["depot_id"]], items[m["item_id"]], m["minimum"]) for m in stock.minimums(store))
    registers = {t: sorted(tuple(r[f.key] for f in rk.fields) for r in assets.records(store, t))
                 for t, rk in assets.KINDS.items()}
    return lots, mins, registers


def test_export_then_import_into_a_fresh_database_gives_the_same_inventory(store, tmp_path):
    fill(store)
    path = xlsx_io.export_xlsx(store, tmp_path / "inventory.xlsx")
    fresh = open_store(tmp_path / "fresh.db")
    init_station(fresh, "XH-NEW", "新站", "street")
    counts = xlsx_io.import_xlsx(fresh, path)
    assert counts["depots"] == 2 and counts["stock_movements"] == 3
    assert snapshot(fresh) == snapshot(store)
    assert ("龙华街道储备点", "编织袋", "2026-01", None, -100) in snapshot(fresh)[0]
    # importing the same file again leaves stock as it is
    xlsx_io.import_xlsx(fresh, path)
    assert snapshot(fresh) == snapshot(store)
    fresh.close()


def test_bad_rows_are_reported_by_sheet_and_row_and_nothing_is_imported(store, tmp_path):
    fill(store)
    path = xlsx_io.export_xlsx(store, tmp_path / "inventory.xlsx")
    wb = load_workbook(path)
    wb["储备库（点）"].append(["", "新储备点", "储备点", "浦东新区"])          # row 4
    wb["物资目录"].append(["", "帐篷", "123", "", "顶"])                      # row 4
    wb["库存"].append(["", "不存在的库", "", "饮用水", "箱", "", "", 5])       # row 5
    wb["库存"].append(["", "区应急物资保障库", "", "饮用水", "箱", "", "下个月", 5])  # row 6
    wb["避难场所"].append(["", "学校", "Ⅳ类", 10])                           # row 3
    wb.save(path)
    fresh = open_store(tmp_path / "fresh.db")
    init_station(fresh, "XH-NEW", "新站", "street")
    with pytest.raises(xlsx_io.ImportRejected) as err:
        xlsx_io.import_xlsx(fresh, path)
    message = str(err.value)
    assert "5 处错误，未导入任何数据" in message
    for expected in ("inventory.xlsx 工作表「储备库（点）」第 4 行「街镇」（D 列）：不是徐汇区的街镇：「浦东新区」",
                     "工作表「物资目录」第 4 行「分类代码」（C 列）：应为 GB/T 38565",
                     "工作表「库存」第 5 行「储备库」（B 列）：储备库（点）「不存在的库」不存在",
                     "工作表「库存」第 6 行「有效期至」（G 列）：应为日期（可写 2026-12-01、2026/12/1、2026.12.1、2026年12月1日；无期限写“长期”），而不是「下个月」",
                     "工作表「避难场所」第 3 行「类别」（C 列）：应为 Ⅰ类、Ⅱ类、Ⅲ类 之一"):
        assert expected in message
    for table in ("depots", "items", "shelters", "stock_movements", "stock_minimums", "changes"):
        assert fresh.query(f"SELECT count(*) FROM {table}")[0][0] == 0, table
    fresh.close()


def test_a_hand_made_workbook_refers_by_name_and_reports_missing_columns(store, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "储备库（点）"
    ws.append(["名称", "类型", "街镇"])
    ws.append(["漕河泾储备点", "储备点", "漕河泾街道"])
    ws = wb.create_sheet("物资目录")
    ws.append(["名称", "分类代码", "计量单位"])
    ws.append(["折叠床", "1030200", "张"])
    ws = wb.create_sheet("库存")
    ws.append(["储备库", "物资", "数量", "有效期至"])
    ws.append(["漕河泾储备点", "折叠床", 120, None])
    wb.save(tmp_path / "hand.xlsx")
    xlsx_io.import_xlsx(store, tmp_path / "hand.xlsx")
    [row] = stock.inventory(store)
    assert (row["depot_name"], row["item_name"], row["qty"], row["division_name"]) == \
        ("漕河泾储备点", "折叠床", 120, "漕河泾街道")

    del wb["库存"]
    wb["物资目录"].delete_cols(3)
    wb.save(tmp_path / "hand.xlsx")
    with pytest.raises(xlsx_io.ImportRejected, match="hand.xlsx 工作表「物资目录」第 1 行：缺少列：计量单位"):
        xlsx_io.import_xlsx(store, tmp_path / "hand.xlsx")


def test_a_file_that_is_not_a_workbook_is_refused_clearly(store, tmp_path):
    (tmp_path / "x.xlsx").write_text("not a workbook")
    with pytest.raises(xlsx_io.ImportRejected, match="(?s)x.xlsx 有 1 处错误，未导入任何数据.*x.xlsx：无法读取为表格文件"):
        xlsx_io.import_xlsx(store, tmp_path / "x.xlsx")
