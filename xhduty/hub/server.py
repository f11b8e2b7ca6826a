"""Running the hub on uvicorn: in the foreground (``xhduty hub serve``) or in a thread (tests, benchmarks)."""

from __future__ import annotations

import logging
import threading
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path

import uvicorn

from xhduty.hub.app import create_app
from xhduty.hub.settings import HubSettings
from xhduty.hub.store import HubStore


def serve(home: Path, host: str, port: int, certfile: str | None = None, keyfile: str | None = None,
          settings: HubSettings | None = None) -> None:
    """Serve until interrupted (SIGINT/SIGTERM: the app's shutdown checkpoints and closes the database
    before uvicorn re-raises the signal).  With a certificate and key, uvicorn speaks HTTPS.  Refusals and
    warnings also go to ``hub.log`` in ``home`` (rotated at 5 MB, 5 kept)."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(home / "hub.log", maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logging.getLogger("xhduty.hub").addHandler(handler)
    hub = HubStore.open(home, settings)
    try:
        uvicorn.run(create_app(hub), host=host, port=port, ssl_certfile=certfile, ssl_keyfile=keyfile,
                    log_level="info")
    finally:
        hub.close()


class HubThread:
    """A hub on loopback in a background thread, on a free port: ``with HubThread(home) as h: h.url``."""

    def __init__(self, home: Path, port: int = 0, settings: HubSettings | None = None):
        self.hub = HubStore.open(home, settings)
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
