"""`xhduty hub serve` with a certificate speaks HTTPS, and a station that trusts the certificate syncs."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from test_sync_support import free_port, log, make_station, start_hub
from xhduty.hub import registry
from xhduty.hub.store import HubStore
from xhduty.sync import client, state
from xhduty.sync.client import SyncError, run_sync

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")


@pytest.fixture
def fresh_tls(monkeypatch):
    """The TLS context is made once per process; these tests need it made again under their settings."""
    client.tls_context.cache_clear()
    yield monkeypatch
    client.tls_context.cache_clear()


def test_sync_over_https_with_the_districts_own_certificate(tmp_path, fresh_tls):
    cert, key = tmp_path / "hub.pem", tmp_path / "hub.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    hub = HubStore.open(tmp_path / "hub")
    token = registry.add_station(hub.store, "S1", "street", "xujiahui")
    hub.close()
    port = free_port()
    proc = start_hub(tmp_path / "hub", port, "--ssl-certfile", str(cert), "--ssl-keyfile", str(key))
    try:
        s1 = make_station(tmp_path, "S1")
        log(s1, "示例数据：经 HTTPS 上传")
        state.configure(s1, f"https://127.0.0.1:{port}", token)
        with pytest.raises(SyncError, match="无法连接"):            # not trusted: refused, nothing sent
            run_sync(s1)
        client.tls_context.cache_clear()
        fresh_tls.setenv("SSL_CERT_FILE", str(cert))
        assert run_sync(s1)["pushed"] == 1
        s1.close()
    finally:
        proc.terminate()
        proc.wait()
