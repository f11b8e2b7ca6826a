"""Sending the notice text by e-mail (SMTP) and by an SMS gateway over HTTP.

The duty room is often offline, so every send has a short timeout and the two failures are told apart:
:class:`Unreachable` (the server cannot be reached or refuses us: stop the whole batch, the officer goes on
by phone) and :class:`Rejected` (this one recipient failed: record it and go on with the next).

The SMS gateway is any HTTP endpoint that accepts ``POST {"to": "<mobile>", "text": "…"}`` as JSON with an
optional ``Authorization: Bearer <token>``; a 2xx answer means accepted, 4xx rejects the message, anything
else means the gateway is not usable now.  Settings belong to this workstation (``messaging_settings``,
local, never synced: they hold a password).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, fields
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import httpx

from xhduty.core.store import Store, StoreError

DEFAULT_TIMEOUT = 5.0


class Unreachable(Exception):
    """The server could not be used at all (network down, refused, bad login)."""


class Rejected(Exception):
    """The server refused this one message."""


@dataclass
class SmtpSettings:
    host: str = ""
    port: int = 25
    security: str = "none"      # none | starttls | ssl
    username: str = ""
    password: str = ""
    sender: str = ""
    timeout: float = DEFAULT_TIMEOUT


@dataclass
class SmsSettings:
    url: str = ""
    token: str = ""
    timeout: float = DEFAULT_TIMEOUT


_PREFIX = {SmtpSettings: "smtp.", SmsSettings: "sms."}
_CONVERT = {"int": int, "float": float, "str": str}


def setting_keys() -> list[str]:
    return [_PREFIX[cls] + f.name for cls in _PREFIX for f in fields(cls)]


def load(store: Store, cls):
    """The saved SmtpSettings or SmsSettings (defaults where nothing is saved)."""
    saved = dict(store.query("SELECT key, value FROM messaging_settings"))
    values = {}
    for f in fields(cls):
        raw = saved.get(_PREFIX[cls] + f.name)
        if raw is not None:
            values[f.name] = _CONVERT[f.type](raw)
    return cls(**values)


def save(store: Store, values: dict[str, str]) -> None:
    """Save settings given as {'smtp.host': '…', 'sms.url': '…'}; unknown keys and bad numbers are refused."""
    allowed = {(_PREFIX[cls] + f.name): f.type for cls in _PREFIX for f in fields(cls)}
    for key, value in values.items():
        if key not in allowed:
            raise StoreError(f"未知的设置项 {key}（可用：{', '.join(allowed)}）")
        if allowed[key] != "str":
            try:
                _CONVERT[allowed[key]](value)
            except ValueError:
                raise StoreError(f"设置项 {key} 应为数字，而不是“{value}”") from None
    if values.get("smtp.security", "none") not in ("none", "starttls", "ssl"):
        raise StoreError("smtp.security 应为 none、starttls 或 ssl")
    with store.write() as tx:
        for key, value in values.items():
            tx.put_local("messaging_settings", {"key": key, "value": str(value)})


class Mailer:
    """One SMTP connection for a batch of notices: ``with Mailer(settings) as m: m.send(to, text, subject)``."""

    def __init__(self, settings: SmtpSettings):
        if not settings.host or not settings.sender:
            raise Unreachable("未配置邮件服务器（smtp.host、smtp.sender）")
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "Mailer":
        s = self.settings
        try:
            if s.security == "ssl":
                self._smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                              context=ssl.create_default_context())
            else:
                self._smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    self._smtp.starttls(context=ssl.create_default_context())
            if s.username:
                self._smtp.login(s.username, s.password)
        except (OSError, smtplib.SMTPException) as exc:
            raise Unreachable(f"无法连接邮件服务器 {s.host}:{s.port}：{exc}") from exc
        return self

    def __exit__(self, *exc) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass

    def send(self, to: str, text: str, subject: str = "") -> None:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = self.settings.sender, to, subject
        msg["Date"], msg["Message-ID"] = formatdate(localtime=True), make_msgid()
        msg.set_content(text)
        try:
            self._smtp.send_message(msg)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
            raise Rejected(f"邮件服务器拒收：{exc}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise Unreachable(f"邮件发送中断：{exc}") from exc


class SmsGateway:
    """One HTTP client for a batch of text messages."""

    def __init__(self, settings: SmsSettings):
        if not settings.url:
            raise Unreachable("未配置短信网关（sms.url）")
        self.settings = settings
        headers = {"Authorization": f"Bearer {settings.token}"} if settings.token else {}
        self._client = httpx.Client(timeout=settings.timeout, headers=headers)

    def __enter__(self) -> "SmsGateway":
        return self

    def __exit__(self, *exc) -> None:
        self._client.close()

    def send(self, to: str, text: str, subject: str = "") -> None:
        """Send ``text`` to the mobile number ``to`` (SMS has no subject; it is accepted and ignored)."""
        try:
            answer = self._client.post(self.settings.url, json={"to": to, "text": text})
        except httpx.HTTPError as exc:
            raise Unreachable(f"无法连接短信网关：{exc.__class__.__name__} {exc}") from exc
        if 400 <= answer.status_code < 500:
            raise Rejected(f"短信网关拒收（HTTP {answer.status_code}）：{answer.text[:120]}")
        if not 200 <= answer.status_code < 300:
            raise Unreachable(f"短信网关不可用（HTTP {answer.status_code}）")
