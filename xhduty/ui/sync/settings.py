"""同步设置: the hub's address, this station's token and how often to sync (entered once, remembered)."""

from __future__ import annotations

from xhduty.core.store import StoreError
from xhduty.sync import state
from xhduty.ui.qt import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QSpinBox


class SyncSettingsDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("同步设置"))
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.hub = QLineEdit(state.get(store, "hub_url") or "")
        self.hub.setPlaceholderText("https://hub.xuhui.example:8730")
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.Password)
        has_token = bool(state.get(store, "token"))
        self.token.setPlaceholderText(self.tr("已设置；不更换请留空") if has_token else
                                      self.tr("管理员用 xhduty hub add-station 生成"))
        self.interval = QSpinBox()
        self.interval.setRange(1, 1440)
        self.interval.setSuffix(self.tr(" 分钟"))
        self.interval.setValue(state.interval_minutes(store))
        form.addRow(self.tr("同步中心地址"), self.hub)
        form.addRow(self.tr("本站令牌"), self.token)
        form.addRow(self.tr("自动同步间隔"), self.interval)
        hint = QLabel(self.tr("本站代码 {code}。断网时照常工作，数据保存在本机，联网后自动补传。").format(code=store.station))
        hint.setWordWrap(True)
        form.addRow(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setDefault(True)     # Enter saves, Esc cancels
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _save(self) -> None:
        if not self.token.text().strip() and not state.get(self.store, "token"):
            QMessageBox.warning(self, self.tr("未保存"), self.tr("请填写本站令牌"))
            return
        try:
            state.configure(self.store, self.hub.text(), self.token.text() or None, self.interval.value())
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("未保存"), str(exc))
            return
        self.accept()
