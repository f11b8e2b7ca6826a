"""The hub's file transfer for attachments: only metadata travels in changes; the files themselves go
through these endpoints, in resumable chunks, named by their SHA-256.

Upload (a station sends a file it attached, after its ``attachments`` record reached the hub):

* ``GET  /v1/files/{sha256}/upload``            → ``{"received": n, "complete": bool}``: where to resume;
* ``PUT  /v1/files/{sha256}/upload?offset=n``   body = the next bytes (≤ :data:`MAX_CHUNK`); an offset that is
  not what the hub holds is 409 with ``received`` (so a retry after a cut re-sends nothing twice);
* ``POST /v1/files/{sha256}/upload/finish``     → the hub hashes what it received; a mismatch is 422 and
  the partial file is dropped (nothing half-stored is ever named by a hash).

Download: ``GET /v1/files/{sha256}?offset=n&length=m`` → bytes, for a station that may read a record the
file is attached to — scoped like that record: the centre reads all; a station its own; a street the
records of its 街镇; everyone the records of tables every station reads (incidents, shelters, teams).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi import Path as PathParam

from xhduty.core import attachments
from xhduty.hub.store import HubStore
from xhduty.core import authority
from xhduty.core.authority import StationInfo

MAX_CHUNK = 4 * 1024 * 1024
SHA_PATH = PathParam(..., pattern=r"^[0-9a-f]{64}$", description="the file's SHA-256, lower-case hex")


def may_read(me: StationInfo, row) -> bool:
    """Whether ``me`` may fetch the file of attachment ``row`` (scoped like the record it is attached to)."""
    if me.role == "centre" or row["station"] == me.code:
        return True
    found = authority.rule(row["record_table"])
    if found is not None and found.read == "all":
        return True
    return me.role == "street" and row["division"] is not None and row["division"] == me.division


def router(hub: HubStore, station) -> APIRouter:
    """The endpoints above; ``station`` is the app's authenticating dependency (401 without a token)."""
    r = APIRouter(prefix="/v1/files", tags=["附件文件"], responses={401: {"description": "令牌缺失或无效"}})
    not_yours = {403: {"description": "中心没有本站附加该文件的记录（请先同步附件记录）"}}
    db = hub.db
    files = db.files_dir()

    def file_path(sha256: str) -> Path:
        return files / sha256[:2] / sha256

    def own_record(sha256: str, me: StationInfo):
        row = next((r for r in db.attachments(sha256) if r["station"] == me.code), None)
        if row is None:
            raise HTTPException(403, detail=f"中心没有站点 {me.code} 附加该文件的记录：请先同步附件记录再上传文件")
        return row

    def part_path(sha256: str, me: StationInfo) -> Path:
        return files / "tmp" / f"{sha256}.{me.code}.part"

    def received(sha256: str, me: StationInfo) -> dict:
        if file_path(sha256).exists():
            return {"received": db.attachments(sha256)[0]["size"], "complete": True}
        part = part_path(sha256, me)
        return {"received": part.stat().st_size if part.exists() else 0, "complete": False}

    @r.get("/{sha256}/upload", responses=not_yours)
    def upload_state(sha256: str = SHA_PATH, me: StationInfo = Depends(station)) -> dict:
        """How much of the file the hub holds from the caller: where to resume."""
        own_record(sha256, me)
        return received(sha256, me)

    @r.put("/{sha256}/upload", responses={**not_yours, 409: {"description": "偏移与中心已收到的不符：从 received 续传"},
                                          413: {"description": "一块超过 MAX_CHUNK"},
                                          422: {"description": "超出记录的文件大小：已丢弃"}})
    async def upload_chunk(request: Request, sha256: str = SHA_PATH, offset: int = Query(..., ge=0),
                           me: StationInfo = Depends(station)) -> dict:
        """Append the next bytes at ``offset``; 409 with what the hub holds when the offset is not that."""
        row = own_record(sha256, me)
        state = received(sha256, me)
        if state["complete"]:
            return state
        if offset != state["received"]:
            raise HTTPException(409, detail={"message": f"应从第 {state['received']} 字节续传", **state})
        body = await request.body()
        if len(body) > MAX_CHUNK:
            raise HTTPException(413, detail=f"每块不超过 {MAX_CHUNK} 字节")
        if offset + len(body) > row["size"]:
            part_path(sha256, me).unlink(missing_ok=True)
            raise HTTPException(422, detail=f"文件 {row['name']} 超出其记录的大小 {row['size']} 字节，已丢弃重传")
        part = part_path(sha256, me)
        part.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "ab") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        return received(sha256, me)

    @r.post("/{sha256}/upload/finish", responses={**not_yours, 422: {"description": "哈希不符：已丢弃，请重新上传"}})
    def upload_finish(sha256: str = SHA_PATH, me: StationInfo = Depends(station)) -> dict:
        """Check the whole file against its hash and put it in place; a mismatch drops what was received."""
        row = own_record(sha256, me)
        state = received(sha256, me)
        if state["complete"]:
            return state
        part = part_path(sha256, me)
        digest = hashlib.sha256()
        with open(part, "rb") as f:
            while block := f.read(attachments.CHUNK):
                digest.update(block)
        if digest.hexdigest() != sha256:
            part.unlink(missing_ok=True)
            raise HTTPException(422, detail=f"文件 {row['name']} 传输后哈希不符（实为 {digest.hexdigest()[:12]}…），"
                                            "已丢弃，请重新上传")
        target = file_path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, target)
        return received(sha256, me)

    @r.get("/{sha256}", responses={200: {"content": {"application/octet-stream": {}}},
                                   403: {"description": "无权获取（范围同文件所附的记录）"},
                                   404: {"description": "中心没有该文件的记录，或文件尚未上传"}})
    def download(sha256: str = SHA_PATH, offset: int = Query(0, ge=0), length: int = Query(MAX_CHUNK, ge=1, le=MAX_CHUNK),
                 me: StationInfo = Depends(station)) -> Response:
        """Bytes ``offset``…``offset+length`` of a file the caller may read."""
        rows = [row for row in db.attachments(sha256) if not row["deleted"]]
        if not any(may_read(me, row) for row in rows):
            raise HTTPException(403 if rows else 404, detail="无权获取该文件" if rows else "中心没有该文件的记录")
        path = file_path(sha256)
        if not path.exists():
            raise HTTPException(404, detail="该文件尚未上传到中心")
        with open(path, "rb") as f:
            f.seek(offset)
            data = f.read(length)
        return Response(data, media_type="application/octet-stream",
                        headers={"X-File-Size": str(path.stat().st_size)})

    return r
