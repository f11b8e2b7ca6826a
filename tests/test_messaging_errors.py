"""Mail and SMS settings as people get them wrong, against real servers on loopback: each failure is told
in Chinese, names the fix, and comes quickly (issue 19: "465 端口应使用 SSL", proxies from the desktop)."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import time

import pytest
from aiosmtpd.controller import Controller

from xhduty.core.contacts import messaging
from xhduty.core.contacts.messaging import Mailer, SmsGateway, SmsSettings, SmtpSettings, Unreachable


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"


@pytest.fixture
def certificate(tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def _server(**kw):
    controller = Controller(_Sink(), hostname="127.0.0.1", port=_free_port(), **kw)
    controller.start()
    return controller


def test_starttls_on_an_implicit_ssl_port_is_named_within_seconds(certificate):
    server = _server(ssl_context=certificate)        # what a port-465 server does: TLS from the first byte
    try:
        settings = SmtpSettings(host="127.0.0.1", port=server.port, security="starttls", sender="a@b.c", timeout=10)
        started = time.monotonic()
        with pytest.raises(Unreachable) as caught:
            with Mailer(settings):
                pass
        assert time.monotonic() - started < 6          # not the whole 10-second timeout
        assert "SSL 端口" in str(caught.value) and "smtp.security=ssl" in str(caught.value)
        assert "unexpectedly" not in str(caught.value)
    finally:
        server.stop()


def test_ssl_on_a_plain_port_says_to_use_starttls():
    server = _server()
    try:
        settings = SmtpSettings(host="127.0.0.1", port=server.port, security="ssl", sender="a@b.c", timeout=5)
        with pytest.raises(Unreachable) as caught:
            with Mailer(settings):
                pass
        assert "不是 SSL 端口" in str(caught.value) and "STARTTLS" in str(caught.value)
        assert "WRONG_VERSION" not in str(caught.value)
    finally:
        server.stop()


def test_a_closed_port_and_an_unknown_host_are_told_in_chinese():
    port = _free_port()
    with pytest.raises(Unreachable) as caught:
        with Mailer(SmtpSettings(host="127.0.0.1", port=port, sender="a@b.c", timeout=3)):
            pass
    assert f"{port} 端口没有邮件服务" in str(caught.value) and "Errno" not in str(caught.value)
    assert "找不到服务器地址" in messaging.explain(socket.gaierror(-2, "Name or service not known"), SmtpSettings())


@pytest.mark.parametrize("proxy", ["socks://127.0.0.1:9", "socks5://127.0.0.1:9"])
def test_a_desktop_socks_proxy_is_a_message_not_a_traceback(monkeypatch, proxy):
    monkeypatch.setenv("ALL_PROXY", proxy)
    with pytest.raises(Unreachable) as caught:
        with SmsGateway(SmsSettings(url="http://127.0.0.1:9/sms", timeout=2)) as gateway:
            gateway.send("13900000001", "测试")
    assert "代理" in str(caught.value), str(caught.value)
    assert "Unknown scheme" not in str(caught.value) and "socksio" not in str(caught.value)


def test_the_systems_english_never_reaches_the_officer_from_mail_or_the_sms_gateway():
    """errno's English ("Network is unreachable") was shown in brackets; the one Chinese table serves mail,
    the SMS gateway and sync alike (core/oserrors)."""
    import errno

    import httpx

    unreachable = OSError(errno.ENETUNREACH, "Network is unreachable")
    assert messaging.explain(unreachable, SmtpSettings()) == "网络错误（网络不可达（本机未联网或路由不通））"
    wrapped = httpx.ConnectError("[Errno 113] No route to host")
    wrapped.__cause__ = OSError(errno.EHOSTUNREACH, "No route to host")
    said = messaging._explain_http(wrapped, 5)
    assert said.startswith("无法连接（主机不可达（地址不通））") and "route" not in said
