"""Attachment files between this station and the hub (the hub's side: :mod:`xhduty.hub.attachments`).

Only an attachment's metadata travels in the changes of a sync; its file goes separately:

* **upload** — every file this station attached and the hub has not confirmed whole is queued (the
  queue is what :func:`queued` finds: own attachments without a row in ``attachment_uploads``); while
  offline it simply waits.  :func:`upload` asks the hub where to resume and sends the rest in chunks of
  :data:`CHUNK`, so a transfer cut off halfway never sends a byte twice.
* **download** — a file whose record arrived but whose content is not here shows as 未下载; :func:`fetch`
  gets it in ranges into ``attachments/tmp/<sha256>.download`` (resuming from what is there) and puts it
  in place only when its hash is right.  Per-station policy (:func:`policy`): ``all`` fetches every file
  the station may read (the centre's default), ``demand`` only when asked (a street's default).

Every function takes an ``httpx.Client`` whose ``base_url`` is the hub and which carries the station's
token (:func:`hub_client` makes it from the sync settings).  Failures are StoreErrors in
Chinese; a refused or broken file leaves nothing behind under a hash.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from xhduty.core import attachments, clock
from xhduty.core.store import Store, StoreError

CHUNK = 1024 * 1024
POLICY_KEY = "attachments.fetch"
POLICIES = {"all": "全部自动下载", "demand": "需要时下载"}


def hub_client(store: Store, timeout: float = 60) -> httpx.Client:
    """A client for the hub this station syncs with: its address and token as `xhduty sync` saved them
    (the station-local ``sync_state`` table).  StoreError when none is set."""
    settings = dict(store.query("SELECT key, value FROM sync_state WHERE key IN ('hub_url', 'token')"))
    if not settings.get("hub_url") or not settings.get("token"):
        raise StoreError("本站尚未设置同步中心：请先运行 xhduty sync --hub 地址 --token 令牌")
    return httpx.Client(base_url=settings["hub_url"], headers={"Authorization": f"Bearer {settings['token']}"},
                        timeout=timeout)


def policy(store: Store) -> str:
    """``all`` or ``demand`` (station setting; by default the centre fetches all, others on demand)."""
    return store.meta(POLICY_KEY) or ("all" if store.meta("station_role") == "centre" else "demand")


def set_policy(store: Store, value: str) -> None:
    if value not in POLICIES:
        raise StoreError(f"附件下载方式应为 {'、'.join(f'{k}（{v}）' for k, v in POLICIES.items())} 之一")
    with store.write() as tx:
        tx.set_meta(POLICY_KEY, value)


def queued(store: Store) -> list[dict]:
    """This station's files the hub has not confirmed yet (present here), oldest first."""
    rows = store.query(
        "SELECT sha256, min(name) AS name, min(size) AS size FROM attachments a WHERE station = ?"
        " AND NOT EXISTS (SELECT 1 FROM attachment_uploads u WHERE u.sha256 = a.sha256)"
        " GROUP BY sha256 ORDER BY min(created_at)", (store.station,))
    return [dict(r) for r in rows if attachments.file_path(store, r["sha256"]).exists()]


def missing(store: Store) -> list[dict]:
    """Live attachments whose file is not here (未下载), one per file."""
    rows = store.query("SELECT sha256, min(name) AS name, min(size) AS size FROM attachments WHERE deleted = 0"
                       " GROUP BY sha256 ORDER BY min(created_at)")
    return [dict(r) for r in rows if not attachments.file_path(store, r["sha256"]).exists()]


def _answer(response: httpx.Response, name: str) -> dict:
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail")
        except ValueError:
            detail = response.text[:200]
        message = detail.get("message") if isinstance(detail, dict) else detail
        raise StoreError(f"{name}：同步中心拒绝（{response.status_code}）：{message}")
    return response.json() if response.headers.get("content-type", "").startswith("application/json") else {}


def upload(store: Store, client: httpx.Client, sha256: str, name: str) -> int:
    """Send one file, resuming where the hub is; returns the bytes sent now.  Recorded as uploaded once
    the hub has checked its hash."""
    path = attachments.file_path(store, sha256)
    url = f"/v1/files/{sha256}/upload"
    state = _answer(client.get(url), name)
    sent = 0
    if not state["complete"]:
        with open(path, "rb") as f:
            f.seek(state["received"])
            offset = state["received"]
            while block := f.read(CHUNK):
                _answer(client.put(url, params={"offset": offset}, content=block), name)
                offset += len(block)
                sent += len(block)
        _answer(client.post(f"{url}/finish"), name)
    with store.write() as tx:
        tx.put_local("attachment_uploads", {"sha256": sha256, "uploaded_at": clock.now_iso()})
    return sent


def fetch(store: Store, client: httpx.Client, sha256: str, name: str) -> attachments.StoredFile:
    """Get one file from the hub in ranges, resuming a cut download, and put it in place if whole."""
    part = attachments.files_dir(store) / "tmp" / f"{sha256}.download"
    part.parent.mkdir(parents=True, exist_ok=True)
    while True:
        offset = part.stat().st_size if part.exists() else 0
        response = client.get(f"/v1/files/{sha256}", params={"offset": offset, "length": CHUNK})
        _answer(response, name)
        with open(part, "ab") as f:
            f.write(response.content)
        if offset + len(response.content) >= int(response.headers["X-File-Size"]) or not response.content:
            break
    return attachments.place_received(store, Path(part), sha256, name)


def exchange(store: Store, client: httpx.Client) -> dict:
    """Send every queued file; fetch every missing one if the policy is ``all``.  One file refused does not
    stop the others: it is named in ``failed``.  Returns {"uploaded": n, "fetched": n, "failed": [...]}."""
    done = {"uploaded": 0, "fetched": 0, "failed": []}
    try:
        for f in queued(store):
            try:
                upload(store, client, f["sha256"], f["name"])
                done["uploaded"] += 1
            except StoreError as exc:
                done["failed"].append(str(exc))
        if policy(store) == "all":
            for f in missing(store):
                try:
                    fetch(store, client, f["sha256"], f["name"])
                    done["fetched"] += 1
                except StoreError as exc:
                    done["failed"].append(str(exc))
    except httpx.HTTPError as exc:
        raise StoreError(f"无法连接同步中心：{type(exc).__name__}。附件文件留在本站，联网后再传。") from exc
    return done
