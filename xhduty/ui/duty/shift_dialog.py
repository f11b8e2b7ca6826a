"""Starting a shift: leader and officers, prefilled from today's roster when there is one."""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.duty import roster
from xhduty.core.store import Store, StoreError
from xhduty.ui.forms import creates_once
from xhduty.ui.qt import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QMessageBox


class ShiftDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.shift_id: str | None = None
        self.setWindowTitle(self.tr("开始值班"))
        form = QFormLayout(self)
        self.planned = QComboBox()
        self.planned.addItem(self.tr("（手工填写）"), None)
        for r in roster.for_date(store, clock.now().date()):
            self.planned.addItem(f"{r['shift']}：{r['leader']} / {'、'.join(r['officers'])}", r)
        self.leader = QLineEdit()
        self.officer1 = QLineEdit()
        self.officer2 = QLineEdit()
        self.officer2.setPlaceholderText(self.tr("可空"))
        form.addRow(self.tr("今日排班"), self.planned)
        form.addRow(self.tr("带班领导(&L)"), self.leader)
        form.addRow(self.tr("值班员(&1)"), self.officer1)
        form.addRow(self.tr("值班员(&2)"), self.officer2)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("开始值班"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._start)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.planned.currentIndexChanged.connect(self._from_roster)
        if self.planned.count() > 1:
            self.planned.setCurrentIndex(1)
        self.leader.setFocus()

    def _from_roster(self) -> None:
        r = self.planned.currentData()
        if r:
            self.leader.setText(r["leader"])
            self.officer1.setText(r["officers"][0])
            self.officer2.setText(r["officers"][1] if len(r["officers"]) > 1 else "")

    @creates_once
    def _start(self) -> str | None:
        try:
            self.shift_id = duty.start_shift(self.store, self.leader.text(),
                                             [self.officer1.text(), self.officer2.text()])
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("无法开始值班"), str(exc))
            return None
        self.accept()
        return self.shift_id
