"""Which proxy the station's connection to its hub goes through.

The station setting ``proxy`` (kept in ``sync_state``) is one of:

* ``none`` — connect directly;
* ``system`` (the default) — the proxy the desktop names (``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY`` and
  ``NO_PROXY``, or the Windows Internet Options), except for a hub on a loopback or private-LAN address
  (RFC 1918/4193, link-local, ``localhost``): IT's proxy cannot reach those, and the token must not pass
  through it;
* a proxy URL — ``http://``, ``https://``, ``socks5://`` or ``socks5h://`` (``socks://`` as many desktops
  write it is taken as ``socks5://``); used for every hub, also a LAN one.
"""

from __future__ import annotations

import ipaddress
import urllib.request
from urllib.parse import urlsplit, urlunsplit

from xhduty.core.store import StoreError

SCHEMES = ("http", "https", "socks5", "socks5h")


def normalized(setting: str | None) -> str:
    """The setting as stored: ``none``, ``system`` or a proxy URL; raises StoreError (Chinese) otherwise."""
    value = (setting or "system").strip()
    if value.lower() in ("none", "system"):
        return value.lower()
    return _proxy_url(value, "同步设置中的代理")


def _proxy_url(value: str, where: str) -> str:
    parts = urlsplit(value if "://" in value else f"http://{value}")
    scheme = "socks5" if parts.scheme.lower() in ("socks", "socks5") else parts.scheme.lower()
    if scheme not in SCHEMES or not parts.hostname:
        raise StoreError(f"{where} {value!r} 无效：应为 none、system 或代理地址，如 http://10.1.1.1:8080、"
                         "socks5://127.0.0.1:1080")
    return urlunsplit((scheme, parts.netloc, "", "", ""))


def is_local(host: str | None) -> bool:
    """Is ``host`` a loopback or private-LAN address (never sent through an environment proxy)?"""
    if not host:
        return False
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local


def proxy_for(hub_url: str, setting: str | None) -> str | None:
    """The proxy URL to reach ``hub_url`` through under ``setting``, or None for a direct connection.

    Raises StoreError (Chinese) when the setting — or, under ``system``, the desktop's proxy variable —
    is not a proxy URL httpx can use; the message names where it came from."""
    value = normalized(setting)
    if value == "none":
        return None
    if value != "system":
        return value
    parts = urlsplit(hub_url)
    if is_local(parts.hostname):
        return None
    proxies = urllib.request.getproxies()
    if parts.hostname and "no" in proxies and urllib.request.proxy_bypass_environment(parts.hostname, proxies):
        return None
    found = proxies.get(parts.scheme) or proxies.get("all")
    return _proxy_url(found, "系统代理设置（环境变量 HTTPS_PROXY/ALL_PROXY 等）") if found else None


def shown(proxy: str | None) -> str:
    """A proxy URL fit to show: without its password."""
    if not proxy:
        return "无"
    parts = urlsplit(proxy)
    host = parts.hostname or ""
    return urlunsplit((parts.scheme, f"{host}:{parts.port}" if parts.port else host, "", "", ""))
