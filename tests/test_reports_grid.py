"""The printouts' ruled table (pdf.grid) at the size of a district's stock ledger, printing as it always did.

A 12,677-line inventory list took 45 s: every cell was laid out as a reportlab Paragraph.  A string the
table can draw itself (one line, or lines broken where the paragraph would break them) is now left to the
table; what a paragraph is needed for — fallback fonts, MISSING_GLYPH, text of several runs, pieces of a
cell taller than ROW_PIECE — still gets one.  The page must look exactly the same.
"""

from __future__ import annotations

import logging
import shutil
import subprocess

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from xhduty import fonts
from xhduty.reports import pdf

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")

WIDTHS = [34 * mm, 22 * mm, 20 * mm, pdf.CONTENT_WIDTH - 76 * mm]
EXT_G = "\U00030000"   # CJK Extension G: no font here has it
TRICKY = [
    ["物资", "规格", "有效期至", "状态 / 备注"],
    ["棉被", "1.5m×2.0m 4斤棉", "2026-08-15", ""],
    ["发电机（柴油，5kW）", "聚丙烯编织袋 850×500mm，承重≥50kg，抗老化处理", "", "低于最低库存、临期"],
    ["灭火器 <干粉> & 附件", "MFZ/ABC4 & 附压力表 <合格证>", "A&B", "<b>不是标记</b> &amp; 原样"],
    [" 前后空格 ", "两个  空格", "全角　空格", "换行\n第二行\t制表"],
    ["刘䶮", f"缺字{EXT_G}", "王𬌗", "https://example.gov.cn/xuhui/emergency/stock/a-very-long-path-without-spaces"],
    ["应急物资储备点（漕河泾）。", "“引号”、（括号）。，", "335 / —", "。" + "龙华街道报某小区地下车库进水，已通知物业排水。" * 6],
    ["长文", "关于做好寒潮防御工作的紧急通知。" * 60, "", "x"],
    ["", "", "", ""],
] + [[f"救生衣{n:03d}", "XL", f"2027-{n % 12 + 1:02d}-15", "已过期" if n % 5 == 0 else ""] for n in range(90)]


@pytest.fixture(autouse=True)
def fresh_missing_glyphs(monkeypatch):
    """Each character is warned about once per process: these tests keep their own record of it."""
    monkeypatch.setattr(pdf, "missing_glyphs", set())


def _render(rows: list[list], folder, name: str) -> list[bytes]:
    out = pdf.build(folder / f"{name}.pdf", [pdf.grid(rows, WIDTHS, highlight_rows=(2, 5))],
                    title="表格", station="测试站", stamp="打印于 2026-06-03 15:00")
    subprocess.run(["pdftoppm", "-png", "-r", "72", str(out), str(folder / name)], check=True)
    return [page.read_bytes() for page in sorted(folder.glob(f"{name}-*.png"))]


@needs_poppler
def test_a_grid_of_strings_prints_exactly_as_a_grid_of_paragraphs(tmp_path):
    """The old path — a paragraph in every cell, still what grid does with flowables — is the reference:
    wrapping (CJK, Latin words, punctuation that may not start a line), < & escaped, whitespace
    collapsed, fallback fonts and the missing-glyph mark, a cell cut across pages, a row of empty cells,
    the header repeated on every page and the shaded rows must come out pixel for pixel the same."""
    as_paragraphs = [[pdf.para(c, "small") for c in row] for row in TRICKY]
    old = _render(as_paragraphs, tmp_path, "old")
    new = _render(TRICKY, tmp_path, "new")
    assert len(old) >= 3 and len(new) == len(old)
    for n, (before, after) in enumerate(zip(old, new), 1):
        assert before == after, f"page {n} differs"


@needs_poppler
def test_the_grid_still_escapes_falls_back_and_marks_missing_glyphs(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="xhduty.reports.pdf"):
        out = pdf.build(tmp_path / "t.pdf", [pdf.grid(TRICKY, WIDTHS)], title="表格", station="测试站")
    assert "打印缺字：U+30000" in caplog.text
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert f"缺字{fonts.MISSING_GLYPH}" in text
    assert "灭火器 <干粉> & 附件" in text and "A&B" in text and "<b>不是标记</b> &amp; 原样" in text
    assert text.count("状态 / 备注") >= 3   # the header on every page
    if fonts.find_fallback_fonts():
        assert "刘䶮" in text and "王𬌗" in text


def test_a_long_list_lays_out_a_paragraph_only_where_one_is_needed():
    """12,677 lines took 45 s with a paragraph in each of their 114,000 cells; here 2,000 lines of
    the inventory list's kind hold paragraphs only for the cells that need one."""
    rows = [["物资", "分类代码", "规格", "单位", "批次", "有效期至", "数量", "本库合计/最低", "状态"]]
    rows += [[f"防汛沙袋{n:04d}", "1010100", "50kg/袋" if n % 3 else "聚丙烯编织袋 850×500mm，承重≥50kg",
              "件", f"2026-{n % 12 + 1:02d}批", "2027-08-15", str(n), f"{n} / 1000", "低于最低库存" if n % 4 else "",
              ] for n in range(2000)]
    rows.append(["刘䶮", "", "", "", "", "", "", "", ""])   # a fallback font: a paragraph
    widths = [w * mm for w in (34, 16, 22, 10, 16, 20, 14, 18, 0)]
    widths[-1] = pdf.CONTENT_WIDTH - sum(widths)
    table = pdf.grid(rows, widths)
    paragraphs = [(r, c) for r, row in enumerate(table._cellvalues) for c, v in enumerate(row)
                  if isinstance(v, Paragraph)]
    assert paragraphs == [(2001, 0)]
    wrapped = pdf.para(rows[1][2], "small")
    wrapped.wrap(widths[2] - pdf.PADDING, 1000)
    assert table._cellvalues[1][2] == "\n".join(" ".join(words) for _, words in wrapped.blPara.lines)
    assert table._cellvalues[1][2].count("\n") >= 1   # broken where the paragraph breaks it
