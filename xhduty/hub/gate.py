"""The hub's door: token, size and rate are checked from the request line and headers alone, before any
body is read and without writing anything — an unauthenticated caller can make the hub neither write nor
allocate.  Refusals go to the hub's log file, at most one line per client address every ``LOG_EVERY_S``
seconds (with the number of refusals in between), so a flood cannot fill the disk either.

A pure ASGI middleware: FastAPI reads the body before running dependencies, too late for this.
"""

from __future__ import annotations

import json
import logging
import threading
import time

import anyio

from xhduty.hub.settings import HubSettings

log = logging.getLogger("xhduty.hub")
OPEN_PATHS = ("/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/healthz")
LOCAL_PATHS = ("/metrics",)          # open to a scraper on this machine; others need a token
STATION_KEY = "xhduty.station"        # where the checked station is left in the ASGI scope
LOG_EVERY_S = 10.0


class Bucket:
    """A token bucket: ``rate`` requests per second on average, ``burst`` at once."""

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst, self.tokens, self.at = rate, burst, float(burst), time.monotonic()

    def take(self) -> float:
        """0 if a request may go now, else the seconds to wait."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class RefusalLog:
    """Warn about refused requests, rate-limited per client address."""

    def __init__(self, every: float = LOG_EVERY_S):
        self.every, self.last, self.quiet, self.lock = every, {}, {}, threading.Lock()

    def __call__(self, client: str, status: int, why: str) -> None:
        now = time.monotonic()
        with self.lock:
            if now - self.last.get(client, -self.every) < self.every:
                self.quiet[client] = self.quiet.get(client, 0) + 1
                return
            self.last[client], skipped = now, self.quiet.pop(client, 0)
            if len(self.last) > 10_000:          # forget old addresses rather than grow without end
                self.last = {k: v for k, v in self.last.items() if now - v < self.every}
        log.warning("refused %s from %s: %s%s", status, client, why,
                    f" (and {skipped} more since the last line)" if skipped else "")


class Gate:
    """ASGI middleware in front of the hub's app; ``authenticate(token) -> StationInfo | None``."""

    def __init__(self, app, authenticate, settings: HubSettings, pushes_at_once: int = 0):
        self.app, self.authenticate, self.settings = app, authenticate, settings
        self.buckets: dict[str, Bucket] = {}
        self.refused = RefusalLog()
        self.pushes_at_once, self.pushes = pushes_at_once, None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        client = scope["client"][0] if scope.get("client") else "?"
        if scope["path"] in LOCAL_PATHS and client in ("127.0.0.1", "::1"):
            return await self.app(scope, receive, send)
        auth = headers.get(b"authorization", b"").decode("latin-1")
        token = auth[7:].strip() if auth[:7].lower() == "bearer " else None
        station = await anyio.to_thread.run_sync(self.authenticate, token) if token else None
        if station is None:
            self.refused(client, 401, "no token" if not token else "unknown token")
            return await _answer(send, 401, "令牌缺失或无效", {"www-authenticate": "Bearer"})
        length = headers.get(b"content-length")
        if scope["method"] in ("POST", "PUT", "PATCH") and length is None:
            self.refused(client, 411, f"{station.code}: body without Content-Length")
            return await _answer(send, 411, "请求缺少 Content-Length")
        if length is not None and (not length.isdigit() or int(length) > self.settings.max_body_bytes):
            self.refused(client, 413, f"{station.code}: body of {length!r} bytes")
            return await _answer(send, 413, f"请求过大：上限 {self.settings.max_body_bytes // (1024 * 1024)} MB")
        bucket = self.buckets.setdefault(station.code, Bucket(self.settings.rate_per_second, self.settings.rate_burst))
        wait = bucket.take()
        if wait:
            self.refused(client, 429, f"{station.code}: over its rate")
            return await _answer(send, 429, "请求过于频繁，请稍后再试", {"retry-after": str(max(1, round(wait)))})
        scope = {**scope, STATION_KEY: station}
        if self.pushes_at_once and scope["path"] == "/v1/push":
            # admitted a few at a time, before the body is read: a hub that writes one push at a time (a
            # few per worker on PostgreSQL) gains nothing from holding a hundred parsed batches of up to
            # max_body_bytes each in memory while they wait
            if self.pushes is None:
                self.pushes = anyio.Semaphore(self.pushes_at_once)
            async with self.pushes:
                return await self.app(scope, receive, send)
        return await self.app(scope, receive, send)


async def _answer(send, status: int, detail: str, headers: dict | None = None) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    raw = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
