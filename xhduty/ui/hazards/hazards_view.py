"""隐患排查治理: the register (隐患台账) with a hazard's detail and photos beside it, the two lists, and trends.

Shortcuts: Ctrl+Shift+H opens the area · Ctrl+F search · F5 reload · Ctrl+Shift+N 登记隐患 · Ctrl+E 更正 ·
Ctrl+Shift+J next workflow step (开始整改 / 整改完成 / 复核销号) · Ctrl+Shift+D 挂牌督办 (区中心) · Ctrl+P 整改通知书 ·
Ctrl+Shift+M monthly statistics PDF · Ctrl+Shift+O / S import / export the 隐患台账 .xlsx · Ctrl+Shift+A attach
to the selected hazard · Alt+1/2/3 the tabs.  Enter on a line: its next step.
"""

from __future__ import annotations

from pathlib import Path

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.hazards import hazards, listing, xlsx_io
from xhduty.ui.hazards.detail import HazardDetail
from xhduty.ui.hazards.hazard_form import HazardDialog, StepDialog
from xhduty.ui.hazards.lists_pane import ListsPane
from xhduty.ui.hazards.model import ID_ROLE, HazardsModel
from xhduty.ui.hazards.trend_charts import TrendPane
from xhduty.ui.pdf_preview import print_in_background
from xhduty.ui.qt import (
    QComboBox, QFileDialog, QHBoxLayout, QInputDialog, QKeySequence, QLabel, QLineEdit, QMessageBox, QPushButton,
    QShortcut, QSplitter, Qt, QTabWidget, QTimer, QVBoxLayout, QWidget, translate,
)
from xhduty.ui.ops import export_in_background, run_op, run_op_in_background
from xhduty.ui.tables import read_only_table

REGISTER = {"hazards", "hazard_steps", "hazard_supervisions"}  # what the register's lines show


def _button(text: str, slot, shortcut: str) -> QPushButton:
    b = QPushButton(text)
    b.clicked.connect(lambda *_: slot())
    b.setShortcut(QKeySequence(shortcut))
    b.setToolTip(shortcut)
    return b


