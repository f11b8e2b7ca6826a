"""两张清单 in the window: the 整治任务清单 and the 制度措施清单 side by side in a choice, each line with its
owner, deadline and state (overdue lines coloured); add a line, move its state."""

from __future__ import annotations

from xhduty.core.hazards import lists
from xhduty.ui.forms import creates_once, save_cancel_buttons
from xhduty.ui.ops import run_op
from xhduty.ui.qt import (
    QBrush, QColor, QComboBox, QDate, QDateEdit, QDialog, QFormLayout, QHBoxLayout,
    QLineEdit, QMessageBox, QPushButton, QStandardItem, QStandardItemModel, QVBoxLayout, QWidget,
    QT_TRANSLATE_NOOP, translate,
)
from xhduty.ui.tables import read_only_table

HEADERS = (QT_TRANSLATE_NOOP("hazards", "事项"), QT_TRANSLATE_NOOP("hazards", "责任"),
           QT_TRANSLATE_NOOP("hazards", "期限"), QT_TRANSLATE_NOOP("hazards", "状态"),
           QT_TRANSLATE_NOOP("hazards", "范围"))
OVERDUE = QColor("#F8D7DA")


class ListsPane(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = QComboBox()
        for key, title in lists.KINDS.items():  # core labels, listed for lupdate by update.py
            self.kind.addItem(translate("labels", title), key)
        self.model = QStandardItemModel(self)
        self.table = read_only_table(self.model, stretch=0)
        add = QPushButton(self.tr("新增事项…"))
        add.clicked.connect(self.add_line)
        bar = QHBoxLayout()
        bar.addWidget(self.kind)
        bar.addStretch(1)
        for state in lists.STATES:
            b = QPushButton(self.tr("标为{state}").format(state=translate("labels", state)))
            b.clicked.connect(lambda *_, state=state: self.set_state(state))
            bar.addWidget(b)
        bar.addWidget(add)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.kind.currentIndexChanged.connect(lambda *_: self.reload())
        self.reload()

    def reload(self) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels([translate("hazards", h) for h in HEADERS])
        for line in lists.lines(self.ctx.store, self.kind.currentData()):
            cells = [QStandardItem(str(v)) for v in (line["title"], line["owner"], line["deadline"],
                                                     translate("labels", line["state"]), line["division_name"])]
            cells[0].setData(line["id"])
            if line["overdue"]:
                for c in cells:
                    c.setBackground(QBrush(OVERDUE))
            self.model.appendRow(cells)
        for column, width in enumerate((320, 180, 90, 70)):
            self.table.setColumnWidth(column, width)

    def set_state(self, state: str) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            QMessageBox.information(self, self.tr("清单"), self.tr("请先选中一项"))
            return
        run_op(self.ctx, self, lists.set_state, self.model.item(index.row(), 0).data(), state)

    def add_line(self) -> None:
        LineDialog(self.ctx, self.kind.currentData(), self).exec()


class LineDialog(QDialog):
    def __init__(self, ctx, kind: str, parent=None):
        super().__init__(parent)
        self.ctx, self.kind = ctx, kind
        self.setWindowTitle(translate("labels", lists.KINDS[kind]))
        self.title, self.owner = QLineEdit(), QLineEdit()
        self.deadline = QDateEdit(QDate.currentDate().addMonths(1))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.division = QComboBox()
        self.division.addItem(self.tr("全区"), "")
        for code, name in ctx.store.query("SELECT code, name FROM divisions ORDER BY sort"):
            self.division.addItem(name, code)
        form = QFormLayout(self)
        form.addRow(self.tr("事项 *"), self.title)
        form.addRow(self.tr("责任单位或责任人 *"), self.owner)
        form.addRow(self.tr("完成期限"), self.deadline)
        form.addRow(self.tr("范围"), self.division)
        form.addRow(save_cancel_buttons(self, self.save))

    @creates_once
    def save(self) -> str | None:
        done = run_op(self.ctx, self, lists.add, self.kind, self.title.text(), self.owner.text(),
                      self.deadline.date().toString("yyyy-MM-dd"), self.division.currentData())
        if not done.ok:
            return None
        self.accept()
        return done.result
