"""统计分析: the charts (date range, division, day/week, items) with PNG and .xlsx export, the plan's key
indicators, and the monthly statistics report.

A filter change redraws only the chart on screen (the others when they are next shown); the numbers come
from ``core.statistics`` in a few tens of milliseconds even over five years, so it is done in place.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from xhduty.core import clock, refdata
from xhduty.core.stats import timeliness
from xhduty.core.stats import charts
from xhduty.core.stats.export import write_xlsx
from xhduty.core.stats.charts import Filter
from xhduty.core.store import StoreError
from xhduty.reports.monthly_stats import write_monthly
from xhduty.ui.qt import (
    QComboBox, QDate, QDateEdit, QFileDialog, QHBoxLayout, QKeySequence, QLabel, QListWidget, QListWidgetItem,
    QMessageBox, QPushButton, QShortcut, QSplitter, Qt, QTabWidget, QVBoxLayout, QWidget,
)
from xhduty.ui.flow_layout import FlowLayout
from xhduty.ui.ops import export_in_background
from xhduty.ui.stats.chart import ChartWidget
from xhduty.ui.stats.indicators import IndicatorPanel
from xhduty.ui.tasks import run_task

TABLES = {"incidents", "incident_reports", "notify_runs", "notify_attempts", "stock_movements", "stock_minimums",
          "depots", "items"}



def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class View(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        today = clock.now().date()
        self.start = QDateEdit(_qdate(today - timedelta(days=29)))
        self.end = QDateEdit(_qdate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.filter_changed)
        self.division = QComboBox()
        self.division.addItem(self.tr("全区"), None)
        for d in refdata.divisions(self.store):
            self.division.addItem(d["name"], d["code"])
        self.division.currentIndexChanged.connect(self.filter_changed)
        self.period = QComboBox()
        self.period.addItem(self.tr("按日"), "day")
        self.period.addItem(self.tr("按周"), "week")
        self.period.currentIndexChanged.connect(lambda _index: self.only_changed("over_time"))
        bar = FlowLayout()   # wraps on a narrow (scaled) screen instead of scrolling sideways
        for label, widget in ((self.tr("从"), self.start), (self.tr("至"), self.end),
                              (self.tr("街镇"), self.division), (self.tr("周期"), self.period)):
            pair = QWidget()
            together = QHBoxLayout(pair)
            together.setContentsMargins(0, 0, 0, 0)
            together.addWidget(QLabel(label))
            together.addWidget(widget)
            bar.addWidget(pair)
        for text, key, slot in ((self.tr("导出图片 PNG…"), "Ctrl+Shift+P", self.export_png),
                                (self.tr("导出数据 .xlsx…"), "Ctrl+Shift+X", self.export_xlsx),
                                (self.tr("月度统计报告 PDF…"), "Ctrl+Shift+M", self.monthly_pdf)):
            button = QPushButton(text)
            button.setToolTip(key)
            button.clicked.connect(slot)
            QShortcut(QKeySequence(key), self, activated=slot)
            bar.addWidget(button)

        self.tab_names = {"over_time": self.tr("事件趋势"), "by_division": self.tr("各街镇"),
                          "on_time": self.tr("报告按时率"), "first_delay": self.tr("首报用时"),
                          "confirm": self.tr("通知确认"), "stock": self.tr("库存对比")}
        self.tabs = QTabWidget()
        self.charts: dict[str, ChartWidget] = {}
        for key in charts.CHARTS:
            widget = ChartWidget()
            self.charts[key] = widget
            if key == "stock":
                widget = self._with_item_list(widget)
            self.tabs.addTab(widget, self.tab_names[key])
        self.indicators = IndicatorPanel(ctx)
        self.tabs.addTab(self.indicators, self.tr("规划指标"))
        self.tabs.currentChanged.connect(lambda _index: self.redraw())
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self.stale = set(self.charts)
        self.redraw()
        run_task(self.store, lambda store, _progress: timeliness.bring_up_to_date(store))

    def _with_item_list(self, chart: ChartWidget) -> QWidget:
        self.items = QListWidget()
        self.items.setMaximumWidth(220)
        self.items.itemChanged.connect(lambda _item: self.only_changed("stock"))
        self._fill_items()
        split = QSplitter()
        split.addWidget(chart)
        box = QWidget()
        side = QVBoxLayout(box)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel(self.tr("对比的物资（设有最低库存的）")))
        side.addWidget(self.items, 1)
        split.addWidget(box)
        split.setStretchFactor(0, 1)
        return split

    def _fill_items(self) -> None:
        chosen = self.chosen_items() if self.items.count() else None
        self.items.blockSignals(True)
        self.items.clear()
        for item in charts.stock_items(self.store):
            row = QListWidgetItem(f"{item['name']}（{item['unit']}）")
            row.setData(Qt.UserRole, item["id"])
            row.setFlags(row.flags() | Qt.ItemIsUserCheckable)
            row.setCheckState(Qt.Checked if chosen is None or item["id"] in chosen else Qt.Unchecked)
            self.items.addItem(row)
        self.items.blockSignals(False)

    # ------------------------------------------------------------------------------------- filtering
    def chosen_items(self) -> list[str]:
        return [self.items.item(n).data(Qt.UserRole) for n in range(self.items.count())
                if self.items.item(n).checkState() == Qt.Checked]

    def current_filter(self) -> Filter:
        return Filter(_pydate(self.start), _pydate(self.end), self.division.currentData())

    def set_filter(self, start: date | None = None, end: date | None = None, division: str | None = "",
                   period: str | None = None) -> None:
        """Change the filter as the officer would (the widgets' signals redraw)."""
        if start:
            self.start.setDate(_qdate(start))
        if end:
            self.end.setDate(_qdate(end))
        if division != "":
            self.division.setCurrentIndex(self.division.findData(division))
        if period:
            self.period.setCurrentIndex(self.period.findData(period))

    def filter_changed(self, *_args) -> None:
        self.stale = set(self.charts)
        self.redraw()

    def only_changed(self, key: str) -> None:
        """A setting only one chart uses (day/week, the items compared) changed: only it is out of date."""
        self.stale.add(key)
        self.redraw()

    def current_key(self) -> str | None:
        index = self.tabs.currentIndex()
        return charts.CHARTS[index] if index < len(charts.CHARTS) else None

    def chart_for(self, key: str, flt: Filter) -> charts.Chart:
        return charts.chart(self.store, key, flt, period=self.period.currentData(),
                                item_ids=self.chosen_items())

    def redraw(self) -> None:
        """Draw the chart on screen if the filter or data changed since it was drawn."""
        key = self.current_key()
        if key is None or key not in self.stale:
            return
        try:
            flt = self.current_filter()
        except StoreError as exc:
            self.ctx.status_message.emit(str(exc))
            return
        self.charts[key].show_chart(self.chart_for(key, flt))
        self.stale.discard(key)

    def refresh(self, tables: set) -> None:
        if tables & TABLES:
            if tables & {"items", "stock_minimums"}:
                self._fill_items()
            self.stale = set(self.charts)
            self.redraw()
        if tables & {"depots", "indicator_values"}:
            self.indicators.reload()

    # --------------------------------------------------------------------------------------- export
    def _ask_path(self, caption: str, name: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, caption, str(Path.home() / name), pattern)
        return Path(path) if path else None

    def export_png(self) -> None:
        key = self.current_key()
        if key is None:
            QMessageBox.information(self, self.tr("导出图片"), self.tr("请先切换到一张统计图"))
            return
        path = self._ask_path(self.tr("导出图片"), f"{self.tab_names[key]}.png", "PNG (*.png)")
        if path:
            self.charts[key].save_png(path)
            self.ctx.status_message.emit(self.tr("已导出 {path}").format(path=path))

    def export_xlsx(self) -> None:
        flt = self.current_filter()
        path = self._ask_path(self.tr("导出数据"), f"统计数据 {flt.start}至{flt.end}.xlsx", "Excel (*.xlsx)")
        if path:
            made, scope = [self.chart_for(key, flt) for key in charts.CHARTS], flt.describe(self.store)
            export_in_background(self.ctx, self, lambda _store, _progress: write_xlsx(path, made, scope),
                                 said=self.tr("已导出 {path}"), refused=self.tr("未导出"))

    def monthly_pdf(self) -> None:
        end = _pydate(self.end)
        month = end.strftime("%Y-%m")
        path = self._ask_path(self.tr("月度统计报告"), f"{month} 月度统计报告.pdf", "PDF (*.pdf)")
        if not path:
            return
        division = self.division.currentData()
        export_in_background(self.ctx, self, lambda store, _progress: write_monthly(store, path, month, division),
                             said=self.tr("已生成 {path}"), refused=self.tr("未生成"))
