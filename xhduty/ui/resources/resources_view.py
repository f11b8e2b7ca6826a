"""应急资源: the inventory (lots on hand, what needs action highlighted), what is available near a division or
an incident with dispatch, and the registers (depots, items, teams, experts, vehicles and equipment,
shelters).

Shortcuts: F5 reload · Ctrl+F search · Ctrl+Shift+R 入库 · Ctrl+Shift+I 出库 · Ctrl+Shift+T 调拨 ·
Ctrl+Shift+K 盘点 · Ctrl+Shift+G 归还 · Ctrl+Shift+W 报废 · Ctrl+Shift+M 最低库存 · Ctrl+Shift+O / S
import / export .xlsx · Ctrl+P print the list · Enter on a line: its stock card (inventory) or its form
(registers) · Ctrl+Shift+N new record · Del delete record.  (Ctrl+N stays the main window's "write a log
entry".)  Buttons name their shortcuts in a tooltip.
"""

from __future__ import annotations

from pathlib import Path

from xhduty.core.resources import assets
from xhduty.core.resources import xlsx_io
from xhduty.core.resources import resources
from xhduty.core.resources import stock
from xhduty.reports.inventory import status_text
from xhduty.ui.flow_layout import FlowLayout
from xhduty.ui.pdf_preview import print_in_background
from xhduty.ui.qt import (
    QCheckBox, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog,
    QKeySequence, QLabel, QLineEdit, QMessageBox, QShortcut, QTabWidget, QTimer,
    QVBoxLayout, QWidget, QT_TRANSLATE_NOOP, translate,
)
from xhduty.ui.resources.available import AvailablePane
from xhduty.ui.resources.dialogs import MovementDialog, RecordDialog, StockCardDialog
from xhduty.ui.resources.models import EXPIRED, EXPIRING, LOW, amount, inventory_paint, register_columns
from xhduty.ui.tables import ONE_BY_ONE, Column, RowsModel, field, read_only_table
from xhduty.ui.resources.widgets import button, class_combo, division_combo, selected, swatch
from xhduty.ui.import_preview import ImportPreviewDialog
from xhduty.ui.ops import export_in_background, run_op, run_op_in_background

STOCK_TABLES = {"stock_movements", "stock_minimums", "depots", "items"}



INVENTORY_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("labels", "街镇"), field("division_name")),
    Column(QT_TRANSLATE_NOOP("labels", "储备库"), field("depot_name")),
    Column(QT_TRANSLATE_NOOP("labels", "物资"), field("item_name")),
    Column(QT_TRANSLATE_NOOP("labels", "分类代码"), field("class_code")),
    Column(QT_TRANSLATE_NOOP("labels", "规格"), field("spec")),
    Column(QT_TRANSLATE_NOOP("labels", "单位"), field("unit")),
    Column(QT_TRANSLATE_NOOP("labels", "批次"), field("lot")),
    Column(QT_TRANSLATE_NOOP("labels", "有效期至"), field("expires")),
    amount(QT_TRANSLATE_NOOP("labels", "数量"), "qty"),
    amount(QT_TRANSLATE_NOOP("labels", "本库合计"), "total"),
    Column(QT_TRANSLATE_NOOP("labels", "最低库存"), lambda r: r["minimum"] or "", numeric=True),
    Column(QT_TRANSLATE_NOOP("labels", "状态"), status_text),
]


def _needs_action(line: dict) -> bool:
    return line["expired"] or line["low"] or line["expiring"] or line["negative"]


def _lot_key(row: dict) -> tuple:
    """An inventory line is one lot of one item in one depot."""
    return row["depot_id"], row["item_id"], row["lot"]


