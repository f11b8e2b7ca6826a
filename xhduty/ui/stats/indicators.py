"""The plan's key indicators in the window: the table (target, actual with date and source, met or not)
and a form line to enter a new figure; computed indicators say so and take no input.  Entering and
withdrawing a figure go through :func:`xhduty.ui.ops.run_op`; the statistics view reloads the table when
the announced changes touch it."""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.stats import indicators
from xhduty.ui.ops import run_op
from xhduty.ui.tables import read_only_table
from xhduty.ui.qt import (
    QBrush, QColor, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton,
    QStandardItem, QStandardItemModel, QVBoxLayout, QWidget,
)

MET_COLOURS = {True: "#DFF0D8", False: "#F8D7DA", None: "#FFF3CD"}


def _number(value) -> str:
    return "" if value is None else f"{value:g}"


class IndicatorPanel(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        headers = [self.tr("指标"), self.tr("单位"), self.tr("属性"), self.tr("目标"), self.tr("实际值"),
                   self.tr("日期"), self.tr("来源"), self.tr("说明"), self.tr("是否达标")]
        self.model = QStandardItemModel(0, len(headers), self)
        self.model.setHorizontalHeaderLabels(headers)
        self.table = read_only_table(self.model, stretch=7)
        for column in range(7):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeToContents)

        self.indicator = QComboBox()
        self.value = QLineEdit()
        self.value.setPlaceholderText(self.tr("数值"))
        self.value.setMaximumWidth(90)
        self.as_of = QDateEdit()
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("数据来源（文件、部门）"))
        self.enter = QPushButton(self.tr("录入"))
        self.enter.clicked.connect(self.enter_value)
        self.source.returnPressed.connect(self.enter_value)
        self.withdraw = QPushButton(self.tr("撤回所选指标最近一次录入"))
        self.withdraw.clicked.connect(self.withdraw_latest)
        form = QHBoxLayout()
        for label, widget in ((self.tr("指标"), self.indicator), (self.tr("数值"), self.value),
                              (self.tr("截至"), self.as_of), (self.tr("来源"), self.source)):
            form.addWidget(QLabel(label))
            form.addWidget(widget, 1 if widget is self.source else 0)
        form.addWidget(self.enter)
        form.addWidget(self.withdraw)
        basis = QLabel(self.tr("指标及目标取自徐汇区应急管理“十四五”规划（见参考资料）；参考资料未注明约束性或"
                               "预期性的，属性显示为“未注明”。标“本系统计算”的数值由储备库登记自动统计。"))
        basis.setWordWrap(True)
        basis.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(basis)
        layout.addLayout(form)
        self.reload()

    def reload(self) -> None:
        self.rows = indicators.indicator_table(self.store)
        self.model.setRowCount(0)
        for r in self.rows:
            cells = [r["name"], r["unit"], r["kind_name"], r["target"], _number(r["value"]), r["as_of"],
                     r["source"], r["note"] or r["baseline"], r["met_name"]]
            items = [QStandardItem(c) for c in cells]
            items[-1].setBackground(QBrush(QColor(MET_COLOURS[r["met"]])))
            self.model.appendRow(items)
        current = self.indicator.currentData()
        self.indicator.clear()
        for r in self.rows:
            if not r["computed"]:
                self.indicator.addItem(r["name"], r["code"])
        if current:
            self.indicator.setCurrentIndex(max(0, self.indicator.findData(current)))
        today = clock.now().date()
        self.as_of.setDate(today)
        self.as_of.setMaximumDate(today)
        self.table.resizeRowsToContents()

    def enter_value(self) -> None:
        done = run_op(self.ctx, self, indicators.enter_value, self.indicator.currentData(), self.value.text(),
                      self.as_of.date().toString("yyyy-MM-dd"), self.source.text(), refused=self.tr("未录入"))
        if done.ok:
            self.value.clear()

    def withdraw_latest(self) -> None:
        row = self.table.currentIndex().row()
        if row < 0 or self.rows[row]["computed"]:
            QMessageBox.information(self, self.tr("撤回"), self.tr("请先选择一个填报类指标"))
            return
        history = indicators.values(self.store, self.rows[row]["code"])
        if not history:
            QMessageBox.information(self, self.tr("撤回"), self.tr("该指标还没有录入数值"))
            return
        latest = history[0]
        answer = QMessageBox.question(self, self.tr("撤回"), self.tr("撤回 {date} 录入的 {value}（{source}）？").format(
            date=latest["as_of"], value=_number(latest["value"]), source=latest["source"]))
        if answer == QMessageBox.Yes:
            run_op(self.ctx, self, indicators.withdraw_value, latest["id"], refused=self.tr("撤回"))
