"""Plan documents as offices write them: Word tables and Word's own machinery (numbering, tracked changes,
content controls, text boxes), PDFs, .doc/.wps through LibreOffice, and a mixed folder's report."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from xhduty.core.plans import office, plan_search, plans
from xhduty.core.plans.documents import read_document
from xhduty.core.plans.word import chinese_number

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"')


def _body(document) -> object:
    return document.element.body


def _add_xml(document, xml: str) -> None:
    """Append raw WordprocessingML (a paragraph, table or content control) before the section properties."""
    body = _body(document)
    body.insert(len(body) - 1, parse_xml(xml.replace("<NS ", f"<{NS} ")))


def _p(inner: str, ppr: str = "") -> str:
    return f'<w:p {NS}><w:pPr>{ppr}</w:pPr>{inner}</w:p>'


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _plan_with_tables(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("某区防汛防台专项应急预案")
    d.add_heading("一、响应分级", 1)
    t = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("响应级别", "启动条件"), ("Ⅰ级响应", "发布台风红色预警信号"),
                                ("Ⅳ级响应", "发布暴雨蓝色预警信号")]):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b
    d.add_heading("二、物资储备", 1)
    d.add_paragraph("各储备点物资如下表。")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("储备点", "物资", "数量"), ("龙华储备点", "排涝泵", "10台"), ("", "沙袋", "5000只")]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    t.cell(1, 0).merge(t.cell(2, 0))  # the depot cell merged down over both rows
    d.add_paragraph("三、附则")
    d.save(path)
    return path


def test_docx_tables_are_read_in_order_as_rows_and_found_by_search(store, tmp_path):
    path = _plan_with_tables(tmp_path / "防汛.docx")
    document = read_document(path)
    assert [s["heading"] for s in document.sections] == ["一、响应分级", "二、物资储备", "三、附则"]
    levels, depots = document.sections[0]["text"], document.sections[1]["text"]
    assert "响应级别：Ⅰ级响应；启动条件：发布台风红色预警信号" in levels
    assert depots.index("各储备点物资如下表") < depots.index("排涝泵")
    assert "储备点：龙华储备点；物资：排涝泵；数量：10台" in depots
    assert "储备点：龙华储备点；物资：沙袋；数量：5000只" in depots  # the merged cell read on both rows
    plans.import_paths(store, [path])
    hits = plan_search.search_plans(store, "排涝泵")
    assert hits and hits[0]["title"] == "某区防汛防台专项应急预案" and hits[0]["section"] == "二、物资储备"


def _numbered(d) -> None:
    """A two-level Chinese list (一、 / （一）) defined in numbering.xml, and a 'Heading 1' style using it."""
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {NS} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def test_word_automatic_heading_numbering_is_read_as_word_shows_it(tmp_path):
    d = docx.Document()
    _numbered(d)
    d.add_paragraph("某街道火灾事故应急预案")
    num = lambda lvl: f'<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="90"/></w:numPr>'  # noqa: E731
    for text, lvl in (("总则", 0), ("编制目的", 1), ("适用范围", 1), ("应急响应", 0), ("先期处置", 1)):
        _add_xml(d, _p(_r(text), num(lvl)))
        _add_xml(d, _p(_r(f"{text}的正文。")))
    d.add_paragraph("关阀断气。", style="List Bullet")  # a bullet (a Symbol-font glyph) adds no text
    d.save(tmp_path / "n.docx")
    sections = read_document(tmp_path / "n.docx").sections
    assert [(s["heading"], s["depth"]) for s in sections] == [
        ("一、总则", 1), ("（一）编制目的", 2), ("（二）适用范围", 2), ("二、应急响应", 1), ("（一）先期处置", 2)]
    assert sections[4]["text"] == "先期处置的正文。\n关阀断气。"
    assert [chinese_number(n) for n in (1, 10, 11, 20, 35, 100, 105, 120)] == [
        "一", "十", "十一", "二十", "三十五", "一百", "一百零五", "一百二十"]


def test_word_tracked_changes_read_as_accepted(tmp_path):
    d = docx.Document()
    d.add_paragraph("某区燃气事故应急预案")
    _add_xml(d, _p('<w:r><w:t>由</w:t></w:r>'
                   '<w:del w:id="1" w:author="张三"><w:r><w:delText>区建管委</w:delText></w:r></w:del>'
                   '<w:ins w:id="2" w:author="张三"><w:r><w:t>区燃气管理部门</w:t></w:r></w:ins>'
                   '<w:r><w:t>牵头处置。</w:t></w:r>'))
    _add_xml(d, f'<w:ins {NS} w:id="3" w:author="李四">' + _p(_r("新增一段：关阀断气。")).replace(f" {NS}", "")
             + "</w:ins>")
    d.save(tmp_path / "c.docx")
    text = read_document(tmp_path / "c.docx").sections[0]["text"]
    assert "由区燃气管理部门牵头处置。" in text and "区建管委" not in text
    assert "新增一段：关阀断气。" in text


def test_word_content_controls_are_read_and_placeholders_are_not(tmp_path):
    d = docx.Document()
    d.add_paragraph("某区大面积停电事件应急预案")
    _add_xml(d, f'<w:sdt {NS}><w:sdtPr><w:alias w:val="编制单位"/></w:sdtPr><w:sdtContent>'
             + _p(_r("编制单位：区发展改革委")).replace(f" {NS}", "") + "</w:sdtContent></w:sdt>")
    _add_xml(d, _p(_r("启动条件：") + '<w:sdt><w:sdtPr/><w:sdtContent>' + _r("全区停电负荷超过30%") +
                   '</w:sdtContent></w:sdt>' + _r("。")))
    _add_xml(d, _p(_r("减供比例 ") + '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
                   '<m:r><m:t>P/P0≥30%</m:t></m:r></m:oMath>'))
    _add_xml(d, f'<w:sdt {NS}><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
             + _p(_r("单击或点击此处输入文字。")).replace(f" {NS}", "") + "</w:sdtContent></w:sdt>")
    d.save(tmp_path / "s.docx")
    text = read_document(tmp_path / "s.docx").sections[0]["text"]
    assert "编制单位：区发展改革委" in text
    assert "启动条件：全区停电负荷超过30%。" in text
    assert "减供比例 P/P0≥30%" in text  # an equation's text is read too
    assert "单击或点击此处" not in text


def test_word_text_boxes_are_read_once_after_their_anchor(tmp_path):
    box = _p(_r("值班电话：64872222（示例数据）")).replace(f" {NS}", "")
    d = docx.Document()
    d.add_paragraph("某街道防汛防台预案")
    _add_xml(d, _p(_r("一、组织体系") + '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
                   '<wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>' + box +
                   '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
                   '</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>' + box +
                   '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    d.save(tmp_path / "b.docx")
    sections = read_document(tmp_path / "b.docx").sections
    assert sections[0]["heading"] == "一、组织体系"
    assert sections[0]["text"].count("值班电话：64872222") == 1


def test_what_word_cannot_give_as_text_is_reported_not_dropped(store, tmp_path):
    d = docx.Document()
    d.add_paragraph("某区地震应急预案")
    d.add_paragraph("一、应急避难场所")
    _add_xml(d, _p('<w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic/></a:graphicData></a:graphic>'
                   '</wp:inline></w:drawing></w:r>'))
    _add_xml(d, f'<w:altChunk {NS} r:id="x" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>')
    d.save(tmp_path / "地震.docx")
    report = plans.import_paths(store, [tmp_path / "地震.docx"])
    assert len(report.imported) == 1
    assert "地震.docx：有 1 处图片未能读取为文字" in "\n".join(report.warnings)
    assert "地震.docx：有 1 处嵌入的文件未能读取为文字" in "\n".join(report.warnings)
    assert "处内容未能读取" in report.summary()


def _pdf(path: Path, lines: list[str]) -> Path:
    """A text PDF made with reportlab and the app's embedded CJK font; "<page>" starts a new page."""
    from reportlab.pdfgen import canvas

    from xhduty.reports.pdf import register_font

    font = register_font()
    c = canvas.Canvas(str(path))
    y = 800
    for line in lines:
        if line == "<page>":
            c.showPage()
            y = 800
            continue
        c.setFont(font, 11)
        c.drawString(60, y, line)
        y -= 18
    c.save()
    return path


