"""Attachment files between this station and its hub (the hub's side: :mod:`xhduty.hub.attachments`).

Only an attachment's metadata travels in the changes of a sync; its file goes separately, right after the
changes (:func:`exchange`, called by :func:`xhduty.sync.client.run_sync` with the same connection):

* **upload** — every file this station attached and the hub has not confirmed whole is queued (the
  queue is what :func:`queued` finds: own attachments without a row in the station-local
  ``attachment_uploads``); while offline it simply waits.  :func:`upload` asks the hub where to resume
  and sends the rest in chunks of :data:`CHUNK`, so a transfer cut off halfway never sends a byte twice.
  Uploading follows the push, so the hub already holds the record the file belongs to.
* **download** — a file whose record arrived but whose content is not here shows as 未下载; :func:`fetch`
  gets it in ranges into ``attachments/tmp/<sha256>.download`` (resuming from what is there) and puts it
  in place only when its hash is right.  Per-station policy (:func:`policy`): ``all`` fetches every file
  the station may read after each sync (the centre's default), ``demand`` only when an officer asks
  (a street's default: 未下载 with a fetch action in the window, ``xhduty attach fetch``).

Every function takes a :class:`~xhduty.sync.client.HubClient` (its address, token, proxy and CA as the
station's sync settings say; :func:`connect` makes one).  Failures are :class:`SyncError`/StoreError in
Chinese naming the file; a refused or broken file leaves nothing behind under a hash.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from xhduty.core import attachments, clock
from xhduty.core.store import Store, StoreError
from xhduty.sync import state
from xhduty.sync.client import HubClient, SyncError

CHUNK = 1024 * 1024
POLICY_KEY = "attachments.fetch"
POLICIES = {"all": "全部自动下载", "demand": "需要时下载"}


def connect(store: Store) -> HubClient:
    """A client for the hub this station syncs with, from its sync settings (address, token, proxy, CA).
    SyncError when none is set."""
    url, token = state.get(store, "hub_url"), state.get(store, "token")
    if not url or not token:
        raise SyncError("本站尚未设置同步中心：请在“同步设置”中填写地址和令牌，或运行 xhduty sync --hub 地址 --token 令牌")
    return HubClient(url, token, proxy=state.get(store, "proxy"), ca_file=state.get(store, "ca_file"), timeout=60)


def policy(store: Store) -> str:
    """``all`` or ``demand`` (station setting; by default the centre fetches all, others on demand)."""
    return store.meta(POLICY_KEY) or ("all" if store.meta("station_role") == "centre" else "demand")


def set_policy(store: Store, value: str) -> None:
    if value not in POLICIES:
        raise StoreError(f"附件下载方式应为 {'、'.join(f'{k}（{v}）' for k, v in POLICIES.items())} 之一")
    with store.write() as tx:
        tx.set_meta(POLICY_KEY, value)


def queued(store: Store) -> list[dict]:
    """This station's files the hub has not confirmed yet (present here), oldest first:
    ``{"sha256", "name", "size"}`` each."""
    rows = store.query(
        "SELECT sha256, min(name) AS name, min(size) AS size FROM attachments a WHERE station = ?"
        " AND NOT EXISTS (SELECT 1 FROM attachment_uploads u WHERE u.sha256 = a.sha256)"
        " GROUP BY sha256 ORDER BY min(created_at)", (store.station,))
    return [dict(r) for r in rows if attachments.file_path(store, r["sha256"]).exists()]


def missing(store: Store) -> list[dict]:
    """Live attachments whose file is not here (未下载), one per file: ``{"sha256", "name", "size"}``."""
    rows = store.query("SELECT sha256, min(name) AS name, min(size) AS size FROM attachments WHERE deleted = 0"
                       " GROUP BY sha256 ORDER BY min(created_at)")
    return [dict(r) for r in rows if not attachments.file_path(store, r["sha256"]).exists()]


def _request(client: HubClient, name: str, method: str, url: str, **kw) -> httpx.Response:
    """One request of a file transfer; no answer → SyncError (the file stays queued), a refusal →
    StoreError naming the file with the hub's reason."""
    try:
        response = client.http.request(method, url, **kw)
    except httpx.HTTPError as exc:
        raise SyncError(f"{name}：{client._failure(exc)}") from None
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail")
        except ValueError:
            detail = response.text[:200]
        message = detail.get("message") if isinstance(detail, dict) else detail
        raise StoreError(f"{name}：同步中心拒绝（{response.status_code}）：{message}")
    return response


