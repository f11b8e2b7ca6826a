"""Files attached to records (log entries, incidents, hazards, shelters, teams): photos, scans, PDFs, Office.

A file lives beside the database under ``attachments/<first two hex>/<sha256>``, named by its SHA-256, so
the same photo attached twice is stored once and a changed file is detectable (:func:`verify`).  Files
are never rewritten or removed: removing an attachment is a tombstone on its ``attachments`` record.

Attaching is two steps so that a slow hash never runs inside a write transaction:

1. :func:`ingest` copies the source into a temporary file while hashing it, refuses it if it is over the
   size limit (a station setting, :func:`max_bytes`), if its content is not a supported type, if its
   content is not what its extension claims, or if it is a truncated image; only then is it moved into
   place (an atomic rename).  Nothing half-written is ever named by a hash.
2. :func:`record` writes the metadata inside the caller's ``store.write()`` transaction.

Thumbnails (``attachments/thumbs/<sha256>.png``, at most :data:`THUMB_SIZE` pixels) are derived and made by
:func:`thumbnail`, which the window calls on a worker.  Only the metadata syncs; files travel separately.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from xhduty.core.store import Store, StoreError, Tx

ATTACHABLE = {"log_entries": "值班记录", "incidents": "突发事件", "hazards": "隐患",
              "shelters": "避难场所", "teams": "救援队伍"}
ROLES = {"": "附件", "before": "整改前", "after": "整改后"}
MAX_MB_KEY = "attachments.max_mb"
DEFAULT_MAX_MB = 50
THUMB_SIZE = (320, 320)
CHUNK = 1 << 20

# kind → (label, extensions that may claim it)
KINDS = {
    "jpeg": ("JPEG 图片", (".jpg", ".jpeg", ".jfif")),
    "png": ("PNG 图片", (".png",)),
    "tiff": ("TIFF 扫描件", (".tif", ".tiff")),
    "bmp": ("BMP 图片", (".bmp",)),
    "heic": ("HEIC 照片", (".heic", ".heif")),
    "pdf": ("PDF 文档", (".pdf",)),
    "docx": ("Word 文档", (".docx",)),
    "xlsx": ("Excel 表格", (".xlsx",)),
    "pptx": ("PowerPoint 演示文稿", (".pptx",)),
    "ole": ("Office 97–2003 文档", (".doc", ".xls", ".ppt", ".wps", ".et")),
}
IMAGE_KINDS = ("jpeg", "png", "tiff", "bmp", "heic")  # decoded by Pillow (HEIC through pillow-heif)
_OOXML = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}


@dataclass(frozen=True)
class StoredFile:
    """A file in place under its hash: what :func:`record` writes as metadata."""
    sha256: str
    size: int          # bytes
    kind: str          # a key of KINDS
    name: str          # the source file's name


def files_dir(store: Store) -> Path:
    """The station's ``attachments`` folder beside its database (not created here; :func:`ingest` makes it)."""
    return store.path.parent / "attachments"


def file_path(store: Store, sha256: str) -> Path:
    """Where the file with this SHA-256 (64 hex digits) lives, ``attachments/<first two hex>/<sha256>``,
    whether or not it is there yet (a file that has not arrived by sync is missing)."""
    return files_dir(store) / sha256[:2] / sha256


def thumb_path(store: Store, sha256: str) -> Path:
    """Where the PNG thumbnail of this file goes, ``attachments/thumbs/<sha256>.png``; it exists only once
    :func:`thumbnail` has made it."""
    return files_dir(store) / "thumbs" / f"{sha256}.png"


def max_bytes(store: Store) -> int:
    """The size limit of one attachment in bytes (station setting ``attachments.max_mb``, default 50 MB)."""
    return int(float(store.meta(MAX_MB_KEY) or DEFAULT_MAX_MB) * 1024 * 1024)


def set_max_mb(store: Store, megabytes: float) -> None:
    """Set this station's size limit of one attachment, in MB (fractions allowed; read by :func:`max_bytes`).

    Raises StoreError("附件大小上限应在 0–2048 MB 之间") unless ``0 < megabytes <= 2048``.
    """
    if not 0 < megabytes <= 2048:
        raise StoreError("附件大小上限应在 0–2048 MB 之间")
    with store.write() as tx:
        tx.set_meta(MAX_MB_KEY, str(megabytes))


# ----------------------------------------------------------------------------------- content types

