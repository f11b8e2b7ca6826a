"""E-mail against a real SMTP server on loopback (aiosmtpd), SMS against a real HTTP server on loopback,
and an unreachable server: one recorded failure, quickly, and the run goes on by phone."""

from __future__ import annotations

import json
import socket
import threading
import time
from email import message_from_bytes
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from xhduty.core.contacts import contacts
from xhduty.core.duty import duty
from xhduty.core.contacts import messaging
from xhduty.core.contacts import notify


@pytest.fixture
def run(on_duty):
    store = on_duty
    with store.write() as tx:
        unit = contacts.ensure_unit_path(tx, "区应急委/成员单位/区水务局")
        a = contacts.put_person(tx, {"unit_id": unit, "name": "张伟", "methods": [
            ("mobile", "13900000001"), ("email", "zhangwei@example.org")]})
        b = contacts.put_person(tx, {"unit_id": unit, "name": "王芳", "methods": [
            ("mobile", "13900000002"), ("email", "wangfang@example.org")]})
        c = contacts.put_person(tx, {"unit_id": unit, "name": "李强", "methods": [("office", "021-64001111")]})
        contacts.put_group(tx, "街镇值班室", [a, b, c])
    run_id = notify.start_run(store, "街镇值班室", incident_id="INC-3", text="暴雨红色预警，请立即启动应急响应")
    return store, run_id, (a, b, c)


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.original_content))
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_email_sent_through_real_smtp_server(run, smtp_server):
    store, run_id, (a, b, c) = run
    controller, inbox = smtp_server
    messaging.save(store, {"smtp.host": "127.0.0.1", "smtp.port": str(controller.port),
                           "smtp.sender": "duty@xuhui.example.org"})
    result = notify.send_notices(store, run_id, "email")
    assert (result["sent"], result["failed"], result["without_address"]) == (2, 0, 1)
    assert sorted(r for rcpts, _ in inbox.messages for r in rcpts) == ["wangfang@example.org",
                                                                     "zhangwei@example.org"]
    assert all("暴雨红色预警" in _decoded(body) for _, body in inbox.messages)
    status = notify.run_status(store, run_id)
    assert [m["status"] for m in status["members"]] == ["sent", "sent", "pending"]
    sends = [x for x in notify.attempts(store, run_id) if x["result"] == "sent"]
    assert {x["method"] for x in sends} == {"email"}
    log = [e["text"] for e in duty.list_entries(store, duty.LogFilter(incident_id="INC-3"))]
    assert any("张伟 邮箱 zhangwei@example.org — 已发送" in t for t in log)


def _decoded(raw: bytes) -> str:
    return message_from_bytes(raw, policy=default).get_content()


class _Gateway(BaseHTTPRequestHandler):
    received: list = []
    reject: set = set()

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append((self.headers.get("Authorization"), body))
        code = 400 if body["to"] in self.reject else 200
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": %s}' % (b"false" if code != 200 else b"true"))

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    _Gateway.received, _Gateway.reject = [], set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, _Gateway
    server.shutdown()
    server.server_close()


def test_sms_through_real_http_gateway_with_one_rejected(run, gateway):
    store, run_id, (a, b, c) = run
    server, handler = gateway
    handler.reject = {"13900000002"}
    messaging.save(store, {"sms.url": f"http://127.0.0.1:{server.server_port}/send", "sms.token": "s3cret"})
    result = notify.send_notices(store, run_id, "sms")
    assert (result["sent"], result["failed"], result["skipped"]) == (1, 1, 0)
    assert [body["to"] for _, body in handler.received] == ["13900000001", "13900000002"]
    assert handler.received[0] == ("Bearer s3cret", {"to": "13900000001", "text": "暴雨红色预警，请立即启动应急响应"})
    failed = [x for x in notify.attempts(store, run_id) if x["result"] == "failed"]
    assert len(failed) == 1 and "HTTP 400" in failed[0]["detail"] and failed[0]["method"] == "sms"


def test_confirmed_members_are_not_sent_again(run, gateway):
    store, run_id, (a, b, c) = run
    server, handler = gateway
    notify.record_attempt(store, run_id, a, "confirmed")
    messaging.save(store, {"sms.url": f"http://127.0.0.1:{server.server_port}/send"})
    notify.send_notices(store, run_id, "sms")
    assert [body["to"] for _, body in handler.received] == ["13900000002"]


def test_offline_records_one_failure_quickly_and_run_goes_on(run):
    store, run_id, (a, b, c) = run
    port = _free_port()   # nothing listens here: connection refused, as when the network is down
    messaging.save(store, {"smtp.host": "127.0.0.1", "smtp.port": str(port), "smtp.sender": "d@example.org",
                           "sms.url": f"http://127.0.0.1:{port}/send", "sms.timeout": "1"})
    started = time.monotonic()
    email = notify.send_notices(store, run_id, "email")
    sms = notify.send_notices(store, run_id, "sms")
    assert time.monotonic() - started < 5
    for result in (email, sms):
        assert (result["sent"], result["failed"], result["skipped"]) == (0, 1, 1)
        assert result["error"]
    failed = [x for x in notify.attempts(store, run_id) if x["result"] == "failed"]
    assert len(failed) == 2                      # one per batch, not one per person
    notify.record_attempt(store, run_id, a, "confirmed")   # the officer carries on by phone
    assert notify.run_status(store, run_id)["confirmed"] == 1


def test_unresponsive_gateway_times_out(run):
    store, run_id, _ = run
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)       # accepts the connection but never answers
    try:
        messaging.save(store, {"sms.url": f"http://127.0.0.1:{listener.getsockname()[1]}/", "sms.timeout": "0.5"})
        started = time.monotonic()
        result = notify.send_notices(store, run_id, "sms")
        assert time.monotonic() - started < 3
        assert result["failed"] == 1 and result["skipped"] == 1
    finally:
        listener.close()


def test_unconfigured_server_is_one_clear_failure(run):
    store, run_id, _ = run
    result = notify.send_notices(store, run_id, "email")
    assert "未配置邮件服务器" in result["error"] and result["failed"] == 1


def test_settings_are_checked(store):
    with pytest.raises(Exception, match="未知的设置项"):
        messaging.save(store, {"smtp.hots": "x"})
    with pytest.raises(Exception, match="应为数字"):
        messaging.save(store, {"smtp.port": "twenty-five"})
    messaging.save(store, {"smtp.port": "587", "smtp.security": "starttls"})
    loaded = messaging.load(store, messaging.SmtpSettings)
    assert (loaded.port, loaded.security, loaded.timeout) == (587, "starttls", messaging.DEFAULT_TIMEOUT)
