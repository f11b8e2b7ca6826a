"""排班: the duty roster — see and edit it, or import the office's .xlsx sheet."""

from __future__ import annotations

from pathlib import Path

from xhduty.core import clock
from xhduty.core.duty import roster
from xhduty.core.store import StoreError
from xhduty.ui.qt import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QMessageBox, QProgressDialog, QPushButton, QStandardItem, QStandardItemModel, Qt,
    QTableView, QVBoxLayout, QWidget, QT_TRANSLATE_NOOP, translate,
)
from xhduty.ui.forms import creates_once
from xhduty.ui.import_preview import ImportPreviewDialog
from xhduty.ui.ops import Done, run_op, run_op_in_background

TABLES = {"roster"}
COLUMNS = (QT_TRANSLATE_NOOP("labels", "日期"), QT_TRANSLATE_NOOP("labels", "班次"),
           QT_TRANSLATE_NOOP("labels", "带班领导"), QT_TRANSLATE_NOOP("labels", "值班员"),
           QT_TRANSLATE_NOOP("labels", "值班电话"), QT_TRANSLATE_NOOP("labels", "备注"))



class RosterDialog(QDialog):
    def __init__(self, store, row: dict | None = None, parent=None):
        super().__init__(parent)
        self.store, self.row = store, row
        self.setWindowTitle(self.tr("编辑排班") if row else self.tr("新增排班"))
        form = QFormLayout(self)
        row = row or {"duty_date": clock.now().date().isoformat(), "shift": "", "leader": "", "officers": [],
                      "phone": "", "note": ""}
        self.fields = {
            "duty_date": QLineEdit(row["duty_date"]), "shift": QLineEdit(row["shift"]),
            "leader": QLineEdit(row["leader"]), "officers": QLineEdit("、".join(row["officers"])),
            "phone": QLineEdit(row["phone"]), "note": QLineEdit(row["note"]),
        }
        self.fields["shift"].setPlaceholderText(self.tr("白班 / 夜班 / 全天"))
        self.fields["officers"].setPlaceholderText(self.tr("一至两人，用“、”分隔"))
        for label, key in zip(COLUMNS, self.fields):
            form.addRow(translate("labels", label), self.fields[key])
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @creates_once
    def _save(self) -> str | None:
        values = {k: e.text() for k, e in self.fields.items()}
        try:
            saved = roster.save(self.store, values, self.row["id"] if self.row else None)
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("未保存"), str(exc))
            return None
        self.accept()
        return saved


class View(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([translate("labels", c) for c in COLUMNS])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(self.edit_selected)
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("新增"), self.add), (self.tr("编辑"), self.edit_selected),
                           (self.tr("删除"), self.delete_selected), (self.tr("导入表格…"), self.import_xlsx)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        hint = QLabel(self.tr("导入表格第一行为列名：日期、班次、带班领导、值班员（可两人，用“、”分隔）、值班电话、备注。"))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        self.refresh(TABLES)

    def refresh(self, tables: set) -> None:
        if not tables & TABLES:
            return
        self.model.removeRows(0, self.model.rowCount())
        for r in roster.entries(self.store):
            items = [QStandardItem(v) for v in (r["duty_date"], r["shift"], r["leader"], "、".join(r["officers"]),
                                                r["phone"], r["note"])]
            items[0].setData(r, Qt.UserRole)
            self.model.appendRow(items)

    def _selected(self) -> dict | None:
        index = self.table.currentIndex()
        return self.model.item(index.row(), 0).data(Qt.UserRole) if index.isValid() else None

    # writes go through ops (which announce exactly what was written); a dialog that saves is the operation
    def add(self) -> None:
        run_op(self.ctx, self, lambda store: RosterDialog(store, parent=self).exec())

    def edit_selected(self, *_):
        row = self._selected()
        if row:
            run_op(self.ctx, self, lambda store: RosterDialog(store, row, self).exec())

    def delete_selected(self) -> None:
        row = self._selected()
        if row and QMessageBox.question(self, self.tr("删除排班"), self.tr("删除 {d} {s} 的排班？").format(
                d=row["duty_date"], s=row["shift"])) == QMessageBox.Yes:
            run_op(self.ctx, self, roster.remove, row["id"])

    def import_xlsx(self) -> None:
        path = ImportPreviewDialog.choose_file(self, self.tr("导入排班表"))
        if path:
            ImportPreviewDialog.preview_then_import(self, self.store, lambda _store: roster.preview(path),
                                                    lambda: self.start_import(path))

    def start_import(self, path: Path):
        progress = QProgressDialog(self.tr("正在导入排班表……"), None, 0, 0, self)
        progress.setWindowModality(Qt.WindowModal)
        progress.show()

        def done(outcome: Done):      # announced, and a refusal shown, by run_op_in_background
            progress.close()
            if outcome.ok:
                self.ctx.status_message.emit(self.tr("已导入 {n} 条排班记录").format(n=outcome.result))

        run_op_in_background(self.ctx, self, roster.import_xlsx, path, refused=self.tr("排班表未导入"), done=done)
