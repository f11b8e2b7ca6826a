"""Running the hub on uvicorn: in the foreground (``xhduty hub serve``) or in a thread (tests, benchmarks)."""

from __future__ import annotations

import dataclasses
import json
import os
import threading
import time
from pathlib import Path

import uvicorn

from xhduty.hub import logs, metrics
from xhduty.hub.app import create_app
from xhduty.hub.settings import HubSettings
from xhduty.hub.store import HubStore


def serve(home: Path, host: str, port: int, certfile: str | None = None, keyfile: str | None = None,
          settings: HubSettings | None = None, url: str | None = None, workers: int = 1) -> None:
    """Serve until interrupted (SIGINT/SIGTERM: the app's shutdown checkpoints and closes the database
    before uvicorn re-raises the signal).  With a certificate and key, uvicorn speaks HTTPS.  The database
    is hub.db in ``home``, or PostgreSQL at ``url``; with ``workers`` > 1 (PostgreSQL only) uvicorn runs that
    many processes, each building its app with :func:`worker_app`.  Log records go to ``hub.log`` in
    ``home`` as JSON lines (rotated at 5 MB, 5 kept)."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    logs.to_file(home / "hub.log")
    settings = settings or HubSettings()
    common = dict(host=host, port=port, ssl_certfile=certfile, ssl_keyfile=keyfile, log_level="info")
    if workers > 1:
        os.environ[_HOME], os.environ[_DB] = str(home), url or ""
        os.environ[_SETTINGS] = json.dumps(dataclasses.asdict(settings))
        metrics.share_between_processes(home)
        HubStore.open(home, settings, url).close()     # migrate once, before the workers start
        uvicorn.run("xhduty.hub.server:worker_app", factory=True, workers=workers, **common)
        return
    hub = HubStore.open(home, settings, url)
    try:
        uvicorn.run(create_app(hub), **common)
    finally:
        hub.close()


_HOME, _DB, _SETTINGS = "XHDUTY_HUB_HOME", "XHDUTY_HUB_DB", "XHDUTY_HUB_SETTINGS"


def worker_app():
    """The app of one worker process of ``serve(workers=N)``, configured through the environment it set."""
    home = Path(os.environ[_HOME])
    logs.to_file(home / "hub.log")
    settings = HubSettings(**json.loads(os.environ[_SETTINGS]))
    return create_app(HubStore.open(home, settings, os.environ.get(_DB) or None))


class HubThread:
    """A hub on loopback in a background thread, on a free port: ``with HubThread(home) as h: h.url``
    (``url``: on that PostgreSQL database)."""

    def __init__(self, home: Path, port: int = 0, settings: HubSettings | None = None, url: str | None = None):
        self.hub = HubStore.open(home, settings, url)
        config = uvicorn.Config(create_app(self.hub), host="127.0.0.1", port=port, log_level="error",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "HubThread":
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("hub did not start")
            time.sleep(0.005)
        return self

    @property
    def url(self) -> str:
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.hub.close()
