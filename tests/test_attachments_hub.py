"""Attachment files through the hub: metadata by sync, the file in resumable chunks — a cut transfer resumes
where the hub is and re-sends nothing, a wrong hash is refused and dropped, downloads are scoped like the
record the file is attached to."""

from __future__ import annotations

import hashlib
import os

import httpx
import pytest

from test_sync_support import enrol, make_station, running_hub
from xhduty.core import attachments
from xhduty.core.hazards import hazards
from xhduty.sync.client import run_sync

CHUNK = 64 * 1024


@pytest.fixture
def district(tmp_path):
    with running_hub(tmp_path) as hub:
        lh, tl, c = (make_station(tmp_path, "S-LH", "street"), make_station(tmp_path, "S-TL", "street"),
                     make_station(tmp_path, "C0", "centre"))
        tokens = {"lh": enrol(hub, lh, "street", "longhua"), "tl": enrol(hub, tl, "street", "tianlin"),
                  "c": enrol(hub, c, "centre")}
        yield hub, lh, tokens
        for s in (lh, tl, c):
            s.close()


def attached_photo(store, tmp_path) -> tuple[str, bytes]:
    """A 龙华 hazard with a 300 KB scan attached, its metadata synced to the hub."""
    data = b"%PDF-1.4\n" + os.urandom(300 * 1024)
    (tmp_path / "scan.pdf").write_bytes(data)
    hid = hazards.register(store, dict(found_on="2026-11-02", finder="张敏", found_by="巡查", division="龙华街道",
                                       address="龙华中路 1 号", category="燃气", level="一般",
                                       deadline="2026-11-20"), "李值班")
    attachments.attach(store, tmp_path / "scan.pdf", "hazards", hid)
    run_sync(store)
    return hashlib.sha256(data).hexdigest(), data


def headers(token):
    return {"Authorization": f"Bearer {token}"}


def test_an_upload_cut_halfway_resumes_where_the_hub_is_and_sends_nothing_twice(district, tmp_path):
    hub, lh, tokens = district
    sha, data = attached_photo(lh, tmp_path)
    url, h = f"{hub.url}/v1/files/{sha}", headers(tokens["lh"])
    sent = 0
    for offset in range(0, len(data) // 2, CHUNK):  # the first half, then the line drops
        chunk = data[offset:offset + CHUNK]
        assert httpx.put(f"{url}/upload", params={"offset": offset}, content=chunk, headers=h).status_code == 200
        sent += len(chunk)
    resume = httpx.get(f"{url}/upload", headers=h).json()
    assert resume == {"received": sent, "complete": False}
    stale = httpx.put(f"{url}/upload", params={"offset": 0}, content=data[:CHUNK], headers=h)
    assert stale.status_code == 409 and stale.json()["detail"]["received"] == sent  # not appended twice
    for offset in range(resume["received"], len(data), CHUNK):
        chunk = data[offset:offset + CHUNK]
        httpx.put(f"{url}/upload", params={"offset": offset}, content=chunk, headers=h).raise_for_status()
        sent += len(chunk)
    assert sent == len(data)
    assert httpx.post(f"{url}/upload/finish", headers=h).json() == {"received": len(data), "complete": True}
    assert attachments.file_path(hub.hub.store, sha).read_bytes() == data


def test_a_file_that_changed_in_transfer_is_refused_and_dropped(district, tmp_path):
    hub, lh, tokens = district
    sha, data = attached_photo(lh, tmp_path)
    url, h = f"{hub.url}/v1/files/{sha}", headers(tokens["lh"])
    bad = bytearray(data)
    bad[1000] ^= 0xFF
    for offset in range(0, len(bad), CHUNK):
        httpx.put(f"{url}/upload", params={"offset": offset}, content=bytes(bad[offset:offset + CHUNK]),
                  headers=h).raise_for_status()
    refused = httpx.post(f"{url}/upload/finish", headers=h)
    assert refused.status_code == 422 and "传输后哈希不符" in refused.json()["detail"]
    assert not attachments.file_path(hub.hub.store, sha).exists()
    assert httpx.get(f"{url}/upload", headers=h).json() == {"received": 0, "complete": False}


def test_downloads_are_scoped_like_the_record(district, tmp_path):
    hub, lh, tokens = district
    sha, data = attached_photo(lh, tmp_path)
    url = f"{hub.url}/v1/files/{sha}"
    httpx.put(f"{url}/upload", params={"offset": 0}, content=data, headers=headers(tokens["lh"])).raise_for_status()
    httpx.post(f"{url}/upload/finish", headers=headers(tokens["lh"])).raise_for_status()
    other_street = httpx.get(url, headers=headers(tokens["tl"]))
    assert other_street.status_code == 403 and other_street.json()["detail"] == "无权获取该文件"
    first = httpx.get(url, params={"offset": 0, "length": 1000}, headers=headers(tokens["c"]))
    rest = httpx.get(url, params={"offset": 1000}, headers=headers(tokens["c"]))
    assert first.content + rest.content == data and first.headers["X-File-Size"] == str(len(data))
    upload_by_other = httpx.get(f"{url}/upload", headers=headers(tokens["tl"]))
    assert upload_by_other.status_code == 403 and "请先同步附件记录" in upload_by_other.json()["detail"]
    assert httpx.get(url).status_code == 401


def test_the_station_queues_uploads_resumes_them_and_the_centre_fetches_all(district, tmp_path, capsys):
    from xhduty.core.attachments import transfer

    hub, lh, tokens = district
    sha, data = attached_photo(lh, tmp_path)
    assert [f["sha256"] for f in transfer.queued(lh)] == [sha]
    client = httpx.Client(base_url=hub.url, headers=headers(tokens["lh"]))
    first = data[:transfer.CHUNK // 4]  # a transfer cut off after its first piece
    client.put(f"/v1/files/{sha}/upload", params={"offset": 0}, content=first).raise_for_status()
    assert transfer.upload(lh, client, sha, "scan.pdf") == len(data) - len(first)  # only the rest is sent
    assert transfer.queued(lh) == []
    assert transfer.upload(lh, client, sha, "scan.pdf") == 0  # already whole at the hub

    centre = make_station(tmp_path, "C1", "centre")
    enrol(hub, centre, "centre")
    run_sync(centre)  # the metadata arrives; the file is 未下载
    assert [f["sha256"] for f in transfer.missing(centre)] == [sha] and transfer.policy(centre) == "all"
    with httpx.Client(base_url=hub.url, headers=headers(registry_token(hub, centre))) as c:
        part = attachments.files_dir(centre) / "tmp" / f"{sha}.download"
        part.parent.mkdir(parents=True)
        part.write_bytes(data[:5000])  # a download cut off earlier resumes from here
        assert transfer.exchange(centre, c) == {"uploaded": 0, "fetched": 1, "failed": []}
    assert attachments.file_path(centre, sha).read_bytes() == data and transfer.missing(centre) == []
    centre.close()


def registry_token(hub, store):
    from xhduty.sync import state

    return state.get(store, "token")
