"""Contact lists as units' offices keep them: numbers typed with spaces, several numbers in one cell."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from xhduty.core.contacts import contacts
from xhduty.core.contacts import xlsx_io
from xhduty.core.store import StoreError

UNIT = "区应急委/成员单位/区水务局"


def _sheet(path, rows, title="人员", header=("单位", "姓名", "职务", "办公电话", "手机")):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def test_two_numbers_run_together_by_a_space_are_refused_not_stored_as_one(store, tmp_path):
    path = _sheet(tmp_path / "水务局.xlsx", [
        (UNIT, "张伟", "局长", "021-6428 1234转8001", "139 1234 5678"),
        (UNIT, "杨帆", "值班员", "64281239 64281240", ""),                  # no area code: not two complete numbers
        (UNIT, "陈静", "主任", "", "13912345682 6428124"),
    ])
    seen = xlsx_io.preview(path)
    assert [str(e) for e in seen.errors] == [
        "水务局.xlsx 工作表「人员」第 3 行「办公电话」（D 列）：办公电话“6428123964281240”有 16 位数字，"
        "电话号码最多 15 位：是否把两个号码写在了一起？请用 / 或 、 分开",
        "水务局.xlsx 工作表「人员」第 4 行「手机」（E 列）：手机“139123456826428124”有 18 位数字，"
        "电话号码最多 15 位：是否把两个号码写在了一起？请用 / 或 、 分开"]
    with pytest.raises(StoreError, match="未导入任何数据"):
        xlsx_io.import_xlsx(store, path)
    assert store.one("SELECT count(*) FROM people")[0] == 0


def test_two_complete_numbers_separated_only_by_a_space_import_as_two(store, tmp_path):
    path = _sheet(tmp_path / "水务局.xlsx", [
        (UNIT, "杨帆", "值班员", "021-64281239 021-64281240", ""),
        (UNIT, "陈静", "主任", "", "13912345682 13812345682"),
    ])
    assert xlsx_io.preview(path).errors == []
    xlsx_io.import_xlsx(store, path)
    found = {p["name"]: [(m["kind"], m["value"]) for m in p["methods"]] for p in contacts.people(store)}
    assert found == {"杨帆": [("office", "021-64281239"), ("office", "021-64281240")],
                     "陈静": [("mobile", "13912345682"), ("mobile", "13812345682")]}


def test_spaced_numbers_and_extensions_still_import_as_one_number(store, tmp_path):
    path = _sheet(tmp_path / "水务局.xlsx", [(UNIT, "张伟", "局长", "021-6428 1234转8001", "139 1234 5678"),
                                           (UNIT, "王芳", "副局长", "＋86 21 6428 1235", "")])
    xlsx_io.import_xlsx(store, path)
    found = {p["name"]: [m["value"] for m in p["methods"]] for p in contacts.people(store)}
    assert found == {"张伟": ["13912345678", "021-64281234转8001"], "王芳": ["+862164281235"]}


def test_the_form_refuses_two_numbers_in_one_field(store):
    with store.write() as tx:
        unit = contacts.ensure_unit_path(tx, UNIT)
    with pytest.raises(StoreError, match="手机“13912345678 13812345678”有 22 位数字"):
        contacts.save_person(store, {"unit_id": unit, "name": "张伟",
                                     "methods": [("mobile", "13912345678 13812345678")]})
    contacts.save_person(store, {"unit_id": unit, "name": "张伟", "methods": [("office", "0086-21-6428 1234 转 8001")]})


def _office_list(path):
    """A unit's list as its office keeps it: Sheet1 with a title over the header, 部门 merged down the
    people of each department, a blank row, numbers in office forms; a Sheet2 of notes, an empty Sheet3."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["区水务局防汛防台应急通讯录（2026年6月）"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "部门", "姓 名", "职务", "办公电话", "手机"])
    for row in ((1, "局领导", "张　伟", "局长", "021-6428 1234转8001", "139 1234 5678"),
                (2, None, "王 芳", "副局长", "（021）64281235", "１３９１２３４５６７９"),
                (None, None, None, None, None, None),
                (3, "防汛办", "李强", "主任", "021－64281236", "13912345680/13812345680"),
                (4, None, "赵磊", "科员", "64281237", "13912345681"),
                (5, "区水务局/办公室", "陈静", "主任", "021-64281238", "13912345682"),
                (6, "", "杨帆", "值班员", "021-64281239", "")):
        ws.append(list(row))
    ws.merge_cells("B3:B4")
    ws.merge_cells("B6:B7")
    wb.create_sheet("Sheet2").append(["说明：本表每月更新"])
    wb.create_sheet("Sheet3")
    wb.save(path)
    return path


