"""The body of a Word (.docx) plan as Word shows it: paragraphs and tables in document order.

Offices write plans with Word's own machinery, and each piece hides text from a reader of
``document.paragraphs`` alone:

* tables (响应分级 / 启动条件, 物资储备点) — read row by row; a table whose first row is a header row reads
  "表头：值；表头：值", other tables "值 | 值"; a cell merged down repeats the text above it;
* automatic heading numbering (``w:numPr`` on the paragraph or its style) — the number Word draws
  ("一、", "（二）", "3.1") is computed from ``numbering.xml`` and put before the text;
* tracked changes — read as if accepted: insertions kept, deletions (and rows deleted) left out;
* content controls (``w:sdt``) at block, row, cell and run level — their content, not their placeholder;
* text boxes (``w:txbxContent``) — their paragraphs after the paragraph that anchors them (each text box
  once: Word stores a VML copy in ``mc:Fallback``, skipped).

What cannot be read as text — pictures, charts, embedded objects, SmartArt, an embedded file
(``w:altChunk``) — is counted and reported, never dropped silently.

:func:`docx_lines` returns ``([(text, depth)], [warning])`` for :func:`documents.sections_from_lines`:
``depth`` is the heading level of a Word heading style, :data:`BODY` for lines that are never headings
(table rows), or None to decide by the numbering.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from xhduty.core.store import StoreError

BODY = 0  # a line that is never a heading (a table row)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NS = {"w": W}
_MATH_TEXT = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"  # an equation's text (m:t)
_q = lambda name: f"{{{W}}}{name}"  # noqa: E731 — Clark notation of a w: name

# Elements whose text Word does not show with changes accepted, or that are shown elsewhere.
_HIDDEN = {_q("del"), _q("moveFrom"), _q("delText"), _q("instrText"), _q("rPr"), _q("pPr"),
           f"{{{MC}}}Fallback"}
# What a reader of text cannot read: local name → how the report names it.
_OPAQUE = {"pic": "图片", "chart": "图表", "OLEObject": "嵌入对象", "relIds": "SmartArt 图形",
           "altChunk": "嵌入的文件", "imagedata": "图片"}

_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else chinese_number(rest)
                                 if rest >= 20 else "一" + chinese_number(rest))
    return _CN_DIGITS[n // 100 % 10] + "百" + tail if n < 1000 else str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(n: int, fmt: str) -> str:
    """A list number in Word's ``w:numFmt``."""
    if fmt.startswith("chinese") or fmt.startswith("ideograph") or fmt in ("taiwaneseCounting",
                                                                              "japaneseCounting"):
        return chinese_number(n)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return chr(64 + (n - 1) % 26 + 1)
    if fmt == "lowerLetter":
        return chr(96 + (n - 1) % 26 + 1)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Word's list numbering: which paragraphs carry a number, and the number Word shows for each."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None):
        self.levels: dict[str, dict[int, dict]] = {}   # numId → ilvl → {fmt, text, start}
        self.counters: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.style_outline: dict[str, int] = {}
        if numbering is not None:
            abstract = {}
            for a in numbering.iterfind("w:abstractNum", _NS):
                abstract[a.get(_q("abstractNumId"))] = self._read_levels(a)
            for num in numbering.iterfind("w:num", _NS):
                ref = num.find("w:abstractNumId", _NS)
                levels = {k: dict(v) for k, v in abstract.get(ref.get(_q("val")) if ref is not None else "",
                                                               {}).items()}
                for override in num.iterfind("w:lvlOverride", _NS):
                    ilvl = int(override.get(_q("ilvl"), "0"))
                    start = override.find("w:startOverride", _NS)
                    if start is not None and ilvl in levels:
                        levels[ilvl]["start"] = int(start.get(_q("val"), "1"))
                    lvl = override.find("w:lvl", _NS)
                    if lvl is not None:
                        levels.update(self._read_levels(override))
                self.levels[num.get(_q("numId"))] = levels
        if styles is not None:
            self._read_styles(styles)

    @staticmethod
    def _read_levels(parent) -> dict[int, dict]:
        out = {}
        for lvl in parent.iterfind("w:lvl", _NS):
            val = lambda tag, default: (lvl.find(tag, _NS).get(_q("val"), default)  # noqa: E731
                                        if lvl.find(tag, _NS) is not None else default)
            out[int(lvl.get(_q("ilvl"), "0"))] = {"fmt": val("w:numFmt", "decimal"), "text": val("w:lvlText", ""),
                                                   "start": int(val("w:start", "1")),
                                                   "legal": lvl.find("w:isLgl", _NS) is not None}
        return out

    def _read_styles(self, styles) -> None:
        based, own_num, own_outline = {}, {}, {}
        for style in styles.iterfind("w:style", _NS):
            sid = style.get(_q("styleId"))
            parent = style.find("w:basedOn", _NS)
            based[sid] = parent.get(_q("val")) if parent is not None else None
            num = style.find("w:pPr/w:numPr", _NS)
            if num is not None:
                num_id = num.find("w:numId", _NS)
                ilvl = num.find("w:ilvl", _NS)
                own_num[sid] = (num_id.get(_q("val")) if num_id is not None else None,
                                int(ilvl.get(_q("val"), "0")) if ilvl is not None else 0)
            outline = style.find("w:pPr/w:outlineLvl", _NS)
            if outline is not None:
                own_outline[sid] = int(outline.get(_q("val"), "9"))
        for sid in based:
            seen, s = set(), sid
            while s and s not in seen:  # the nearest style up the basedOn chain that says
                seen.add(s)
                if sid not in self.style_num and s in own_num:
                    self.style_num[sid] = own_num[s]
                if sid not in self.style_outline and s in own_outline:
                    self.style_outline[sid] = own_outline[s]
                s = based.get(s)

    def label(self, p, style_id: str | None) -> str:
        """The number Word draws before paragraph ``p`` ("一、", "（二）", "1.2"), "" when it has none;
        counting as Word does (a level restarts after a higher level)."""
        num_id, ilvl = self.style_num.get(style_id or "", (None, 0))
        num_pr = p.find("w:pPr/w:numPr", _NS)
        if num_pr is not None:
            nid, lvl = num_pr.find("w:numId", _NS), num_pr.find("w:ilvl", _NS)
            if nid is not None:
                num_id = nid.get(_q("val"))
            if lvl is not None:
                ilvl = int(lvl.get(_q("val"), "0"))
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        if counts[ilvl] == 0:
            counts[ilvl] = levels[ilvl]["start"] - 1
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        if levels[ilvl]["fmt"] in ("bullet", "none"):
            return ""  # a bullet is a symbol-font glyph, not text

        def number(m):
            k = int(m.group(1)) - 1
            level = levels.get(k, {"fmt": "decimal", "start": 1})
            value = counts[k] or level["start"]
            return _format(value, "decimal" if levels[ilvl]["legal"] else level["fmt"])
        return re.sub(r"%(\d)", number, levels[ilvl]["text"])


