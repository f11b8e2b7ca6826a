"""预警信号: record a signal the city issues in a few keystrokes, lift it, see which are in force.

Typing "暴雨橙" and Enter records 暴雨橙色 issued now by 上海市气象台 (the completer offers every valid
type and colour); the time and source can be changed before pressing Enter.  A time left as prefilled
means now, at Enter: the panel may have stood open for hours since it was shown.  Each recording and
lifting is written to the duty log by the core.
"""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.duty import warning_signals
from xhduty.ui.ops import run_op
from xhduty.ui.tables import read_only_table
from xhduty.ui.qt import (
    QColor, QCompleter, QDateTimeEdit, QHBoxLayout, QKeySequence, QLabel, QLineEdit, QPushButton, QShortcut, QStandardItem, QStandardItemModel, Qt, QVBoxLayout, QWidget,
)

TABLES = {"weather_signals"}
COLOURS = {"蓝": "#1565C0", "黄": "#B8860B", "橙": "#E65100", "红": "#C62828"}


def all_specs() -> list[str]:
    return [f"{kind}{colour}色" for kind, colours in warning_signals.COLOURS.items() for colour in colours]


class SignalPanel(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.spec = QLineEdit()
        self.spec.setPlaceholderText(self.tr("信号，如 暴雨橙（回车记录）"))
        completer = QCompleter(all_specs(), self)
        completer.setFilterMode(Qt.MatchContains)
        self.spec.setCompleter(completer)
        self.spec.returnPressed.connect(self.record)
        self.issued = QDateTimeEdit()
        self.issued.setDisplayFormat("yyyy-MM-dd HH:mm")
        self._time_typed = False   # the officer changed the prefilled time: record that one, not now
        self.issued.dateTimeChanged.connect(lambda: setattr(self, "_time_typed", True))
        self.source = QLineEdit("上海市气象台")
        record = QPushButton(self.tr("记录发布"))
        record.clicked.connect(self.record)
        self.lift_button = QPushButton(self.tr("解除所选 Ctrl+Shift+L"))
        self.lift_button.clicked.connect(self.lift)
        QShortcut(QKeySequence("Ctrl+Shift+L"), self, activated=self.lift)
        form = QHBoxLayout()
        for label, widget, stretch in ((self.tr("预警信号"), self.spec, 2), (self.tr("发布时间"), self.issued, 0),
                                       (self.tr("来源"), self.source, 1)):
            form.addWidget(QLabel(label))
            form.addWidget(widget, stretch)
        form.addWidget(record)
        form.addWidget(self.lift_button)

        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([self.tr("预警信号"), self.tr("发布"), self.tr("解除"), self.tr("来源")])
        self.table = read_only_table(self.model, stretch=3)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        self.reload()

    def showEvent(self, event) -> None:
        self._prefill_time()
        self.spec.setFocus()
        super().showEvent(event)

    def _prefill_time(self) -> None:
        self.issued.setDateTime(clock.now().replace(second=0, tzinfo=None))
        self._time_typed = False

    def reload(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        for s in warning_signals.recent_signals(self.store):
            label = QStandardItem(warning_signals.label(s))
            label.setData(s["id"], Qt.UserRole)
            label.setForeground(Qt.GlobalColor.white)
            label.setBackground(QColor(COLOURS.get(s["colour"], "#555555")))
            lifted = s["lifted_at"][5:16].replace("T", " ") if s["lifted_at"] else self.tr("生效中")
            self.model.appendRow([label, QStandardItem(s["issued_at"][5:16].replace("T", " ")),
                                  QStandardItem(lifted), QStandardItem(s["source"])])
        self.table.resizeColumnsToContents()

    def record(self) -> None:
        spec = self.spec.text().strip()
        if not spec:
            return
        at = clock.parse(self.issued.dateTime().toString("yyyy-MM-ddTHH:mm")) if self._time_typed else None
        done = run_op(self.ctx, self, warning_signals.record_signal, spec, issued_at=at, source=self.source.text(),
                      refused=self.tr("预警信号"))
        if done.ok:
            self.spec.clear()
            self._prefill_time()
            self.ctx.status_message.emit(self.tr("已记录 {label}").format(
                label=warning_signals.label(self.store.get("weather_signals", done.result))))

    def lift(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        signal_id = self.model.item(index.row(), 0).data(Qt.UserRole)
        run_op(self.ctx, self, warning_signals.lift_signal, signal_id, refused=self.tr("预警信号"))
