"""Rare characters of names print (issue 15, kind 8): a fallback font by glyph coverage, a visible mark
and a warning where no font has the glyph — never a silent blank."""

from __future__ import annotations

import logging
import shutil
import subprocess

import pytest
from reportlab.platypus import SimpleDocTemplate

from xhduty import fonts
from xhduty.reports import pdf

RARE = "刘䶮 吉𠮷 王𬌗 李𬭚"
EXT_G = "\U00030000"   # CJK Extension G: no font here has it

needs_fallback = pytest.mark.skipif(not fonts.find_fallback_fonts(),
                                    reason="fonts-hanazono not installed (.ci/system-deps installs it)")


@needs_fallback
def test_runs_by_glyph_coverage():
    runs = pdf.font_runs("刘䶮：𠮷")
    assert runs == [(pdf.FONT, "刘"), (f"{pdf.FONT}Fallback1", "䶮"), (pdf.FONT, "："),
                    (f"{pdf.FONT}Fallback1", "𠮷")]


def test_a_character_no_font_has_prints_as_a_mark_and_warns(caplog):
    with caplog.at_level(logging.WARNING, logger="xhduty.reports.pdf"):
        runs = pdf.font_runs(f"张{EXT_G}三")
    assert runs == [(pdf.FONT, f"张{fonts.MISSING_GLYPH}三")]
    assert EXT_G in pdf.missing_glyphs
    assert "打印缺字：U+30000" in caplog.text and "已印为 〓" in caplog.text


@needs_fallback
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_rare_names_are_in_the_pdf_text_with_the_fallback_embedded(tmp_path):
    out = tmp_path / "rare.pdf"
    SimpleDocTemplate(str(out)).build([pdf.para(f"值班员：{RARE}"), pdf.para(f"缺字：{EXT_G}", "small")])
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "值班员：刘䶮 吉𠮷 王𬌗 李𬭚" in text and "缺字：〓" in text
    embedded = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "HanaMinA" in embedded and "WenQuanYi" in embedded
    if shutil.which("pdftoppm") and __import__("os").environ.get("XHDUTY_SHOTS"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(out),
                        __import__("os").path.join(__import__("os").environ["XHDUTY_SHOTS"], "rare")], check=True)


def test_the_fallback_setting_names_files(tmp_path, monkeypatch):
    font = tmp_path / "x.ttf"
    font.write_bytes(b"")
    monkeypatch.setenv("XHDUTY_CJK_FALLBACK", str(font))
    assert fonts.find_fallback_fonts() == [fonts.FontFile(font)]


@needs_fallback
def test_the_window_falls_back_for_rare_characters(qapp, tmp_path):
    import os
    from xhduty.ui.app import load_cjk_font
    from xhduty.ui.qt import QFont, QLabel
    family = load_cjk_font(qapp)
    assert [f.lower() for f in QFont.substitutes(family)][:1] == ["hanamina"]
    label = QLabel(f"值班员：{RARE}")
    label.resize(400, 40)
    image = label.grab().toImage()
    assert not image.isNull()
    if os.environ.get("XHDUTY_SHOTS"):
        label.grab().save(os.path.join(os.environ["XHDUTY_SHOTS"], "rare_label.png"))


@needs_fallback
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_a_printout_holding_characters_beyond_u_ffff_can_be_searched_for_them(tmp_path):
    """reportlab alone writes 𠮷 U+20BB7 into the ToUnicode map as <20BB7>, and the text copies out as
    ₻ U+20BB: a duty leader searching the PDF for 𠮷 found nothing.  Each character must come back."""
    out = pdf.build(tmp_path / "名单.pdf", [pdf.para("带班领导：吉𠮷"),
                                           pdf.grid([["姓名", "单位"], ["王𬌗", "龙华街道"], ["李𬭚", "刘䶮工作室"]],
                                                    [120, 200])],
                    title="值班名单", station="徐汇区应急管理局")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for name in ("吉𠮷", "王𬌗", "李𬭚", "刘䶮"):
        assert name in text
    assert not set(text) & {"\u20bb", "\u2c31", "\u2cb5"}    # what the five-digit entries gave
