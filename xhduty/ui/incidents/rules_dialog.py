"""报告时限规则: the administrator's table of report deadlines, defaults marked 默认.

Every limit is edited in place; 保存 validates the whole table and saves it in one go, or refuses it with
the message of the first wrong cell (level and field named) and saves nothing.  恢复默认 drops the local
setting of the selected rule.
"""

from __future__ import annotations

from xhduty.core import refdata
from xhduty.core.incidents import report_rules
from xhduty.ui.ops import run_op
from xhduty.ui.qt import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel,
    QPushButton, QStandardItem, QStandardItemModel, Qt, QTableView, QVBoxLayout,
)

# (rule field, column title); the first two columns name the rule and are not edited
EDITABLE = (("phone_minutes", "电话首报（分钟）"), ("written_minutes", "书面首报（分钟）"),
            ("followup_times", "每日定时续报"), ("final_hours", "终报（小时）"), ("basis", "依据/说明"))
KEY_ROLE = Qt.UserRole + 1


class RulesDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.setWindowTitle(self.tr("报告时限规则"))
        self.resize(1100, 460)
        self._names = {("level", lv["code"]): lv["name"] for lv in refdata.levels(self.store)}
        self._names.update({("type", t["code"]): t["name"] for t in refdata.event_types(self.store)})

        self.model = QStandardItemModel(0, 3 + len(EDITABLE), self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("范围"), self.tr("级别/事件类型")] + [self.tr(t) for _, t in EDITABLE] + [self.tr("来源")])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2 + len(EDITABLE) - 1, QHeaderView.Stretch)
        for col, width in ((0, 70), (1, 170), (2, 120), (3, 120), (4, 110), (5, 90)):
            self.table.setColumnWidth(col, width)
        for rule in report_rules.rules(self.store):
            self._append(rule.as_dict())

        note = QLabel(self.tr("时限自接报时间起算。标“默认”的是程序自带的参考值，请按本地规定修改；"
                              "事件类型规则只缩短首报时限（如生产安全事故 1 小时）。续报时间写作 08:00,17:00，空表示情况变化时续报。"))
        note.setWordWrap(True)
        add = QPushButton(self.tr("新增事件类型规则…"))
        add.clicked.connect(self.add_type_rule)
        reset = QPushButton(self.tr("恢复默认"))
        reset.clicked.connect(self.reset_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText(self.tr("保存 (Ctrl+S)"))
        buttons.button(QDialogButtonBox.Save).setShortcut("Ctrl+S")
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消 (Esc)"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(add)
        bar.addWidget(reset)
        bar.addStretch(1)
        bar.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)

    def _append(self, rule: dict) -> None:
        self.model.appendRow(self._items(rule))

    def _items(self, rule: dict) -> list[QStandardItem]:
        scope_item = QStandardItem(self.tr("级别") if rule["scope"] == "level" else self.tr("事件类型"))
        scope_item.setData((rule["scope"], rule["key"]), KEY_ROLE)
        name_item = QStandardItem(self._names.get((rule["scope"], rule["key"]), rule["key"]))
        cells = [QStandardItem("" if rule[f] is None else str(rule[f])) for f, _ in EDITABLE]
        source = QStandardItem(self.tr("默认") if rule["is_default"] else self.tr("本地设置"))
        for item in (scope_item, name_item, source):
            item.setEditable(False)
        return [scope_item, name_item, *cells, source]

    def rows(self) -> list[dict]:
        out = []
        for r in range(self.model.rowCount()):
            scope, key = self.model.item(r, 0).data(KEY_ROLE)
            row = {"scope": scope, "key": key}
            for c, (name, _) in enumerate(EDITABLE, start=2):
                row[name] = self.model.item(r, c).text().strip()
            out.append(row)
        return out

    def add_type_rule(self) -> None:
        taken = {self.model.item(r, 0).data(KEY_ROLE) for r in range(self.model.rowCount())}
        choices = [(t["code"], t["name"]) for t in refdata.event_types(self.store) if ("type", t["code"]) not in taken]
        name, ok = QInputDialog.getItem(self, self.tr("新增事件类型规则"), self.tr("事件类型："),
                                        [n for _, n in choices], 0, False)
        if ok:
            code = next(c for c, n in choices if n == name)
            self._append({"scope": "type", "key": code, "phone_minutes": None, "written_minutes": None,
                          "followup_times": "", "final_hours": None, "basis": "", "is_default": False})
            self.table.selectRow(self.model.rowCount() - 1)

    def reset_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        scope, key = self.model.item(index.row(), 0).data(KEY_ROLE)
        if not run_op(self.ctx, self, report_rules.reset_rule, scope, key).ok:
            return
        default = report_rules.default_rule(self.store, scope, key)
        self.model.removeRow(index.row())
        if default:
            self.model.insertRow(index.row(), self._items(default.as_dict()))

    def save(self) -> None:
        if run_op(self.ctx, self, report_rules.save_rules, self.rows()).ok:
            self.accept()
