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
import socket
import ssl
from dataclasses import dataclass, fields
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import httpx

from xhduty.core import oserrors
from xhduty.core.store import Store, StoreError

DEFAULT_TIMEOUT = 5.0
GREETING_SECONDS = 2.0  # an SMTP server greets at once; silence means it waits for TLS (a port-465 server)


class Unreachable(Exception):
    """The server could not be used at all (network down, refused, bad login)."""


class Rejected(Exception):
    """The server refused this one message."""


@dataclass
class SmtpSettings:
    """This workstation's mail server (saved as ``smtp.<field>`` in ``messaging_settings``); ``timeout`` in
    seconds, ``security`` one of none | starttls | ssl."""
    host: str = ""
    port: int = 25
    security: str = "none"      # none | starttls | ssl
    username: str = ""
    password: str = ""
    sender: str = ""
    timeout: float = DEFAULT_TIMEOUT


@dataclass
class SmsSettings:
    """This workstation's SMS gateway (saved as ``sms.<field>``): the URL notices are POSTed to, the bearer
    token ('' sends none), ``timeout`` in seconds."""
    url: str = ""
    token: str = ""
    timeout: float = DEFAULT_TIMEOUT


_PREFIX = {SmtpSettings: "smtp.", SmsSettings: "sms."}
_CONVERT = {"int": int, "float": float, "str": str}


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
                self._smtp = self._greeted(s)
                if s.security == "starttls":
                    self._smtp.starttls(context=ssl.create_default_context())
            if s.username:
                self._smtp.login(s.username, s.password)
        except (OSError, smtplib.SMTPException) as exc:
            raise Unreachable(f"无法使用邮件服务器 {s.host}:{s.port}：{explain(exc, s)}") from exc
        return self

    @staticmethod
    def _greeted(s: SmtpSettings) -> smtplib.SMTP:
        """A plain connection that has had the server's greeting, waiting at most GREETING_SECONDS for it.

        A server on an implicit-TLS port (465) says nothing until a TLS handshake, so a STARTTLS or plain
        setting would wait out the whole timeout and then read "Connection unexpectedly closed"; here the
        silence is noticed in seconds and the port is probed for TLS, so the message can name the fix."""
        try:
            smtp = smtplib.SMTP(s.host, s.port, timeout=min(s.timeout, GREETING_SECONDS))
        except (socket.timeout, smtplib.SMTPServerDisconnected) as exc:
            if speaks_tls(s.host, s.port, s.timeout):
                raise Unreachable(f"{s.host}:{s.port} 是 SSL 端口（如 465 端口），连接一开始就要加密：请把加密方式改为 "
                                  "SSL（smtp.security=ssl）；STARTTLS 用于 587 或 25 端口") from exc
            raise
        smtp.timeout = s.timeout
        smtp.sock.settimeout(s.timeout)
        return smtp

    def __exit__(self, *exc) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass

    def send(self, to: str, text: str, subject: str = "") -> None:
        """Send one plain-text mail to ``to`` over the open connection.  Raises :class:`Rejected` when the
        server refuses this recipient or message (go on with the next), :class:`Unreachable` when the
        connection fails (stop the batch); both say why in Chinese."""
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = self.settings.sender, to, subject
        msg["Date"], msg["Message-ID"] = formatdate(localtime=True), make_msgid()
        msg.set_content(text)
        try:
            self._smtp.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = "、".join(str(code) for code, _ in exc.recipients.values())
            raise Rejected(f"邮件服务器拒收收件地址 {to}（代码 {codes}）") from exc
        except smtplib.SMTPDataError as exc:
            raise Rejected(f"邮件服务器拒收这封邮件（代码 {exc.smtp_code}）") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise Unreachable(f"邮件发送中断：{explain(exc, self.settings)}") from exc


