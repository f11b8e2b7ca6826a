"""The network path to the hub as duty rooms have it (issue 19, items 1–3): proxies from the environment or
the station's own setting, answers that are not the hub's (a login gateway's page, JSON of another shape),
and a private CA in PEM or DER form.  Every server here is made in the test and listens on 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import re
import shutil
import subprocess
import threading

import pytest

from test_sync_support import enrol, free_port, log, make_station, running_hub, start_hub
from xhduty.core.store import StoreError
from xhduty.hub import registry
from xhduty.hub.store import HubStore
from xhduty.sync import client, network, state
from xhduty.sync.client import SyncError, run_sync

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
              "no_proxy")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for var in PROXY_VARS + ("SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(var, raising=False)
    client.tls_context.cache_clear()
    yield monkeypatch
    client.tls_context.cache_clear()


@contextlib.contextmanager
def serving(status: int, body, content_type: str):
    """A loopback HTTP server answering every request with one fixed answer (``body``: bytes, or a function
    of the request path giving them); yields (url, paths asked)."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            asked.append(self.path)
            answer = body(self.path) if callable(body) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    with listening(Handler) as url:
        yield url, asked


@contextlib.contextmanager
def listening(handler: type[http.server.BaseHTTPRequestHandler]):
    """Serve ``handler`` on a free loopback port in a thread; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


GATEWAY = "<html><head><title>上网认证</title></head><body>请登录</body></html>".encode()


def failed(store, **kw) -> str:
    """Sync, expect it to fail in Chinese, and check the failure is what the status now shows."""
    with pytest.raises(SyncError) as caught:
        run_sync(store, **kw)
    message = str(caught.value)
    st = state.status(store)
    assert not st["online"] and st["last_error"] == message
    assert "Traceback" not in message
    return message


# words a Chinese message may carry besides addresses: names of settings, options and formats
SETTING_WORDS = {"xhduty", "sync", "proxy", "none", "system", "ca", "file", "http", "https", "tls", "pem", "der",
                 "cer", "crt", "dns", "logs", "log"}


def english(message: str) -> list[str]:
    """English words in ``message`` other than addresses and setting names: a library's text leaking."""
    bare = re.sub(r"\S+://[^\s）（，。：]+", "", message)
    return [w for w in re.findall(r"[A-Za-z]{3,}", bare) if w.lower() not in SETTING_WORDS]


def sync_log(store) -> str:
    path = store.path.parent / "logs" / "sync.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_a_refused_connection_is_said_in_chinese_and_the_original_goes_to_the_log(tmp_path):
    s1 = make_station(tmp_path, "S1")
    state.configure(s1, f"http://127.0.0.1:{free_port()}", "t0ken")
    message = failed(s1)
    assert "对方拒绝连接" in message and english(message) == []
    assert "ConnectError" in sync_log(s1) and "refused" in sync_log(s1)     # for whoever supports the station


def test_https_to_a_plain_http_server_is_said_in_chinese(tmp_path):
    s1 = make_station(tmp_path, "S1")
    with serving(200, GATEWAY, "text/html") as (url, _):
        state.configure(s1, url.replace("http://", "https://"), "t0ken")
        message = failed(s1)
    assert "加密连接（TLS）建立失败（对方不是 HTTPS 服务）" in message and english(message) == []
    assert "SSL" in sync_log(s1)


def test_a_proxy_that_refuses_is_said_in_chinese(tmp_path):
    s1 = make_station(tmp_path, "S1")
    state.configure(s1, "https://hub.xuhui.example", "t0ken", proxy=f"http://u:secret@127.0.0.1:{free_port()}")
    message = failed(s1)
    assert "代理服务器 http://127.0.0.1:" in message and "（对方拒绝连接" in message
    assert english(message) == [] and "secret" not in message


def test_a_login_gateway_page_is_named_and_recorded(tmp_path):
    s1 = make_station(tmp_path, "S1")
    with serving(200, GATEWAY, "text/html; charset=utf-8") as (url, _):
        state.configure(s1, url, "t0ken")
        message = failed(s1)
    assert "收到的不是同步中心的应答（可能是上网认证页面）" in message and "上网认证" in message.split("：", 1)[1]


