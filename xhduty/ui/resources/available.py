"""就近可用: what is available for an incident or a division — its own division first, then the neighbours,
then the rest — and dispatching stock or a team to the incident (written to its timeline and the log).

:class:`DispatchDialog` is the entry point for other areas (e.g. an incident's window): it opens the pane
with the incident chosen.
"""

from __future__ import annotations

from xhduty.core.resources import resources
from xhduty.ui.forms import creates_once
from xhduty.ui.ops import run_op
from xhduty.ui.qt import (
    QColor, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QMessageBox, Qt, QTimer, QVBoxLayout, QWidget, QT_TRANSLATE_NOOP,
)
from xhduty.ui.resources.dialogs import MovementDialog
from xhduty.ui.tables import ONE_BY_ONE, Column, RowsModel, field, read_only_table
from xhduty.ui.resources.widgets import button, division_combo, select_data, selected


NEAR_ITEMS = [
    Column(QT_TRANSLATE_NOOP("labels", "远近"), field("proximity")),
    Column(QT_TRANSLATE_NOOP("labels", "街镇"), field("division_name")),
    Column(QT_TRANSLATE_NOOP("labels", "储备库"), field("depot_name")),
    Column(QT_TRANSLATE_NOOP("labels", "物资"), field("item_name")),
    Column(QT_TRANSLATE_NOOP("labels", "规格"), field("spec")),
    Column(QT_TRANSLATE_NOOP("labels", "可用"), field("qty"), numeric=True),
    Column(QT_TRANSLATE_NOOP("labels", "单位"), field("unit")),
]
NEAR_TEAMS = [
    Column(QT_TRANSLATE_NOOP("labels", "远近"), field("proximity")),
    Column(QT_TRANSLATE_NOOP("labels", "街镇"), field("division_name")),
    Column(QT_TRANSLATE_NOOP("labels", "队伍"), field("name")),
    Column(QT_TRANSLATE_NOOP("labels", "类型"), field("type")),
    Column(QT_TRANSLATE_NOOP("labels", "人数"), field("size"), numeric=True),
    Column(QT_TRANSLATE_NOOP("labels", "状态"), field("readiness")),
    Column(QT_TRANSLATE_NOOP("labels", "负责人"), field("leader")),
    Column(QT_TRANSLATE_NOOP("labels", "电话"), field("phone")),
    Column(QT_TRANSLATE_NOOP("labels", "专长"), field("capabilities")),
]
NEAR_SHELTERS = [
    Column(QT_TRANSLATE_NOOP("labels", "远近"), field("proximity")),
    Column(QT_TRANSLATE_NOOP("labels", "街镇"), field("division_name")),
    Column(QT_TRANSLATE_NOOP("labels", "避难场所"), field("name")),
    Column(QT_TRANSLATE_NOOP("labels", "类别"), field("class")),
    Column(QT_TRANSLATE_NOOP("labels", "可再安置"), field("free"), numeric=True),
    Column(QT_TRANSLATE_NOOP("labels", "容纳"), field("capacity"), numeric=True),
    Column(QT_TRANSLATE_NOOP("labels", "地址"), field("address")),
    Column(QT_TRANSLATE_NOOP("labels", "联系人"), lambda r: f"{r['contact']} {r['phone']}".strip()),
]


def _pair(row: dict) -> tuple[str, str]:
    """A line of 就近可用 物资 is one item in one depot."""
    return row["depot_id"], row["item_id"]


