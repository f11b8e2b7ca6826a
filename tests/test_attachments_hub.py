"""Attachment files through the hub: metadata by sync, the file in resumable chunks — a cut transfer resumes
where the hub is and re-sends nothing, a wrong hash is refused and dropped, downloads are scoped like the
record the file is attached to."""

from __future__ import annotations

import hashlib
import os

import httpx
import pytest

from test_sync_support import enrol, free_port, make_station, running_hub
from xhduty.core import attachments
from xhduty.core.hazards import hazards
from xhduty.sync import files, state
from xhduty.sync.client import SyncError, run_sync

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
    """A 龙华 hazard with a 300 KB scan attached, synced to the hub (its record, then its file)."""
    data = b"%PDF-1.4\n" + os.urandom(300 * 1024)
    (tmp_path / "scan.pdf").write_bytes(data)
    hid = hazards.register(store, dict(found_on="2026-11-02", finder="张敏", found_by="巡查", division="龙华街道",
                                       address="龙华中路 1 号", category="燃气", level="一般",
                                       deadline="2026-11-20"), "李值班")
    attachments.attach(store, tmp_path / "scan.pdf", "hazards", hid)
    run_sync(store)
    return hashlib.sha256(data).hexdigest(), data


def unsent(hub, store, sha: str) -> None:
    """Back to the record at the hub without the file: the station has not sent it yet."""
    with store.write() as tx:
        tx.execute_local("attachment_uploads", "DELETE FROM attachment_uploads")
    attachments.file_path(hub.hub.store, sha).unlink()


def headers(token):
    return {"Authorization": f"Bearer {token}"}


def test_an_upload_cut_halfway_resumes_where_the_hub_is_and_sends_nothing_twice(district, tmp_path):
    hub, lh, tokens = district
    sha, data = attached_photo(lh, tmp_path)
    unsent(hub, lh, sha)
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
    unsent(hub, lh, sha)
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
    other_street = httpx.get(url, headers=headers(tokens["tl"]))
    assert other_street.status_code == 403 and other_street.json()["detail"] == "无权获取该文件"
    first = httpx.get(url, params={"offset": 0, "length": 1000}, headers=headers(tokens["c"]))
    rest = httpx.get(url, params={"offset": 1000}, headers=headers(tokens["c"]))
    assert first.content + rest.content == data and first.headers["X-File-Size"] == str(len(data))
    upload_by_other = httpx.get(f"{url}/upload", headers=headers(tokens["tl"]))
    assert upload_by_other.status_code == 403 and "请先同步附件记录" in upload_by_other.json()["detail"]
    assert httpx.get(url).status_code == 401


def test_the_station_queues_uploads_resumes_them_and_the_centre_fetches_all(district, tmp_path):
    hub, lh, tokens = district
    sha, data = attached_photo(lh, tmp_path)
    unsent(hub, lh, sha)
    hub_part = attachments.files_dir(hub.hub.store) / "tmp" / f"{sha}.S-LH.part"
    hub_part.write_bytes(data[:files.CHUNK // 4])  # the hub holds only the first piece of a cut transfer
    assert [f["sha256"] for f in files.queued(lh)] == [sha]
    with files.connect(lh) as client:
        assert files.upload(lh, client, sha, "scan.pdf") == len(data) - files.CHUNK // 4  # only the rest
        assert files.queued(lh) == []
        assert files.upload(lh, client, sha, "scan.pdf") == 0  # already whole at the hub

    centre = make_station(tmp_path, "C1", "centre")
    enrol(hub, centre, "centre")
    part = attachments.files_dir(centre) / "tmp" / f"{sha}.download"
    part.parent.mkdir(parents=True)
    part.write_bytes(data[:5000])  # a download cut off earlier resumes from here
    result = run_sync(centre)  # the metadata arrives, then the centre (policy all) fetches the file
    assert files.policy(centre) == "all"
    assert (result["files"]["fetched"], result["files"]["failed"]) == (["scan.pdf"], [])
    assert attachments.file_path(centre, sha).read_bytes() == data and files.missing(centre) == []
    centre.close()


def test_files_travel_with_xhduty_sync_and_wait_while_offline(district, tmp_path):
    hub, lh, tokens = district
    sha, data = attached_photo(lh, tmp_path)  # synced once: record and file
    assert files.queued(lh) == [] and attachments.file_path(hub.hub.store, sha).read_bytes() == data

    (tmp_path / "after.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    hid = lh.one("SELECT id FROM hazards")[0]
    attachments.attach(lh, tmp_path / "after.pdf", "hazards", hid, role="after")
    state.configure(lh, hub=f"http://127.0.0.1:{free_port()}")  # the hub out of reach
    with pytest.raises(SyncError, match="无法连接同步中心"):
        run_sync(lh)
    assert [f["name"] for f in files.queued(lh)] == ["after.pdf"]  # still queued, nothing lost
    state.configure(lh, hub=hub.url)
    done = run_sync(lh)["files"]
    assert (done["uploaded"], done["failed"], done["queued"]) == (["after.pdf"], [], 0)
    assert done["summary"] == "附件文件：上传 1 个，下载 0 个"

    street = make_station(tmp_path, "S-LH2", "street")  # another 龙华 station fetches on demand
    enrol(hub, street, "street", "longhua")
    done = run_sync(street)["files"]
    assert (done["fetched"], done["not_fetched"]) == ([], 2)
    assert done["summary"] == "附件文件：未下载 2 个（需要时下载）"
    street.close()


def test_a_file_the_hub_refuses_is_named_and_the_rest_still_go(district, tmp_path):
    hub, lh, tokens = district
    sha, _ = attached_photo(lh, tmp_path)
    unsent(hub, lh, sha)
    path = attachments.file_path(lh, sha)
    path.chmod(0o644)
    changed = bytearray(path.read_bytes())
    changed[100] ^= 0xFF  # the station's copy changed on disk since it was attached
    path.write_bytes(bytes(changed))
    done = run_sync(lh)["files"]
    assert done["uploaded"] == [] and len(done["failed"]) == 1
    assert done["failed"][0].startswith("scan.pdf：同步中心拒绝（422）") and "哈希不符" in done["failed"][0]
    assert done["queued"] == 1 and "1 个未完成：scan.pdf" in done["summary"]


def test_xhduty_sync_says_what_became_of_the_files(district, tmp_path, capsys, monkeypatch):
    from xhduty.cli import main

    hub, lh, tokens = district
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(5000))
    hid = hazards.register(lh, dict(found_on="2026-11-02", finder="张敏", found_by="巡查", division="龙华街道",
                                    address="龙华中路 1 号", category="燃气", level="一般", deadline="2026-11-20"),
                           "李值班")
    attachments.attach(lh, tmp_path / "scan.pdf", "hazards", hid)
    monkeypatch.setenv("XHDUTY_HOME", str(lh.path.parent))
    assert main(["sync"]) == 0
    out = capsys.readouterr().out
    assert "附件文件：上传 1 个，下载 0 个" in out
    assert main(["attach", "sync"]) == 0
    assert capsys.readouterr().out.strip() == "附件文件：无需传输"
