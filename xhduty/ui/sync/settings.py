"""同步设置: the hub's address, this station's token, how often to sync, the proxy to reach the hub through
and the CA file that vouches for its certificate (entered once, remembered)."""

from __future__ import annotations

from xhduty.ui.ops import run_op
from xhduty.sync import state
from xhduty.ui.qt import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                         QLineEdit, QMessageBox, QPushButton, QSpinBox)


class SyncSettingsDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = store = ctx.store
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
        form.addRow(self.tr("代理"), self._proxy_row(state.get(store, "proxy") or "system"))
        form.addRow(self.tr("CA 证书文件"), self._ca_row(state.get(store, "ca_file") or ""))
        hint = QLabel(self.tr("本站代码 {code}。断网时照常工作，数据保存在本机，联网后自动补传。").format(code=store.station))
        hint.setWordWrap(True)
        form.addRow(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setDefault(True)     # Enter saves, Esc cancels
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _proxy_row(self, setting: str) -> QHBoxLayout:
        """none / system / a given URL (xhduty.sync.network): a choice, and the URL when it is “指定代理”."""
        self.proxy_kind = QComboBox()
        self.proxy_kind.addItem(self.tr("系统代理（内网地址直连）"), "system")
        self.proxy_kind.addItem(self.tr("不使用代理"), "none")
        self.proxy_kind.addItem(self.tr("指定代理"), "url")
        self.proxy_url = QLineEdit("" if setting in ("none", "system") else setting)
        self.proxy_url.setPlaceholderText("http://10.1.1.1:8080  socks5://127.0.0.1:1080")
        self.proxy_kind.currentIndexChanged.connect(
            lambda: self.proxy_url.setEnabled(self.proxy_kind.currentData() == "url"))
        self.proxy_kind.setCurrentIndex(self.proxy_kind.findData(setting if setting in ("none", "system") else "url"))
        self.proxy_url.setEnabled(self.proxy_kind.currentData() == "url")
        row = QHBoxLayout()
        row.addWidget(self.proxy_kind)
        row.addWidget(self.proxy_url, 1)
        return row

    def _ca_row(self, path: str) -> QHBoxLayout:
        """The hub's CA file (PEM or DER); empty = the system's certificates only."""
        self.ca_file = QLineEdit(path)
        self.ca_file.setPlaceholderText(self.tr("留空则只用系统证书；信息部门发的 .cer/.crt/.pem"))
        choose = QPushButton(self.tr("选择…"))
        choose.setAutoDefault(False)
        choose.clicked.connect(self._choose_ca)
        row = QHBoxLayout()
        row.addWidget(self.ca_file, 1)
        row.addWidget(choose)
        return row

    def _choose_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择 CA 证书文件"), self.ca_file.text(),
                                              self.tr("证书 (*.cer *.crt *.pem *.der);;所有文件 (*)"))
        if path:
            self.ca_file.setText(path)

    def _proxy_setting(self) -> str:
        kind = self.proxy_kind.currentData()
        return self.proxy_url.text() if kind == "url" else kind

    def _save(self) -> None:
        if not self.token.text().strip() and not state.get(self.store, "token"):
            QMessageBox.warning(self, self.tr("未保存"), self.tr("请填写本站令牌"))
            return
        if run_op(self.ctx, self, state.configure, self.hub.text(), self.token.text() or None, self.interval.value(),
                  proxy=self._proxy_setting(), ca_file=self.ca_file.text().strip()).ok:
            self.accept()
