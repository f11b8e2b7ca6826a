"""应急资源: the inventory (lots on hand, what needs action highlighted), what is available near a division or
an incident with dispatch, and the registers (depots, items, teams, experts, vehicles and equipment,
shelters).

Shortcuts: F5 refresh · Ctrl+F search · Ctrl+Shift+R 入库 · Ctrl+Shift+I 出库 · Ctrl+Shift+T 调拨 ·
Ctrl+Shift+K 盘点 · Enter on a line: its stock card · Ctrl+N new record · Del delete record.
"""

from __future__ import annotations

from pathlib import Path

from xhduty.core import assets, inventory_xlsx, resources, stock
from xhduty.core.store import StoreError
from xhduty.reports.inventory import status_text
from xhduty.ui.contacts_print import print_in_background
from xhduty.ui.qt import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QKeySequence, QLabel, QLineEdit, QMessageBox, QPushButton, QShortcut, Qt, QTableView, QTabWidget, QTimer,
    QVBoxLayout, QWidget, translate,
)
from xhduty.ui.resources_dialogs import (
    MovementDialog, RecordDialog, StockCardDialog, division_combo, open_incidents, select_data,
)
from xhduty.ui.resources_models import (
    EXPIRED, EXPIRING, LOW, ROW_ROLE, Column, RowsModel, inventory_paint, key, register_columns,
)
from xhduty.ui.tasks import run_task

ORDER = 50
STOCK_TABLES = {"stock_movements", "stock_minimums", "depots", "items"}


def title() -> str:
    return translate("views", "应急资源")


