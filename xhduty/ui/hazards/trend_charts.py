"""Trends of the register as pyqtgraph charts: found / rectified / overdue by month, category or 街镇 over a
chosen period (one year to five), the rectification rate as a line under the bars, and totals in words.

The counts come from :func:`xhduty.core.hazards.trends.trend` (grouped queries); drawing is a few bar items,
so five years of 100,000 hazards redraw within the 200 ms target (bench/hazards_speed.py).
"""

from __future__ import annotations

from datetime import date

from xhduty.core import clock
from xhduty.core.hazards import trends
from xhduty.ui.qt import QColor, QComboBox, QFont, QHBoxLayout, QLabel, QVBoxLayout, QWidget, QT_TRANSLATE_NOOP, translate

import pyqtgraph as pg  # noqa: E402  (after PySide6, through xhduty.ui.qt, so it binds to PySide6)

SERIES = ((QT_TRANSLATE_NOOP("hazards", "发现"), "found", "#1f77b4"),
          (QT_TRANSLATE_NOOP("hazards", "整改完成"), "rectified", "#2ca02c"),
          (QT_TRANSLATE_NOOP("hazards", "逾期"), "overdue", "#d62728"))
BY = ((QT_TRANSLATE_NOOP("hazards", "按月"), "month"), (QT_TRANSLATE_NOOP("hazards", "按类别"), "category"),
      (QT_TRANSLATE_NOOP("hazards", "按街镇"), "division"))
PERIODS = ((QT_TRANSLATE_NOOP("hazards", "近 12 个月"), 1), (QT_TRANSLATE_NOOP("hazards", "近 3 年"), 3),
           (QT_TRANSLATE_NOOP("hazards", "近 5 年"), 5))


def period(years: int, today: date) -> tuple[date, date]:
    """From the first day of the month ``years`` years minus eleven months back, to ``today``."""
    months = today.year * 12 + today.month - 1 - (12 * years - 1)
    return date(months // 12, months % 12 + 1, 1), today


class TrendPane(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.by = QComboBox()
        for text, key in BY:
            self.by.addItem(translate("hazards", text), key)
        self.period = QComboBox()
        for text, years in PERIODS:
            self.period.addItem(translate("hazards", text), years)
        self.totals = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.by)
        bar.addWidget(self.period)
        bar.addWidget(self.totals, 1)
        font = QFont(self.font().family(), 9)
        self.counts = pg.PlotWidget(background="w")
        self.rate = pg.PlotWidget(background="w")
        for plot in (self.counts, self.rate):
            plot.setMenuEnabled(False)
            plot.showGrid(y=True, alpha=0.25)
            plot.getPlotItem().setMouseEnabled(x=False, y=False)
            for side in ("bottom", "left"):
                plot.getAxis(side).setTickFont(font)
            plot.getAxis("left").setWidth(56)  # the same in both: a bucket's bar stands over its rate
        self.legend = self.counts.addLegend(offset=(-10, 10))
        # one x axis for both (the rate is read under its bars): its labels once, under the rate — painting
        # a dozen Chinese labels is most of a redraw
        self.rate.setXLink(self.counts)
        self.counts.getAxis("bottom").setStyle(showValues=False)
        self.rate.setMaximumHeight(170)
        self.rate.setLabel("left", self.tr("整改率 %"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.counts, 3)
        layout.addWidget(self.rate, 1)
        self.by.currentIndexChanged.connect(lambda *_: self.redraw())
        self.period.currentIndexChanged.connect(lambda *_: self.redraw())
        self.trend: trends.Trend | None = None

    def redraw(self) -> None:
        start, end = period(self.period.currentData(), clock.now().date())
        self.trend = t = trends.trend(self.ctx.store, start, end, self.by.currentData())
        n = len(t.labels)
        item = self.counts.getPlotItem()
        item.clear()
        self.legend.clear()
        width = 0.8 / len(SERIES)
        for k, (name, attr, colour) in enumerate(SERIES):
            item.addItem(pg.BarGraphItem(x=[i - 0.4 + width * (k + 0.5) for i in range(n)], height=getattr(t, attr),
                                         width=width * 0.92, brush=QColor(colour), pen=pg.mkPen(None),
                                         name=translate("hazards", name)))
        step = max(1, -(-n // 18))
        ticks = [[(i, label[2:] if t.by == "month" else label) for i, label in enumerate(t.labels) if i % step == 0]]
        item.getAxis("bottom").setTicks(ticks)
        top = max([*t.found, *t.rectified, *t.overdue, 0])
        item.setXRange(-0.6, max(n - 0.4, 0.6), padding=0)
        item.setYRange(0, top * 1.15 if top else 1, padding=0)
        step_y = max(1, -(-top // 5))  # whole hazards on the axis
        item.getAxis("left").setTickSpacing(step_y, step_y)
        rates = t.rates()
        xs = [i for i, r in enumerate(rates) if r is not None]
        ri = self.rate.getPlotItem()
        ri.clear()
        ri.plot(xs, [rates[i] * 100 for i in xs], pen=pg.mkPen("#2ca02c", width=1), symbol="o", symbolSize=5,
                symbolBrush="#2ca02c")
        ri.getAxis("bottom").setTicks(ticks)
        ri.setYRange(0, 105, padding=0)
        total = trends.totals(t)
        rate = "—" if total["rate"] is None else f"{total['rate'] * 100:.1f}%"
        self.totals.setText(self.tr("发现 {found} 处，整改完成 {done} 处，逾期 {late} 处，整改率 {rate}").format(
            found=total["found"], done=total["rectified"], late=total["overdue"], rate=rate))
