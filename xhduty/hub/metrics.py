"""The hub's Prometheus metrics at ``/metrics`` (prometheus-client).

* ``xhduty_hub_requests_total{route, status}`` — requests answered, counted in the process that answered
  (with several workers, summed over them through prometheus-client's multiprocess directory);
* read from the database at each scrape, so every worker answers the same:
  ``xhduty_hub_changes{station}`` (changes stored), ``xhduty_hub_refusals{station, status}`` (refusals kept,
  see the retention setting), ``xhduty_hub_station_lag{station}`` (changes numbered after the station's last
  pull: how far behind it is), ``xhduty_hub_station_last_seen_timestamp_seconds{station}`` and
  ``xhduty_hub_newest_seq``.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily

_MULTI = "PROMETHEUS_MULTIPROC_DIR"
REQUESTS = Counter("xhduty_hub_requests", "Requests answered by the hub", ["route", "status"])


def share_between_processes(home: Path) -> None:
    """Count requests of several worker processes together (before they start): an empty directory for
    prometheus-client's multiprocess mode in ``home``."""
    directory = Path(home) / "metrics"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    os.environ[_MULTI] = str(directory)


class FromDatabase:
    """A collector of what the database says (changes, refusals, lag, last contact per station)."""

    def __init__(self, db):
        self.db = db

    def collect(self):
        counts = self.db.counts()
        changes = GaugeMetricFamily("xhduty_hub_changes", "Changes stored, by station", labels=["station"])
        for station, n in counts["changes"]:
            changes.add_metric([station], n)
        refusals = GaugeMetricFamily("xhduty_hub_refusals", "Refusals kept, by station and HTTP status",
                                     labels=["station", "status"])
        for station, status, n in counts["refusals"]:
            refusals.add_metric([station or "", str(status)], n)
        lag = GaugeMetricFamily("xhduty_hub_station_lag", "Changes numbered after the station's last pull",
                                labels=["station"])
        seen = GaugeMetricFamily("xhduty_hub_station_last_seen_timestamp_seconds", "Last push of the station",
                                 labels=["station"])
        for s in counts["stations"]:
            lag.add_metric([s["code"]], max(0, counts["newest"] - (s["pulled_to"] or 0)))
            if s["last_seen_at"]:
                seen.add_metric([s["code"]], datetime.fromisoformat(s["last_seen_at"]).timestamp())
        newest = GaugeMetricFamily("xhduty_hub_newest_seq", "Newest hub sequence number")
        newest.add_metric([], counts["newest"])
        yield from (changes, refusals, lag, seen, newest)


def exposition(db) -> tuple[bytes, str]:
    """The text a scrape gets, and its content type."""
    registry = CollectorRegistry()
    if os.environ.get(_MULTI):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
    registry.register(FromDatabase(db))
    return generate_latest(registry), CONTENT_TYPE_LATEST


class CountRequests:
    """ASGI middleware counting answered requests by path (one of ``paths``, else grouped) and status,
    those the gate refuses too (a pure ASGI wrapper: Starlette's BaseHTTPMiddleware costs each request a
    task)."""

    def __init__(self, app, paths: set[str]):
        self.app, self.paths = app, paths

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status = [500]

        async def sending(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            path = scope["path"]
            route = path if path in self.paths else "/v1/files/…" if path.startswith("/v1/files/") else "other"
            REQUESTS.labels(route, str(status[0])).inc()