def _part(archive: zipfile.ZipFile, name: str):
    try:
        return etree.fromstring(archive.read(name))
    except KeyError:
        return None


class _Reader:
    def __init__(self, archive: zipfile.ZipFile):
        self.numbering = _Numbering(_part(archive, "word/numbering.xml"), _part(archive, "word/styles.xml"))
        styles = _part(archive, "word/styles.xml")
        self.style_names = {}
        if styles is not None:
            for style in styles.iterfind("w:style", _NS):
                name = style.find("w:name", _NS)
                self.style_names[style.get(_q("styleId"))] = name.get(_q("val")) if name is not None else ""
        self.lines: list[tuple[str, int | None]] = []
        self.opaque: dict[str, int] = {}

    # --------------------------------------------------------------------------------- blocks
    def blocks(self, parent) -> None:
        for child in parent:
            tag = child.tag
            if tag == _q("p"):
                self.paragraph(child)
            elif tag == _q("tbl"):
                self.table(child)
            elif tag == _q("sdt"):
                content = child.find("w:sdtContent", _NS)
                if content is not None and not self._placeholder(child):
                    self.blocks(content)
            elif tag in (_q("ins"), _q("customXml"), _q("smartTag")):
                self.blocks(child)  # a tracked insertion (or a wrapper) around whole paragraphs
            elif tag == _q("altChunk"):
                self._saw("altChunk")

    @staticmethod
    def _placeholder(sdt) -> bool:
        return sdt.find("w:sdtPr/w:showingPlcHdr", _NS) is not None

    def _saw(self, what: str) -> None:
        self.opaque[_OPAQUE[what]] = self.opaque.get(_OPAQUE[what], 0) + 1

    def _runs_text(self, element, boxes: list) -> str:
        """The text Word shows in ``element`` with tracked changes accepted; text boxes go to ``boxes``."""
        out = []
        for child in element:
            tag = child.tag
            if tag in _HIDDEN or not isinstance(tag, str):
                continue
            local = etree.QName(tag).localname
            if tag == _q("t") or tag == _MATH_TEXT:
                out.append(child.text or "")
            elif tag in (_q("tab"), _q("ptab")):
                out.append(" ")
            elif tag in (_q("br"), _q("cr")):
                out.append(" " if child.get(_q("type")) in (None, "textWrapping") else "")
            elif tag == _q("noBreakHyphen"):
                out.append("-")
            elif tag == _q("sym"):
                char = child.get(_q("char"), "")
                out.append(chr(int(char, 16)) if re.fullmatch(r"[0-9A-Fa-f]{4}", char) and
                           not 0xF000 <= int(char, 16) <= 0xF0FF else "")
            elif tag == _q("txbxContent"):
                boxes.append(child)
            elif tag == _q("sdt"):
                content = child.find("w:sdtContent", _NS)
                if content is not None and not self._placeholder(child):
                    out.append(self._runs_text(content, boxes))
            elif local in _OPAQUE and (local != "relIds" or "diagram" in tag):
                self._saw(local)
            else:
                out.append(self._runs_text(child, boxes))
        return "".join(out)

    def paragraph(self, p) -> None:
        boxes: list = []
        text = self._runs_text(p, boxes)
        style = p.find("w:pPr/w:pStyle", _NS)
        style_id = style.get(_q("val")) if style is not None else None
        label = self.numbering.label(p, style_id) if text.strip() else ""
        depth = self._heading_depth(p, style_id)
        line = (label + text) if label and not text.startswith(label.strip()) else text
        self.lines.append((line, depth))
        for box in boxes:
            self.blocks(box)

    def _heading_depth(self, p, style_id: str | None) -> int | None:
        outline = p.find("w:pPr/w:outlineLvl", _NS)
        level = int(outline.get(_q("val"))) if outline is not None else self.numbering.style_outline.get(style_id or "")
        if level is not None and level < 9:
            return level + 1
        m = re.match(r"^(?:heading|标题)\s*(\d)", self.style_names.get(style_id or "", "").lower())
        return int(m.group(1)) if m else None

    # --------------------------------------------------------------------------------- tables
    def _rows(self, tbl) -> list[list[str]]:
        rows: list[list[str]] = []
        above: dict[int, str] = {}
        for tr in self._children(tbl, "tr"):
            if tr.find("w:trPr/w:del", _NS) is not None:
                continue  # a row deleted with changes tracked
            cells, col = [], 0
            for tc in self._children(tr, "tc"):
                span_el = tc.find("w:tcPr/w:gridSpan", _NS)
                span = int(span_el.get(_q("val"), "1")) if span_el is not None else 1
                merge = tc.find("w:tcPr/w:vMerge", _NS)
                text = self._cell_text(tc)
                if merge is not None and merge.get(_q("val")) in (None, "continue") and not text:
                    text = above.get(col, "")
                above[col] = text
                cells.append(text)
                col += span
            rows.append(cells)
        return rows

    def _children(self, parent, name: str):
        """``w:tr`` of a table or ``w:tc`` of a row, looking through content controls and insertions."""
        for child in parent:
            if child.tag == _q(name):
                yield child
            elif child.tag == _q("sdt") and not self._placeholder(child):
                content = child.find("w:sdtContent", _NS)
                if content is not None:
                    yield from self._children(content, name)
            elif child.tag in (_q("ins"), _q("customXml")):
                yield from self._children(child, name)

    def _cell_text(self, tc) -> str:
        inner = _Reader.__new__(_Reader)
        inner.numbering, inner.style_names, inner.lines, inner.opaque = (
            self.numbering, self.style_names, [], self.opaque)
        inner.blocks(tc)
        return " ".join(t.strip() for t, _ in inner.lines if t.strip())

    def table(self, tbl) -> None:
        rows = [r for r in self._rows(tbl) if any(c.strip() for c in r)]
        if not rows:
            return
        header = rows[0]
        has_header = (len(rows) > 1 and len(header) > 1 and all(0 < len(c) <= 12 for c in header)
                      and all(len(r) == len(header) for r in rows[1:]))
        if has_header:
            self.lines.append(("　".join(header), BODY))
            for row in rows[1:]:
                self.lines.append(("；".join(f"{h}：{v}" for h, v in zip(header, row) if v), BODY))
        else:
            for row in rows:
                self.lines.append((" | ".join(c for c in row if c), BODY))


def docx_lines(path: Path) -> tuple[list[tuple[str, int | None]], list[str]]:
    """``([(text, depth)], [warning])`` of a .docx body in document order (see the module's docstring).

    Raises StoreError naming the file when it is not a Word document that can be opened."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            document = etree.fromstring(archive.read("word/document.xml"))
            reader = _Reader(archive)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        raise StoreError(f"{path.name}：不是可读取的 Word（.docx）文件，可能已损坏或是改了扩展名的其他文件"
                         ) from exc
    body = document.find("w:body", _NS)
    if body is not None:
        reader.blocks(body)
    warnings = [f"{path.name}：有 {n} 处{what}未能读取为文字（已导入其余内容；如其中有预案内容，请补录为文字）"
                for what, n in reader.opaque.items()]
    return reader.lines, warnings