def sniff(head: bytes) -> str | None:
    """The kind of a file from its first bytes (magic numbers), or None.  OOXML zips say 'zip' here;
    :func:`content_kind` looks inside them."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"BM"):
        return "bmp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis"):
        return "heic"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return None


def content_kind(path: Path) -> str | None:
    """The kind of the file at ``path`` by its content; a zip counts only if it is an Office document."""
    with open(path, "rb") as f:
        kind = sniff(f.read(16))
    if kind != "zip":
        return kind
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, office in _OOXML.items():
        if any(n.startswith(prefix) for n in names):
            return office
    return None


def claimed_kind(name: str) -> str | None:
    """The kind (a key of :data:`KINDS`) that the file name's extension claims, case-insensitively, or None
    for an extension no kind lists.  ``.doc``/``.xls``/``.wps``/``.et`` … all claim ``ole``."""
    ext = Path(name).suffix.lower()
    return next((k for k, (_, exts) in KINDS.items() if ext in exts), None)


def pillow():
    """Pillow's ``Image`` module, able to open HEIC/HEIF photos too (pillow-heif's opener, registered once)."""
    from PIL import Image
    import pillow_heif

    if "HEIF" not in Image.OPEN:
        pillow_heif.register_heif_opener()
    return Image


def _check_image(path: Path, name: str) -> None:
    """Decode the whole image: a truncated or corrupt photo is refused (Pillow raises on the missing data)."""
    Image = pillow()
    try:
        with Image.open(path) as im:
            im.load()
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError … for broken files
        raise StoreError(f"{name}：图片不完整或已损坏，无法读取（{type(exc).__name__}），未保存") from exc


def _check_type(path: Path, name: str) -> str:
    actual = content_kind(path)
    claimed = claimed_kind(name)
    supported = "、".join(label for label, _ in KINDS.values())
    if actual is None:
        raise StoreError(f"{name}：文件内容不是支持的类型（{supported}），未保存")
    if claimed is None:
        raise StoreError(f"{name}：扩展名 {Path(name).suffix or '（无）'} 不是支持的类型，"
                         f"而文件内容是{KINDS[actual][0]}；请改正扩展名后再附加")
    if claimed != actual:
        raise StoreError(f"{name}：扩展名表明是{KINDS[claimed][0]}，但文件内容是{KINDS[actual][0]}，未保存")
    if actual in IMAGE_KINDS:
        _check_image(path, name)
    return actual


# ----------------------------------------------------------------------------------------- storing

def _mb(size: int) -> str:
    return f"{size / 1048576:.3g}"


def ingest(store: Store, source: Path, name: str | None = None, progress=None) -> StoredFile:
    """Copy ``source`` into the store under its SHA-256 after checking size and content (see module doc).

    ``progress(done_bytes, total_bytes)`` is called per MiB.  Raises :class:`StoreError` in Chinese naming
    the file; on any refusal nothing is left behind.
    """
    source = Path(source)
    name = name or source.name
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise StoreError(f"{name}：无法读取文件（{exc.strerror}）") from exc
    limit = max_bytes(store)
    if size > limit:
        raise StoreError(f"{name}：文件大小 {_mb(size)} MB 超过本站上限 {_mb(limit)} MB，未保存")
    if size == 0:
        raise StoreError(f"{name}：文件为空，未保存")
    root = files_dir(store)
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=root / "tmp", suffix=Path(name).suffix.lower())
    tmp = Path(tmp_name)
    try:
        digest, done = hashlib.sha256(), 0
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            while block := src.read(CHUNK):
                done += len(block)
                if done > limit:
                    raise StoreError(f"{name}：文件在读取时超过本站上限 {_mb(limit)} MB，未保存")
                digest.update(block)
                out.write(block)
                if progress:
                    progress(done, size)
            out.flush()
            os.fsync(out.fileno())
        kind = _check_type(tmp, name)
        sha = digest.hexdigest()
        target = file_path(store, sha)
        if target.exists():
            tmp.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
        return StoredFile(sha, done, kind, name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def receive_bytes(store: Store, data: bytes, sha256: str, name: str) -> StoredFile:
    """Store a file that arrived from elsewhere whole, as :func:`place_received` does."""
    root = files_dir(store)
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=root / "tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return place_received(store, Path(tmp_name), sha256, name)


def place_received(store: Store, part: Path, sha256: str, name: str) -> StoredFile:
    """Put a file received from elsewhere (the hub, a backup) in place under its hash, refusing it when its
    content is not the one its record names: a transfer that changed or lost bytes is deleted, nothing is
    left behind under a hash."""
    digest = hashlib.sha256()
    with open(part, "rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    actual = digest.hexdigest()
    if actual != sha256:
        part.unlink(missing_ok=True)
        raise StoreError(f"{name}：传输后的文件哈希与记录不符（应为 {sha256[:12]}…，实为 {actual[:12]}…），未保存")
    with open(part, "rb+") as f:
        os.fsync(f.fileno())
    target = file_path(store, sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    size = part.stat().st_size
    os.replace(part, target)
    return StoredFile(sha256, size, claimed_kind(name) or "", name)


def record_scope(store: Store, table: str, record_id: str) -> str | None:
    """Check the record exists (also inside an open transaction) and return its 街镇 (None without one)."""
    if table not in ATTACHABLE:
        raise StoreError(f"不能给 {table} 附加文件；可附加的有：{'、'.join(ATTACHABLE.values())}")
    row = store.one(f"SELECT * FROM {table} WHERE id = ?", (record_id,))
    if row is None:
        raise StoreError(f"没有编号为 {record_id} 的{ATTACHABLE[table]}")
    return row["division"] if "division" in row.keys() else None


def record(tx: Tx, stored: StoredFile, table: str, record_id: str, role: str = "", note: str = "") -> str:
    """Write the metadata of a stored file attached to ``table``/``record_id`` in the caller's transaction;
    returns the attachment's id."""
    if role not in ROLES:
        raise StoreError(f"附件用途应为 {'、'.join(ROLES.values())} 之一")
    division = record_scope(tx.store, table, record_id)
    return tx.insert("attachments", {
        "record_table": table, "record_id": record_id, "sha256": stored.sha256, "size": stored.size,
        "kind": stored.kind, "name": stored.name, "role": role, "division": division, "note": note,
    })


