"""Why talking to the hub failed, said in Chinese — and the library's own words written to the sync log.

An officer reads the messages of :mod:`xhduty.sync.client`; httpx, ssl and the operating system explain a
failure in English ("[Errno 111] Connection refused", "certificate verify failed: self-signed
certificate").  :func:`network` and :func:`certificate` give the Chinese reason, chosen by exception class,
``errno`` (:mod:`xhduty.core.oserrors`) and OpenSSL's verify code (https://docs.openssl.org/master/man1/openssl-verification-options/);
:func:`logged` writes the original, with its traceback, to ``<data folder>/logs/sync.log`` (rotated at
1 MB, 3 kept) for whoever supports the station.
"""

from __future__ import annotations

import logging
import ssl
from logging.handlers import RotatingFileHandler
from pathlib import Path

import httpx

from xhduty.core import oserrors

log = logging.getLogger("xhduty.sync")
_files: dict[Path, RotatingFileHandler] = {}

# OpenSSL X509_V_ERR_* codes a station meets with a hub's certificate
_VERIFY = {
    9: "证书尚未生效（请核对本机时钟）",
    10: "证书已过期",
    18: "证书是自签名的，本站不信任",
    19: "证书链的根证书是自签名的，本站不信任",
    20: "签发证书的机构（CA）本站不认识",
    21: "无法验证证书的签名（缺少中间证书或 CA 证书）",
    23: "证书已被吊销",
    62: "证书上的名称与同步中心地址不符",
    64: "证书上的 IP 地址与同步中心地址不符",
}


# What httpx raised when a request got no HTTP answer, most specific class first.  An OSError underneath
# (refused, unreachable, DNS…) is said by core/oserrors, ahead of the generic 无法建立连接.
_NETWORK = ((httpx.ConnectTimeout, "连接超时（对方无应答）"), (httpx.ReadTimeout, "等待应答超时"),
            (httpx.WriteTimeout, "发送数据超时"), (httpx.TimeoutException, "超时"),
            (httpx.UnsupportedProtocol, "地址的协议不受支持（应以 http:// 或 https:// 开头）"),
            (httpx.ProxyError, "代理拒绝或无法转发这次连接"),
            (httpx.RemoteProtocolError, "对方中途断开了连接，或答复不合 HTTP 协议"),
            (httpx.ReadError, "读取应答时连接中断"), (httpx.WriteError, "发送数据时连接中断"))


def network(exc: BaseException) -> str:
    """The Chinese reason a request got no HTTP answer (``exc``: what httpx raised)."""
    for kind, said in _NETWORK:
        if isinstance(exc, kind):
            return said
    said = oserrors.connection(exc)
    if said is not None:
        return said
    if isinstance(exc, httpx.ConnectError):
        return "无法建立连接"
    return "连接时出现未预料的错误（详情见本站数据目录下的 logs/sync.log）"


def certificate(error: ssl.SSLCertVerificationError) -> str:
    """The Chinese reason the hub's certificate failed verification."""
    return _VERIFY.get(error.verify_code, "证书无效")


def tls(error: ssl.SSLError) -> str:
    """The Chinese reason a TLS handshake failed for another cause than the certificate."""
    if error.reason in ("WRONG_VERSION_NUMBER", "HTTP_REQUEST", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG"):
        return "对方不是 HTTPS 服务"
    if error.reason and "ALERT" in error.reason:
        return "对方拒绝了加密握手（双方支持的协议版本或加密方式不一致）"
    return "加密握手失败"


def logged(home: Path | None, what: str, exc: BaseException) -> None:
    """Write ``what`` and the original exception (type, English text, traceback) to the sync log of the
    station whose data folder is ``home``.  On media that cannot be written the log is skipped: the
    officer's Chinese message is shown all the same."""
    handler = _handler(Path(home) / "logs" / "sync.log") if home is not None else None
    if handler is not None:
        handler.handle(log.makeRecord(log.name, logging.WARNING, __file__, 0, "%s: %s: %s",
                                      (what, type(exc).__name__, exc), (type(exc), exc, exc.__traceback__)))


def _handler(path: Path) -> RotatingFileHandler | None:
    """One handler per station's log file (a process may serve several stations: tests, benches)."""
    if path not in _files:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = _LogFile(path, maxBytes=1024 * 1024, backupCount=3, encoding="utf-8")
        except OSError:
            return None
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        _files[path] = handler
    return _files[path]


class _LogFile(RotatingFileHandler):
    def handleError(self, record) -> None:  # noqa: N802 (logging's naming)
        """A log that cannot be written (full disk) must not print logging's English traceback."""
