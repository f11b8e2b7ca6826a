"""Contacts .xlsx import/export round trip, bad rows named by row, nothing half-imported; vCard export."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from xhduty.core import clock
from xhduty.core.contacts import contacts
from xhduty.core.contacts import xlsx_io
from xhduty.core.store import StoreError

HEADER = ["单位", "姓名", "职务", "角色", "手机", "办公电话", "值班电话", "传真", "邮箱", "短信", "AB角", "核实日期", "备注"]


def _write(path, people, units=(), groups=(), duty=()):
    wb = Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(HEADER)
    for row in people:
        ws.append(row)
    if units:
        us = wb.create_sheet("单位")
        us.append(["单位路径", "类型", "值班电话", "传真", "地址"])
        for row in units:
            us.append(row)
    if groups:
        gs = wb.create_sheet("通知组")
        gs.append(["通知组", "顺序", "单位路径", "姓名", "确认时限"])
        for row in groups:
            gs.append(row)
    if duty:
        ds = wb.create_sheet("值班")
        ds.append(["单位路径", "日期", "姓名", "电话"])
        for row in duty:
            ds.append(row)
    wb.save(path)
    return path


GOOD = [
    ["区应急委/成员单位/区水务局", "张伟", "局长", "指挥长", 13900000001, "021-64001111", "", "", "zw@example.org",
     "", "王芳", "2026-05-01", ""],
    ["区应急委/成员单位/区水务局", "王芳", "副局长", "", "13900000002", "", "", "021-64009999", "", "", "张伟",
     None, "示例数据"],
    ["区应急委/街道（镇）/华泾镇/办公室", "单雄信", "主任", "联络员", "13900000003", "", "021-64002222", "", "", "",
     "", "", ""],
]


def test_import_then_export_round_trip(store, tmp_path):
    today = clock.now().date()
    source = _write(tmp_path / "in.xlsx", GOOD, duty=[["区应急委/成员单位/区水务局", today, "王芳", "13900000002"]],
                    units=[["区应急委/成员单位/区水务局", "成员单位", "021-64000000", "021-64000001", "示例地址"]],
                    groups=[["防汛防台指挥部成员", 2, "区应急委/成员单位/区水务局", "王芳", 10],
                            ["防汛防台指挥部成员", 1, "区应急委/成员单位/区水务局", "张伟", 10]])
    counts = xlsx_io.import_xlsx(store, source)
    assert counts["added"] == 3 and counts["groups"] == 1
    zhang = contacts.search(store, "zw")[0]
    assert zhang["methods"] == [{"kind": "mobile", "value": "13900000001"},   # a number cell keeps its digits
                                {"kind": "office", "value": "021-64001111"},
                                {"kind": "email", "value": "zw@example.org"}]
    assert zhang["deputy_name"] == "王芳" and zhang["verified_on"] == "2026-05-01" and zhang["role"] == "指挥长"
    unit = store.get("units", zhang["unit_id"])
    assert (unit["duty_phone"], unit["fax"], unit["address"]) == ("021-64000000", "021-64000001", "示例地址")
    group = contacts.group_by_name(store, "防汛防台指挥部成员")
    assert [p["name"] for p in contacts.people(store, contacts.group_members(store, group["id"]))] == ["张伟", "王芳"]

    assert contacts.on_duty(store)[zhang["unit_id"]] == [
        {"unit_id": zhang["unit_id"], "person_id": contacts.search(store, "wf")[0]["id"], "name": "王芳",
         "phone": "13900000002"}]

    exported = xlsx_io.export_xlsx(store, tmp_path / "out.xlsx")
    before = _snapshot(store)
    changes_before = store.one("SELECT count(*) FROM changes")[0]
    again = xlsx_io.import_xlsx(store, exported)     # importing our own export changes nothing
    assert again["added"] == 0 and again["updated"] == 3
    assert _snapshot(store) == before
    assert len(contacts.on_duty(store)[zhang["unit_id"]]) == 1
    assert store.one("SELECT count(*) FROM changes")[0] == changes_before + 4   # members re-laid only
    ws = load_workbook(exported)["人员"]
    assert [c.value for c in ws[1]][:5] == ["单位路径", "姓名", "职务", "角色", "手机"]


def _snapshot(store):
    return sorted((p["unit_path"], p["name"], p["post"], p["role"], str(p["methods"]), p["deputy_name"],
                   p["verified_on"], p["note"]) for p in contacts.people(store))


def test_bad_rows_are_reported_by_row_and_nothing_is_imported(store, tmp_path):
    bad = GOOD + [
        ["区应急委/成员单位/区水务局", "", "科员", "", "13900000009", "", "", "", "", "", "", "", ""],
        ["区应急委/成员单位/区水务局", "李强", "", "", "phone", "", "", "", "a@b", "", "", "昨天", ""],
        ["区应急委/成员单位/区水务局", "张伟", "", "", "13900000001", "", "", "", "", "", "", "", ""],
    ]
    path = _write(tmp_path / "bad.xlsx", bad)
    with pytest.raises(StoreError) as err:
        xlsx_io.import_xlsx(store, path)
    text = str(err.value)
    assert "未导入任何数据" in text
    assert "工作表「人员」第 5 行「姓名」（B 列）：不能为空" in text
    assert "工作表「人员」第 6 行「手机」（E 列）：“phone”不是电话号码" in text and "工作表「人员」第 6 行「邮箱」" in text
    assert "工作表「人员」第 6 行「核实日期」（L 列）" in text
    assert "工作表「人员」第 7 行「姓名」（B 列）：与第 2 行重复" in text
    assert store.one("SELECT count(*) FROM people")[0] == 0
    assert store.one("SELECT count(*) FROM units")[0] == 0


def test_bad_duty_rows_are_reported(store, tmp_path):
    path = _write(tmp_path / "duty.xlsx", GOOD[:1], duty=[["区应急委/成员单位/区水务局", "下周一", "", "x"]])
    with pytest.raises(StoreError) as err:
        xlsx_io.import_xlsx(store, path)
    text = str(err.value)
    assert "工作表「值班」第 2 行「姓名」（C 列）：不能为空" in text and "工作表「值班」第 2 行「日期」" in text
    assert "工作表「值班」第 2 行「电话」" in text
    assert store.one("SELECT count(*) FROM people")[0] == 0


def test_unknown_deputy_rolls_back_everything(store, tmp_path):
    rows = [GOOD[0][:10] + ["不存在的人", "", ""]]
    with pytest.raises(StoreError, match="工作表「人员」第 2 行「AB角」：“不存在的人”不在通讯录中"):
        xlsx_io.import_xlsx(store, _write(tmp_path / "d.xlsx", rows))
    assert store.one("SELECT count(*) FROM people")[0] == 0


def test_missing_columns_and_not_a_workbook(store, tmp_path):
    wb = Workbook()
    wb.active.title = "人员"
    wb.active.append(["姓名", "手机"])
    wb.save(tmp_path / "cols.xlsx")
    with pytest.raises(StoreError, match="工作表「人员」第 1 行：缺少列：单位路径"):
        xlsx_io.import_xlsx(store, tmp_path / "cols.xlsx")
    (tmp_path / "x.xlsx").write_text("not a workbook")
    with pytest.raises(StoreError, match="x.xlsx：无法读取为表格文件"):
        xlsx_io.import_xlsx(store, tmp_path / "x.xlsx")


def test_vcard_export(store, tmp_path):
    xlsx_io.import_xlsx(store, _write(tmp_path / "in.xlsx", GOOD))
    text = xlsx_io.export_vcard(store, tmp_path / "c.vcf").read_bytes().decode("utf-8")
    cards = text.split("BEGIN:VCARD")[1:]
    assert len(cards) == 3
    zhang = next(c for c in cards if "FN:张伟" in c)
    assert "N:张;伟;;;" in zhang
    assert "ORG:区应急委;成员单位;区水务局" in zhang
    assert "TEL;TYPE=CELL,VOICE:13900000001" in zhang and "EMAIL;TYPE=INTERNET:zw@example.org" in zhang
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