def table_view(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def selected(view: QTableView) -> dict | None:
    index = view.currentIndex()
    return view.model().data(index, ROW_ROLE) if index.isValid() else None


def button(text: str, slot, shortcut: str | None = None) -> QPushButton:
    b = QPushButton(f"{text} ({shortcut})" if shortcut else text)
    b.clicked.connect(lambda *_: slot())
    if shortcut:
        b.setShortcut(QKeySequence(shortcut))
    return b


def class_combo(store) -> QComboBox:
    """The GB/T 38565 classes to narrow items by (an item's code starts with its class digit)."""
    combo = QComboBox()
    combo.addItem(translate("views", "全部分类"), "")
    for code, name in store.query("SELECT code, name FROM supply_classes ORDER BY code"):
        combo.addItem(f"{code} {name}", code)
    return combo


def swatch(colour, text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"background: {colour.name()}; padding: 2px 6px; border: 1px solid #ccc;")
    return label


INVENTORY_COLUMNS = [
    Column("街镇", key("division_name")), Column("储备库", key("depot_name")), Column("物资", key("item_name")),
    Column("分类代码", key("class_code")), Column("规格", key("spec")), Column("单位", key("unit")),
    Column("批次", key("lot")), Column("有效期至", key("expires")), Column("数量", key("qty"), numeric=True),
    Column("本库合计", key("total"), numeric=True), Column("最低库存", lambda r: r["minimum"] or "", numeric=True),
    Column("状态", status_text),
]


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
        self.model = RowsModel(INVENTORY_COLUMNS, paint=inventory_paint, red_if_negative="qty", parent=self)
        self.table = table_view(self.model)
        widths = (80, 180, 150, 70, 100, 40, 70, 86, 64, 70, 64)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda *_: self.show_card())
        actions = QHBoxLayout()
        for text, kind, shortcut in ((self.tr("入库"), "receive", "Ctrl+Shift+R"), (self.tr("出库"), "issue", "Ctrl+Shift+I"),
                                     (self.tr("调拨"), "transfer", "Ctrl+Shift+T"), (self.tr("盘点"), "count", "Ctrl+Shift+K"),
                                     (self.tr("归还"), "return", None), (self.tr("报废"), "writeoff", None)):
            actions.addWidget(button(text, lambda kind=kind: self.book(kind), shortcut))
        actions.addWidget(button(self.tr("库存卡"), self.show_card, "Ctrl+Shift+C"))
        actions.addWidget(button(self.tr("最低库存…"), self.set_minimum))
        actions.addStretch(1)
        actions.addWidget(button(self.tr("打印清单…"), self.print_list, "Ctrl+P"))
        actions.addWidget(button(self.tr("导入 .xlsx…"), self.import_xlsx))
        actions.addWidget(button(self.tr("导出 .xlsx…"), self.export_xlsx))
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
        self.model.set_rows(need if self.action_only.isChecked() else rows)
        self.count_label.setText(self.tr("共 {n} 行，需处理 {k} 行（临期：{d} 天内到期）").format(
            n=len(rows), k=len(need), d=stock.expiry_days(self.ctx.store)))

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
        from xhduty.ui.qt import QInputDialog

        row = selected(self.table)
        if not row:
            QMessageBox.information(self, self.tr("最低库存"), self.tr("请先选中一行库存"))
            return
        value, ok = QInputDialog.getInt(self, self.tr("最低库存"), self.tr("{depot}「{item}」的最低库存（{unit}）：").format(
            depot=row["depot_name"], item=row["item_name"], unit=row["unit"]), row["minimum"], 0, 1_000_000_000)
        if ok:
            with self.ctx.store.write() as tx:
                stock.set_minimum(tx, row["depot_id"], row["item_id"], value)
            self.ctx.changed({"stock_minimums"})

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
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入应急资源"), "", "Excel (*.xlsx)")
        if path:
            self.start_import(Path(path))

    def start_import(self, path: Path):
        def done(counts):
            self.ctx.changed(set(assets.KINDS) | STOCK_TABLES)
            self.ctx.status_message.emit(self.tr("已导入 {n} 行").format(n=sum(counts.values())))

        return run_task(self.ctx.store, lambda store, report: inventory_xlsx.import_xlsx(store, path, report),
                        done=done, failed=lambda message: QMessageBox.warning(self, self.tr("未导入"), message))

    def export_xlsx(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出应急资源"), "应急资源.xlsx", "Excel (*.xlsx)")
        if path:
            run_task(self.ctx.store, lambda store, report: inventory_xlsx.export_xlsx(store, Path(path), report),
                     done=lambda p: self.ctx.status_message.emit(self.tr("已导出到 {p}").format(p=p)),
                     failed=lambda message: QMessageBox.warning(self, self.tr("未导出"), message))


NEAR_ITEMS = [Column("远近", key("proximity")), Column("街镇", key("division_name")), Column("储备库", key("depot_name")),
              Column("物资", key("item_name")), Column("规格", key("spec")), Column("可用", key("qty"), numeric=True),
              Column("单位", key("unit"))]
NEAR_TEAMS = [Column("远近", key("proximity")), Column("街镇", key("division_name")), Column("队伍", key("name")),
              Column("类型", key("type")), Column("人数", key("size"), numeric=True), Column("状态", key("readiness")),
              Column("负责人", key("leader")), Column("电话", key("phone")), Column("专长", key("capabilities"))]
NEAR_SHELTERS = [Column("远近", key("proximity")), Column("街镇", key("division_name")), Column("避难场所", key("name")),
                 Column("类别", key("class")), Column("可再安置", key("free"), numeric=True),
                 Column("容纳", key("capacity"), numeric=True), Column("地址", key("address")),
                 Column("联系人", lambda r: f"{r['contact']} {r['phone']}".strip())]


def proximity_paint(row: dict):
    from xhduty.ui.qt import QColor

    return (QColor("#E3F2FD"), QColor("#F1F8E9"), None)[row["rank"]]


class AvailablePane(QWidget):
    """就近可用: resources in the incident's (or a chosen) division first, then its neighbours, then the rest."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.incident = QComboBox()
        self.division = division_combo(ctx.store)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("只看名称含…（如 沙袋 水泵）"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("事件")))
        bar.addWidget(self.incident, 2)
        bar.addWidget(QLabel(self.tr("街镇")))
        bar.addWidget(self.division)
        bar.addWidget(self.text, 1)
        bar.addWidget(button(self.tr("调派物资…"), self.dispatch_stock, "Ctrl+Shift+D"))
        bar.addWidget(button(self.tr("调派队伍"), self.dispatch_team, "Ctrl+Shift+E"))
        self.neighbours = QLabel()
        self.models, self.tables = {}, {}
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.neighbours)
        grid = QGridLayout()
        for at, (name, label, columns) in enumerate((("items", self.tr("物资"), NEAR_ITEMS),
                                                     ("teams", self.tr("队伍"), NEAR_TEAMS),
                                                     ("shelters", self.tr("避难场所"), NEAR_SHELTERS))):
            self.models[name] = RowsModel(columns, paint=proximity_paint, parent=self)
            self.tables[name] = table_view(self.models[name])
            box = QGroupBox(label)
            QVBoxLayout(box).addWidget(self.tables[name])
            grid.addWidget(box, 0 if at == 0 else 1, 0 if at < 2 else 1, 1, 2 if at == 0 else 1)
        layout.addLayout(grid, 1)
        self.fill_incidents()
        self.incident.currentIndexChanged.connect(self._incident_chosen)
        self.division.currentIndexChanged.connect(lambda *_: self.reload())
        self.timer = QTimer(self, singleShot=True, interval=250)
        self.timer.timeout.connect(self.reload)
        self.text.textChanged.connect(lambda *_: self.timer.start())
        self._incident_chosen()

    def fill_incidents(self) -> None:
        current = self.incident.currentData()
        self.incident.blockSignals(True)
        self.incident.clear()
        self.incident.addItem(self.tr("（不针对事件，按街镇查找）"), None)
        for iid, name in open_incidents(self.ctx.store):
            self.incident.addItem(name, iid)
        select_data(self.incident, current)
        self.incident.blockSignals(False)

    def choose_incident(self, incident_id: str) -> None:
        select_data(self.incident, incident_id)

    def _incident_chosen(self, *_):
        incident_id = self.incident.currentData()
        if incident_id:
            division = resources.incident(self.ctx.store, incident_id).get("division")
            if division:
                select_data(self.division, division)
        self.reload()

    def reload(self) -> None:
        division = self.division.currentData()
        found = resources.available(self.ctx.store, division, self.text.text())
        for name, rows in found.items():
            self.models[name].set_rows(rows)
            self.tables[name].resizeColumnsToContents()
        names = dict(self.ctx.store.query("SELECT code, name FROM divisions"))
        near = "、".join(names[n] for n in resources.neighbours(self.ctx.store, division)) or self.tr("（未设置）")
        self.neighbours.setText(self.tr("先列 {d}（蓝），再列相邻街镇 {n}（绿），最后是其他街镇。相邻关系可用 "
                                        "xhduty resources neighbours 修改。").format(d=names[division], n=near))

    def _need_incident(self) -> str | None:
        incident_id = self.incident.currentData()
        if not incident_id:
            QMessageBox.information(self, self.tr("调派"), self.tr("请先在上方选择事件：调派记入事件时间线和值班日志。"))
        return incident_id

    def dispatch_stock(self) -> None:
        incident_id = self._need_incident()
        row = selected(self.tables["items"]) or {}
        if incident_id:
            MovementDialog(self.ctx, "issue", row.get("depot_id"), row.get("item_id"), incident_id=incident_id,
                           parent=self).exec()

    def dispatch_team(self) -> None:
        incident_id = self._need_incident()
        team = selected(self.tables["teams"])
        if not incident_id:
            return
        if not team:
            QMessageBox.information(self, self.tr("调派队伍"), self.tr("请先在队伍列表中选中一支队伍。"))
            return
        if QMessageBox.question(self, self.tr("调派队伍"), self.tr("调派「{t}」赶赴「{i}」？").format(
                t=team["name"], i=self.incident.currentText())) != QMessageBox.Yes:
            return
        try:
            _, changed = resources.dispatch_team(self.ctx.store, incident_id, team["id"],
                                                 person=resources.on_duty_name(self.ctx.store))
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("未调派"), str(exc))
            return
        self.ctx.changed({t for t, _ in changed})


class RegisterPane(QWidget):
    """One register (depots, items, teams …): search, add, edit, delete."""

    def __init__(self, ctx, kind_name: str, parent=None):
        super().__init__(parent)
        self.ctx, self.kind_name = ctx, kind_name
        rk = assets.kind(kind_name)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("查找{what}").format(what=rk.label))
        self.division = division_combo(ctx.store, blank=self.tr("全部街镇"))
        self.cls = class_combo(ctx.store)
        bar = QHBoxLayout()
        bar.addWidget(self.text, 1)
        if any(f.kind == "division" for f in rk.fields):
            bar.addWidget(self.division)
        if kind_name == "items":
            bar.addWidget(self.cls)
        bar.addWidget(button(self.tr("新增"), self.add, "Ctrl+N"))
        bar.addWidget(button(self.tr("编辑"), self.edit))
        bar.addWidget(button(self.tr("删除"), self.delete, "Del"))
        self.model = RowsModel(register_columns(kind_name), parent=self)
        self.table = table_view(self.model)
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
            assets.remove(self.ctx.store, self.kind_name, row["id"])
            self.ctx.changed({self.kind_name})


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
            self.tabs.addTab(QWidget(), self.tr(rk.label))
        self.tabs.currentChanged.connect(self._build_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

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

    def show_tab(self, name: str) -> QWidget:
        """Open a tab by name ('inventory', 'available' or a register) and return its pane."""
        at = 0 if name == "inventory" else 1 if name == "available" else 2 + list(assets.KINDS).index(name)
        self.tabs.setCurrentIndex(at)
        self._build_tab(at)
        return self.tabs.widget(at)

    def refresh(self, tables: set) -> None:
        if tables & STOCK_TABLES:
            self.inventory.reload()
        if self.available and tables & (STOCK_TABLES | {"teams", "shelters", "incidents"}):
            if "incidents" in tables:
                self.available.fill_incidents()
            self.available.reload()
        for name, pane in self.registers.items():
            if pane and name in tables:
                pane.reload()