def proximity_paint(row: dict):
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
        self.neighbours_button = button(self.tr("设置相邻街镇…"), self.edit_neighbours, "Ctrl+Shift+J")
        self.models, self.tables = {}, {}
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        near_row = QHBoxLayout()
        near_row.addWidget(self.neighbours, 1)
        near_row.addWidget(self.neighbours_button)
        layout.addLayout(near_row)
        grid = QGridLayout()
        for at, (name, label, columns) in enumerate((("items", self.tr("物资"), NEAR_ITEMS),
                                                     ("teams", self.tr("队伍"), NEAR_TEAMS),
                                                     ("shelters", self.tr("避难场所"), NEAR_SHELTERS))):
            self.models[name] = RowsModel(columns, key=_pair if name == "items" else "id",
                                          order=resources.available_order, paint=proximity_paint, parent=self)
            self.tables[name] = read_only_table(self.models[name])
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
        for iid, name in resources.open_incidents(self.ctx.store):
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
        self.neighbours.setText(self.tr("先列 {d}（蓝），再列相邻街镇 {n}（绿），最后是其他街镇。").format(
            d=names[division], n=near))

    def edit_neighbours(self) -> None:
        """Set the neighbours of the division shown, in place of the command line."""
        if NeighboursDialog(self.ctx, self.division.currentData(), self).exec():
            self.reload()

    def refresh(self, changes) -> None:
        """After a write, read again only the stock lines, teams and shelters written (a new incident, a
        changed depot or item, a sync or an import: every list)."""
        if "incidents" in changes:
            self.fill_incidents()
        written = changes & {"stock_movements", "stock_minimums", "depots", "items", "teams", "shelters",
                             "incidents"}
        if not written:
            return
        if not written <= {"stock_movements", "stock_minimums", "teams", "shelters"} \
                or not all(t in changes.rows for t in written) \
                or sum(len(changes.ids(t)) for t in written) > ONE_BY_ONE:
            self.reload()
            return
        only = {"items": sorted(resources.lines_written(self.ctx.store, changes.ids("stock_movements"),
                                                        changes.ids("stock_minimums"))),
                "teams": changes.ids("teams"), "shelters": changes.ids("shelters")}
        found = resources.available(self.ctx.store, self.division.currentData(), self.text.text(), only=only)
        for name, keys in only.items():
            model = self.models[name]
            shown = {model.key(row): row for row in found[name]}
            for key in keys:
                if key in shown:
                    model.remove(key)              # its amount may have changed its place
                    model.upsert(shown[key])
                else:
                    model.remove(key)

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

    @creates_once(repeatable=True)
    def dispatch_team(self) -> list | None:
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
        done = run_op(self.ctx, self, resources.dispatch_team, incident_id, team["id"],
                      person=resources.on_duty_name(self.ctx.store), refused=self.tr("未调派"))
        return done.changes if done.ok else None


class NeighboursDialog(QDialog):
    """相邻街镇 of one division, ticked in a list (kept symmetric by core); Enter saves, Esc cancels."""

    def __init__(self, ctx, division: str, parent=None):
        super().__init__(parent)
        self.ctx, self.division = ctx, division
        store = ctx.store
        names = dict(store.query("SELECT code, name FROM divisions"))
        self.setWindowTitle(self.tr("{d} 的相邻街镇").format(d=names[division]))
        near = set(resources.neighbours(store, division))
        self.list = QListWidget()
        for code, name in store.query("SELECT code, name FROM divisions ORDER BY sort"):
            if code != division:
                item = QListWidgetItem(name)
                item.setData(Qt.UserRole, code)
                item.setCheckState(Qt.Checked if code in near else Qt.Unchecked)
                self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("勾选与之相邻的街镇（空格键勾选）：")))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(360, 480)

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.Checked]

    def save(self) -> None:
        if run_op(self.ctx, self, resources.set_neighbours, self.division, self.chosen()).ok:
            self.accept()


class DispatchDialog(QDialog):
    """调派资源 for one incident, as a window of its own."""

    def __init__(self, ctx, incident_id: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("调派资源"))
        self.resize(1240, 700)
        self.pane = AvailablePane(ctx)
        self.pane.choose_incident(incident_id)
        QVBoxLayout(self).addWidget(self.pane)
        ctx.data_changed.connect(self._changed)

    def _changed(self, tables: set) -> None:
        self.pane.refresh(tables)