def test_json_of_another_shape_is_named_not_a_pydantic_traceback(tmp_path):
    s1 = make_station(tmp_path, "S1")
    with serving(200, json.dumps({"status": "ok", "items": []}).encode(), "application/json") as (url, _):
        state.configure(s1, url, "t0ken")
        message = failed(s1)
    assert "应答格式不对" in message and "核对同步中心地址" in message
    assert "validation error" not in message


def test_an_environment_proxy_is_bypassed_for_a_loopback_hub(tmp_path, clean_env):
    closed = free_port()
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        clean_env.setenv(var, f"http://127.0.0.1:{closed}")
    s1 = make_station(tmp_path, "S1")
    with serving(200, GATEWAY, "text/html") as (url, asked):
        state.configure(s1, url, "t0ken")
        message = failed(s1)
    assert asked == ["/v1/hello?cursor=0"]           # reached directly: the hub's own path, not a proxy's URL
    assert "代理" not in message


def test_an_environment_proxy_that_is_down_is_named_for_a_remote_hub(tmp_path, clean_env):
    clean_env.setenv("HTTPS_PROXY", f"http://127.0.0.1:{free_port()}")
    s1 = make_station(tmp_path, "S1")
    state.configure(s1, "https://hub.xuhui.example", "t0ken")
    message = failed(s1)
    assert "代理服务器 http://127.0.0.1:" in message and "--proxy" in message


@pytest.mark.parametrize("scheme", ["socks", "socks5", "socks5h"])
def test_a_socks_proxy_from_the_desktop_is_used_not_a_crash(tmp_path, clean_env, scheme):
    clean_env.setenv("ALL_PROXY", f"{scheme}://127.0.0.1:{free_port()}")
    s1 = make_station(tmp_path, "S1")
    state.configure(s1, "https://hub.xuhui.example", "t0ken")
    message = failed(s1)
    assert "代理服务器 socks5" in message and "出错" in message


def test_the_stations_own_proxy_applies_even_to_a_lan_hub_and_its_502_is_a_proxy_error(tmp_path):
    s1 = make_station(tmp_path, "S1")
    with serving(502, b"<html>Bad Gateway</html>", "text/html") as (proxy, asked):
        state.configure(s1, "http://192.168.10.5:8730", "t0ken", proxy=proxy)
        message = failed(s1)
    assert asked == ["http://192.168.10.5:8730/v1/hello?cursor=0"]   # the proxy was asked for the hub's URL
    assert message.startswith(f"代理服务器 {proxy}无法转发到同步中心") and "502" in message


def test_proxy_none_connects_directly_despite_the_environment(tmp_path, clean_env):
    clean_env.setenv("HTTPS_PROXY", f"http://127.0.0.1:{free_port()}")
    assert network.proxy_for("https://hub.xuhui.example", "none") is None
    assert network.proxy_for("https://hub.xuhui.example", "system").startswith("http://127.0.0.1:")
    clean_env.setenv("NO_PROXY", "hub.xuhui.example")
    assert network.proxy_for("https://hub.xuhui.example", "system") is None


def test_proxy_settings_are_checked_remembered_and_shown_without_password(tmp_path):
    s1 = make_station(tmp_path, "S1")
    with pytest.raises(StoreError, match="代理 'ftp://x:21' 无效"):
        state.configure(s1, proxy="ftp://x:21")
    state.configure(s1, proxy="socks://user:secret@10.0.0.9:1080")
    assert state.get(s1, "proxy") == "socks5://user:secret@10.0.0.9:1080"
    assert state.status(s1)["proxy"] == "socks5://10.0.0.9:1080"
    assert state.status(make_station(tmp_path, "S2"))["proxy"] == "system"


def test_a_bad_proxy_in_the_environment_is_a_chinese_message(tmp_path, clean_env):
    clean_env.setenv("HTTPS_PROXY", "gopher://127.0.0.1:70")
    s1 = make_station(tmp_path, "S1")
    state.configure(s1, "https://hub.xuhui.example", "t0ken")
    assert "系统代理设置" in failed(s1)


