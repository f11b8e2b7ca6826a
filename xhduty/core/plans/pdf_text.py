"""The text of a PDF plan (pypdf), as lines for :func:`documents.sections_from_lines`.

A PDF has no paragraphs, only lines as laid out on the page: a line that does not end a sentence and is
followed by one that is not a heading is the same paragraph wrapped, and is joined to it (so the words
across the break are found).  Page numbers ("- 3 -", "第 3 页 共 10 页") are dropped.  A PDF whose pages
carry (almost) no text is a scan: it is refused with a message, since reading it needs OCR.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from xhduty.core.store import StoreError

_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+(?:\s*/\s*\d+)?)[-—–\s]*$")
_ENDS = "。；;！!？?：:"
_MIN_CHARS_PER_PAGE = 20  # fewer on average: a scanned page (a picture) with at most a stamp or number


def _opens_without_password(reader) -> bool:
    """Whether an encrypted PDF opens with the empty password (many 'protected' PDFs do); AES needs the
    cryptography package, which is not installed: such a PDF counts as locked."""
    from pypdf.errors import PyPdfError
    try:
        return bool(reader.decrypt(""))
    except (PyPdfError, NotImplementedError):
        return False


def pdf_lines(path: Path) -> list[tuple[str, int | None]]:
    """Lines of a text PDF, wrapped lines joined; raises StoreError for a scan, a password or a damaged file."""
    from pypdf import PdfReader  # loaded only when a PDF is imported
    from pypdf.errors import PyPdfError

    from xhduty.core.plans.documents import heading_depth

    path = Path(path)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its English warnings are not for an officer
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise StoreError(f"{path.name}：PDF 文件已加密（设有密码或权限保护），无法读取；请提供未加密的文件")
        pages = [page.extract_text() or "" for page in reader.pages]
    except StoreError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{path.name}：PDF 文件无法读取，可能已损坏或不是 PDF 文件") from exc
    chars = sum(len("".join(p.split())) for p in pages)
    if not pages or chars < _MIN_CHARS_PER_PAGE * len(pages):
        raise StoreError(f"{path.name}：PDF 中没有文字层（{len(pages)} 页，可能是扫描件），无法读取；"
                         "请提供文字版 PDF 或 Word 文件，或先做文字识别（OCR）后再导入")
    out: list[str] = []
    for raw in "\n".join(pages).splitlines():
        line = raw.strip()
        if not line or _PAGE_NUMBER.match(line):
            continue
        if out and out[-1][-1] not in _ENDS and heading_depth(out[-1]) is None and heading_depth(line) is None \
                and len(out) > 1:
            out[-1] += line  # the same paragraph, wrapped at the page's edge (the title stays alone)
        else:
            out.append(line)
    return [(line, None) for line in out]
