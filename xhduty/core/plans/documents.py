"""Plans that exist only as Word or text documents: split into sections at their numbered headings.

Chinese plans number their headings "一、", "（一）", "1.", "（1）" or "1 / 1.1 / 1.1.1" (and sometimes
"第一章"); a line with such a number is a heading when it is short and does not end a sentence — a long
numbered line is a list item of the body.  The first non-empty line is the title, passing over what is
printed above a plan's title (附件1, a red header's "…文件" and its 文号, 特急/公开…); a notice that
issues the plan ("…关于印发《X》的通知") gives X.  The lines passed over open the body.  The result is an
unstructured plan: searchable at once; :mod:`inference` proposes its structure.  Word files are read by
:mod:`word`, PDFs by :mod:`pdf_text`, .doc/.wps through LibreOffice by :mod:`office` — each file by what its
content is, whatever its extension says (WPS saves Word files as .doc or .wps; a plan passed around is
renamed .pdf or .docx), and a file whose content is a picture or a spreadsheet is refused saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from xhduty.core import attachments
from xhduty.core.plans import office
from xhduty.core.plans.pdf_text import pdf_lines
from xhduty.core.plans.word import docx_lines
from xhduty.core.store import StoreError

_CN_NUM = "一二三四五六七八九十百零〇"
# (pattern, depth); decimal numbers take their depth from the number of parts
_HEADINGS = (
    (re.compile(rf"^第[{_CN_NUM}\d]+[章篇部分]+"), 1),
    (re.compile(rf"^[{_CN_NUM}]+[、.．]"), 1),
    (re.compile(rf"^[（(][{_CN_NUM}]+[）)]"), 2),
    (re.compile(r"^\d+[、.．](?!\d)"), 3),
    (re.compile(r"^[（(]\d+[）)]"), 4),
)
# "1 总则", "1.1编制目的"; at most two digits a part, so "2024年…" or "12345热线" are not headings
_DECIMAL = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?![\d.])\s*[^\s\d.、．年月日时分%％]")
_MAX_HEADING = 32
_ATTACHMENT = r"附\s*件\s*[\d一二三四五六七八九十]*\s*"   # 附件, 附件1, 附件 2 (a plan issued with a notice)
# printed above a plan's title: 附件 / 附件1：, a red header's 文件 line, its 文号, urgency and secrecy marks
_ABOVE_TITLE = re.compile(
    r"^(?:" + _ATTACHMENT + r"[：:]?|\S{2,30}文件|\S{1,16}[〔\[（(]\d{4}[〕\]）)]\s*第?\d+\s*号"
    r"|(?:特急|加急|急件|平急|特提|公开|不公开|内部|秘密|机密|绝密|签发人[：:].*)(?:\s*★.*)?)$")
_ISSUING = re.compile(r"关于印发《([^》]{4,60})》的通知")


def heading_depth(line: str) -> int | None:
    """The outline depth of a numbered heading line (1 = top), or None when the line is body text."""
    line = line.strip()
    if not line or len(line) > _MAX_HEADING or line[-1] in "。；;，,：:":
        return None
    for pattern, depth in _HEADINGS:
        if pattern.match(line):
            return depth
    m = _DECIMAL.match(line)
    if m:
        return m.group(1).count(".") + 1
    return None


def sections_from_lines(lines: list[tuple[str, int | None]]) -> tuple[str, list[dict]]:
    """Title and sections from ``(text, depth)`` lines: depth None means 'decide by numbering', BODY (0)
    a line that is never a heading (a table row)."""
    lines = [(t.strip(), d) for t, d in lines if t and t.strip()]
    if not lines:
        raise StoreError("文件没有内容")
    at = next((i for i, (t, _) in enumerate(lines) if not _ABOVE_TITLE.match(t)), 0)
    title = re.sub(rf"^{_ATTACHMENT}[：:]\s*", "", lines[at][0].lstrip("#").strip()) or lines[at][0]
    above = [t for t, _ in lines[:at]]
    issuing = _ISSUING.search(title)
    if issuing:
        above, title = above + [title], issuing.group(1)
    sections: list[dict] = []
    current = {"heading": "", "depth": 1, "text": list(above)}
    for text, depth in lines[at + 1:]:
        if text.lstrip("#").strip() == title and not sections and not current["heading"]:
            continue  # the title repeated under itself or under the notice issuing it, as published
        depth = depth if depth is not None else heading_depth(text)
        if not depth:
            current["text"].append(text)
            continue
        if current["heading"] or current["text"]:
            sections.append(current)
        current = {"heading": text.lstrip("#").strip(), "depth": depth, "text": []}
    if current["heading"] or current["text"]:
        sections.append(current)
    for s in sections:
        s["text"] = "\n".join(s["text"])
    return title, sections


def _markdown_lines(text: str) -> list[tuple[str, int | None]]:
    out = []
    for line in text.splitlines():
        m = re.match(r"^(#{1,6})\s+(.*)$", line.strip())
        out.append((m.group(2), len(m.group(1))) if m else (line, None))
    return out


def unreadable(exc: OSError) -> str:
    """Why a file could not be opened, in Chinese (the operating system's message is English)."""
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, PermissionError):
        return "没有读取权限（或文件正被其他程序占用）"
    if isinstance(exc, IsADirectoryError):
        return "这是目录，不是文件"
    return "文件无法打开（可能在已断开的网络盘或损坏的介质上）"


def _text_lines(path: Path) -> list[tuple[str, int | None]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = path.read_text(encoding="gb18030")
        except UnicodeDecodeError as exc:
            raise StoreError(f"{path.name}：文件编码无法识别（应为 UTF-8 或 GB18030）") from exc
    return _markdown_lines(text) if path.suffix.lower() == ".md" else [(line, None) for line in text.splitlines()]


@dataclass
class Document:
    """A plan document as read: its title, its sections ``[{heading, depth, text}]``, and what of it could
    not be read (each warning names the file), which the import reports."""
    title: str
    sections: list[dict]
    warnings: list[str] = field(default_factory=list)


_BY_SUFFIX = {".docx": "docx", ".pdf": "pdf", **{s: "ole" for s in office.CONVERTED}}


def read_document(path: Path) -> Document:
    """Read a .docx, .pdf, .doc/.wps (through LibreOffice), .txt or .md plan document, by its content when
    that is one of these under another extension.

    Raises StoreError with a Chinese message naming the file when it cannot be read at all (damaged,
    scanned PDF without text, .doc/.wps without LibreOffice, unknown encoding, empty, a picture or a
    spreadsheet whatever its extension); OSError when it cannot be opened."""
    path = Path(path)
    kind = attachments.content_kind(path)
    if kind not in (None, *_BY_SUFFIX.values()):
        label = attachments.KINDS[kind][0]
        raise StoreError(f"{path.name}：文件内容是{label}，不是预案文档" + (
            "；扫描件须先做文字识别（OCR），或提供 Word、文字版 PDF" if kind in attachments.IMAGE_KINDS
            else "；可导入 Word、PDF、文本文档"))
    kind = kind or _BY_SUFFIX.get(path.suffix.lower(), "text")
    warnings: list[str] = []
    if kind == "docx":
        lines, warnings = docx_lines(path)
    elif kind == "pdf":
        lines = pdf_lines(path)
    elif kind == "ole":
        lines, warnings = office.converted_lines(path)
    else:
        lines = _text_lines(path)
    try:
        title, sections = sections_from_lines(lines)
    except StoreError as exc:
        raise StoreError(f"{path.name}：{exc}") from None
    return Document(title, sections, warnings)