def test_a_text_pdf_plan_is_imported_with_its_sections(store, tmp_path):
    path = _pdf(tmp_path / "停电.pdf", ["某区大面积停电事件应急预案", "一、总则", "为有效应对大面积停电事件，保障医院、",
                                       "地铁等重要用户供电，制定本预案。", "- 1 -", "<page>", "二、应急响应",
                                       "Ⅰ级响应：全区减供负荷达到30%以上。", "- 2 -"])
    report = plans.import_paths(store, [path])
    assert report.ok, report.errors
    plan = plans.get_plan(store, report.imported[0]["id"])
    assert plan["title"] == "某区大面积停电事件应急预案"
    assert [s["heading"] for s in plan["sections"]] == ["一、总则", "二、应急响应"]
    assert "保障医院、地铁等重要用户供电" in plan["sections"][0]["text"]  # the wrapped line joined
    assert "- 1 -" not in plan["sections"][0]["text"]
    assert plan_search.search_plans(store, "医院地铁")[0]["plan_id"] == plan["id"]


def test_a_scanned_pdf_without_text_gets_a_message(store, tmp_path):
    from reportlab.pdfgen import canvas
    path = tmp_path / "扫描件.pdf"
    c = canvas.Canvas(str(path))
    c.rect(50, 50, 400, 600, fill=1)  # a page that is only a picture
    c.showPage()
    c.rect(50, 50, 400, 600, fill=1)
    c.save()
    report = plans.import_paths(store, [path])
    assert report.imported == []
    assert report.errors == ["扫描件.pdf：PDF 中没有文字层（2 页，可能是扫描件），无法读取；"
                             "请提供文字版 PDF 或 Word 文件，或先做文字识别（OCR）后再导入"]


