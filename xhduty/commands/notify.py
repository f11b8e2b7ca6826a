"""`xhduty notify …`: notification runs from the command line (start, record attempts, status, send)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xhduty.commands._common import print_json, station_store
from xhduty.core.contacts import contacts
from xhduty.core.contacts import messaging
from xhduty.core.contacts import notify
from xhduty.core.store import StoreError

LIST_LIMIT = 50   # runs `notify list` shows unless told: each is read with its attempts (2,000 took 2.6 s)

def register(sub) -> None:
    p = sub.add_parser("notify", help="通知：按通知组逐一通知并跟踪确认")
    n = p.add_subparsers(dest="notify_command", required=True, metavar="操作")
    s = n.add_parser("start", help="启动一次通知，打印任务编号")
    s.add_argument("--group", required=True, help="通知组名称")
    s.add_argument("--incident", help="关联事件编号")
    s.add_argument("--text", default="", help="通知内容")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_start)
    s = n.add_parser("attempt", help="记录一次联络结果")
    s.add_argument("run")
    s.add_argument("person", help="人员编号或名单中的姓名")
    s.add_argument("--result", required=True, choices=notify.OFFICER_RESULTS,
                   help="reached=已通知 confirmed=已确认 no-answer=未接通 message=留言")
    s.add_argument("--method", choices=[*contacts.METHOD_KINDS, "unit_duty"], help="所用方式（默认名单上的下一种）")
    s.add_argument("--by", help="接听/回电的是谁：本人或其AB角的姓名（默认名单上下一个要联系的人），"
                                "如已转AB角后本人回电确认：--by 本人姓名")
    s.add_argument("--note", default="")
    s.set_defaults(handler=_attempt)
    s = n.add_parser("status", help="通知进度：每人的状态和下一种联系方式")
    s.add_argument("run")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_status)
    s = n.add_parser("list", help="通知任务列表，最新的在前")
    s.add_argument("--incident")
    shown = s.add_mutually_exclusive_group()
    shown.add_argument("--limit", type=_at_least_one, default=LIST_LIMIT, metavar="N",
                       help=f"只列最新的 N 个（默认 {LIST_LIMIT}）")
    shown.add_argument("--all", action="store_true", help="列出全部")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_list)
    s = n.add_parser("send", help="通过邮件或短信网关发送通知内容（网络不通时记录一次失败）")
    s.add_argument("run")
    s.add_argument("--channel", required=True, choices=list(notify.CHANNELS))
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_send)
    s = n.add_parser("record", help="打印通知记录 PDF")
    s.add_argument("run")
    s.add_argument("--pdf", type=Path, required=True)
    s.set_defaults(handler=_record)
    s = n.add_parser("groups", help="通知组及人数")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_groups)
    s = n.add_parser("group", help="建立或替换一个通知组（按给出的顺序）")
    s.add_argument("name")
    s.add_argument("--member", action="append", required=True,
                   help="人员姓名或编号（按通知顺序，可写多次；同名的请用编号，重名时会列出）")
    s.add_argument("--timeout", type=int, default=15, help="确认时限（分钟）")
    s.set_defaults(handler=_group)
    s = n.add_parser("settings", help="查看或设置邮件服务器和短信网关（本站专用）")
    s.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="如 smtp.host=mail.example.org、sms.url=http://…；可写多次")
    s.set_defaults(handler=_settings)


def _start(args) -> int:
    store = station_store()
    run_id = notify.start_run(store, args.group, incident_id=args.incident, text=args.text)
    if args.json:
        print_json(notify.run_status(store, run_id))
    else:
        status = notify.run_status(store, run_id)
        print(f"已启动通知：{status['group_name']}，共 {status['total']} 人（任务编号 {run_id}）")
    return 0


def _member_id(status: dict, person: str) -> str:
    """The member named ``person`` (their id or name); two members of one name are refused, listed."""
    found = [m for m in status["members"] if person in (m["person_id"], m["name"])]
    if len(found) > 1:
        listed = "；".join(f"{m['name']}（{m['unit']}，编号 {m['person_id']}）" for m in found)
        raise StoreError(f"名单中有 {len(found)} 人叫“{person}”，请用编号：{listed}")
    if not found:
        raise StoreError(f"“{person}”不在通知任务 {status['id']} 的名单中")
    return found[0]["person_id"]


def _attempt(args) -> int:
    store = station_store()
    pid = _member_id(notify.run_status(store, args.run), args.person)
    notify.record_attempt(store, args.run, pid, args.result, method=args.method, detail=args.note, by=args.by)
    _print_status(notify.run_status(store, args.run), brief=True)
    return 0


def _print_status(status: dict, brief: bool = False) -> None:
    print(f"{status['group_name']}：已确认 {status['confirmed']} / {status['total']} 人")
    if brief:
        return
    for i, m in enumerate(status["members"], start=1):
        nxt = m["next"]
        pending = nxt and m["status"] != "confirmed"
        how = f"下一步 {nxt['contact_name']} {nxt['label']} {nxt['value']}" if pending else ""
        flag = "（超时）" if m["overdue"] else ""
        print(f"{i:>3}. {m['name']:<6} {m['unit']:<12} {m['status_label']}{flag}  {how}")


def _status(args) -> int:
    status = notify.run_status(station_store(), args.run)
    if args.json:
        print_json(status)
    else:
        _print_status(status)
    return 0


def _at_least_one(text: str) -> int:
    """``--limit``'s value: a whole number ≥ 1, else argparse's error in Chinese."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"“{text}”应为不小于 1 的整数（要列出全部请用 --all）")
    return value


