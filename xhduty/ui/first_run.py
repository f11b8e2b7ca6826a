"""First start on a workstation: the station gives itself a code, a name and a role."""

from __future__ import annotations

from xhduty.core import demo, refdata
from xhduty.core.incidents import incidents
from xhduty.core.store import Store, StoreError, init_station
from xhduty.ui.qt import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox


class FirstRunDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("初始化本站"))
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        intro = QLabel(self.tr("这是本工作站第一次启动。请填写本站信息；站点代码一经确定不能更改，"
                               "本站产生的每条记录都带有该代码。"))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("如 XH-CENTRE、XH-LONGHUA"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("如 徐汇区总值班室、龙华街道值班室"))
        self.role = QComboBox()
        for code, label in refdata.STATION_ROLES.items():
            self.role.addItem(label, code)
        form.addRow(self.tr("站点代码(&C)"), self.code)
        form.addRow(self.tr("站点名称(&N)"), self.name)
        form.addRow(self.tr("站点类型(&R)"), self.role)
        self.division = QComboBox()  # a street station's own 街镇: 立案 defaults to it
        self.division.addItem(self.tr("（请选择）"), None)
        for d in refdata.divisions(store):
            self.division.addItem(d["name"], d["code"])
        self.division_label = QLabel(self.tr("所属街镇(&D)"))
        self.division_label.setBuddy(self.division)
        form.addRow(self.division_label, self.division)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self.demo = QCheckBox(self.tr("载入示例数据，用于试用（均标注“示例数据”，可在正式使用前删除数据库重建）"))
        form.addRow(self.demo)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _role_changed(self) -> None:
        street = self.role.currentData() == "street"
        self.division.setVisible(street)
        self.division_label.setVisible(street)

    def _save(self) -> None:
        street = self.role.currentData() == "street"
        if street and self.division.currentData() is None:
            QMessageBox.warning(self, self.tr("信息有误"), self.tr("街镇站请选择所属街镇"))
            self.division.setFocus()
            return
        try:
            init_station(self.store, self.code.text(), self.name.text(), self.role.currentData())
            incidents.set_home_division(self.store, self.division.currentData() if street else None)
            if self.demo.isChecked():
                demo.load(self.store)
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("信息有误"), str(exc))
            return
        self.accept()