class InventoryPane(QWidget):
    """Every lot on hand; low, expiring and expired lines coloured, a negative amount in red."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        store = ctx.store
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("物资或储备库名称 (Ctrl+F)"))
        self.division = division_combo(store, blank=self.tr("全部街镇"))
        self.cls = class_combo(store)
        self.action_only = QCheckBox(self.tr("只看需处理"))
        filters = QHBoxLayout()
        filters.addWidget(self.text, 1)
        for w in (self.division, self.cls, self.action_only):
            filters.addWidget(w)
        for colour, text in ((LOW, self.tr("低于最低库存")), (EXPIRING, self.tr("临期")), (EXPIRED, self.tr("已过期"))):
            filters.addWidget(swatch(colour, text))
        negative = QLabel(self.tr("负数＝账面透支"))
        negative.setStyleSheet("color: #C62828;")
        filters.addWidget(negative)
        self.model = RowsModel(INVENTORY_COLUMNS, key=_lot_key, paint=inventory_paint, parent=self)
        self.table = read_only_table(self.model)
        widths = (80, 180, 150, 70, 100, 40, 70, 86, 64, 70, 64)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda *_: self.show_card())
        actions = FlowLayout()   # wraps on a narrow (scaled) screen
        for text, kind, shortcut in ((self.tr("入库"), "receive", "Ctrl+Shift+R"), (self.tr("出库"), "issue", "Ctrl+Shift+I"),
                                     (self.tr("调拨"), "transfer", "Ctrl+Shift+T"), (self.tr("盘点"), "count", "Ctrl+Shift+K"),
                                     (self.tr("归还"), "return", "Ctrl+Shift+G"),
                                     (self.tr("报废"), "writeoff", "Ctrl+Shift+W")):
            actions.addWidget(button(text, lambda kind=kind: self.book(kind), shortcut))
        actions.addWidget(button(self.tr("库存卡"), self.show_card, "Ctrl+Shift+C"))
        actions.addWidget(button(self.tr("最低库存…"), self.set_minimum, "Ctrl+Shift+M"))
        actions.addWidget(button(self.tr("打印清单…"), self.print_list, "Ctrl+P"))
        actions.addWidget(button(self.tr("导入表格…"), self.import_xlsx, "Ctrl+Shift+O"))
        actions.addWidget(button(self.tr("导出 .xlsx…"), self.export_xlsx, "Ctrl+Shift+S"))
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.timer = QTimer(self, singleShot=True, interval=250)
        self.timer.timeout.connect(self.reload)
        self.text.textChanged.connect(lambda *_: self.timer.start())
        for combo in (self.division, self.cls):
            combo.currentIndexChanged.connect(lambda *_: self.reload())
        self.action_only.toggled.connect(lambda *_: self.reload())
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.text.setFocus)
        self.reload()

    def reload(self) -> None:
        rows = stock.inventory(self.ctx.store, self.text.text(), self.division.currentData(), self.cls.currentData())
        need = rows.needing_action()
        shown = need if self.action_only.isChecked() else rows
        self.model.set_rows(shown, keys=shown.keys())
        self._need = len(need)
        self._count()

    def refresh(self, changes) -> None:
        """After a booking or a new minimum, read again only the lines of the depot/item pairs written; a
        changed register, an import or a sync reads the inventory again."""
        if not changes & STOCK_TABLES:
            return
        moved, minimums = changes.ids("stock_movements"), changes.ids("stock_minimums")
        known = changes & STOCK_TABLES <= {"stock_movements", "stock_minimums"} \
            and ("stock_movements" in changes.rows or "stock_minimums" in changes.rows)
        if not known or len(moved) + len(minimums) > ONE_BY_ONE or self.action_only.isChecked():
            self.reload()
            return
        for depot_id, item_id in resources.lines_written(self.ctx.store, moved, minimums):
            if not self._reread(depot_id, item_id):
                self.reload()
                return
        self._count()

    def _reread(self, depot_id: str, item_id: str) -> bool:
        """Put the lines of one depot/item pair in place of those shown; False when the pair had no line
        shown, so where a new one goes is not known (the list is then read again)."""
        lines = list(stock.inventory(self.ctx.store, self.text.text(), self.division.currentData(),
                                     self.cls.currentData(), depot_id=depot_id, item_id=item_id))
        shown = sorted((key for key in self.model.keys() if key[:2] == (depot_id, item_id)), key=self.model.row_of)
        if not shown:
            return not lines
        self._need += sum(map(_needs_action, lines)) - sum(_needs_action(self.model.row(self.model.row_of(key)))
                                                           for key in shown)
        if [_lot_key(line) for line in lines] == shown:   # the same lots: each changed in place
            for line in lines:
                self.model.upsert(line)
            return True
        at = self.model.row_of(shown[0])                  # lots came or went: the pair's lines replaced
        for key in shown:
            self.model.remove(key)
        for offset, line in enumerate(lines):
            self.model.insert(at + offset, line)
        return True

    def _count(self) -> None:
        self.count_label.setText(self.tr("共 {n} 行，需处理 {k} 行（临期：{d} 天内到期）").format(
            n=self.model.rowCount(), k=self._need, d=stock.expiry_days(self.ctx.store)))

    def book(self, kind: str) -> None:
        row = selected(self.table) or {}
        dialog = MovementDialog(self.ctx, kind, row.get("depot_id"), row.get("item_id"),
                                row.get("lot") if kind not in ("receive",) else None, parent=self)
        dialog.exec()

    def show_card(self) -> None:
        row = selected(self.table)
        if row:
            StockCardDialog(self.ctx, row["item_id"], row["depot_id"], self).exec()

    def set_minimum(self) -> None:
        row = selected(self.table)
        if not row:
            QMessageBox.information(self, self.tr("最低库存"), self.tr("请先选中一行库存"))
            return
        value, ok = QInputDialog.getInt(self, self.tr("最低库存"), self.tr("{depot}「{item}」的最低库存（{unit}）：").format(
            depot=row["depot_name"], item=row["item_name"], unit=row["unit"]), row["minimum"], 0, 1_000_000_000)
        if ok:
            run_op(self.ctx, self, resources.set_minimum, row["depot_id"], row["item_id"], value)

    def print_list(self) -> None:
        from xhduty.reports.inventory import write_inventory

        rows = self.model.rows
        scope = "，".join(x for x in (self.division.currentText() if self.division.currentData() else "",
                                       self.cls.currentText() if self.cls.currentData() else "",
                                       self.text.text().strip(), self.tr("只看需处理") if self.action_only.isChecked()
                                       else "") if x) or self.tr("全部")
        print_in_background(self, self.ctx.store, self.tr("应急物资库存清单"), "库存清单",
                            lambda store, path: write_inventory(store, path, rows, scope=scope))

    def import_xlsx(self) -> None:
        path = ImportPreviewDialog.choose_file(self, self.tr("导入应急资源"))
        if path:
            ImportPreviewDialog.preview_then_import(self, self.ctx.store,
                                                    lambda store: xlsx_io.preview(store, path),
                                                    lambda: self.start_import(path))

    def start_import(self, path: Path):
        self.ctx.status_message.emit(self.tr("正在导入 {name}……").format(name=path.name))

        def done(outcome):
            if outcome.ok:
                self.ctx.status_message.emit(self.tr("已导入 {n} 行").format(n=sum(outcome.result.values())))

        run_op_in_background(self.ctx, self, xlsx_io.import_xlsx, path, refused=self.tr("未导入"), done=done)

    def export_xlsx(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出应急资源"), "应急资源.xlsx", "Excel (*.xlsx)")
        if path:
            export_in_background(self.ctx, self, lambda store, report: xlsx_io.export_xlsx(store, Path(path), report),
                                 said=self.tr("已导出到 {path}"), refused=self.tr("未导出"))


class RegisterPane(QWidget):
    """One register (depots, items, teams …): search, add, edit, delete."""

    def __init__(self, ctx, kind_name: str, parent=None):
        super().__init__(parent)
        self.ctx, self.kind_name = ctx, kind_name
        rk = assets.kind(kind_name)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("查找{what}").format(what=translate("labels", rk.label)))
        self.division = division_combo(ctx.store, blank=self.tr("全部街镇"))
        self.cls = class_combo(ctx.store)
        bar = QHBoxLayout()
        bar.addWidget(self.text, 1)
        if any(f.kind == "division" for f in rk.fields):
            bar.addWidget(self.division)
        if kind_name == "items":
            bar.addWidget(self.cls)
        bar.addWidget(button(self.tr("新增"), self.add, "Ctrl+Shift+N"))
        bar.addWidget(button(self.tr("编辑"), self.edit))
        bar.addWidget(button(self.tr("删除"), self.delete, "Del"))
        self.model = RowsModel(register_columns(kind_name), order=assets.record_order, parent=self)
        self.table = read_only_table(self.model)
        self.table.activated.connect(lambda *_: self.edit())
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.text.textChanged.connect(lambda *_: self.reload())
        for combo in (self.division, self.cls):
            combo.currentIndexChanged.connect(lambda *_: self.reload())
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(assets.records(self.ctx.store, self.kind_name, self.text.text(),
                                           self.division.currentData(), self.cls.currentData()))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)

    def refresh(self, changes) -> None:
        """After records of this register are written, read again only those (a sync: the whole list)."""
        ids = changes.ids(self.kind_name)
        if self.kind_name not in changes.rows or len(ids) > ONE_BY_ONE:
            self.reload()
            return
        shown = {r["id"]: r for r in assets.records(self.ctx.store, self.kind_name, self.text.text(),
                                                    self.division.currentData(), self.cls.currentData(), ids=ids)}
        for record_id in ids:
            if record_id in shown:
                self.model.upsert(shown[record_id])
            else:                   # deleted, or no longer what the filter asks for
                self.model.remove(record_id)

    def add(self) -> None:
        RecordDialog(self.ctx, self.kind_name, parent=self).exec()

    def edit(self) -> None:
        row = selected(self.table)
        if row:
            RecordDialog(self.ctx, self.kind_name, row, self).exec()

    def delete(self) -> None:
        row = selected(self.table)
        if row and QMessageBox.question(self, self.tr("删除"), self.tr("删除「{n}」？").format(n=row["name"])) \
                == QMessageBox.Yes:
            run_op(self.ctx, self, assets.remove, self.kind_name, row["id"], refused=self.tr("未删除"))


class View(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.inventory = InventoryPane(ctx)
        self.tabs.addTab(self.inventory, self.tr("库存"))
        self.available = None   # built when first shown: it reads every register
        self.tabs.addTab(QWidget(), self.tr("就近可用"))
        self.registers = {}
        for name, rk in assets.KINDS.items():
            self.registers[name] = None
            self.tabs.addTab(QWidget(), translate("labels", rk.label))
        self.tabs.currentChanged.connect(self._build_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        QShortcut(QKeySequence("F5"), self, activated=self.reload)

    def _build_tab(self, at: int) -> None:
        if at == 1 and self.available is None:
            self.available = AvailablePane(self.ctx)
            self._replace(at, self.available)
        elif at >= 2:
            name = list(assets.KINDS)[at - 2]
            if self.registers[name] is None:
                self.registers[name] = RegisterPane(self.ctx, name)
                self._replace(at, self.registers[name])

    def _replace(self, at: int, widget: QWidget) -> None:
        label = self.tabs.tabText(at)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(at)
        self.tabs.insertTab(at, widget, label)
        self.tabs.setCurrentIndex(at)
        self.tabs.blockSignals(False)

    def reload(self) -> None:
        """F5: read every list of the area again."""
        self.inventory.reload()
        if self.available:
            self.available.reload()
        for pane in self.registers.values():
            if pane:
                pane.reload()

    def show_tab(self, name: str) -> QWidget:
        """Open a tab by name ('inventory', 'available' or a register) and return its pane."""
        at = 0 if name == "inventory" else 1 if name == "available" else 2 + list(assets.KINDS).index(name)
        self.tabs.setCurrentIndex(at)
        self._build_tab(at)
        return self.tabs.widget(at)

    def refresh(self, changes) -> None:
        self.inventory.refresh(changes)
        if self.available:
            self.available.refresh(changes)
        for name, pane in self.registers.items():
            if pane and name in changes:
                pane.refresh(changes)