def upload(store: Store, client: HubClient, sha256: str, name: str) -> int:
    """Send one file, resuming where the hub is; returns the bytes sent now.  Recorded as uploaded once
    the hub has checked its hash."""
    path = attachments.file_path(store, sha256)
    url = f"/v1/files/{sha256}/upload"
    position = _request(client, name, "GET", url).json()
    sent = 0
    if not position["complete"]:
        with open(path, "rb") as f:
            offset = position["received"]
            f.seek(offset)
            while block := f.read(CHUNK):
                _request(client, name, "PUT", url, params={"offset": offset}, content=block)
                offset += len(block)
                sent += len(block)
        _request(client, name, "POST", f"{url}/finish")
    with store.write() as tx:
        tx.put_local("attachment_uploads", {"sha256": sha256, "uploaded_at": clock.now_iso()})
    return sent


def fetch(store: Store, client: HubClient, sha256: str, name: str) -> attachments.StoredFile:
    """Get one file from the hub in ranges, resuming a cut download, and put it in place if whole."""
    part = attachments.files_dir(store) / "tmp" / f"{sha256}.download"
    part.parent.mkdir(parents=True, exist_ok=True)
    while True:
        offset = part.stat().st_size if part.exists() else 0
        response = _request(client, name, "GET", f"/v1/files/{sha256}", params={"offset": offset, "length": CHUNK})
        with open(part, "ab") as f:
            f.write(response.content)
        if offset + len(response.content) >= int(response.headers["X-File-Size"]) or not response.content:
            break
    return attachments.place_received(store, Path(part), sha256, name)


def exchange(store: Store, client: HubClient) -> dict:
    """Send every queued file; fetch every missing one if the policy is ``all``.  A file refused does not
    stop the others; the hub gone mid-way stops the transfer and leaves the rest queued.

    Returns ``{"uploaded": [names], "fetched": [names], "failed": [Chinese messages], "queued": n files
    still to send, "not_fetched": n files 未下载 here, "summary": one Chinese sentence of all that}``."""
    done = {"uploaded": [], "fetched": [], "failed": []}
    try:
        for f in queued(store):
            _transfer(done, "uploaded", f, lambda f: upload(store, client, f["sha256"], f["name"]))
        if policy(store) == "all":
            for f in missing(store):
                _transfer(done, "fetched", f, lambda f: fetch(store, client, f["sha256"], f["name"]))
    except SyncError as exc:
        done["failed"].append(f"{exc}（其余附件文件留在队列中，下次同步时续传）")
    done["queued"], done["not_fetched"] = len(queued(store)), len(missing(store))
    done["summary"] = summary(done, policy(store))
    return done


def _transfer(done: dict, key: str, f: dict, move) -> None:
    """Move one file, noting it under ``key`` or, refused or failed here, in ``failed``; the hub gone
    (SyncError) ends the whole exchange."""
    try:
        move(f)
    except SyncError:
        raise
    except StoreError as exc:
        done["failed"].append(str(exc))
    except OSError as exc:  # this station's disk
        done["failed"].append(f"{f['name']}：本站读写文件失败（{exc.strerror or exc}），下次同步时重试")
    else:
        done[key].append(f["name"])


def summary(done: dict, how: str) -> str:
    """``附件文件：上传 2 个，下载 1 个；1 个未完成：…；待上传 1 个；未下载 3 个（需要时下载）`` — what
    :func:`exchange` did, in one sentence (empty when there was nothing to do)."""
    parts = []
    if done["uploaded"] or done["fetched"]:
        parts.append(f"上传 {len(done['uploaded'])} 个，下载 {len(done['fetched'])} 个")
    if done["failed"]:
        parts.append(f"{len(done['failed'])} 个未完成：" + "；".join(done["failed"]))
    if done["queued"]:
        parts.append(f"待上传 {done['queued']} 个")
    if done["not_fetched"]:
        parts.append(f"未下载 {done['not_fetched']} 个（{POLICIES[how]}）")
    return "附件文件：" + "；".join(parts) if parts else ""
