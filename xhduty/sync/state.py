"""What a station remembers about its hub: address, token, cursors, and how the last sync went.

Everything lives in the local ``sync_state`` table, written through the store's write path, so the pull
cursor is saved in the same transaction as the rows it pulled.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from xhduty.core import clock
from xhduty.core.store import Store, StoreError, Tx

DEFAULT_INTERVAL_MINUTES = 5


def get(store: Store, key: str, default: str | None = None) -> str | None:
    row = store.one("SELECT value FROM sync_state WHERE key = ?", (key,))
    return row[0] if row and row[0] is not None else default


def put(tx: Tx, key: str, value) -> None:
    tx.put_local("sync_state", {"key": key, "value": None if value is None else str(value)})


def check(hub: str | None = None, token: str | None = None, interval_minutes: int | None = None) -> None:
    """Refuse a malformed hub address, an empty token or an interval out of range (StoreError in Chinese)."""
    if hub is not None:
        hub = hub.strip().rstrip("/")
        parts = urlsplit(hub)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"同步中心地址 {hub!r} 无效：应形如 https://hub.example:8443")
    if token is not None and not token.strip():
        raise StoreError("令牌不能为空：请填写管理员用 xhduty hub add-station 生成的令牌")
    if interval_minutes is not None and not 1 <= interval_minutes <= 1440:
        raise StoreError("自动同步间隔应为 1–1440 分钟")


def configure(store: Store, hub: str | None = None, token: str | None = None,
              interval_minutes: int | None = None, proxy: str | None = None, ca_file: str | None = None) -> None:
    """Remember the hub address, token, sync interval, proxy (``none``/``system``/URL, see
    :mod:`xhduty.sync.network`) and CA file (PEM or DER; ``""`` forgets it) — only the ones given.
    Raises StoreError (Chinese) for a malformed value or a CA file that does not exist."""
    from xhduty.sync import network

    check(hub, token, interval_minutes)
    hub = hub.strip().rstrip("/") if hub is not None else None
    proxy = network.normalized(proxy) if proxy is not None else None
    if ca_file:
        ca_file = str(Path(ca_file.strip()).expanduser().resolve())
        if not Path(ca_file).is_file():
            raise StoreError(f"CA 证书文件 {ca_file} 不存在：请选择信息部门提供的 CA 证书文件（.cer/.crt/.pem）")
    with store.write() as tx:
        if proxy is not None:
            put(tx, "proxy", proxy)
        if ca_file is not None:
            put(tx, "ca_file", ca_file or None)
        if hub is not None and hub != get(store, "hub_url"):
            put(tx, "hub_url", hub)
            put(tx, "pull_cursor", 0)       # another hub numbers its log differently
            put(tx, "pull_cursor_change", None)
        if token is not None:
            put(tx, "token", token.strip())
        if interval_minutes is not None:
            put(tx, "interval_minutes", interval_minutes)


def pending(store: Store) -> int:
    """Own changes the hub has not confirmed yet."""
    pushed = int(get(store, "pushed_seq", "0"))
    return store.one("SELECT count(*) FROM changes WHERE station = ? AND station_seq > ?",
                     (store.station, pushed))[0]


def interval_minutes(store: Store) -> int:
    return int(get(store, "interval_minutes", str(DEFAULT_INTERVAL_MINUTES)))


def status(store: Store) -> dict:
    """For `xhduty status` and the status bar: configured hub, online, last good sync, changes waiting.

    Online means the last attempt succeeded — told by its error, not by comparing the two times: after NTP
    steps a fast clock back, a failed attempt is stamped before the last good sync (issue 19.6)."""
    last_attempt, last_ok = get(store, "last_attempt_at"), get(store, "last_ok_at")
    return {
        "station": store.station,
        "hub": get(store, "hub_url"),
        "configured": bool(get(store, "hub_url") and get(store, "token")),
        "online": bool(last_attempt and last_ok) and get(store, "last_error") is None,
        "pending": pending(store),
        "waiting": waiting(store),
        "last_sync": last_ok,
        "last_attempt": last_attempt,
        "last_error": get(store, "last_error"),
        "conflicts": store.one("SELECT count(*) FROM conflicts WHERE resolved = 0")[0],
        "refused": store.one("SELECT count(*) FROM sync_refused")[0],
        "interval_minutes": interval_minutes(store),
        "proxy": _shown_proxy(get(store, "proxy", "system")),
        "ca_file": get(store, "ca_file"),
    }


def _shown_proxy(setting: str) -> str:
    if setting in ("none", "system"):
        return setting
    from xhduty.sync import network  # urllib.request: not on the window's way to its first paint

    return network.shown(setting)


def record_attempt(store: Store, error: str | None, verified: str | None = None) -> None:
    """Note how a sync ended; a success clears the last error and keeps where the digests last agreed."""
    now = clock.now_iso()
    with store.write() as tx:
        put(tx, "last_attempt_at", now)
        put(tx, "last_error", error)
        if error is None:
            put(tx, "last_ok_at", now)
            put(tx, "verified", verified)


def refusals(store: Store, limit: int = 20) -> list[dict]:
    """Own changes the hub refused for good, the latest heard of first, with its reasons (shown to the user).
    In the order they were recorded, not by ``refused_at``: the wall clock may have been stepped back."""
    return [_labelled(r) for r in store.query(
        "SELECT r.change_id, r.status, r.reason, r.refused_at, c.tbl, c.record_id FROM sync_refused r"
        " LEFT JOIN changes c USING (change_id) ORDER BY r.rowid DESC LIMIT ?", (limit,))]


def set_waiting(store: Store, items: list[dict]) -> None:
    """Replace the list of own changes the hub is holding back (``change_id``, ``reason``); writes only
    when it changed (a sync with nothing to do stays read-only here)."""
    now = [(w["change_id"], w["reason"]) for w in waiting(store)]
    if now == [(i["change_id"], i["reason"]) for i in items]:
        return
    with store.write() as tx:
        tx.execute_local("sync_waiting", "DELETE FROM sync_waiting")
        for item in items:
            tx.put_local("sync_waiting", {"change_id": item["change_id"], "reason": item["reason"],
                                          "seen_at": clock.now_iso()})


def waiting(store: Store) -> list[dict]:
    """Own changes the hub is holding back for now and why (the first of them: the rest wait behind it)."""
    return [_labelled(r) for r in store.query(
        "SELECT w.change_id, w.reason, w.seen_at, c.tbl, c.record_id, c.station_seq FROM sync_waiting w"
        " LEFT JOIN changes c USING (change_id) ORDER BY c.station_seq")]


def _labelled(row) -> dict:
    """A row naming a change's table, with the table's name for users (``table_label``)."""
    from xhduty.core.authority import label

    return {**dict(row), "table_label": label(row["tbl"]) if row["tbl"] else ""}


def stuck(st: dict) -> bool:
    """Is an own change held back by the hub (``st`` from :func:`status`)?  The status bar is never green
    then.  (Refused changes are not stuck: they are final, and listed with their reasons.)"""
    return bool(st["waiting"])
