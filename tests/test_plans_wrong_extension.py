"""Plan documents under the wrong extension, as they come from other offices: each is read by what its
content is, and what is no plan document at all (a photo of a page, a spreadsheet) is refused saying so."""

from __future__ import annotations

import docx
import openpyxl
from PIL import Image

from xhduty.core.plans import plan_search, plans


def _word(path):
    d = docx.Document()
    for line in ("徐汇区漕河泾街道燃气事故应急预案", "一、总则", "本预案适用于漕河泾街道辖区内燃气泄漏事故。"):
        d.add_paragraph(line)
    d.save(path)
    return path


def test_a_word_plan_renamed_pdf_or_txt_is_read_as_word(store, tmp_path):
    _word(tmp_path / "燃气.docx").rename(tmp_path / "燃气预案.pdf")
    _word(tmp_path / "燃气2.docx").rename(tmp_path / "漕河泾燃气.txt")
    report = plans.import_paths(store, [tmp_path / "燃气预案.pdf", tmp_path / "漕河泾燃气.txt"])
    assert report.errors == [] and [i["title"] for i in report.imported] == ["徐汇区漕河泾街道燃气事故应急预案"] * 2
    assert plan_search.search_plans(store, "漕河泾街道辖区")[0]["excerpt"] == "本预案适用于漕河泾街道辖区内燃气泄漏事故。"


def test_a_picture_or_a_spreadsheet_under_a_document_extension_is_refused_saying_what_it_is(
        store, tmp_path, monkeypatch):
    monkeypatch.setenv("XHDUTY_SOFFICE", "")
    Image.new("RGB", (60, 80), "white").save(tmp_path / "手机拍的预案.pdf", format="JPEG")
    openpyxl.Workbook().save(tmp_path / "职责分工.docx")
    (tmp_path / "旧版.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    report = plans.import_paths(store, [tmp_path])
    assert report.imported == []
    assert report.errors == [
        "手机拍的预案.pdf：文件内容是JPEG 图片，不是预案文档；扫描件须先做文字识别（OCR），或提供 Word、文字版 PDF",
        "旧版.docx：文件内容是旧版 Word/WPS 格式（.doc/.wps），需要 LibreOffice 转换，本机未安装 LibreOffice。"
        "请安装 LibreOffice（见 README），或在 Word/WPS 中另存为 .docx 后再导入",
        "职责分工.docx：文件内容是Excel 表格，不是预案文档；可导入 Word、PDF、文本文档"]
