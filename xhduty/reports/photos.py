"""Photos of a record printed as thumbnails (the hazard notice, the incident report): three a row, each
captioned with its role (整改前 / 整改后 / 附件) and file name.

Only image attachments print; one not yet downloaded to this station, or one that cannot be read, is
printed as a captioned note instead of being left out, so the paper never hides that a photo exists.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Image, Table, TableStyle

from xhduty.core import attachments
from xhduty.core.store import Store
from xhduty.reports.pdf import CONTENT_WIDTH, FONT, para

PHOTO_WIDTH = 55 * mm
PHOTOS_PER_ROW = 3


def photo_grid(store: Store, attached: list[dict]) -> Table | None:
    """The image attachments among ``attached`` (rows of :func:`attachments.of_record`) as a table of
    thumbnails, or None when there is none.  Makes missing thumbnails (slow for big photos: reports are
    built on a worker)."""
    cells = []
    for a in attached:
        if a["kind"] not in attachments.IMAGE_KINDS:
            continue
        caption = para(f"{attachments.ROLES.get(a['role'], '附件')}：{a['name']}", "small")
        try:
            thumb = attachments.thumbnail(store, a["sha256"]) if a["present"] else None
        except Exception:  # Pillow's many errors for a file damaged since it was checked
            cells.append([para("（照片无法读取，请运行 xhduty check）", "small"), caption])
            continue
        if thumb is None:
            cells.append([para("（照片未下载到本站）", "small"), caption])
            continue
        img = Image(str(thumb))
        scale = PHOTO_WIDTH / img.imageWidth
        img.drawWidth, img.drawHeight = PHOTO_WIDTH, img.imageHeight * scale
        cells.append([img, caption])
    if not cells:
        return None
    rows = [cells[i:i + PHOTOS_PER_ROW] for i in range(0, len(cells), PHOTOS_PER_ROW)]
    rows[-1] += [""] * (PHOTOS_PER_ROW - len(rows[-1]))
    table = Table([[_stack(c) for c in row] for row in rows], colWidths=[CONTENT_WIDTH / PHOTOS_PER_ROW] * 3)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _stack(cell) -> Table | str:
    """A photo over its caption."""
    if not cell:
        return ""
    t = Table([[cell[0]], [cell[1]]])
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return t