def test_a_missing_or_unreadable_ca_file_is_refused(tmp_path):
    s1 = make_station(tmp_path, "S1")
    with pytest.raises(StoreError, match="CA 证书文件 .* 不存在"):
        state.configure(s1, ca_file=str(tmp_path / "nope.cer"))
    junk = tmp_path / "junk.cer"
    junk.write_bytes(b"\x00\x01 not a certificate")
    state.configure(s1, "https://127.0.0.1:9", "t0ken", ca_file=str(junk))
    assert "不是证书（应为 PEM 或 DER" in failed(s1)


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make certificates")
def test_a_private_ca_in_der_or_pem_form_is_trusted_through_the_station_setting(tmp_path):
    ca_key, ca_pem, ca_der = tmp_path / "ca.key", tmp_path / "ca.pem", tmp_path / "ca.cer"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Xuhui IT CA",
             "-keyout", str(ca_key), "-out", str(ca_pem))
    _openssl("x509", "-in", str(ca_pem), "-outform", "DER", "-out", str(ca_der))
    key, csr, cert, ext = (tmp_path / n for n in ("hub.key", "hub.csr", "hub.pem", "ext.cnf"))
    ext.write_text("subjectAltName=IP:127.0.0.1\n")
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(csr))
    _openssl("x509", "-req", "-in", str(csr), "-CA", str(ca_pem), "-CAkey", str(ca_key), "-CAcreateserial",
             "-days", "2", "-extfile", str(ext), "-out", str(cert))
    hub = HubStore.open(tmp_path / "hub")
    token = registry.add_station(hub.store, "S1", "street", "xujiahui")
    hub.close()
    port = free_port()
    proc = start_hub(tmp_path / "hub", port, "--ssl-certfile", str(cert), "--ssl-keyfile", str(key))
    try:
        s1 = make_station(tmp_path, "S1")
        log(s1, "示例数据：经本单位 CA 的 HTTPS 上传")
        state.configure(s1, f"https://127.0.0.1:{port}", token)
        message = failed(s1)                                   # not trusted yet: says how to trust the CA
        assert "证书未通过验证（签发证书的机构（CA）本站不认识）" in message and "CA 证书文件" in message
        assert "--ca-file" in message and english(message) == []
        state.configure(s1, ca_file=str(ca_der))               # DER, as IT hands it out
        assert run_sync(s1)["pushed"] == 1
        log(s1, "示例数据：第二条")
        state.configure(s1, ca_file=str(ca_pem))               # PEM works the same
        assert run_sync(s1)["pushed"] == 1
        assert state.status(s1)["online"] and state.status(s1)["ca_file"] == str(ca_pem)
        s1.close()
    finally:
        proc.terminate()
        proc.wait()


def test_cli_sets_proxy_and_shows_a_gateway_failure_in_sync_status(store, capsys, tmp_path):
    from xhduty.cli import main

    with serving(200, GATEWAY, "text/html") as (url, _):
        assert main(["sync", "--hub", url, "--token", "t0ken", "--proxy", "none"]) != 0
    err = capsys.readouterr()
    assert "收到的不是同步中心的应答" in err.out + err.err and "Traceback" not in err.out + err.err
    assert main(["sync", "status"]) == 0
    out = capsys.readouterr().out
    assert "离线" in out and "代理：none" in out and "上次同步失败：收到的不是同步中心的应答" in out
    assert main(["sync", "status", "--proxy", "socks5h://10.0.0.9:1080"]) == 0
    assert "代理：socks5h://10.0.0.9:1080" in capsys.readouterr().out
    assert main(["sync", "status", "--ca-file", str(tmp_path / "missing.cer")]) != 0
    err = capsys.readouterr()
    assert "不存在" in err.out + err.err


def test_settings_dialog_sets_proxy_and_ca_file(qtbot, store, monkeypatch, tmp_path):
    from xhduty.ui.qt import QDialog, QDialogButtonBox, QMessageBox
    from xhduty.ui.context import AppContext
    from xhduty.ui.sync.settings import SyncSettingsDialog

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    ca = tmp_path / "ca.cer"
    ca.write_bytes(b"\x30\x82")                                         # only its existence is checked on save
    dialog = SyncSettingsDialog(AppContext(store))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.proxy_kind.currentData() == "system" and not dialog.proxy_url.isEnabled()
    dialog.hub.setText("https://hub.xuhui.example:8730")
    dialog.token.setText("xh_abc")
    dialog.proxy_kind.setCurrentIndex(dialog.proxy_kind.findData("url"))
    assert dialog.proxy_url.isEnabled()
    dialog.proxy_url.setText("ftp://10.0.0.9:21")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    assert warnings and "代理" in warnings[-1] and state.get(store, "proxy") is None
    dialog.proxy_url.setText("socks://10.0.0.9:1080")
    dialog.ca_file.setText(str(ca))
    dialog.grab().save("/tmp/sync-settings-network.png")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    assert dialog.result() == QDialog.Accepted
    assert (state.get(store, "proxy"), state.get(store, "ca_file")) == ("socks5://10.0.0.9:1080", str(ca.resolve()))
    again = SyncSettingsDialog(AppContext(store))
    qtbot.addWidget(again)
    assert again.proxy_kind.currentData() == "url" and again.proxy_url.text() == "socks5://10.0.0.9:1080"
    again.proxy_kind.setCurrentIndex(again.proxy_kind.findData("none"))
    again.ca_file.setText("")
    again.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    assert (state.get(store, "proxy"), state.get(store, "ca_file")) == ("none", None)