def speaks_tls(host: str, port: int, timeout: float) -> bool:
    """Whether the server at host:port completes a TLS handshake (certificate not checked: a probe only)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw:
            with context.wrap_socket(raw, server_hostname=host):
                return True
    except (OSError, ssl.SSLError):
        return False


def explain(exc: BaseException, s: SmtpSettings) -> str:
    """What an smtplib/ssl/socket failure means for the officer, in Chinese (the library's English is not
    shown).  Ordered from the most specific exception class to the most general."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "用户名或密码不对（smtp.username、smtp.password）"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return "服务器不支持 STARTTLS：若端口是 465，加密方式应为 SSL；否则请向邮件管理员确认"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "服务器证书无法验证（证书过期、名称不符，或由本机不信任的机构签发）"
    if isinstance(exc, ssl.SSLError):
        if "WRONG_VERSION_NUMBER" in str(exc) or "wrong version number" in str(exc):
            return "这个端口不是 SSL 端口：465 端口用 SSL，587 或 25 端口请把加密方式改为 STARTTLS（smtp.security=starttls）"
        return "加密连接失败（TLS 握手未完成）"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "服务器断开了连接（端口或加密方式可能不对：465 端口用 SSL，587 端口用 STARTTLS）"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"服务器拒绝（代码 {exc.smtp_code}）"
    if isinstance(exc, socket.gaierror):
        return f"找不到服务器地址 {s.host}（地址写错，或本机无法解析域名）"
    if isinstance(exc, ConnectionRefusedError):
        return f"连接被拒绝：{s.host} 的 {s.port} 端口没有邮件服务"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return f"{s.timeout:g} 秒内没有应答（网络不通，或被防火墙拦截）"
    if isinstance(exc, OSError):
        return f"网络错误（{oserrors.connection(exc) or '无法连接'}）"
    return "邮件服务器出错"


def _proxy_variables() -> str:
    """The proxy settings of the environment, as `NAME=value` joined by 、 (empty: none)."""
    import os

    return "、".join(f"{k}={v}" for k, v in os.environ.items()
                    if k.lower() in ("all_proxy", "https_proxy", "http_proxy"))


def _explain_http(exc: httpx.HTTPError, timeout: float) -> str:
    """An httpx failure in Chinese; with a proxy in the environment, the proxy is named (it may be the
    proxy that cannot be reached)."""
    proxy = _proxy_variables()
    via = f"（经由代理 {proxy}：请检查代理设置）" if proxy else ""
    if isinstance(exc, httpx.ProxyError):
        return f"代理服务器出错（{proxy}）"
    if isinstance(exc, httpx.TimeoutException):
        return f"{timeout:g} 秒内没有应答{via}"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "地址应以 http:// 或 https:// 开头"
    if isinstance(exc, httpx.ConnectError):
        return f"无法连接（{oserrors.connection(exc) or '地址或端口不对，或网络不通'}）{via}"
    return f"网络错误{via}"


class SmsGateway:
    """One HTTP client for a batch of text messages."""

    def __init__(self, settings: SmsSettings):
        if not settings.url:
            raise Unreachable("未配置短信网关（sms.url）")
        self.settings = settings
        headers = {"Authorization": f"Bearer {settings.token}"} if settings.token else {}
        try:
            self._client = httpx.Client(timeout=settings.timeout, headers=headers)
        except (ValueError, ImportError) as exc:  # a proxy from the environment httpx cannot use (socks://…)
            raise Unreachable(f"无法使用短信网关：系统代理设置无法使用（{_proxy_variables() or '未设置代理'}）") from exc

    def __enter__(self) -> "SmsGateway":
        return self

    def __exit__(self, *exc) -> None:
        self._client.close()

    def send(self, to: str, text: str, subject: str = "") -> None:
        """Send ``text`` to the mobile number ``to`` (SMS has no subject; it is accepted and ignored)."""
        try:
            answer = self._client.post(self.settings.url, json={"to": to, "text": text})
        except httpx.HTTPError as exc:
            raise Unreachable(f"无法连接短信网关 {self.settings.url}：{_explain_http(exc, self.settings.timeout)}") from exc
        if 400 <= answer.status_code < 500:
            raise Rejected(f"短信网关拒收（HTTP {answer.status_code}）：{answer.text[:120]}")
        if not 200 <= answer.status_code < 300:
            raise Unreachable(f"短信网关不可用（HTTP {answer.status_code}）")
