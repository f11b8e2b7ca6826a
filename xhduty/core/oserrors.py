"""What the operating system's errors mean, said in Chinese.

Python shows them in the system's English ("[Errno 101] Network is unreachable", "Permission denied");
an officer reads these instead, chosen by ``errno`` (POSIX names; Python maps Windows' WinError codes of
sockets and files onto the same names).  Sync (:mod:`xhduty.sync.reasons`), mail and the SMS gateway
(:mod:`xhduty.core.contacts.messaging`) say network failures with :func:`connection`, file readers with
:func:`file_problem`, exports and printouts (:mod:`xhduty.core.outfiles`) with :func:`write_problem`.
"""

from __future__ import annotations

import errno
import socket

CONNECTION = {
    errno.ECONNREFUSED: "对方拒绝连接（该地址和端口上没有服务在运行，或被防火墙拒绝）",
    errno.ECONNRESET: "连接被对方重置",
    errno.ECONNABORTED: "连接被中止",
    errno.ETIMEDOUT: "连接超时（对方无应答）",
    errno.ENETUNREACH: "网络不可达（本机未联网或路由不通）",
    errno.EHOSTUNREACH: "主机不可达（地址不通）",
    errno.EADDRNOTAVAIL: "地址不可用",
}
NO_NAME = "域名无法解析（地址写错，或本机的 DNS 不可用）"

FILE = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是文件夹，不是文件",
}

WRITE = {
    errno.ENOENT: "文件夹不存在",
    errno.EACCES: "没有写入权限，或文件正被其他程序（如 WPS、Excel）打开",
    errno.EPERM: "没有写入权限，或文件正被其他程序（如 WPS、Excel）打开",
    errno.EEXIST: "路径中有一个同名的文件，不是文件夹",
    errno.ENOTDIR: "路径中有一个同名的文件，不是文件夹",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.ENOSPC: "磁盘已满",
    errno.EROFS: "介质只读",
    errno.ENAMETOOLONG: "文件名太长",
}


def os_error(exc: BaseException | None) -> OSError | None:
    """The operating system's error under ``exc`` — itself, or what it was raised from (httpx → httpcore →
    OSError) — or None when there is none."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno is not None:
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def connection(exc: BaseException) -> str | None:
    """Why a connection failed, in Chinese, when the operating system said it (refused, unreachable,
    timed out, a name that does not resolve); None when it was not the system that failed."""
    found = os_error(exc)
    if isinstance(found, socket.gaierror) or says(exc, "name or service not known", "nodename nor servname",
                                                  "getaddrinfo failed", "name resolution"):
        return NO_NAME
    if found is not None and found.errno in CONNECTION:
        return CONNECTION[found.errno]
    if says(exc, "connection refused"):
        return CONNECTION[errno.ECONNREFUSED]
    return None


def file_problem(exc: OSError) -> str:
    """Why a file could not be read, in Chinese ('读取失败' when the system gave no known reason)."""
    return FILE.get(exc.errno, "读取失败")


def write_problem(exc: OSError) -> str:
    """Why a file could not be written, in Chinese ('写入失败' when the system gave no known reason)."""
    return WRITE.get(exc.errno, "写入失败")


def says(exc: BaseException, *phrases: str) -> bool:
    """True when the English text of ``exc`` holds one of ``phrases`` (lower case): the last resort where a
    library gives no errno."""
    text = str(exc).lower()
    return any(p in text for p in phrases)
