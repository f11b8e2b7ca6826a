"""The statistics area through its widgets: each chart drawn from the core's numbers, the filter changed
as an officer would (dates, division, week), PNG and .xlsx export, and a figure entered for an indicator.

Screenshots (示例数据, 1366×768): /tmp/stats-<chart>.png for every chart and /tmp/stats-indicators.png.
"""

from __future__ import annotations

from datetime import date

import struct

import openpyxl
import pytest

from xhduty.core import clock
from xhduty.core.stats import charts
from xhduty.core.stats import sample_data
from xhduty.core.stats.charts import Filter
from xhduty.ui.app import load_cjk_font
from xhduty.ui.context import AppContext
from xhduty.ui.stats import indicators
from xhduty.ui.qt import QApplication, QFileDialog, Qt
from xhduty.ui.stats.stats_view import View

T0 = clock.parse("2026-06-30T10:00")


@pytest.fixture
def view(qtbot, on_duty):
    load_cjk_font(QApplication.instance())
    with clock.frozen(T0):
        sample_data.generate(on_duty, end=T0, days=120, incidents=600, runs=40, seed=5)
        v = View(AppContext(on_duty))
        v.ctx.data_changed.connect(v.refresh)     # as the main window connects every view
        qtbot.addWidget(v)
        v.resize(1366, 700)
        v.show()
        yield v


def drawn(v: View, key: str) -> charts.Chart:
    v.tabs.setCurrentIndex(charts.CHARTS.index(key))
    return v.charts[key].chart


def test_every_chart_draws_the_core_numbers_for_the_filter(view):
    flt = Filter(date(2026, 6, 1), date(2026, 6, 30))
    assert view.current_filter() == flt   # the last 30 days by default
    for key in charts.CHARTS:
        chart = drawn(view, key)
        expected = charts.chart(view.store, key, flt)
        assert (chart.categories, chart.series) == (expected.categories, expected.series), key
        QApplication.processEvents()
        view.grab().save(f"/tmp/stats-{key}.png")
    assert sum(drawn(view, "by_division").series["事件数"]) > 0


def test_changing_the_filter_redraws_the_chart_on_screen(view):
    assert len(drawn(view, "by_division").categories) >= 13
    view.set_filter(division="longhua")
    chart = view.charts["by_division"].chart
    assert chart.categories == ["龙华街道"]
    assert chart.series == charts.incidents_by_division(view.store, Filter(date(2026, 6, 1), date(2026, 6, 30),
                                                                             "longhua")).series
    drawn(view, "over_time")
    view.set_filter(start=date(2026, 5, 4), division=None, period="week")
    weekly = view.charts["over_time"].chart
    assert weekly.categories[0] == "2026-05-04" and len(weekly.categories) == 9   # Mondays 4 May … 29 June
    assert sum(map(sum, weekly.series.values())) == charts.summary(
        view.store, Filter(date(2026, 5, 4), date(2026, 6, 30)))[0][1]
    view.tabs.setCurrentIndex(charts.CHARTS.index("stock"))
    first = view.items.item(0)
    before = len(view.charts["stock"].chart.categories)
    first.setCheckState(Qt.Unchecked)
    assert len(view.charts["stock"].chart.categories) == before - 1


def test_export_png_and_xlsx(view, qtbot, tmp_path, monkeypatch):
    target = {}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target["path"]), ""))
    drawn(view, "on_time")
    target["path"] = tmp_path / "chart.png"
    view.export_png()
    head = target["path"].read_bytes()[:24]
    width, height = struct.unpack(">II", head[16:24])   # the PNG's IHDR
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and width > 600 and height > 300
    target["path"] = tmp_path / "numbers.xlsx"
    view.set_filter(division="xujiahui")
    view.export_xlsx()                                       # written on a worker, whole or not at all
    qtbot.waitUntil(target["path"].exists, timeout=20_000)
    book = openpyxl.load_workbook(target["path"])
    assert len(book.sheetnames) == len(charts.CHARTS)
    sheet = book[book.sheetnames[1]]
    assert sheet["A1"].value == "各街镇事件数" and "徐家汇街道" in sheet["A2"].value
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == "徐家汇街道"]
    expected = charts.incidents_by_division(view.store, view.current_filter()).series["事件数"][0]
    assert rows == [("徐家汇街道", expected)]


def test_monthly_report_is_written_off_the_gui_thread(view, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "月度.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    messages = []
    view.ctx.status_message.connect(messages.append)
    view.monthly_pdf()
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
    assert messages == [f"已生成 {target}"] and target.read_bytes()[:5] == b"%PDF-"


def test_enter_an_indicator_figure_in_the_table(view, monkeypatch):
    view.tabs.setCurrentWidget(view.indicators)
    panel = view.indicators
    panel.value.setText("9")
    panel.source.setText("示例数据 区消防救援支队")
    panel.enter_value()
    row = [panel.model.item(0, c).text() for c in range(panel.model.columnCount())]
    assert row[0] == "消防站数量" and row[4] == "9" and row[5] == "2026-06-30" and row[-1] == "未达标"
    assert panel.model.item(1, 6).text() == "本系统计算"
    warned = []
    monkeypatch.setattr(indicators.QMessageBox, "warning", lambda *a: warned.append(a[2]))
    panel.value.setText("九")
    panel.enter_value()
    assert warned and "不是数字" in warned[0]
    QApplication.processEvents()
    view.grab().save("/tmp/stats-indicators.png")


def test_a_monthly_report_that_cannot_be_written_is_refused_in_chinese(view, qtbot, tmp_path, monkeypatch,
                                                                       warnings):
    (tmp_path / "报表").write_text("一个文件，不是文件夹")
    target = tmp_path / "报表" / "月度.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.monthly_pdf()
    qtbot.waitUntil(lambda: bool(warnings), timeout=20_000)
    assert warnings[0].startswith("未生成：") and "月度.pdf" in warnings[0], warnings
    assert not any(word in warnings[0] for word in ("No such file", "Errno", "Traceback")), warnings
