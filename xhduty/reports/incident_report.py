"""The written report (值班信息): one 首报, 续报 or 终报 as it goes up the chain, on A4.

Layout as the duty room's paper: the masthead (值班信息, the stage in brackets), the issuing office and
date with the 签发 line, a red rule, the incident's name, the report's fields in a ruled table (a 续报
carries only what is new, so empty fields are left out), the report text, the incident's photos as
thumbnails (现场照片, as on the hazard notice), and who recorded and sent it.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import HRFlowable, Paragraph, Spacer, Table, TableStyle

from xhduty.core import attachments, clock
from xhduty.core.incidents import deadlines
from xhduty.core.incidents import incidents
from xhduty.core.store import Store
from xhduty.reports.pdf import CONTENT_WIDTH, FONT, build, grid, para, styles
from xhduty.reports.photos import photo_grid

_RED = colors.HexColor("#C00000")


def build_story(store: Store, report_id: str) -> list:
    report = incidents.get_report(store, report_id)
    incident = incidents.require_incident(store, report["incident_id"])
    sent = clock.parse(report["at"])
    office = store.meta("station_name", "") or store.station
    fields = [[label, report["fields"][key]] for key, label in incidents.REPORT_FIELDS
              if report["fields"].get(key)]
    stage = deadlines.report_label(report["stage"], report["channel"], report["number"]).split("（")[0]
    masthead = Table([[Paragraph("值 班 信 息", ParagraphStyle(
        "masthead", parent=styles()["title"], fontSize=30, leading=38, textColor=_RED))],
                      [para(f"（{stage}）", "subtitle")]], colWidths=[CONTENT_WIDTH])
    issuer = Table([[para(f"徐汇区 · {office}"), para(f"签发：{report['signed_by'] or '＿＿＿＿'}")],
                    [para(sent.strftime("%Y年%m月%d日 %H:%M"), "small"),
                     para(f"报送方式：{deadlines.CHANNEL_NAMES[report['channel']]}", "small")]],
                   colWidths=[CONTENT_WIDTH * 0.65, CONTENT_WIDTH * 0.35])
    for table in (masthead, issuer):
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT)]))  # no unembedded Helvetica
    story = [
        masthead,
        issuer,
        HRFlowable(width="100%", thickness=1.6, color=_RED, spaceBefore=3, spaceAfter=8),
        para(f"关于{incident['title']}的{stage}", "h2"),
    ]
    if fields:
        story.append(grid(fields, [32 * mm, CONTENT_WIDTH - 32 * mm], header=False))
    story += [para("报告内容", "h2"), para(report["text"])]
    photos = photo_grid(store, attachments.of_record(store, "incidents", incident["id"]))
    if photos is not None:
        story += [Spacer(1, 3 * mm), para("现场照片", "h2"), photos]
    story += [
        Spacer(1, 10 * mm),
        HRFlowable(width="100%", thickness=0.6, color=colors.grey, spaceAfter=4),
        para(f"记录人：{report['author']}　　报送时间：{sent.strftime('%Y-%m-%d %H:%M')}　　"
             f"事件编号：{incident['id']}", "small"),
    ]
    return story


def write_incident_report(store: Store, report_id: str, path: Path) -> Path:
    report = incidents.get_report(store, report_id)
    return build(path, build_story(store, report_id), title=f"值班信息（{report['label']}）", station=store.station)
