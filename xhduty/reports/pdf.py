"""What every printout shares: the embedded CJK font, A4 page furniture and paragraph styles.

Chinese text wraps anywhere (``wordWrap='CJK'``); every page carries the station, the title, the page
number and the time printed, so a loose page can be put back in order.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.textsplit import wordSplit
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from xhduty.core import clock, outfiles
from xhduty.fonts import MISSING_GLYPH, find_cjk_font, find_fallback_fonts

FONT = "XhdutyCJK"
PAGE = A4
MARGIN = 16 * mm


_COVERAGE: list[tuple[str, frozenset[int]]] = []   # (registered font, code points it has), main font first
missing_glyphs: set[str] = set()                   # characters printed as MISSING_GLYPH since start


class _Font(TTFont):
    """reportlab's TrueType font, whose text copies out of the PDF right beyond U+FFFF too.

    reportlab 5.1 (``ttfonts.makeToUnicodeCMap``) writes each ToUnicode destination as ``%04X`` of the
    code point, so 𠮷 U+20BB7 becomes ``<20BB7>`` — five hex digits, not the UTF-16BE that ISO 32000-1
    §9.10.3 requires — and a reader copies out ₻ (U+20BB): the name prints but cannot be searched for.
    Once reportlab has made a document's font objects, each such destination is written as its surrogate
    pair (``<D842DFB7>``); the rest of the map is reportlab's own.
    """

    def addObjects(self, doc) -> None:
        super().addObjects(doc)
        for name, obj in doc.idToObject.items():
            if name.startswith("toUnicodeCMap:") and isinstance(getattr(obj, "content", None), str):
                obj.content = _BEYOND_BMP.sub(_as_utf16, obj.content)


_BEYOND_BMP = re.compile(r"<([0-9A-F]{2})> <([0-9A-F]{5,6})>")   # a bfchar entry: code, code point


def _as_utf16(entry: re.Match) -> str:
    return f"<{entry[1]}> <{chr(int(entry[2], 16)).encode('utf-16-be').hex().upper()}>"


@lru_cache(maxsize=1)
def register_font() -> str:
    """Register the CJK font and its fallbacks (xhduty.fonts) with reportlab once; each is embedded (subset)
    in every PDF that uses it."""
    for n, font in enumerate([find_cjk_font(), *find_fallback_fonts()]):
        name = FONT if n == 0 else f"{FONT}Fallback{n}"
        tt = _Font(name, str(font.path), subfontIndex=font.index)
        pdfmetrics.registerFont(tt)
        _COVERAGE.append((name, frozenset(tt.face.charToGlyph)))
    return FONT


def font_runs(text: str) -> list[tuple[str, str]]:
    """``text`` as (font name, run) pairs by glyph coverage: the main font where it has the glyph, else the
    first fallback that has it; a character no font has becomes MISSING_GLYPH (logged, kept in
    :data:`missing_glyphs`), never a blank."""
    register_font()
    runs: list[tuple[str, str]] = []
    for ch in text:
        code = ord(ch)
        font = FONT if code < 32 else next((name for name, has in _COVERAGE if code in has), None)
        if font is None:
            if ch not in missing_glyphs:
                logging.getLogger(__name__).warning(
                    "打印缺字：U+%04X “%s”没有字体能显示，已印为 %s（可安装 fonts-hanazono 或设置 XHDUTY_CJK_FALLBACK）",
                    code, ch, MISSING_GLYPH)
                missing_glyphs.add(ch)
            font, ch = FONT, MISSING_GLYPH
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    register_font()
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=14, wordWrap="CJK")
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, alignment=TA_CENTER, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12.5, leading=18, spaceBefore=8, spaceAfter=4),
        "strong": ParagraphStyle("strong", parent=base, textColor=colors.HexColor("#B00020")),
    }


def para(text: str, style: str = "base") -> Paragraph:
    """A paragraph of plain text (escaped; newlines kept)."""
    text = text or ""
    main = _COVERAGE[0][1] if styles() and _COVERAGE else frozenset()
    if all(ord(ch) in main or ord(ch) < 32 for ch in text):   # the usual case: one font has it all
        return Paragraph(escape(text).replace("\n", "<br/>"), styles()[style])
    markup = "".join(escape(run) if font == FONT else f'<font name="{font}">{escape(run)}</font>'
                     for font, run in font_runs(text))
    return Paragraph(markup.replace("\n", "<br/>"), styles()[style])


def grid(rows: list[list], widths: list[float], header: bool = True, highlight_rows: tuple = (),
         row_height: float | None = None) -> Table:
    """A ruled table; cells may be strings (in the "small" style, wrapped) or flowables.

    A string the table can draw as its paragraph would look is left to the table (:func:`_cell`); only
    the rest become paragraphs, which reportlab lays out cell by cell — a 12,677-line inventory list took
    45 s with a paragraph in every cell, 10 s now (bench/reports_speed.py).  A row taller than
    :data:`ROW_PIECE` points is cut into continuation rows (drawn without a rule between them), so a cell
    of any length flows across pages: a pasted notice of 20,000 characters prints, where one Table row
    taller than a page raises reportlab's LayoutError.  ``highlight_rows`` index ``rows``.
    """
    cells, pieces_of = [], []
    for row in rows:
        pieces = _row_pieces([_cell(c, w - PADDING) if isinstance(c, str) else c for c, w in zip(row, widths)],
                             widths)
        pieces_of.append(range(len(cells), len(cells) + len(pieces)))
        cells.extend(pieces)
    small = styles()["small"]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0,
                  rowHeights=[row_height] * len(cells) if row_height else None)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # else Table sets unembedded Helvetica per cell
        ("FONTSIZE", (0, 0), (-1, -1), small.fontSize),  # the strings _cell leaves to the table
        ("LEADING", (0, 0), (-1, -1), small.leading),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING / 2),
    ]
    if row_height:
        style.append(("VALIGN", (0, 0), (-1, -1), "MIDDLE"))
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")))
    for r in highlight_rows:
        style.append(("BACKGROUND", (0, pieces_of[r][0]), (-1, pieces_of[r][-1]), colors.HexColor("#FFF3CD")))
    for piece_rows in pieces_of:
        for r in piece_rows[1:]:  # a continuation reads as the same row
            style.append(("LINEABOVE", (0, r), (-1, r), 0.5, colors.white))
            style.append(("TOPPADDING", (0, r), (-1, r), 0))
    table.setStyle(TableStyle(style))
    return table


ROW_PIECE = 240  # points (about 20 lines of small text): the tallest piece a long table row is cut into
PADDING = 6      # points: a cell's left and right padding together


def _cell(text: str, room: float):
    """A string cell for a column with ``room`` points of text width: ``text`` itself, broken into lines
    where the paragraph would break it, when the table can draw it as ``para(text, "small")`` would look;
    else that paragraph.

    The table draws a string (one font, one size, lines at "\n") without laying out a paragraph.  It can
    when every character is in the main font (else a paragraph prints it from a fallback or as
    MISSING_GLYPH), there is no whitespace a paragraph would collapse (leading, trailing, doubled, tabs,
    newlines, full-width spaces) and the cell is no taller than ROW_PIECE (a taller one is cut into
    pieces by :func:`_row_pieces`).  The lines are those of reportlab's ``textsplit.wordSplit``, which
    ``Paragraph.breakLinesCJK`` itself uses for text of one run; text with < > & is parsed into several
    runs, broken by another rule, so it is drawn as a string only when it fits on one line.  A drawn
    string is not markup: < and & need no escaping.  An empty cell is no flowable at all: drawn as
    nothing, as tall as an empty paragraph (a table's string is a line tall even when empty).
    """
    if not text:
        return ()   # nothing to draw, and as tall as an empty paragraph: no line
    small = styles()["small"]
    if text == " ".join(text.split()) and _has_all(text):
        if len(text) * _widest() * small.fontSize <= room:   # surely one line: not measured
            return text
        if not _MARKUP.intersection(text) or len(_lines(text, room, small.fontSize)) == 1:
            lines = _lines(text, room, small.fontSize)
            if len(lines) * small.leading <= ROW_PIECE:
                return "\n".join(lines)
    return para(text, "small")


_MARKUP = frozenset("<>&")


def _has_all(text: str) -> bool:
    main = _COVERAGE[0][1]
    return all(ord(ch) in main for ch in text)


@lru_cache(maxsize=1)
def _widest() -> float:
    """The main font's widest advance, in ems: a short cell fits without being measured."""
    return max(pdfmetrics.getFont(FONT).face.charWidths.values()) / 1000


@lru_cache(maxsize=65536)   # a long list repeats its specs, units, codes, dates and names
def _lines(text: str, room: float, size: float) -> tuple[str, ...]:
    return tuple(line for _, line in wordSplit(text, [room], FONT, size))


def _may_exceed(cell, width: float) -> bool:
    """Whether a paragraph could be taller than ROW_PIECE, judged without laying it out (most cells are
    short; wrapping every one twice cost the 500-entry handover sheet a third of its time).  An upper
    bound: every character as wide as a CJK one, every line break a line, half again for word wrapping."""
    if not isinstance(cell, Paragraph):
        return False
    if cell.text is None:  # the rest of a split paragraph: measure it
        return True
    style = cell.style
    per_line = max(1, int(width // style.fontSize))
    breaks = cell.text.count("<br/>")
    lines = len(cell.text) / per_line + breaks + 1
    return lines * 1.5 * style.leading > ROW_PIECE


def _row_pieces(row: list, widths: list[float]) -> list[list]:
    """``row`` as one or more rows, each no taller than ROW_PIECE: long paragraphs split at line breaks."""
    columns = []
    for cell, width in zip(row, widths):
        parts, rest = [], cell
        while _may_exceed(rest, width - PADDING) and rest.wrap(width - PADDING, ROW_PIECE)[1] > ROW_PIECE:
            split = rest.split(width - PADDING, ROW_PIECE)
            if len(split) < 2:
                break
            parts.append(split[0])
            rest = split[1]
        columns.append(parts + [rest])
    depth = max(len(c) for c in columns)
    return [[c[i] if i < len(c) else "" for c in columns] for i in range(depth)]


def build(path: Path, story: list, *, title: str, station: str, stamp: str | None = None) -> Path:
    """Write ``story`` as an A4 PDF with page furniture; written to a temp file first, then moved.

    ``stamp`` is the text after the page number, ``打印于 <now>`` by default; a record reprinted as it
    was (the handover sheet) passes its own time instead, so every print of it reads the same.
    """
    register_font()
    printed = stamp or f"打印于 {clock.now().strftime('%Y-%m-%d %H:%M')}"

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, 10 * mm, f"{station} · {title}")
        canvas.drawRightString(PAGE[0] - MARGIN, 10 * mm, f"第 {doc.page} 页 · {printed}")
        canvas.restoreState()

    def save(tmp: Path) -> None:
        doc = SimpleDocTemplate(str(tmp), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=MARGIN, bottomMargin=18 * mm, title=title, author=station,
                                creator="xhduty 徐汇应急值守",
                                # the canvas starts in the CJK font so no unembedded base-14 font is referenced
                                initialFontName=FONT)
        doc.build(story, onFirstPage=furniture, onLaterPages=furniture)

    return outfiles.write_whole(path, save)


CONTENT_WIDTH = PAGE[0] - 2 * MARGIN
