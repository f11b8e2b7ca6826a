"""The handover sheet (值班交接班单): the A4 paper the outgoing and incoming officers and the duty leader sign.

Layout, top to bottom: who and when; counts of the shift's work; what needs attention (warnings from other
areas, significant entries, leaders' instructions, open items carried over, open incidents and tasks); the
shift's entries in time order with significant ones shaded; notes; signature lines.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.duty import handover
from xhduty.core.store import Store
from xhduty.reports.pdf import CONTENT_WIDTH, build, grid, para


def _hm(iso: str | None) -> str:
    return clock.parse(iso).strftime("%m-%d %H:%M") if iso else ""


def _entry_rows(entries: list[dict], names: dict[str, str]) -> tuple[list[list], list[int]]:
    rows, shaded = [["时间", "类型", "内容", "记录人"]], []
    for e in entries:
        text = e["text"]
        if e["details"]:
            extra = "；".join(f"{label}：{e['details'][key]}" for key, label in duty.INTAKE_FIELDS
                             if e["details"].get(key))
            text = f"{text}\n{extra}" if extra else text
        if e["is_corrected"]:
            text += "（已更正，见后续更正记录）"
        if e["open_item"]:
            text += "（已办结）" if e["is_closed"] else "（待办）"
        rows.append([_hm(e["at"]), names.get(e["kind"], e["kind"]), ("★ " if e["is_significant"] else "") + text,
                     e["author"]])
        if e["is_significant"]:
            shaded.append(len(rows) - 1)
    return rows, shaded


def _list_section(story: list, title: str, lines: list[str]) -> None:
    if not lines:
        return
    story.append(para(title, "h2"))
    for line in lines:
        story.append(para(f"· {line}"))


def build_story(store: Store, shift_id: str) -> list:
    data = handover.summary(store, shift_id)
    record = handover.last_handover(store, shift_id)
    shift = data["shift"]
    names = duty.kind_names(store)
    day = clock.parse(shift["started_at"]).strftime("%Y年%m月%d日")
    incoming = "、".join(record["incoming"]) if record else ""
    story = [
        para("值班交接班单", "title"),
        para(f"徐汇区 · {data['station_name']}（{data['station']}） · {day}", "subtitle"),
        grid([
            ["班次时间", f"{_hm(shift['started_at'])} 至 {_hm(shift['ended_at']) or '（未交班）'}",
             "带班领导", shift["leader"]],
            ["交班值班员", "、".join(shift["officers"]), "接班值班员", incoming or "____________"],
            ["本班记录", "；".join(f"{k} {v} 条" for k, v in data["counts"].items()) or "无",
             "接班带班领导", record["leader"] if record else "____________"],
        ], [24 * mm, 66 * mm, 26 * mm, CONTENT_WIDTH - 116 * mm], header=False),
    ]
    if data["warnings"]:
        story.append(para("须特别注意", "h2"))
        for w in data["warnings"]:
            story.append(para(f"！{w}", "strong"))
    _list_section(story, "重要事项", [f"{_hm(e['at'])} {e['text']}" for e in data["significant"]])
    _list_section(story, "领导指示", [f"{_hm(e['at'])} {e['text']}" for e in data["instructions"]])
    _list_section(story, "未办结事项（带入下一班）", [f"{_hm(e['at'])} {e['text']}" for e in data["open_items"]])
    for section in data["sections"]:
        _list_section(story, section["title"], section["rows"])
    equipment = [f"{_hm(e['at'])} {e['text']}" for e in data["equipment"]]
    if record and record["notes"]:
        equipment.append(record["notes"])
    _list_section(story, "设备情况及其他交接事项", equipment)

    story.append(para("本班值班记录", "h2"))
    rows, shaded = _entry_rows(data["entries"], names)
    story.append(grid(rows, [22 * mm, 20 * mm, CONTENT_WIDTH - 62 * mm, 20 * mm], highlight_rows=tuple(shaded)))
    story.append(Spacer(1, 10 * mm))
    story.append(grid([
        ["交班人签字", "", "接班人签字", ""],
        ["带班领导签字", "", "交接时间", _hm(record["at"]) if record else ""],
    ], [26 * mm, CONTENT_WIDTH / 2 - 26 * mm, 26 * mm, CONTENT_WIDTH / 2 - 26 * mm], header=False,
        row_height=14 * mm))
    return story


def write_handover_sheet(store: Store, shift_id: str, path: Path) -> Path:
    title = "值班交接班单"
    return build(path, build_story(store, shift_id), title=title, station=store.meta("station_name", store.station))
