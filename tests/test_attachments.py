"""Attachments: stored by content hash, checked by content not name, refused with a Chinese message and
nothing half-stored; removal is a tombstone; `check` catches a changed file; backups carry the files."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile

import pytest

from xhduty.core import attachments, integrity
from xhduty.core.hazards import hazards
from xhduty.core.store import StoreError


def photo_bytes(size=(80, 60)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buf, "JPEG", quality=90)
    return buf.getvalue()


@pytest.fixture
def hazard(store):
    return hazards.register(store, dict(found_on="2026-11-02", finder="张敏", found_by="巡查", division="田林街道",
                                        address="田林路 1 号", category="消防", level="一般",
                                        deadline="2026-11-20"), "李值班")


def leftovers(store) -> list:
    root = attachments.files_dir(store)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_photo_is_stored_under_its_hash_once(store, hazard, tmp_path):
    data = photo_bytes()
    (tmp_path / "现场.jpg").write_bytes(data)
    (tmp_path / "copy.JPG").write_bytes(data)
    a = attachments.attach(store, tmp_path / "现场.jpg", "hazards", hazard, role="before")
    b = attachments.attach(store, tmp_path / "copy.JPG", "hazards", hazard)
    sha = hashlib.sha256(data).hexdigest()
    assert attachments.file_path(store, sha).read_bytes() == data
    rows = attachments.of_record(store, "hazards", hazard)
    assert [(r["id"], r["sha256"], r["kind"], r["size"], r["present"]) for r in rows] == [
        (a, sha, "jpeg", len(data), True), (b, sha, "jpeg", len(data), True)]
    assert rows[0]["division"] == "tianlin" and rows[0]["name"] == "现场.jpg"
    assert [p.name for p in leftovers(store)] == [sha]


def test_removal_is_a_tombstone_and_the_file_stays(store, hazard, tmp_path):
    (tmp_path / "a.png").write_bytes(b"")
    from PIL import Image

    Image.new("RGB", (10, 10)).save(tmp_path / "a.png")
    a = attachments.attach(store, tmp_path / "a.png", "hazards", hazard)
    attachments.remove(store, a)
    assert attachments.of_record(store, "hazards", hazard) == []
    assert store.get("attachments", a)["deleted"] == 1
    assert len(leftovers(store)) == 1


@pytest.mark.parametrize("name, data, message", [
    ("scan.jpg", b"%PDF-1.4\n...", "扩展名表明是JPEG 图片，但文件内容是PDF 文档"),
    ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100, "文件内容不是支持的类型"),
    ("report.docx", b"PK\x03\x04" + b"\x00" * 100, "文件内容不是支持的类型"),
    ("notes.txt", b"%PDF-1.4\n", "扩展名 .txt 不是支持的类型"),
    ("empty.png", b"", "文件为空"),
])
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_stored(store, hazard, tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(StoreError, match=message) as err:
        attachments.attach(store, tmp_path / name, "hazards", hazard)
    assert name in str(err.value)
    assert leftovers(store) == []
    assert store.one("SELECT count(*) FROM attachments")[0] == 0


def test_a_truncated_photo_is_refused(store, hazard, tmp_path):
    data = photo_bytes((400, 300))
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match="cut.jpg：图片不完整或已损坏"):
        attachments.attach(store, tmp_path / "cut.jpg", "hazards", hazard)
    assert leftovers(store) == []


def test_a_heic_photo_from_a_phone_is_read_checked_and_thumbnailed(store, hazard, tmp_path):
    from PIL import Image

    attachments.pillow()  # pillow-heif's opener also writes HEIC
    Image.new("RGB", (640, 480), (200, 40, 40)).save(tmp_path / "IMG_0001.HEIC")
    a = attachments.attach(store, tmp_path / "IMG_0001.HEIC", "hazards", hazard)
    row = attachments.of_record(store, "hazards", hazard)[0]
    assert (row["id"], row["kind"]) == (a, "heic")
    thumb = attachments.thumbnail(store, row["sha256"])
    with Image.open(thumb) as im:
        assert im.format == "PNG" and max(im.size) == 320 and im.getpixel((10, 10))[0] > 150
    data = (tmp_path / "IMG_0001.HEIC").read_bytes()
    (tmp_path / "cut.heic").write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match="cut.heic：图片不完整或已损坏"):
        attachments.attach(store, tmp_path / "cut.heic", "hazards", hazard)


def test_a_file_over_the_station_limit_is_refused(store, hazard, tmp_path):
    attachments.set_max_mb(store, 0.01)  # 10 KiB
    from PIL import Image

    Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3)).save(tmp_path / "big.jpg", "JPEG", quality=95)
    with pytest.raises(StoreError, match=r"big.jpg：文件大小 0.\d+ MB 超过本站上限 0.01 MB"):
        attachments.attach(store, tmp_path / "big.jpg", "hazards", hazard)
    assert leftovers(store) == []
    with pytest.raises(StoreError, match="0–2048 MB"):
        attachments.set_max_mb(store, 0)


def test_office_and_pdf_documents_are_recognised_by_content(store, hazard, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    (tmp_path / "通知.docx").write_bytes(buf.getvalue())
    (tmp_path / "文电.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n")
    attachments.attach(store, tmp_path / "通知.docx", "hazards", hazard)
    attachments.attach(store, tmp_path / "文电.pdf", "hazards", hazard)
    assert [r["kind"] for r in attachments.of_record(store, "hazards", hazard)] == ["docx", "pdf"]


def test_attaching_to_an_unknown_record_or_table_is_refused_before_reading_the_file(store, tmp_path):
    (tmp_path / "a.jpg").write_bytes(photo_bytes())
    with pytest.raises(StoreError, match="没有编号为 nope 的隐患"):
        attachments.attach(store, tmp_path / "a.jpg", "hazards", "nope")
    with pytest.raises(StoreError, match="不能给 plans 附加文件"):
        attachments.attach(store, tmp_path / "a.jpg", "plans", "x")
    assert leftovers(store) == []


def test_a_file_received_with_the_wrong_hash_is_refused(store):
    data = photo_bytes()
    with pytest.raises(StoreError, match="传输后的文件哈希与记录不符"):
        attachments.receive_bytes(store, data[:-1], hashlib.sha256(data).hexdigest(), "现场.jpg")
    assert leftovers(store) == []
    attachments.receive_bytes(store, data, hashlib.sha256(data).hexdigest(), "现场.jpg")
    assert len(leftovers(store)) == 1


def test_check_catches_a_changed_and_a_missing_file(store, hazard, tmp_path):
    (tmp_path / "a.jpg").write_bytes(photo_bytes())
    (tmp_path / "b.jpg").write_bytes(photo_bytes((90, 70)))
    attachments.attach(store, tmp_path / "a.jpg", "hazards", hazard)
    attachments.attach(store, tmp_path / "b.jpg", "hazards", hazard)
    assert integrity.check(store) == []
    rows = attachments.of_record(store, "hazards", hazard)
    path = attachments.file_path(store, rows[0]["sha256"])
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    attachments.file_path(store, rows[1]["sha256"]).unlink()
    problems = integrity.check(store)
    assert len(problems) == 2
    assert "a.jpg" in problems[0] and "内容与其哈希不符" in problems[0]
    assert "b.jpg" in problems[1] and "缺失" in problems[1]


def test_thumbnail_of_a_photo_and_none_of_a_pdf(store, hazard, tmp_path):
    (tmp_path / "a.jpg").write_bytes(photo_bytes((1600, 1200)))
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4\n")
    attachments.attach(store, tmp_path / "a.jpg", "hazards", hazard)
    attachments.attach(store, tmp_path / "b.pdf", "hazards", hazard)
    photo, pdf = attachments.of_record(store, "hazards", hazard)
    from PIL import Image

    with Image.open(attachments.thumbnail(store, photo["sha256"])) as im:
        assert max(im.size) == 320
    assert attachments.thumbnail(store, pdf["sha256"]) is None
    assert attachments.of_record(store, "hazards", hazard)[0]["thumb"]


def test_a_backup_carries_the_files(store, hazard, tmp_path):
    (tmp_path / "a.jpg").write_bytes(photo_bytes())
    attachments.attach(store, tmp_path / "a.jpg", "hazards", hazard)
    sha = attachments.of_record(store, "hazards", hazard)[0]["sha256"]
    target = store.backup(tmp_path / "bk" / "station.db")
    copy = target.parent / "attachments" / sha[:2] / sha
    assert copy.read_bytes() == (tmp_path / "a.jpg").read_bytes()
    assert attachments.copy_files(store, target.parent / "attachments") == 0  # nothing copied twice


def test_an_incident_report_prints_the_incidents_photos_as_thumbnails(on_duty, tmp_path):
    from pypdf import PdfReader

    from xhduty.core.incidents import incidents
    from xhduty.reports.incident_report import write_incident_report

    (tmp_path / "现场.jpg").write_bytes(photo_bytes((1600, 1200)))
    (tmp_path / "远景.jpg").write_bytes(photo_bytes((400, 300)))
    (tmp_path / "文电.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\n")
    iid = incidents.open_incident(on_duty, title="龙华中路燃气泄漏（示例数据）", type_code="A.fire", place="龙华中路")
    attachments.attach(on_duty, tmp_path / "现场.jpg", "incidents", iid)
    attachments.attach(on_duty, tmp_path / "文电.pdf", "incidents", iid)  # not a photo: not printed
    gone = attachments.attach(on_duty, tmp_path / "远景.jpg", "incidents", iid)
    rid = incidents.submit_report(on_duty, iid, stage="first", channel="written", text="17:05 接报，现场已疏散。")
    attachments.file_path(on_duty, on_duty.get("attachments", gone)["sha256"]).rename(tmp_path / "moved")
    pdf = write_incident_report(on_duty, rid, tmp_path / "report.pdf")
    page = PdfReader(pdf).pages[0]
    text = page.extract_text()
    assert "现场照片" in text and "附件：现场.jpg" in text and "（照片未下载到本站）" in text and "文电.pdf" not in text
    [thumb] = page.images  # a thumbnail, not the 1600×1200 photo
    assert max(thumb.image.size) == 320