def _list(args) -> int:
    """The newest ``--limit`` runs (``--all``: every one), saying how many older ones are left out (on
    stderr with ``--json``, so the JSON stays whole)."""
    store = station_store()
    limit = None if args.all else args.limit
    found = [notify.run_status(store, r["id"]) for r in notify.runs(store, args.incident, limit)]
    more = notify.count_runs(store, args.incident) - len(found) if limit is not None else 0
    if args.json:
        print_json([{k: s[k] for k in ("id", "group_name", "incident_id", "created_at", "confirmed", "total")}
                    for s in found])
    else:
        for s in found:
            print(f"{s['id']}  {s['created_at'][:16]}  {s['group_name']}  已确认 {s['confirmed']}/{s['total']}")
        if not found:
            print("没有通知任务")
    if more > 0:
        print(f"另有 {more} 个更早的通知任务未列出（--limit N 列出更多，--all 列出全部）",
              file=sys.stderr if args.json else sys.stdout)
    return 0


def _send(args) -> int:
    result = notify.send_notices(station_store(), args.run, args.channel)
    if args.json:
        print_json(result)
    else:
        advice = f"。{result['error']}，请改用电话通知" if result["error"] else ""
        print(f"已发送 {result['sent']}，失败 {result['failed']}，未发送 {result['skipped']}，"
              f"无地址 {result['without_address']}{advice}")
    return 0


def _record(args) -> int:
    from xhduty.reports.contact_sheet import write_run_record

    print(write_run_record(station_store(), args.run, args.pdf))
    return 0


def _groups(args) -> int:
    found = contacts.groups(station_store())
    if args.json:
        print_json(found)
    else:
        for g in found:
            print(f"{g['name']}  {g['size']} 人  确认时限 {g['timeout_minutes']} 分钟")
    return 0


def _group(args) -> int:
    store = station_store()
    contacts.save_group(store, args.name, [contacts.find_person(store, m) for m in args.member], args.timeout)
    print(f"通知组“{args.name}”已保存，{len(args.member)} 人")
    return 0


def _settings(args) -> int:
    store = station_store()
    values = {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            raise StoreError(f"设置应写成 KEY=VALUE，而不是“{item}”")
        values[key.strip()] = value.strip()
    if values:
        messaging.save(store, values)
    for cls in (messaging.SmtpSettings, messaging.SmsSettings):
        for key, value in vars(messaging.load(store, cls)).items():
            shown = "******" if key in ("password", "token") and value else value
            print(f"{'smtp' if cls is messaging.SmtpSettings else 'sms'}.{key} = {shown}")
    return 0
