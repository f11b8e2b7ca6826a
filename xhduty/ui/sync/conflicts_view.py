"""冲突: fields two stations changed before they met.  Each row shows the value kept by the merge rule and
the other one; 采用另一值 (Ctrl+Enter) writes the other value as a new change, 保留现值 (Delete) marks the
conflict handled.  Ctrl+H shows handled ones too."""

from __future__ import annotations

from xhduty.core import clock
from xhduty.sync import conflicts
from xhduty.ui.qt import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QKeySequence, QLabel,
    QPushButton, QShortcut, Qt, QTableView, QVBoxLayout, QWidget, QT_TRANSLATE_NOOP,
    translate,
)
from xhduty.ui.ops import run_op
from xhduty.ui.tables import Column, RowsModel, field

TABLES = {"conflicts"}


def _when(row: dict) -> str:
    return clock.parse(row["detected_at"]).strftime("%m-%d %H:%M")


def _record(row: dict) -> str:
    return row["record_label"] + (translate("conflicts", "（已删除）") if row["record_deleted"] else "")


def _value(which: str):
    """The kept or the lost value, with the station that wrote it; its tooltip is the bare value."""
    def shown(row: dict) -> str:
        value = row[which]
        return f"{'' if value is None else value}（{row[which + '_by']}）"
    return shown


COLUMNS = [
    Column(QT_TRANSLATE_NOOP("conflicts", "发现时间"), _when),
    Column(QT_TRANSLATE_NOOP("conflicts", "数据"), field("table_label")),
    Column(QT_TRANSLATE_NOOP("conflicts", "记录"), _record),
    Column(QT_TRANSLATE_NOOP("conflicts", "字段"), field("field_label")),
    Column(QT_TRANSLATE_NOOP("conflicts", "现值（按规则保留）"), _value("kept"), tooltip=lambda row: str(row["kept"])),
    Column(QT_TRANSLATE_NOOP("conflicts", "另一值（未采用）"), _value("lost"), tooltip=lambda row: str(row["lost"])),
    Column(QT_TRANSLATE_NOOP("conflicts", "状态"),
           lambda row: translate("conflicts", "已处理") if row["resolved"] else translate("conflicts", "待处理")),
]


class View(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx, self.store = ctx, ctx.store
        self.model = RowsModel(COLUMNS, context="conflicts", parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.apply_button = QPushButton(self.tr("采用另一值 Ctrl+Enter"))
        self.apply_button.clicked.connect(self.apply_other)
        self.keep_button = QPushButton(self.tr("保留现值 Delete"))
        self.keep_button.clicked.connect(self.keep_current)
        self.show_handled = QCheckBox(self.tr("显示已处理 Ctrl+H"))
        self.show_handled.toggled.connect(lambda _: self.reload())
        buttons = QHBoxLayout()
        for w in (self.apply_button, self.keep_button, self.show_handled):
            buttons.addWidget(w)
        buttons.addStretch(1)
        hint = QLabel(self.tr("两个站点在同步前修改了同一字段时，按“后写入者为准”的规则自动合并，所有站点结果一致；"
                              "如果未采用的值才是对的，选中后点“采用另一值”，它将作为一次新的修改同步到各站。"))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        for keys, slot in (("Ctrl+Return", self.apply_other), ("Delete", self.keep_current),
                           ("Ctrl+H", self.show_handled.toggle)):
            # only while this view is shown: other areas use Ctrl+Enter too
            QShortcut(QKeySequence(keys), self, activated=slot, context=Qt.WidgetWithChildrenShortcut)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.reload()

    def refresh(self, tables: set[str]) -> None:
        # new conflicts come with a sync; an edit of a listed record changes what the row shows
        if tables & (TABLES | {r["tbl"] for r in self.model.rows}):
            self.reload()

    def reload(self) -> None:
        self.model.set_rows(conflicts.list_conflicts(self.store, include_resolved=self.show_handled.isChecked()))
        if self.model.rowCount():
            self.table.selectRow(0)
        self._enable()

    def _selected(self) -> dict | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _enable(self) -> None:
        row = self._selected()
        for b in (self.apply_button, self.keep_button):
            b.setEnabled(bool(row) and not row["resolved"])

    def apply_other(self) -> None:
        row = self._selected()
        if row and not row["resolved"] and \
                run_op(self.ctx, self, conflicts.apply_other, row["id"], refused=self.tr("未采用")).ok:
            self.ctx.status_message.emit(self.tr("已采用另一值：{record} 的 {field}").format(
                record=row["record_label"], field=row["field_label"]))

    def keep_current(self) -> None:
        row = self._selected()
        if row and not row["resolved"]:
            run_op(self.ctx, self, conflicts.keep_current, row["id"])