def test_a_pull_page_whose_changes_cannot_be_read_is_a_recorded_message(tmp_path):
    """Hello and push look right, but the pulled changes are of another shape: the merge cannot read them."""
    s1 = make_station(tmp_path, "S1")
    answers = {"/v1/hello": {"hub": "H", "station": "S1", "role": "street", "division": None, "last_seq": 0,
                             "hub_seq": 1, "cursor_valid": True},
               "/v1/pull": {"changes": [{"what": "not a change"}], "cursor": 1, "cursor_change": "x", "more": False}}
    with serving(200, lambda path: json.dumps(answers.get(path.split("?")[0], {})).encode(),
                 "application/json") as (url, _):
        state.configure(s1, url, "t0ken")
        message = failed(s1)
    assert message.startswith("同步中断：") and "应答内容无法读取（缺少字段" in message
    assert "缺少字段 change_id" in message and english(message.replace("change_id", "")) == []
    assert "KeyError" in sync_log(s1)
    assert state.get(s1, "pull_cursor") in (None, "0")                # nothing half-applied


def test_the_status_bar_shows_a_login_gateway_failure(qtbot, tmp_path):
    from xhduty.ui.context import AppContext
    from xhduty.ui.main_window import MainWindow

    s1 = make_station(tmp_path, "S1")
    window = MainWindow(AppContext(s1))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    messages = []
    window.sync_status.ctx.status_message.connect(messages.append)
    with serving(200, GATEWAY, "text/html") as (url, _):
        state.configure(s1, url, "t0ken")
        window.sync_status.sync_now()
        qtbot.waitUntil(lambda: not window.sync_status.running, timeout=15000)
    assert "离线" in window.sync_status.state_label.text()
    assert window.sync_status.state_label.toolTip().startswith("收到的不是同步中心的应答（可能是上网认证页面）")
    assert any("同步未完成：收到的不是同步中心的应答" in m for m in messages)
    window.statusBar().grab().save("/tmp/sync-statusbar-gateway.png")


@contextlib.contextmanager
def forward_proxy():
    """A tiny HTTP forward proxy on loopback (absolute-URL requests, as a client sends to a proxy for an
    http:// target); yields (proxy URL, URLs it forwarded)."""
    forwarded: list[str] = []

    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            forwarded.append(self.path)
            target = http.client.urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-connection", "connection")}
            upstream.request(self.command, target.path + (f"?{target.query}" if target.query else ""), body, headers)
            answer = upstream.getresponse()
            data = answer.read()
            self.send_response(answer.status)
            for key, value in answer.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            upstream.close()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    with listening(Proxy) as url:
        yield url, forwarded


def test_a_sync_goes_through_the_stations_given_proxy(tmp_path):
    s1 = make_station(tmp_path, "S1")
    log(s1, "示例数据：经代理上传")
    with running_hub(tmp_path) as hub, forward_proxy() as (proxy, forwarded):
        enrol(hub, s1, "street", "xujiahui")
        state.configure(s1, proxy=proxy)
        assert run_sync(s1)["pushed"] == 1
        assert forwarded and all(u.startswith(hub.url + "/v1/") for u in forwarded)
        assert any(u.startswith(hub.url + "/v1/push") for u in forwarded)
        forwarded.clear()
        state.configure(s1, proxy="system")                             # a loopback hub: direct again
        run_sync(s1)
        assert forwarded == [] and state.status(s1)["online"]