def attach(store: Store, source: Path, table: str, record_id: str, role: str = "", note: str = "",
           name: str | None = None) -> str:
    """Ingest ``source`` and attach it to one record (both steps); returns the attachment's id."""
    record_scope(store, table, record_id)  # before spending time on the file
    return attach_stored(store, ingest(store, source, name), table, record_id, role, note)


def attach_stored(store: Store, stored: StoredFile, table: str, record_id: str, role: str = "",
                  note: str = "") -> str:
    """Attach a file already stored (:func:`ingest`) to one record, in its own transaction; returns the
    attachment's id."""
    with store.write() as tx:
        return record(tx, stored, table, record_id, role, note)


def remove(store: Store, attachment_id: str) -> None:
    """Remove an attachment from its record: a tombstone; the file stays (history, other records)."""
    if store.get("attachments", attachment_id) is None:
        raise StoreError(f"没有编号为 {attachment_id} 的附件")
    with store.write() as tx:
        tx.delete("attachments", attachment_id)


# ----------------------------------------------------------------------------------------- reading

def of_record(store: Store, table: str, record_id: str) -> list[dict]:
    """Attachments of one record, oldest first, each with ``present`` (the file is here) and ``thumb``
    (path of its thumbnail, or None while there is none)."""
    rows = [dict(r) for r in store.query(
        "SELECT * FROM attachments WHERE record_table = ? AND record_id = ? AND deleted = 0 "
        "ORDER BY created_at, id", (table, record_id))]
    for r in rows:
        r["present"] = file_path(store, r["sha256"]).exists()
        thumb = thumb_path(store, r["sha256"])
        r["thumb"] = str(thumb) if thumb.exists() else None
        r["path"] = str(file_path(store, r["sha256"]))
    return rows


def thumbnail(store: Store, sha256: str) -> Path | None:
    """Make (once) and return the thumbnail of an image attachment; None for other files or missing ones.
    Slow for big photos: the window calls it on a worker."""
    target = thumb_path(store, sha256)
    if target.exists():
        return target
    source = file_path(store, sha256)
    if not source.exists():
        return None
    from PIL import ImageOps

    Image = pillow()
    with open(source, "rb") as f:
        if sniff(f.read(16)) not in IMAGE_KINDS:
            return None
    with Image.open(source) as im:
        im.draft("RGB", THUMB_SIZE)  # JPEG decodes at a reduced scale: a 10 MB photo in a fraction
        im = ImageOps.exif_transpose(im)
        im.thumbnail(THUMB_SIZE)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        im.convert("RGB").save(tmp, "PNG")
    os.replace(tmp, target)
    return target


def verify(store: Store) -> list[str]:
    """For `xhduty check`: every stored file whose content no longer matches its name (hash), and every
    attachment whose file is missing although this station attached it.  Messages in Chinese."""
    problems = []
    root = files_dir(store)
    if root.exists():
        for path in sorted(root.glob("[0-9a-f][0-9a-f]/*")):
            digest = hashlib.sha256()
            with open(path, "rb") as f:
                while block := f.read(CHUNK):
                    digest.update(block)
            if digest.hexdigest() != path.name:
                names = [r[0] for r in store.query(
                    "SELECT DISTINCT name FROM attachments WHERE sha256 = ?", (path.name,))]
                problems.append(f"附件文件 {path}（{'、'.join(names) or '无记录'}）的内容与其哈希不符：文件被改动或损坏")
    station = store.meta("station_code")
    for r in store.query("SELECT DISTINCT sha256, name FROM attachments WHERE station = ?", (station,)):
        if not file_path(store, r["sha256"]).exists():
            problems.append(f"本站附加的文件 {r['name']}（{r['sha256'][:12]}…）缺失")
    return problems


def copy_files(store: Store, directory: Path) -> int:
    """Backups: copy every stored file not yet in ``directory`` (same layout); returns how many were copied.
    Files never change, so an existing copy is complete (it was renamed into place after writing)."""
    copied = 0
    root = files_dir(store)
    if not root.exists():
        return 0
    for path in root.glob("[0-9a-f][0-9a-f]/*"):
        target = Path(directory) / path.parent.name / path.name
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)
        copied += 1
    return copied
