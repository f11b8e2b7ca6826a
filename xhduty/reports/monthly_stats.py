"""The monthly statistics report (月度统计报告) for the bureau's meeting: every chart of the month drawn
with reportlab's own graphics (no Qt: the CLI prints it too), each followed by its numbers, then the
plan's key indicators.  Numbers come from ``core.statistics`` and ``core.indicators`` only."""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from xhduty.core.incidents import incidents
from xhduty.core.stats import indicators
from xhduty.core.stats import charts
from xhduty.core.stats.charts import Chart
from xhduty.core.store import Store
from xhduty.reports import pdf

# Series colours, also used by the window's charts so a chart looks the same on screen and on paper.
PALETTE = ("#1F5FA8", "#D9822B", "#3A9A5B", "#B8383B", "#7A5BA8", "#6B6B6B")
CHART_HEIGHT = 62 * mm


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def drawing(chart: Chart, width: float = pdf.CONTENT_WIDTH, height: float = CHART_HEIGHT) -> Drawing:
    """The chart's plotted series as a reportlab drawing (bars grouped, or lines for a time series)."""
    # the renderer starts a drawing in Helvetica unless told otherwise, which the PDF would then reference
    d = Drawing(width, height, initialFontName=pdf.FONT)
    plotted = [[v or 0 for v in chart.series[name]] for name in chart.plot]
    if not chart.categories or not any(any(v for v in s) for s in plotted):
        d.add(String(width / 2, height / 2, "本期无数据", fontName=pdf.FONT, fontSize=11, textAnchor="middle"))
        return d
    plot = HorizontalLineChart() if chart.kind == "line" else VerticalBarChart()
    plot.x, plot.y, plot.width, plot.height = 34, 30, width - 44, height - 52
    plot.data = [tuple(s) for s in plotted]
    axis = plot.categoryAxis
    axis.categoryNames = _thin_labels(chart.categories)
    axis.labels.fontName, axis.labels.fontSize = pdf.FONT, 6.5
    if len(chart.categories) > 8:
        axis.labels.angle, axis.labels.boxAnchor = 30, "ne"
    plot.valueAxis.labels.fontName, plot.valueAxis.labels.fontSize = pdf.FONT, 7
    plot.valueAxis.valueMin = 0
    for n in range(len(plotted)):
        colour = colors.HexColor(PALETTE[n % len(PALETTE)])
        if chart.kind == "line":
            plot.lines[n].strokeColor, plot.lines[n].strokeWidth = colour, 1.2
        else:
            plot.bars[n].fillColor, plot.bars[n].strokeColor = colour, None
    d.add(plot)
    if len(plotted) > 1:
        legend = Legend()
        legend.fontName, legend.fontSize = pdf.FONT, 7
        legend.x, legend.y, legend.alignment = 40, height - 6, "right"
        legend.columnMaximum, legend.dx, legend.dy = 1, 8, 6
        legend.colorNamePairs = [(colors.HexColor(PALETTE[n % len(PALETTE)]), name)
                                 for n, name in enumerate(chart.plot)]
        d.add(legend)
    return d


def _short(label: str) -> str:
    """'2026-06-05' → '06-05' under a chart (the year is in the title)."""
    return label[5:] if len(label) == 10 and label[4] == "-" else label


def _thin_labels(labels: list[str], most: int = 16) -> list[str]:
    """Every n-th label only, when there are too many to read (a month of days)."""
    step = max(1, -(-len(labels) // most))
    return [_short(label) if n % step == 0 else "" for n, label in enumerate(labels)]


def _chart_block(chart: Chart, table_rows: int = 40) -> list:
    rows = chart.rows()
    block = [pdf.para(chart.title, "h2"), drawing(chart)]
    if chart.note:
        block.append(pdf.para(chart.note, "small"))
    if chart.basis:
        block.append(pdf.para("口径：" + chart.basis, "small"))
    block = [KeepTogether(block), Spacer(1, 2 * mm)]
    if len(rows) - 1 <= table_rows:
        width = pdf.CONTENT_WIDTH / len(rows[0])
        block.append(pdf.grid([[_number(c) for c in row] for row in rows], [width] * len(rows[0])))
    return block


def indicator_rows(table: list[dict]) -> list[list[str]]:
    rows = [["指标", "单位", "属性", "目标", "实际值", "日期", "来源", "是否达标"]]
    for r in table:
        rows.append([r["name"], r["unit"], r["kind_name"], r["target"],
                     "" if r["value"] is None else _number(r["value"]), r["as_of"],
                     r["source"] + (f"（{r['note']}）" if r["note"] else ""), r["met_name"]])
    return rows


def write_monthly(store: Store, path: Path, month: str, division: str | None = None) -> Path:
    """Write the report of ``month`` ('YYYY-MM'): a summary, each chart with its numbers, the indicators.

    Without ``division`` a street station reports on its own 街镇 (and names it), the others on 全区."""
    flt = charts.month_filter(month, division or incidents.home_division(store))
    station = store.meta("station_name", "") or store.station
    title = f"{month} 月度应急值守统计报告"
    summary = [[label, _number(value)] for label, value in charts.summary(store, flt)]
    story = [pdf.para(title, "title"), pdf.para(f"{station} · {flt.describe(store)}", "subtitle"),
             pdf.grid(summary, [pdf.CONTENT_WIDTH * 0.4, pdf.CONTENT_WIDTH * 0.6], header=False)]
    for key in charts.CHARTS:
        story.extend(_chart_block(charts.chart(store, key, flt)))
    indicators_now = indicators.indicator_table(store)
    rows = indicator_rows(indicators_now)
    w = pdf.CONTENT_WIDTH
    story.append(KeepTogether([
        pdf.para("规划主要指标（徐汇区应急管理“十四五”规划）", "h2"),
        pdf.grid(rows, [w * f for f in (0.17, 0.08, 0.08, 0.17, 0.08, 0.11, 0.21, 0.10)],
                 highlight_rows=tuple(n for n, r in enumerate(indicators_now, 1) if r["met"] is False))]))
    return pdf.build(path, story, title=title, station=station)
