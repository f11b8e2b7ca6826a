"""隐患整改通知书: the notice a hazard's responsible unit receives, on A4 in the Chinese document layout.

Layout: the issuing office as a red masthead with a red rule, the 文号, the title, the addressee (责任单位)
followed by a colon, the body (when and how the hazard was found, where, what it is, the measures required
and the deadline), the hazard's fields in a ruled table, the photos as thumbnails (整改前, and 整改后 once
rectified), the issuing office and date at the right, and a tear-off 回执 for the unit to sign.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, Spacer

from xhduty.core import clock
from xhduty.core.hazards import hazards
from xhduty.core.store import Store
from xhduty.reports.pdf import CONTENT_WIDTH, build, grid, para, styles
from xhduty.reports.photos import photo_grid

_RED = colors.HexColor("#C00000")


def _cn_date(day: str | date) -> str:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{d.year}年{d.month}月{d.day}日"


def build_story(store: Store, hazard_id: str, number: str = "") -> list:
    h = hazards.show(store, hazard_id)
    office = store.meta("station_name", "") or store.station
    today = clock.now().date()
    masthead = Paragraph(office, ParagraphStyle("masthead", parent=styles()["title"], fontSize=24, leading=32,
                                                 textColor=_RED))
    right = ParagraphStyle("right", parent=styles()["base"], alignment=TA_RIGHT, fontSize=11, leading=18)
    body = ParagraphStyle("body", parent=styles()["base"], fontSize=11.5, leading=21, firstLineIndent=23)
    addressee = h["unit"] or "＿＿＿＿＿＿＿＿"
    text = (f"{_cn_date(h['found_on'])}，经{h['found_by']}（发现人：{h['finder']}）发现，你单位位于"
            f"{h['division_name']}{h['address']}的场所存在{h['category']}方面的{h['level']}隐患："
            f"{h['description'] or '（见下表）'}。")
    demand = (f"请你单位高度重视，按照以下措施立即组织整改：{h['measures'] or '（见下表）'}。"
              f"整改须于{_cn_date(h['deadline'])}前完成，并将整改情况（附整改前后照片）书面报告我单位。"
              "整改期间须采取有效防范措施，确保安全。逾期未整改或整改不到位的，将依法依规处理。")
    if h["supervised"]:
        demand += "该隐患已由区应急管理部门挂牌督办。"
    fields = [["隐患编号", h["id"]], ["隐患类别 / 等级", f"{h['category']} / {h['level']}隐患"],
              ["地址", f"{h['division_name']} {h['address']}"], ["责任单位 / 责任人",
              f"{h['unit'] or '—'} / {h['person'] or '—'} {h['phone']}"],
              ["整改期限", _cn_date(h["deadline"])], ["当前状态", hazards.STATES[h["state"]]]]
    story = [
        masthead,
        HRFlowable(width="100%", thickness=1.6, color=_RED, spaceBefore=2, spaceAfter=6),
        para(number or f"隐改〔{today.year}〕＿＿号", "subtitle"),
        Paragraph("隐患整改通知书", ParagraphStyle("t", parent=styles()["title"], fontSize=20, leading=28,
                                              spaceAfter=10)),
        Paragraph(f"{addressee}：", ParagraphStyle("to", parent=styles()["base"], fontSize=11.5, leading=21)),
        Paragraph(text, body),
        Paragraph(demand, body),
        Spacer(1, 4 * mm),
        grid(fields, [38 * mm, CONTENT_WIDTH - 38 * mm], header=False),
    ]
    table = photo_grid(store, h["attachments"])
    if table is not None:
        story += [Spacer(1, 3 * mm), para("现场照片", "h2"), table]
    story += [
        Spacer(1, 8 * mm),
        Paragraph(office, right),
        Paragraph(_cn_date(today), right),
        Spacer(1, 6 * mm),
        HRFlowable(width="100%", thickness=0.6, color=colors.grey, dash=(3, 3), spaceAfter=4),
        para("回　执", "h2"),
        grid([["被通知单位", addressee, "签收人", ""], ["签收日期", "　　年　　月　　日", "联系电话", ""]],
             [28 * mm, CONTENT_WIDTH / 2 - 28 * mm, 24 * mm, CONTENT_WIDTH / 2 - 24 * mm], header=False,
             row_height=10 * mm),
    ]
    return story


def write(store: Store, hazard_id: str, path: Path, number: str = "") -> Path:
    """The notice of one hazard as an A4 PDF at ``path``."""
    story = build_story(store, hazard_id, number)
    return build(path, story, title="隐患整改通知书", station=store.meta("station_name", "") or store.station)
