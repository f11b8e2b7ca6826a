"""The handover sheet (值班交接班单): the A4 paper the outgoing and incoming officers and the duty leader sign.

Printed from the sheet model of :func:`xhduty.core.duty.handover.sheet` — the same data the handover screen
shows and the handover stores — so a reprint of a past shift reads exactly as its first print.

Layout, top to bottom: who and when; counts of the shift's work; what needs attention (warnings from other
areas, then the model's sections: significant entries, leaders' instructions, open items carried over, the
other areas' sections, equipment and other matters); the shift's entries in time order with significant
ones shaded; signature lines with both shifts' names.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from xhduty.core.duty import duty
from xhduty.core.duty import handover
from xhduty.core.store import Store
from xhduty.reports.pdf import CONTENT_WIDTH, build, grid, para

BLANK = "____________"


def _entry_rows(entries: list[dict]) -> tuple[list[list], list[int]]:
    rows, shaded = [["时间", "类型", "内容", "记录人"]], []
    for e in entries:
        rows.append([e["at"], e["kind"], ("★ " if e["significant"] else "") + e["text"], e["author"]])
        if e["significant"]:
            shaded.append(len(rows) - 1)
    return rows, shaded


def build_story(model: dict) -> list:
    """The flowables of a sheet model (see :func:`handover.sheet` for its shape)."""
    shift, record = model["shift"], model["handover"]
    subtitle = f"徐汇区 · {model['station_name']}（{model['station']}） · {model['day']}"
    if model.get("rebuilt"):
        subtitle += " · 本班交接早于交接班单存档，据现有日志重建"
    elif not record["at"]:
        subtitle += " · 预览（尚未交接）"
    story = [
        para(model["title"], "title"),
        para(subtitle, "subtitle"),
        grid([
            ["班次时间", f"{shift['start']} 至 {shift['end'] or '（未交班）'}", "带班领导", shift["leader"]],
            ["交班值班员", "、".join(shift["officers"]), "接班值班员", "、".join(record["incoming"]) or BLANK],
            ["本班记录", "；".join(f"{k} {v} 条" for k, v in model["counts"]) or "无",
             "接班带班领导", record["leader"] or BLANK],
        ], [24 * mm, 66 * mm, 26 * mm, CONTENT_WIDTH - 116 * mm], header=False),
    ]
    if model["warnings"]:
        story.append(para("须特别注意", "h2"))
        story.extend(para(f"！{w}", "strong") for w in model["warnings"])
    for section in model["sections"]:
        story.append(para(section["title"], "h2"))
        story.extend(para(f"· {line}") for line in section["lines"])

    story.append(para("本班值班记录", "h2"))
    rows, shaded = _entry_rows(model["entries"])
    story.append(grid(rows, [22 * mm, 20 * mm, CONTENT_WIDTH - 62 * mm, 20 * mm], highlight_rows=tuple(shaded)))
    # the signatures stay on one page: a table splits between rows, and a leader signing a page of its own
    # has signed nothing the page shows
    story.append(KeepTogether([Spacer(1, 10 * mm), grid([
        ["交班人签字", f"（{'、'.join(shift['officers'])}）", "接班人签字", f"（{'、'.join(record['incoming'])}）"
         if record["incoming"] else ""],
        ["带班领导签字", f"（{shift['leader']}）", "交接时间", record["at"]],
    ], [26 * mm, CONTENT_WIDTH / 2 - 26 * mm, 26 * mm, CONTENT_WIDTH / 2 - 26 * mm], header=False,
        row_height=14 * mm)]))
    return story


def write_sheet(model: dict, path: Path) -> Path:
    """Print a sheet model to ``path``.  Page footers carry the handover time, not the print time, so
    every print of one handover reads the same; a preview says so."""
    stamp = f"交接于 {model['handover']['at']}" if model["handover"]["at"] else "预览"
    return build(path, build_story(model), title=model["title"],
                 station=model["station_name"] or model["station"], stamp=stamp)


def sheet_pdf(model: dict) -> bytes:
    """The PDF of a sheet model as bytes — the renderer a handover runs before it commits."""
    with tempfile.TemporaryDirectory(prefix="xhduty-sheet-") as tmp:
        return write_sheet(model, Path(tmp) / "sheet.pdf").read_bytes()


def write_handover_sheet(store: Store, shift_id: str, path: Path) -> Path:
    """The sheet of a shift: as stored with its handover when it was handed over, else a preview of the
    shift still on duty.  StoreError when there is no such shift."""
    shift = duty.get_shift(store, shift_id)
    if shift is not None and shift["status"] == "open":
        return write_sheet(handover.sheet(store, shift_id), path)
    return write_sheet(handover.stored_sheet(store, shift_id), path)
