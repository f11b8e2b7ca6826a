"""The kinds of office file that failed to import (issue 15), each built here in a small file.

Each test states the right value: what is stored after the import, or the exact Chinese message.
"""

from __future__ import annotations

import re
import zipfile

import pytest
import xlwt
from openpyxl import Workbook

from xhduty.core import tabular
from xhduty.core.duty import roster


def lie_about_dimension(path):
    """Rewrite every sheet's <dimension ref> as A1, as WPS, OA systems and HR exports do."""
    tmp = path.with_name("tmp-" + path.name)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data, n = re.subn(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
                assert n == 1
            zout.writestr(info, data)
    tmp.replace(path)
    return path


def xlsx(path, rows, title="排班", merges=()):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(list(r))
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


# ------------------------------------------------------------------------------------------- roster

def test_a_sheet_whose_stated_size_is_a1_imports_all_its_rows(store, tmp_path):
    path = lie_about_dimension(xlsx(tmp_path / "oa.xlsx", [
        ("日期", "班次", "带班领导", "值班员"),
        ("2026-12-01", "白班", "王建国", "李明"),
        ("2026-12-01", "夜班", "王建国", "赵强")]))
    from openpyxl import load_workbook
    assert load_workbook(path, read_only=True).active.max_row == 1   # the lie openpyxl read-only trusts
    assert roster.import_xlsx(store, path) == 2
    assert [r["officers"] for r in roster.entries(store)] == [["赵强"], ["李明"]]


def test_title_row_merged_dates_and_leaders_and_everyday_headers(store, tmp_path):
    path = xlsx(tmp_path / "dec.xlsx", [
        ("2026年12月值班表",),
        ("日期 ", "班次", "值班\n领导", "值班人员", "联系电话", "签到"),
        ("2026年12月1日（周二）", "白班", "王建国", "丁　一、李明", "64870000", ""),
        (None, "夜班", None, "赵强\n钱进", None, ""),
        (46358, "白班", "刘芳", "孙丽/周敏", "", "")],
        merges=("A1:F1", "A3:A4", "C3:C4"))
    seen = roster.preview(path)
    assert seen.ok and seen.tables[0].header_row == 2
    assert ("C", "值班\n领导", "带班领导") in seen.tables[0].mapping()
    assert [str(w) for w in seen.warnings] == [
        "dec.xlsx 工作表「排班」第 2 行「签到」：F 列不是可导入的列，未导入",
        "dec.xlsx 工作表「排班」第 3 行「值班员」（D 列）：“丁\u3000一、李明”按“丁一、李明”导入",
        "dec.xlsx 工作表「排班」第 4 行「值班员」（D 列）：“赵强\n钱进”按“赵强、钱进”导入",
        "dec.xlsx 工作表「排班」第 5 行「值班员」（D 列）：“孙丽/周敏”按“孙丽、周敏”导入"]
    assert roster.import_xlsx(store, path) == 3
    got = [(r["duty_date"], r["shift"], r["leader"], r["officers"], r["phone"]) for r in roster.entries(store)]
    assert got == [("2026-12-01", "夜班", "王建国", ["赵强", "钱进"], ""),
                   ("2026-12-01", "白班", "王建国", ["丁一", "李明"], "64870000"),
                   ("2026-12-02", "白班", "刘芳", ["孙丽", "周敏"], "")]


def test_full_width_space_inside_a_name_is_one_officer(store, tmp_path):
    path = xlsx(tmp_path / "r.xlsx", [("日期", "班次", "带班领导", "值班员"),
                                      ("2026/12/1", "白班", "王　伟", "丁　一")])
    roster.import_xlsx(store, path)
    [row] = roster.entries(store)
    assert row["officers"] == ["丁一"] and row["leader"] == "王伟"


def test_legacy_xls_with_merges_and_serial_dates(store, tmp_path):
    book = xlwt.Workbook()
    sh = book.add_sheet("十二月")
    sh.write_merge(0, 0, 0, 3, "2026年12月值班表")
    for c, h in enumerate(["日期", "班次", "带班\n领导", "值班员"]):
        sh.write(1, c, h)
    sh.write_merge(2, 3, 0, 0, 46357.0)
    sh.write_merge(2, 3, 2, 2, "王建国")
    for r, (shift, who) in enumerate([("白班", "李明"), ("夜班", "赵强")], start=2):
        sh.write(r, 1, shift)
        sh.write(r, 3, who)
    path = tmp_path / "old.xls"
    book.save(str(path))
    assert roster.import_xlsx(store, path) == 2
    assert [(r["duty_date"], r["leader"], r["officers"]) for r in roster.entries(store)] == [
        ("2026-12-01", "王建国", ["赵强"]), ("2026-12-01", "王建国", ["李明"])]
    et = tmp_path / "wps.et"
    et.write_bytes(path.read_bytes())   # WPS 表格 .et is the same BIFF format
    assert [r.text("leader") for r in roster.preview(et).tables[0].rows] == ["王建国", "王建国"]


def test_a_file_that_is_no_spreadsheet_says_what_to_do_in_chinese(tmp_path):
    bad = tmp_path / "名单.xls"
    bad.write_text("<html>not a workbook</html>", encoding="utf-8")
    with pytest.raises(tabular.ImportRejected) as info:
        roster.read_xlsx(bad)
    assert str(info.value) == ("名单.xls 有 1 处错误，未导入任何数据：\n名单.xls：无法读取为表格文件：请在 Excel 或 WPS 中打开，"
                               "“另存为” Excel 工作簿（.xlsx）后再导入（支持 .xlsx .xlsm .xlsb .xls .et .ods）")


def test_header_not_found_names_the_sheet(tmp_path):
    path = xlsx(tmp_path / "r.xlsx", [("随便",), ("什么",)])
    with pytest.raises(tabular.ImportRejected, match="r.xlsx 工作表「排班」：前 10 行中找不到表头（应有列：日期、班次、带班领导、值班员）"):
        roster.read_xlsx(path)


# ------------------------------------------------------------------------------------------ tabular

def test_one_alias_table_serves_every_header():
    assert tabular.canonical_header("值班领导") == "带班领导"
    assert tabular.canonical_header(" 值班人员 ") == "值班员"
    assert tabular.canonical_header("带班\n领导") == "带班领导"
    assert tabular.canonical_header("联系电话") == "电话"
    assert tabular.canonical_header("姓名（必填）") == "姓名"
    assert tabular.canonical_header("有效期") == "有效期至"
    assert tabular.column_letter(0) == "A" and tabular.column_letter(27) == "AB"


# ----------------------------------------------------------------------------------------- contacts

def test_contacts_as_offices_keep_them(store, tmp_path):
    from xhduty.core.contacts import contacts, xlsx_io
    path = lie_about_dimension(xlsx(tmp_path / "通讯录.xlsx", [
        ("区应急局通讯录（2026年12月）",),
        ("所属单位", "姓名 ", "职务", "联系电话", "办公电话", "邮箱"),
        ("区应急委/区应急局", "王　伟", "科长", "13912345678/13987654321", "（021）6487 1234分机8001", ""),
        (None, "欧阳娜娜", "科员", "０２１－６４８７００００", "(021)64871234 ext. 12", "oyn@example.org"),
    ], title="人员", merges=("A1:F1", "A3:A4")))
    assert [str(w) for w in xlsx_io.preview(path).warnings] == [
        "通讯录.xlsx 工作表「人员」第 3 行「姓名」（B 列）：“王\u3000伟”按“王伟”导入",
        "通讯录.xlsx 工作表「人员」第 3 行「电话」（D 列）：一格有 2 个号码，分别导入：13912345678、13987654321"]
    assert xlsx_io.import_xlsx(store, path)["added"] == 2
    wang = contacts.search(store, "王伟")[0]
    assert wang["name"] == "王伟" and wang["unit_path"] == "区应急委/区应急局"
    assert wang["methods"] == [{"kind": "office", "value": "021-64871234转8001"},
                               {"kind": "mobile", "value": "13912345678"},
                               {"kind": "mobile", "value": "13987654321"}]
    ouyang = contacts.search(store, "oyn")[0]
    assert {m["value"] for m in ouyang["methods"]} == {"021-64870000", "021-64871234转12", "oyn@example.org"}
    # the export reads back to the same people and numbers
    out = xlsx_io.export_xlsx(store, tmp_path / "out.xlsx")
    before = {p["name"]: sorted(m["value"] for m in p["methods"]) for p in contacts.people(store)}
    assert xlsx_io.import_xlsx(store, out) == {"added": 0, "updated": 2, "units": 0, "groups": 0}
    assert {p["name"]: sorted(m["value"] for m in p["methods"]) for p in contacts.people(store)} == before
    vcf = xlsx_io.export_vcard(store, tmp_path / "c.vcf").read_text(encoding="utf-8")
    assert "N:欧阳;娜娜;;;" in vcf and "N:王;伟;;;" in vcf and "TEL;TYPE=WORK,VOICE:021-64871234转8001" in vcf


def test_a_stored_name_with_a_full_width_space_is_found_without_it(store):
    from xhduty.core.contacts import contacts
    unit = contacts.save_unit(store, {"name": "区应急局"})
    with store.write() as tx:   # as synced from a station that did not clean names
        tx.insert("people", {"unit_id": unit, "name": "王　伟", "methods": "[]"})
    assert [p["name"] for p in contacts.search(store, "王伟")] == ["王　伟"]
    assert [p["name"] for p in contacts.search(store, "wangwei")] == ["王　伟"]


# -------------------------------------------------------------------------------------- stock ledger

def test_a_stock_ledger_as_depots_keep_it(store, tmp_path):
    from xhduty.core.resources import assets, stock, xlsx_io
    depot, _ = assets.save(store, "depots", {"name": "区应急物资保障库", "kind": "储备库", "division": "徐家汇街道"})
    assets.save(store, "depots", {"name": "漕河泾储备点", "kind": "储备点", "division": "漕河泾街道"})
    water, _ = assets.save(store, "items", {"name": "饮用水", "class_code": "1010100", "unit": "箱"})
    assets.save(store, "items", {"name": "棉被", "class_code": "1020100", "unit": "床"})
    path = lie_about_dimension(xlsx(tmp_path / "台账.xlsx", [
        ("2026年应急物资库存台账",),
        ("仓库", "品名", "计量单位", "批号", "有效期", "库存数量"),
        ("区应急物资保障库", "饮用水", "箱", "A1", "2030/6/30", "１，２００"),
        (None, "饮用水", "箱", "A2", 47299, 30),
        (None, "棉被", "床", "", "长期", 50),
        ("漕河泾储备点", "棉被", "床", "", None, 8)],
        title="库存", merges=("A1:F1", "A3:A5")))
    seen = xlsx_io.preview(store, path)
    assert seen.ok and seen.counts["库存"] == 4 and seen.tables[0].header_row == 2
    xlsx_io.import_xlsx(store, path)
    lots = {(r["depot_id"] == depot, r["item_id"] == water, r["lot"], r["expires"], r["qty"])
            for r in stock.on_hand(store)}
    assert lots == {(True, True, "A1", "2030-06-30", 1200), (True, True, "A2", "2029-06-30", 30),
                    (True, False, "", None, 50), (False, False, "", None, 8)}


# ------------------------------------------------------------------------------------------- --dry-run

def test_dry_run_shows_the_preview_and_writes_nothing(store, capsys, tmp_path):
    from xhduty.cli import main
    path = xlsx(tmp_path / "dec.xlsx", [("2026年12月值班表",), ("日期", "班次", "值班领导", "值班人员", "签到"),
                                        ("2026.12.1", "白班", "王建国", "李明", "")], merges=("A1:E1",))
    assert main(["roster", "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "工作表「排班」：表头在第 2 行，1 行数据" in out
    assert "C 值班领导→带班领导" in out and "E 签到→不导入" in out
    assert "第 3 行：日期=2026.12.1，班次=白班，带班领导=王建国，值班员=李明" in out
    assert "警告：dec.xlsx 工作表「排班」第 2 行「签到」：E 列不是可导入的列，未导入" in out
    assert roster.entries(store) == []
    assert main(["roster", "import", str(path)]) == 0
    assert "「签到」：E 列不是可导入的列，未导入" in capsys.readouterr().err
    assert len(roster.entries(store)) == 1


def test_dry_run_with_errors_exits_1_and_lists_them(store, capsys, tmp_path):
    from xhduty.cli import main
    path = xlsx(tmp_path / "bad.xlsx", [("日期", "班次", "带班领导", "值班员"), ("明天", "白班", "王建国", "李明")])
    assert main(["roster", "import", str(path), "--dry-run"]) == 1
    assert "错误：bad.xlsx 工作表「排班」第 2 行「日期」（A 列）：“明天”不是有效的日期" in capsys.readouterr().out
    assert main(["roster", "import", str(path)]) != 0
    assert "bad.xlsx 有 1 处错误，未导入任何数据" in capsys.readouterr().err
    assert roster.entries(store) == []