def test_a_damaged_docx_or_pdf_is_named(store, tmp_path):
    (tmp_path / "坏.docx").write_bytes(b"not a zip at all")
    (tmp_path / "坏.pdf").write_bytes(b"%PDF-1.4\nbroken")
    report = plans.import_paths(store, [tmp_path / "坏.docx", tmp_path / "坏.pdf"])
    assert report.imported == []
    assert report.errors[0].startswith("坏.docx：不是可读取的 Word（.docx）文件")
    assert report.errors[1].startswith("坏.pdf：PDF 文件无法读取")


def test_doc_and_wps_without_libreoffice_get_a_message_per_file(store, tmp_path, monkeypatch):
    monkeypatch.setenv("XHDUTY_SOFFICE", "")
    for name in ("旧预案.doc", "金山.wps"):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    report = plans.import_paths(store, [tmp_path])
    assert report.imported == []
    assert report.errors == [
        "旧预案.doc：.doc 文件需要 LibreOffice 转换，本机未安装 LibreOffice。请安装 LibreOffice（见 README），"
        "或在 Word/WPS 中另存为 .docx 后再导入",
        "金山.wps：.wps 文件需要 LibreOffice 转换，本机未安装 LibreOffice。请安装 LibreOffice（见 README），"
        "或在 Word/WPS 中另存为 .docx 后再导入"]