def test_a_units_own_list_is_imported_under_that_unit_and_again_changes_nothing(store, tmp_path):
    path = _office_list(tmp_path / "水务局通讯录.xlsx")
    seen = xlsx_io.preview(path, under=UNIT)
    assert seen.ok and seen.counts["人员"] == 6
    warnings = [str(w) for w in seen.warnings]
    assert "水务局通讯录.xlsx 工作表「Sheet1」：工作表名不是“人员”，因有“姓名”列，按人员表导入" in warnings
    assert any(w.startswith("水务局通讯录.xlsx 工作表「Sheet2」：不是可导入的工作表，未导入") for w in warnings)
    assert not any("Sheet3" in w for w in warnings)
    assert xlsx_io.import_xlsx(store, path, under=UNIT)["added"] == 6
    placed = {p["name"]: (p["unit_path"], [m["value"] for m in p["methods"]]) for p in contacts.people(store)}
    assert placed == {
        "张伟": (f"{UNIT}/局领导", ["13912345678", "021-64281234转8001"]),
        "王芳": (f"{UNIT}/局领导", ["13912345679", "021-64281235"]),
        "李强": (f"{UNIT}/防汛办", ["13912345680", "13812345680", "021-64281236"]),
        "赵磊": (f"{UNIT}/防汛办", ["13912345681", "64281237"]),
        "陈静": (f"{UNIT}/办公室", ["13912345682", "021-64281238"]),
        "杨帆": (UNIT, ["021-64281239"]),
    }
    assert not [u for u in contacts.units(store) if u["parent_id"] is None and u["name"] != "区应急委"]
    again = xlsx_io.import_xlsx(store, path, under=UNIT)
    assert (again["added"], again["updated"], again["units"]) == (0, 6, 0)
    assert store.one("SELECT count(*) FROM people WHERE deleted = 0")[0] == 6


def test_two_units_lists_with_the_same_department_and_name_stay_apart(store, tmp_path):
    other = "区应急委/成员单位/区绿化和市容管理局"
    for under, phone in ((UNIT, "13900000001"), (other, "13900000002")):
        xlsx_io.import_xlsx(store, _sheet(tmp_path / f"{phone}.xlsx", [("办公室", "陈静", "主任", "", phone)],
                                          title="Sheet1"), under=under)
    assert sorted((p["unit_path"], p["methods"][0]["value"]) for p in contacts.people(store)) == [
        (f"{UNIT}/办公室", "13900000001"), (f"{other}/办公室", "13900000002")]


def test_a_list_without_unit_column_needs_the_unit_it_is_imported_under(store, tmp_path):
    path = _sheet(tmp_path / "名单.xlsx", [("张伟", "局长", "13900000001")], header=("姓名", "职务", "手机"))
    with pytest.raises(StoreError, match="工作表「人员」第 1 行：缺少列：单位路径.*命令行加 --unit"):
        xlsx_io.import_xlsx(store, path)
    assert store.one("SELECT count(*) FROM people")[0] == 0
    xlsx_io.import_xlsx(store, path, under=UNIT)
    assert [(p["name"], p["unit_path"]) for p in contacts.people(store)] == [("张伟", UNIT)]


