"""Benchmark: attachment files through the hub over loopback, with the line cut halfway.

Target (issue 17): 1 GB of attachments sync over loopback and resume after a cut with nothing sent twice.

Setup (not measured): a hub on 127.0.0.1 in this process, a street station, one hazard with ``--mb`` MB of
attachments in files of ``--file-mb`` MB (random bytes behind a PDF header).
Measured: a first ``xhduty sync`` (:func:`run_sync`: the changes, then the files), cut when half the file
bytes have gone (the transport refuses the next chunk as a dropped connection would), then a second sync
that finishes; the bytes in all upload chunks together must equal the files' total (nothing re-sent),
and every file at the hub must hash to its name.
Baseline: copying the same files on the same disk (``shutil.copyfile``), in the same run.

    python bench/hazards_transfer.py [--mb 1024] [--file-mb 32]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import httpx

from xhduty.core import attachments
from xhduty.core.hazards import hazards
from xhduty.core.store import init_station, open_store
from xhduty.hub import registry
from xhduty.hub.server import HubThread
from xhduty.sync import files, state
from xhduty.sync.client import run_sync


class CutLine(httpx.HTTPTransport):
    """Counts the bytes of every upload chunk sent; refuses the first chunk after ``cut_after`` bytes."""

    def __init__(self, cut_after: int | None):
        super().__init__()
        self.cut_after, self.sent, self.cut = cut_after, 0, False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            body = request.read()
            if self.cut_after is not None and not self.cut and self.sent + len(body) > self.cut_after:
                self.cut = True
                raise httpx.ConnectError("line cut (benchmark)")
            self.sent += len(body)
        return super().handle_request(request)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--file-mb", type=int, default=32)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="xhduty-transfer-"))
    station = open_store(root / "station" / "xhduty.db")
    init_station(station, "S-LH", "示例数据 龙华街道", "street")
    attachments.set_max_mb(station, args.file_mb + 1)
    with HubThread(root / "hub") as hub:
        state.configure(station, hub.url, registry.add_station(hub.hub.store, "S-LH", "street", "longhua"))
        hid = hazards.register(station, dict(found_on="2026-11-02", finder="示例数据", found_by="巡查",
                                             division="龙华街道", address="示例数据 地址", category="燃气",
                                             level="一般", deadline="2026-11-20"), "示例数据")
        sources = root / "sources"
        sources.mkdir()
        count = max(1, args.mb // args.file_mb)
        started = time.perf_counter()
        for i in range(count):
            path = sources / f"示例数据-{i:03d}.pdf"
            with open(path, "wb") as f:
                f.write(b"%PDF-1.4\n")
                for _ in range(args.file_mb):
                    f.write(os.urandom(1024 * 1024))
            attachments.attach(station, path, "hazards", hid)
        total = sum(f["size"] for f in files.queued(station))
        print(f"准备 {count} 个文件共 {total / 1048576:.0f} MB，用时 {time.perf_counter() - started:.0f} s（不计入测量）")

        t = time.perf_counter()
        for path in sources.iterdir():
            shutil.copyfile(path, root / "copy.tmp")
        baseline = time.perf_counter() - t
        (root / "copy.tmp").unlink()

        cut = CutLine(cut_after=total // 2)
        t = time.perf_counter()
        done = run_sync(station, transport=cut)["files"]
        if not done["failed"]:
            print("线路未断开：基准无效")
            return 1
        print(f"第一次同步：在 {cut.sent / 1048576:.0f} MB 处断线（{done['summary']}）")
        first = time.perf_counter() - t
        resume = CutLine(cut_after=None)
        t = time.perf_counter()
        done = run_sync(station, transport=resume)["files"]
        print(f"第二次同步：{done['summary']}")
        second = time.perf_counter() - t
        whole = all(hashlib.sha256(attachments.file_path(hub.hub.store, f.name).read_bytes()).hexdigest() == f.name
                    for f in attachments.files_dir(station).glob("[0-9a-f][0-9a-f]/*"))
        sent = cut.sent + resume.sent
        took = first + second
        print(f"\n{'项目':<34}{'实测':>16}{'目标':>20}")
        print(f"{'上传字节（两次合计）':<30}{sent:>16,}{total:>20,}  {'达标' if sent == total else '未达标'}（无重复发送）")
        print(f"{'断线后续传完成，中心文件哈希全部正确':<26}{str(whole and not done['failed']):>16}{'True':>20}")
        print(f"{'用时 s（第一次 + 续传）':<30}{took:>16.1f}{'—':>20}  {total / 1048576 / took:.0f} MB/s；"
              f"基线（本盘复制）{baseline:.1f} s，倍数 {took / baseline:.1f}")
    station.close()
    shutil.rmtree(root)
    return 0 if sent == total and whole and not done["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
