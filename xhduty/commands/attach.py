"""`xhduty attach`: files on log entries, incidents, hazards, shelters and teams.

``xhduty attach add hazard:<id> photo.jpg scan.pdf`` — each file is checked (content type by magic bytes,
size limit, whole image) and stored under its SHA-256; ``list``, ``remove`` (a tombstone), ``limit``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from xhduty.commands._common import print_json, station_store
from xhduty.core import attachments
from xhduty.core.store import StoreError

# what a user types before the colon → table
TARGETS = {"log": "log_entries", "incident": "incidents", "hazard": "hazards", "shelter": "shelters",
           "team": "teams"}


def register(sub) -> None:
    p = sub.add_parser("attach", help="附件：给值班记录、突发事件、隐患、避难场所、救援队伍附加文件")
    s = p.add_subparsers(dest="attach_command", required=True, metavar="操作")
    a = s.add_parser("add", help="附加文件（照片、扫描件、PDF、Office 文档）")
    a.add_argument("target", help="记录，如 hazard:<编号>、incident:<编号>、log:<编号>、shelter:…、team:…")
    a.add_argument("files", nargs="+", type=Path)
    a.add_argument("--role", default="", choices=tuple(attachments.ROLES), help="before=整改前 after=整改后")
    a.add_argument("--note", default="")
    a.set_defaults(handler=_add)
    a = s.add_parser("list", help="列出一条记录的附件")
    a.add_argument("target")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_list)
    a = s.add_parser("remove", help="移除附件（文件保留，记录标为已删除）")
    a.add_argument("attachment")
    a.set_defaults(handler=_remove)
    a = s.add_parser("limit", help="查看或设置单个附件的大小上限（MB）")
    a.add_argument("megabytes", nargs="?", type=float)
    a.set_defaults(handler=_limit)
    a = s.add_parser("sync", help="与同步中心交换附件文件：上传待传文件，按本站方式下载未下载的文件")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_sync)
    a = s.add_parser("fetch", help="从同步中心下载一个未下载的附件")
    a.add_argument("attachment")
    a.set_defaults(handler=_fetch)
    a = s.add_parser("policy", help="查看或设置附件下载方式：all=全部自动下载 demand=需要时下载")
    a.add_argument("value", nargs="?", choices=("all", "demand"))
    a.set_defaults(handler=_policy)


def _target(text: str) -> tuple[str, str]:
    kind, _, record_id = text.partition(":")
    if kind not in TARGETS or not record_id:
        raise StoreError(f"记录应写成 类型:编号，类型为 {'、'.join(TARGETS)} 之一，例如 hazard:01M8…")
    return TARGETS[kind], record_id


def _add(args) -> int:
    store = station_store()
    table, record_id = _target(args.target)
    failed = 0
    for path in args.files:  # each file on its own: one refused file does not cost the others
        try:
            aid = attachments.attach(store, path, table, record_id, args.role, args.note)
            print(f"{aid}  {path.name}")
        except StoreError as exc:
            print(f"未附加：{exc}", file=sys.stderr)
            failed += 1
    return 2 if failed else 0


def _list(args) -> int:
    store = station_store()
    table, record_id = _target(args.target)
    rows = attachments.of_record(store, table, record_id)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(f"{r['id']}  {r['name']}  {attachments.KINDS.get(r['kind'], (r['kind'],))[0]}  {r['size']} 字节  "
              f"{attachments.ROLES[r['role']]}{'' if r['present'] else '  未下载'}")
    return 0


def _remove(args) -> int:
    attachments.remove(station_store(), args.attachment)
    print("已移除（文件仍保留在本站）")
    return 0


def _limit(args) -> int:
    store = station_store()
    if args.megabytes is not None:
        attachments.set_max_mb(store, args.megabytes)
    print(f"单个附件上限 {attachments.max_bytes(store) / 1048576:g} MB")
    return 0


def _sync(args) -> int:
    """Files only (``xhduty sync`` moves them too, after the changes)."""
    from xhduty.sync import files

    store = station_store()
    with files.connect(store) as client:
        done = files.exchange(store, client)
    if args.json:
        print_json(done)
    else:
        print(done["summary"] or "附件文件：无需传输")
    return 2 if done["failed"] else 0


def _fetch(args) -> int:
    from xhduty.sync import files

    store = station_store()
    row = store.get("attachments", args.attachment)
    if row is None:
        raise StoreError(f"没有编号为 {args.attachment} 的附件")
    if attachments.file_path(store, row["sha256"]).exists():
        print(f"{row['name']} 已在本站")
        return 0
    with files.connect(store) as client:
        files.fetch(store, client, row["sha256"], row["name"])
    print(f"已下载 {row['name']}")
    return 0


def _policy(args) -> int:
    from xhduty.sync import files

    store = station_store()
    if args.value:
        files.set_policy(store, args.value)
    print(f"附件下载方式：{files.POLICIES[files.policy(store)]}")
    return 0
