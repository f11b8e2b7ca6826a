"""The monthly 隐患排查治理 statistics: one month's totals, by category and by 街镇, the 12-month trend as a
bar chart, and the hazards that need a leader's eye (重大, 挂牌督办, overdue, 回潮), with the two lists.

Figures follow :mod:`xhduty.core.hazards.trends` (found / rectified / overdue / rectification rate).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from xhduty.core.hazards import hazards, listing, lists, trends
from xhduty.core.store import Store
from xhduty.reports.pdf import CONTENT_WIDTH, FONT, build, grid, para

SERIES = (("发现", colors.HexColor("#1f77b4")), ("整改", colors.HexColor("#2ca02c")),
          ("逾期", colors.HexColor("#d62728")))


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _table(t: trends.Trend) -> list[list[str]]:
    rows = [["", "发现", "整改完成", "逾期", "整改率"]]
    for label, f, r, o, rate in zip(t.labels, t.found, t.rectified, t.overdue, t.rates()):
        if f or r or o:
            rows.append([label, str(f), str(r), str(o), _rate(rate)])
    total = trends.totals(t)
    rows.append(["合计", str(total["found"]), str(total["rectified"]), str(total["overdue"]), _rate(total["rate"])])
    return rows


def chart(t: trends.Trend) -> Drawing:
    """Found / rectified / overdue per month as grouped bars."""
    width, height = CONTENT_WIDTH, 62 * mm
    d = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 12 * mm, 10 * mm, width - 16 * mm, height - 20 * mm
    bars.data = [t.found, t.rectified, t.overdue]
    bars.categoryAxis.categoryNames = [label[2:] for label in t.labels]  # 26-11
    bars.categoryAxis.labels.fontName = bars.valueAxis.labels.fontName = FONT
    bars.categoryAxis.labels.fontSize = bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueStep = max(1, -(-max(max(s) for s in bars.data) // 5))  # whole hazards
    for i, (_, color) in enumerate(SERIES):
        bars.bars[i].fillColor = color
    d.add(bars)
    legend = Legend()
    legend.x, legend.y = 14 * mm, height - 4 * mm
    legend.fontName, legend.fontSize, legend.alignment = FONT, 8, "right"
    legend.columnMaximum, legend.deltax = 1, 40
    legend.colorNamePairs = [(c, n) for n, c in SERIES]
    d.add(legend)
    return d


def build_story(store: Store, month: date) -> list:
    start, end = month.replace(day=1), _month_end(month)
    office = store.meta("station_name", "") or store.station
    by_cat = trends.trend(store, start, end, "category", today=end)
    by_div = trends.trend(store, start, end, "division", today=end)
    year_start = date(start.year - (start.month < 12), (start.month % 12) + 1, 1)  # 11 months before
    by_month = trends.trend(store, year_start, end, "month", today=end)
    total = trends.totals(by_cat)
    open_now = listing.rows(store, listing.Filter(state="open"), today=end)
    attention = [r for r in open_now if r[5] == "重大" or r[10] or r[11]]
    recur = hazards.recurrences(store)
    recurring = [r for r in listing.rows(store, today=end) if r[0] in recur and start.isoformat() <= r[1] <= end.isoformat()]
    story = [
        para(f"{month.year}年{month.month}月隐患排查治理情况统计", "title"),
        para(f"{office} · 统计期 {start.isoformat()} 至 {end.isoformat()}", "subtitle"),
        para(f"本月共发现隐患 {total['found']} 处，整改完成 {total['rectified']} 处，逾期未整改 {total['overdue']} 处，"
             f"本月发现隐患的整改率 {_rate(total['rate'])}；当前未整改完成 {len(open_now)} 处，其中重大、挂牌督办或逾期 "
             f"{len(attention)} 处；回潮 {len(recurring)} 处（同一地址同类隐患 {hazards.recur_months(store)} 个月内再次发现）。"),
        para("近十二个月趋势", "h2"), chart(by_month),
        para("按隐患类别", "h2"), grid(_table(by_cat), [50 * mm] + [(CONTENT_WIDTH - 50 * mm) / 4] * 4),
        para("按街镇", "h2"), grid(_table(by_div), [50 * mm] + [(CONTENT_WIDTH - 50 * mm) / 4] * 4),
    ]
    widths = [22 * mm, 24 * mm, CONTENT_WIDTH - 22 * mm - 24 * mm - 22 * mm - 22 * mm - 30 * mm, 22 * mm, 22 * mm,
              30 * mm]
    if attention:
        rows = [["发现日期", "街镇", "地址", "类别", "整改期限", "情况"]]
        for r in attention[:60]:
            flags = "、".join(x for x, on in (("重大", r[5] == "重大"), ("督办", r[10]), ("逾期", r[11])) if on)
            rows.append([r[1], r[2], r[3], r[4], r[8], f"{hazards.STATES[r[9]]}（{flags}）"])
        story += [para("需重点关注的隐患（重大、挂牌督办、逾期）", "h2"), grid(rows, widths)]
    if recurring:
        rows = [["发现日期", "街镇", "地址", "类别", "整改期限", "状态"]]
        rows += [[r[1], r[2], r[3], r[4], r[8], hazards.STATES[r[9]]] for r in recurring[:60]]
        story += [para("回潮隐患", "h2"), grid(rows, widths)]
    for kind, title in lists.KINDS.items():
        found = lists.lines(store, kind, today=end)
        if found:
            rows = [["事项", "责任", "期限", "状态"]]
            rows += [[t["title"], t["owner"], t["deadline"], t["state"] + ("（逾期）" if t["overdue"] else "")]
                     for t in found[:60]]
            story += [para(title, "h2"), grid(rows, [CONTENT_WIDTH - 100 * mm, 50 * mm, 24 * mm, 26 * mm])]
    story.append(Spacer(1, 4 * mm))
    return story


def write(store: Store, month: date, path: Path) -> Path:
    """The statistics of the month containing ``month`` as an A4 PDF at ``path``."""
    return build(path, build_story(store, month), title="隐患排查治理月度统计",
                 station=store.meta("station_name", "") or store.station)
