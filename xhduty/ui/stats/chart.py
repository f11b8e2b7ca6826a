"""One statistics chart on screen: a pyqtgraph plot of a core ``Chart`` (bars grouped side by side, or
lines for a time series), with its note and counting basis under it, and PNG export of what is shown."""

from __future__ import annotations

from pathlib import Path

from xhduty.core.stats.charts import Chart
from xhduty.reports.monthly_stats import PALETTE
from xhduty.ui.qt import QColor, QFont, QLabel, QVBoxLayout, QWidget

import pyqtgraph as pg  # noqa: E402  (after PySide6, through xhduty.ui.qt, so it binds to PySide6)

pg.setConfigOptions(antialias=True, background="w", foreground="#333333")
MOST_LABELS = 18   # x labels shown at most; the others are left blank so the rest stay readable
# A 2-pixel antialiased line costs Qt's software raster ~40 ms per 365-point series (a year by day would
# miss the 200 ms redraw target); a 1-pixel one costs ~5 ms.  Short series keep the bolder line.
THICK_LINE_POINTS = 62


def _tick_text(label: str) -> str:
    return label[5:] if len(label) == 10 and label[4] == "-" else label


def integer_step(top: float) -> int:
    """A whole tick step (1, 2, 5, 10, 20, 50 …) giving at most about six ticks up to ``top``."""
    step = 1
    while top / step > 6:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return step


class ChartWidget(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.chart: Chart | None = None
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.showGrid(y=True, alpha=0.25)
        self.plot.getPlotItem().setMouseEnabled(x=False, y=False)
        font = QFont(self.font().family(), 10)
        for side in ("bottom", "left"):
            self.plot.getAxis(side).setTickFont(font)
        self.legend = self.plot.addLegend(offset=(-10, 10))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.note)

    def show_chart(self, chart: Chart) -> None:
        """Replace what is drawn with ``chart``."""
        self.chart = chart
        item = self.plot.getPlotItem()
        item.clear()
        self.legend.clear()
        item.setTitle(chart.title, size="13pt")
        item.setLabel("left", chart.y_label)
        item.setLabel("bottom", chart.x_label)
        n = len(chart.categories)
        shown = list(chart.plot)
        width = 0.8 / max(1, len(shown))
        for k, name in enumerate(shown):
            colour = QColor(PALETTE[k % len(PALETTE)])
            values = [v or 0 for v in chart.series[name]]   # None: nothing to count there (a rate of no cases)
            if chart.kind == "line":
                item.plot(list(range(n)), values, name=name,
                          pen=pg.mkPen(colour, width=2 if n <= THICK_LINE_POINTS else 1))
            else:
                bars = pg.BarGraphItem(x=[i - 0.4 + width * (k + 0.5) for i in range(n)], height=values,
                                       width=width * 0.92, brush=colour, pen=pg.mkPen(None), name=name)
                item.addItem(bars)   # named items join the legend by themselves
        step = max(1, -(-n // MOST_LABELS))
        item.getAxis("bottom").setTicks([[(i, _tick_text(c)) for i, c in enumerate(chart.categories)
                                          if i % step == 0]])
        top = max((v or 0 for s in shown for v in chart.series[s]), default=0)
        item.setXRange(-0.6, max(n - 0.4, 0.6), padding=0)
        item.setYRange(0, top * 1.15 if top else 1, padding=0)
        counts = all(float(v or 0).is_integer() for s in shown for v in chart.series[s])
        step = integer_step(top) if counts else None  # counts of incidents: no 0.1–1.1 axis
        item.getAxis("left").setTickSpacing(*((step, step) if step else ()))
        basis = self.tr("口径：{basis}").format(basis=chart.basis) if chart.basis else ""
        self.note.setText("　".join(x for x in (chart.note, basis) if x))

    def save_png(self, path: Path) -> Path:
        """The chart as shown, title and legend included."""
        path = Path(path)
        if not self.plot.grab().save(str(path), "PNG"):
            raise OSError(f"无法保存图片到 {path}")
        return path
