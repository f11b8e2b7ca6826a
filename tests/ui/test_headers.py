"""Every table's column headers can be read at 1366×768: in each area and each of its tabs, on a station
with the demo data, no visible column is narrower than its header's own text.  A width set by hand for the
data (a level is two characters) once cut the hazard register's 隐患等级 to "患等纟"."""

from __future__ import annotations

from xhduty.core import demo
from xhduty.ui.context import AppContext
from xhduty.ui.main_window import MainWindow
from xhduty.ui.qt import QAbstractItemView, QApplication, QTableView, QTabWidget, QTreeView, Qt


def _cut_headers(view) -> list[str]:
    cut = []
    for table in view.findChildren(QAbstractItemView):
        if isinstance(table, QTableView):
            header = table.horizontalHeader()
        elif isinstance(table, QTreeView):
            header = table.header()
        else:
            continue                                   # a list has no header
        if not table.isVisible() or header.isHidden() or table.model() is None:
            continue
        model, metrics = table.model(), header.fontMetrics()
        for column in range(model.columnCount()):
            text = model.headerData(column, Qt.Horizontal, Qt.DisplayRole)
            if text and not header.isSectionHidden(column) \
                    and header.sectionSize(column) < metrics.horizontalAdvance(str(text)):
                cut.append(f"{text}（{header.sectionSize(column)} px）")
    return cut


def test_no_column_header_is_cut_in_any_area(qtbot, on_duty):
    demo.load(on_duty)
    window = MainWindow(AppContext(on_duty))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    cut = {}
    for area in window.areas:
        view = window.show_view(area.name)
        tabs = [(tab, i) for tab in view.findChildren(QTabWidget) for i in range(tab.count())]
        for tab, i in [(None, 0), *tabs]:
            if tab is not None:
                tab.setCurrentIndex(i)
            QApplication.processEvents()
            if found := _cut_headers(view):
                cut[f"{area.name} {tab.tabText(i) if tab else ''}".strip()] = found
    assert cut == {}