class RegisterPane(QWidget):
    """The register with its filters, and the selected hazard in full on the right."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("地址、描述、责任单位 (Ctrl+F)"))
        self.state = QComboBox()
        self.state.addItem(self.tr("全部状态"), "")
        self.state.addItem(self.tr("未整改完成"), "open")
        self.state.addItem(self.tr("逾期"), "overdue")
        self.state.addItem(self.tr("回潮"), "recur")
        for code, label in hazards.STATES.items():
            self.state.addItem(translate("labels", label), code)
        self.division = QComboBox()
        self.division.addItem(self.tr("全部街镇"), "")
        for code, name in ctx.store.query("SELECT code, name FROM divisions ORDER BY sort"):
            self.division.addItem(name, code)
        self.category = QComboBox()
        self.category.addItem(self.tr("全部类别"), "")
        for c in hazards.CATEGORIES:
            self.category.addItem(c, c)
        self.level = QComboBox()
        self.level.addItem(self.tr("全部等级"), "")
        for lv in hazards.LEVELS:
            self.level.addItem(lv, lv)
        filters = QHBoxLayout()
        filters.addWidget(self.text, 1)
        for w in (self.state, self.division, self.category, self.level):
            filters.addWidget(w)
        self.model = HazardsModel(ctx.store, self)
        self.table = read_only_table(self.model, word_wrap=False)
        for column, width in enumerate((84, 110, 80, 160, 76, 60, 80, 60)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda *_: self.next_step())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_selected())
        self.detail = HazardDetail(ctx, self)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([800, 520])
        actions = QHBoxLayout()
        for text, slot, key in ((self.tr("登记隐患"), self.register, "Ctrl+Shift+N"),
                                (self.tr("更正"), self.edit, "Ctrl+E"),
                                (self.tr("下一步"), self.next_step, "Ctrl+Shift+J"),
                                (self.tr("挂牌督办"), self.supervise, "Ctrl+Shift+D"),
                                (self.tr("整改通知书"), self.print_notice, "Ctrl+P")):
            actions.addWidget(_button(text, slot, key))
        actions.addStretch(1)
        for text, slot, key in ((self.tr("月度统计"), self.monthly_pdf, "Ctrl+Shift+M"),
                                (self.tr("导入台账…"), self.import_xlsx, "Ctrl+Shift+O"),
                                (self.tr("导出台账…"), self.export_xlsx, "Ctrl+Shift+S")):
            actions.addWidget(_button(text, slot, key))
        self.count = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        layout.addWidget(self.count)
        self.timer = QTimer(self, singleShot=True, interval=250)
        self.timer.timeout.connect(self.reload)
        self.text.textChanged.connect(lambda *_: self.timer.start())
        for combo in (self.state, self.division, self.category, self.level):
            combo.currentIndexChanged.connect(lambda *_: self.reload())
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.text.setFocus)
        QShortcut(QKeySequence("F5"), self, activated=self.reload)

    # ------------------------------------------------------------------------------------ list
    def current_filter(self) -> listing.Filter:
        return listing.Filter(self.state.currentData(), self.division.currentData(), self.category.currentData(),
                              self.level.currentData(), self.text.text().strip())

    def reload(self) -> None:
        keep = self.selected_id()
        self.model.set_filter(self.current_filter())
        self.count.setText(self.tr("共 {n} 条；全部逾期未整改 {k} 条；回潮判定：{m} 个月内同一地址同类隐患").format(
            n=self.model.total, k=hazards.overdue_count(self.ctx.store), m=hazards.recur_months(self.ctx.store)))
        self.select(keep)

    def select(self, hazard_id: str | None) -> None:
        """Select ``hazard_id`` if it is listed, else the first line."""
        at = self.model.ids.index(hazard_id) if hazard_id in self.model.ids else 0
        if self.model.rowCount():
            self.table.selectRow(at)
        self.show_selected()

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.data(index, ID_ROLE) if index.isValid() else None

    def show_selected(self) -> None:
        self.detail.show_hazard(self.selected_id())

    def _need_selected(self) -> dict | None:
        if self.detail.hazard is None:
            QMessageBox.information(self, self.tr("隐患"), self.tr("请先在台账中选中一条隐患"))
        return self.detail.hazard

    def _officer(self) -> str:
        return duty.at_keyboard(self.ctx.store)

    # ---------------------------------------------------------------------------------- actions
    def register(self) -> None:
        dialog = HazardDialog(self.ctx, officer=self._officer(), parent=self)
        if dialog.exec():  # the view reloaded with the announced changes
            self.select(dialog.hazard_id)

    def edit(self) -> None:
        hazard = self._need_selected()
        if hazard:
            HazardDialog(self.ctx, hazard, parent=self).exec()

    def next_step(self) -> None:
        hazard = self._need_selected()
        if not hazard:
            return
        if hazard["state"] == "closed":
            QMessageBox.information(self, self.tr("隐患"), self.tr("该隐患已复核销号"))
            return
        StepDialog(self.ctx, hazard, officer=self._officer(), parent=self).exec()

    def supervise(self) -> None:
        hazard = self._need_selected()
        if not hazard:
            return
        lift = hazard["supervised"]
        note, ok = QInputDialog.getText(self, self.tr("摘牌") if lift else self.tr("挂牌督办"),
                                        self.tr("督办要求或说明："))
        if not ok:
            return
        run_op(self.ctx, self, hazards.supervise, hazard["id"],
               self._officer() or self.ctx.store.meta("station_name", ""), note, lift=lift, refused=self.tr("未办理"))

    def print_notice(self) -> None:
        from xhduty.reports import hazard_notice

        hazard = self._need_selected()
        if hazard:
            hid = hazard["id"]
            print_in_background(self, self.ctx.store, self.tr("隐患整改通知书"), f"hazard-notice-{hid}",
                                lambda store, path: hazard_notice.write(store, hid, path))

    def monthly_pdf(self) -> None:
        from xhduty.reports import hazard_monthly

        month = clock.now().date().replace(day=1)
        print_in_background(self, self.ctx.store, self.tr("隐患排查治理月度统计"), f"hazards-{month:%Y-%m}",
                            lambda store, path: hazard_monthly.write(store, month, path))

    def import_xlsx(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("导入隐患台账"), "", self.tr("表格 (*.xlsx *.xls *.et *.ods)"))
        if not name:
            return
        officer = self._officer() or self.ctx.store.meta("station_name", "")

        def done(outcome) -> None:
            if not outcome.ok:  # refused: said by run_op_in_background
                return
            result = outcome.result
            notes = result.skipped + result.warnings
            QMessageBox.information(self, self.tr("导入隐患台账"), self.tr("已导入 {n} 条隐患。").format(
                n=len(result.added)) + ("\n" + "\n".join(notes[:30]) if notes else ""))

        run_op_in_background(self.ctx, self, xlsx_io.import_xlsx, Path(name), officer, refused=self.tr("未导入"),
                             done=done)

    def export_xlsx(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出隐患台账"), "隐患台账.xlsx", "Excel (*.xlsx)")
        if name:
            export_in_background(self.ctx, self, lambda store, _p: xlsx_io.export_xlsx(store, Path(name)),
                                 said=self.tr("隐患台账已导出到 {path}"), refused=self.tr("未导出"))


class View(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.register = RegisterPane(ctx, self)
        self.lists = ListsPane(ctx, self)
        self.trends = TrendPane(ctx, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.register, self.tr("隐患台账"))
        self.tabs.addTab(self.lists, self.tr("两张清单"))
        self.tabs.addTab(self.trends, self.tr("趋势"))
        for i in range(3):
            QShortcut(QKeySequence(f"Alt+{i + 1}"), self, activated=lambda i=i: self.tabs.setCurrentIndex(i))
        self.tabs.currentChanged.connect(lambda *_: self._show_tab())
        QVBoxLayout(self).addWidget(self.tabs)
        self.register.reload()

    def _show_tab(self) -> None:
        if self.tabs.currentWidget() is self.trends:
            self.trends.redraw()

    def activate(self) -> None:
        self.tabs.setCurrentWidget(self.register)
        self.register.table.setFocus()

    def refresh(self, changes: set) -> None:
        """Reload what shows the tables written: the register's lines, else only the selected hazard (its
        photos), the lists, the charts (on screen only)."""
        if changes & REGISTER:
            self.register.reload()
        elif "attachments" in changes:
            self.register.show_selected()
        if "hazard_tasks" in changes:
            self.lists.reload()
        if "hazards" in changes and self.tabs.currentWidget() is self.trends:
            self.trends.redraw()
