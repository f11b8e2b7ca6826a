"""This workstation's mail server and SMS gateway, one field per setting (stored locally, never synced)."""

from __future__ import annotations

from dataclasses import fields

from xhduty.core.contacts import messaging
from xhduty.ui.contacts.form import lay_out, submit
from xhduty.ui.qt import QDialog, QFormLayout, QLabel, QLineEdit

LABELS = {"smtp.host": "邮件服务器", "smtp.port": "端口", "smtp.security": "加密（none / starttls / ssl）",
          "smtp.username": "用户名", "smtp.password": "密码", "smtp.sender": "发件人地址",
          "smtp.timeout": "超时（秒）", "sms.url": "短信网关地址", "sms.token": "网关令牌",
          "sms.timeout": "短信超时（秒）"}


class MessagingSettingsDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("邮件和短信设置"))
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for cls, prefix in ((messaging.SmtpSettings, "smtp."), (messaging.SmsSettings, "sms.")):
            current = messaging.load(store, cls)
            for f in fields(cls):
                key = prefix + f.name
                edit = QLineEdit(str(getattr(current, f.name)))
                if f.name in ("password", "token"):
                    edit.setEchoMode(QLineEdit.Password)
                self.edits[key] = edit
                form.addRow(self.tr(LABELS[key]), edit)
        lay_out(self, QLabel(self.tr("短信网关接收 POST JSON {\"to\": 手机号, \"text\": 内容}，可带 Bearer 令牌。")),
                form, on_save=self.save)
        self.resize(480, 420)

    def save(self) -> None:
        submit(self, lambda: messaging.save(self.store, {key: e.text().strip() for key, e in self.edits.items()}))