def test_a_wps_file_that_is_really_docx_is_read_without_libreoffice(store, tmp_path, monkeypatch):
    monkeypatch.setenv("XHDUTY_SOFFICE", "")
    shutil.copy(_plan_with_tables(tmp_path / "a.docx"), tmp_path / "另存.wps")
    report = plans.import_paths(store, [tmp_path / "另存.wps"])
    assert report.ok and report.imported[0]["title"] == "某区防汛防台专项应急预案"


@pytest.mark.skipif(office.soffice() is None, reason="LibreOffice (soffice) is not installed here")
def test_doc_converted_by_libreoffice_when_installed(store, tmp_path):
    import subprocess
    source = _plan_with_tables(tmp_path / "src.docx")
    subprocess.run([office.soffice(), "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    (tmp_path / "src.doc").rename(tmp_path / "旧.doc")
    report = plans.import_paths(store, [tmp_path / "旧.doc"])
    assert report.ok, report.errors
    assert plan_search.search_plans(store, "排涝泵")[0]["title"] == "某区防汛防台专项应急预案"


def test_a_mixed_folder_reports_what_it_imported_skipped_and_why(store, tmp_path, monkeypatch):
    monkeypatch.setenv("XHDUTY_SOFFICE", "")
    folder = tmp_path / "预案"
    folder.mkdir()
    _plan_with_tables(folder / "防汛.docx")
    _pdf(folder / "停电.pdf", ["某区大面积停电事件应急预案", "一、总则", "保障重要用户供电。"])
    (folder / "火灾.txt").write_text("某区火灾事故应急预案\n一、总则\n扑救初起火灾。\n", encoding="utf-8")
    (folder / "README.md").write_text("# 说明\n本目录存放预案。\n", encoding="utf-8")
    (folder / "旧.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (folder / "物资.xlsx").write_bytes(b"PK")
    (folder / "~$防汛.docx").write_bytes(b"lock")
    (folder / "附件").mkdir()
    report = plans.import_paths(store, [folder])
    assert sorted(i["file"] for i in report.imported) == ["停电.pdf", "火灾.txt", "防汛.docx"]
    skipped = {s["file"]: s["reason"] for s in report.skipped}
    assert skipped == {"README.md": "说明文件，不是预案", "附件": "子目录（只导入本目录中的文件）",
                       "~$防汛.docx": "隐藏文件或 Word 的临时文件",
                       "物资.xlsx": "不支持的文件类型 .xlsx（可导入 .toml 预案文件，或 .docx、.doc、.wps、.pdf、.txt、.md 文档）"}
    assert len(report.errors) == 1 and report.errors[0].startswith("旧.doc：.doc 文件需要 LibreOffice 转换")
    assert report.summary() == "共导入 3 个预案，跳过 4 个非预案文件，1 处错误（有错的文件未导入）"
    assert not any("说明" in p["title"] for p in plans.list_plans(store))


def test_a_file_that_cannot_be_opened_is_named_in_chinese(store, tmp_path, monkeypatch):
    locked = tmp_path / "锁定.txt"
    locked.write_text("某预案\n", encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))  # what a file held open by Word gives
    monkeypatch.setattr(Path, "read_text", refuse)
    report = plans.import_paths(store, [locked])
    assert report.errors == ["锁定.txt：无法读取（没有读取权限（或文件正被其他程序占用））"]


def test_a_password_protected_pdf_is_named(store, tmp_path):
    from pypdf import PdfReader, PdfWriter
    source = _pdf(tmp_path / "明文.pdf", ["某区地震应急预案", "一、总则", "做好抗震救灾工作。"])
    writer = PdfWriter()
    writer.append(PdfReader(str(source)))
    writer.encrypt("secret", algorithm="RC4-128")
    with open(tmp_path / "加密.pdf", "wb") as fh:
        writer.write(fh)
    report = plans.import_paths(store, [tmp_path / "加密.pdf"])
    assert report.errors == ["加密.pdf：PDF 文件已加密（设有密码或权限保护），无法读取；请提供未加密的文件"]
