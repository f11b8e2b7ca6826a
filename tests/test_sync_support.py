"""What the sync tests share: stations in their own directories, a hub on loopback, comparable contents.

(No tests here; pytest collects none.)
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from xhduty.core.duty import duty
from xhduty.core.store import Store, init_station, open_store
from xhduty.hub import registry
from xhduty.hub.server import HubThread
from xhduty.core import authority
from xhduty.sync import state

DIVISIONS = {"street": "xujiahui", "street2": "tianlin"}


def make_station(root: Path, code: str, role: str = "street") -> Store:
    store = open_store(Path(root) / code / "xhduty.db")
    init_station(store, code, f"{code} 站", role)
    return store


@contextlib.contextmanager
def running_hub(root: Path, port: int = 0):
    with HubThread(Path(root) / "hub", port) as hub:
        yield hub


def enrol(hub: HubThread, store: Store, role: str, division: str | None = None) -> str:
    """Register the station at the hub and give it the hub's address and its token."""
    token = registry.add_station(hub.hub.store, store.station, role, division)
    state.configure(store, hub.url, token)
    return token


def two_centres(root: Path, hub: HubThread) -> tuple[Store, Store]:
    """Two workstations of the district centre (both may edit contacts, so their edits can race)."""
    c0, c1 = make_station(root, "C0", "centre"), make_station(root, "C1", "centre")
    enrol(hub, c0, "centre")
    enrol(hub, c1, "centre")
    return c0, c1


def log(store: Store, text: str) -> str:
    with store.write() as tx:
        return duty.append_entry(tx, text=text)


def synced_rows(store: Store, table: str, station=None) -> list[dict]:
    """Rows of a synced table as a comparable list; ``station`` limits them to what it may read."""
    rows = [dict(r) for r in store.query(f"SELECT * FROM {table} ORDER BY id")]
    if station is not None and authority.RULES[table].read == "owner" and station.role != "centre":
        rows = [r for r in rows if r["station"] == station.code]
    return rows


def synced_tables(store: Store) -> list[str]:
    return sorted(t for t, k in store.kinds().items() if k in ("append", "mutable"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def street_for_hub_process(root: Path) -> tuple[Path, int, Store]:
    """A hub directory with the 徐家汇 street station S1 registered, a free port for `xhduty hub serve`, and
    S1 configured to sync with it there (the hub is not started)."""
    from xhduty.hub.store import HubStore

    home, port = Path(root) / "hub", free_port()
    hub = HubStore.open(home)
    token = registry.add_station(hub.store, "S1", "street", "xujiahui")
    hub.close()
    s1 = make_station(root, "S1")
    state.configure(s1, f"http://127.0.0.1:{port}", token)
    return home, port, s1


def start_hub(home: Path, port: int, *tls: str) -> subprocess.Popen:
    """`xhduty hub serve` in its own process (``tls`` = --ssl-certfile/--ssl-keyfile arguments), once it answers."""
    proc = subprocess.Popen([sys.executable, "-m", "xhduty", "hub", "serve", "--home", str(home),
                             "--port", str(port), *tls], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"{'https' if tls else 'http'}://127.0.0.1:{port}/openapi.json"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, verify=False).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("hub did not start")