def test_a_file_with_no_people_sheet_names_its_sheets(store, tmp_path):
    path = _sheet(tmp_path / "说明.xlsx", [("本表每月更新",)], title="Sheet1", header=("说明",))
    with pytest.raises(StoreError, match="说明.xlsx：没有人员表.*本文件的工作表：Sheet1"):
        xlsx_io.import_xlsx(store, path, under=UNIT)


def test_the_command_line_imports_a_units_list_under_a_unit_named_in_part_or_by_a_new_path(store, tmp_path,
                                                                                          capsys):
    from xhduty.cli import main

    contacts.seed_skeleton(store)                                                    # 区应急委/成员单位, no 水务局
    path = _office_list(tmp_path / "水务局通讯录.xlsx")
    assert main(["contacts", "import", str(path), "--unit", UNIT, "--dry-run"]) == 0   # a new unit: made on import
    assert store.one("SELECT count(*) FROM people")[0] == 0
    assert main(["contacts", "import", str(path), "--unit", UNIT]) == 0
    assert f"已导入 水务局通讯录.xlsx（到 {UNIT} 之下）：新增 6 人" in capsys.readouterr().out
    assert main(["contacts", "import", str(path), "--unit", "水务"]) == 0                # again, the unit in part
    assert "新增 0 人，更新 6 人，新建单位 0 个" in capsys.readouterr().out
    assert {p["unit_path"] for p in contacts.people(store)} == {UNIT, f"{UNIT}/局领导", f"{UNIT}/防汛办",
                                                                f"{UNIT}/办公室"}
    assert main(["contacts", "import", str(path), "--unit", "不存在的局"]) == 2
    assert "没有单位“不存在的局”" in capsys.readouterr().err


def test_a_unit_with_two_duty_numbers_can_still_be_edited_and_typed_so(store, tmp_path):
    wb = Workbook()
    wb.active.title = "人员"
    wb.active.append(["单位路径", "姓名", "手机"])
    wb.active.append([UNIT, "张伟", "13900000001"])
    units = wb.create_sheet("单位")
    units.append(["单位路径", "值班电话", "传真"])
    units.append([UNIT, "021-64000000/021-64000001", "64009999"])
    wb.save(tmp_path / "u.xlsx")
    xlsx_io.import_xlsx(store, tmp_path / "u.xlsx")
    unit = contacts.find_unit_by_name(store, "水务局")
    saved = store.get("units", unit)
    assert saved["duty_phone"] == "021-64000000、021-64000001"
    contacts.save_unit(store, {"name": "区水务局", "duty_phone": saved["duty_phone"], "fax": saved["fax"],
                               "address": "龙华中路1号"}, unit)          # the form sends the numbers back
    assert store.get("units", unit)["address"] == "龙华中路1号"
    contacts.save_unit(store, {"duty_phone": "（021）6400 0000 / ０２１－６４０００００２"}, unit)
    assert store.get("units", unit)["duty_phone"] == "021-64000000、021-64000002"
    with pytest.raises(StoreError, match="值班电话“值班室”格式不正确"):
        contacts.save_unit(store, {"duty_phone": "值班室"}, unit)
    with pytest.raises(StoreError, match="值班电话“021-64000000 或 查号台”格式不正确"):
        contacts.save_unit(store, {"duty_phone": "021-64000000 或 查号台"}, unit)


def test_a_units_list_imported_without_its_unit_is_named_in_a_warning(store, tmp_path):
    contacts.seed_skeleton(store)
    path = _office_list(tmp_path / "水务局通讯录.xlsx")
    seen = [str(w) for w in xlsx_io.preview(path, store=store).warnings]
    assert "水务局通讯录.xlsx 工作表「Sheet1」第 3 行「单位路径」：“局领导”不是已有的最上层单位，将新建在最上层" \
           "（2 人）：若这是某单位报来的本单位通讯录，请指定导入到该单位（窗口中“导入到单位”，命令行 --unit）" in seen
    assert sum("不是已有的最上层单位" in w for w in seen) == 3          # 局领导, 防汛办, 区水务局(/办公室)
    assert not any("不是已有的最上层单位" in str(w) for w in xlsx_io.preview(path, UNIT, store).warnings)
