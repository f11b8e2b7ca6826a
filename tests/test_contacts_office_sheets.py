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
        (UNIT, "杨帆", "值班员", "021-64281239 021-64281240", ""),
        (UNIT, "陈静", "主任", "", "13912345682 13812345682"),
    ])
    seen = xlsx_io.preview(path)
    assert [str(e) for e in seen.errors] == [
        "水务局.xlsx 工作表「人员」第 3 行「办公电话」（D 列）：办公电话“021-64281239021-64281240”有 22 位数字，"
        "电话号码最多 15 位：是否把两个号码写在了一起？请用 / 或 、 分开",
        "水务局.xlsx 工作表「人员」第 4 行「手机」（E 列）：手机“1391234568213812345682”有 22 位数字，"
        "电话号码最多 15 位：是否把两个号码写在了一起？请用 / 或 、 分开"]
    with pytest.raises(StoreError, match="未导入任何数据"):
        xlsx_io.import_xlsx(store, path)
    assert store.one("SELECT count(*) FROM people")[0] == 0


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
