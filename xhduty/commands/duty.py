"""`xhduty shift`, `xhduty log`, `xhduty handover`: the duty log from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from xhduty.commands._common import print_json, station_store
from xhduty.core import dates
from xhduty.core.duty import duty
from xhduty.core.duty import handover
from xhduty.core.store import StoreError


def register(sub) -> None:
    p = sub.add_parser("shift", help="班次")
    shift_sub = p.add_subparsers(dest="shift_command", required=True, metavar="操作")
    s = shift_sub.add_parser("start", help="开始值班")
    s.add_argument("--leader", required=True, help="带班领导")
    s.add_argument("--officer", action="append", required=True, help="值班员（可写两次）")
    s.set_defaults(handler=_shift_start)
    s = shift_sub.add_parser("current", help="当前班次")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_shift_current)

    p = sub.add_parser("log", help="值班日志")
    log_sub = p.add_subparsers(dest="log_command", required=True, metavar="操作")
    s = log_sub.add_parser("add", help="新增一条值班记录，打印其编号（6 位短编号和完整编号）")
    s.add_argument("--text", required=True)
    s.add_argument("--kind", default="note", help="记录类型代码（见 xhduty log kinds）")
    s.add_argument("--significant", action="store_true", help="标为重要")
    s.add_argument("--open", action="store_true", help="待办事项：交接班时带入下一班，直到办结")
    s.add_argument("--at", help="发生时间，如 23:50、下午3点、6月3日 15:05（默认现在；不写日期或年份的按最近已过去的算）")
    s.set_defaults(handler=_log_add)
    s = log_sub.add_parser("correct", help="更正一条记录（原记录保留）")
    s.add_argument("entry", help="记录编号：log list 左列的 6 位即可")
    s.add_argument("--text", required=True)
    s.set_defaults(handler=_log_correct)
    s = log_sub.add_parser("close", help="办结一条待办事项")
    s.add_argument("entry", help="记录编号：log list 左列的 6 位即可")
    s.add_argument("--text", default="")
    s.set_defaults(handler=_log_close)
    s = log_sub.add_parser("list", help="当前班次的记录")
    s.add_argument("--json", action="store_true")
    s.add_argument("--all", action="store_true", help="所有班次")
    s.add_argument("--text", default="", help="只列出含这些关键字的记录（空格分隔，含来电接报各栏）")
    s.add_argument("--open", action="store_true", help="只列出未办结的待办事项（含往班带入的）")
    s.set_defaults(handler=_log_list)
    s = log_sub.add_parser("kinds", help="记录类型")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_log_kinds)

    p = sub.add_parser("handover", help="交接班：结束本班、开始下一班并打印交接班单；list/print 查看和补打往班交接班单")
    p.add_argument("--to", action="append", help="接班值班员（可写两次）")
    p.add_argument("--leader", help="下一班带班领导（默认不变）")
    p.add_argument("--notes", default="", help="交接事项、设备情况")
    p.add_argument("--pdf", type=Path, help="交接班单 PDF 的保存位置")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_handover)
    handover_sub = p.add_subparsers(dest="handover_command", metavar="操作")
    s = handover_sub.add_parser("list", help="往班交接记录（新的在前）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_handover_list)
    s = handover_sub.add_parser("print", help="按交接时的原样补打某一班的交接班单")
    s.add_argument("--shift", required=True, help="班次编号（见 xhduty handover list）")
    s.add_argument("--pdf", type=Path, required=True, help="PDF 的保存位置")
    s.set_defaults(handler=_handover_print)


def _shift_start(args) -> int:
    store = station_store()
    shift_id = duty.start_shift(store, args.leader, args.officer)
    shift = duty.get_shift(store, shift_id)
    print(f"已开始值班：带班领导 {shift['leader']}，值班员 {'、'.join(shift['officers'])}（班次编号 {shift_id}）")
    return 0


def _shift_current(args) -> int:
    shift = duty.current_shift(station_store())
    if args.json:
        print_json(shift)
    else:
        print(f"{shift['started_at'][:16]} 起  带班领导 {shift['leader']}  值班员 {'、'.join(shift['officers'])}"
              if shift else "当前没有在岗班次")
    return 0


def _log_add(args) -> int:
    store = station_store()
    at = dates.parse_past(args.at, what="发生时间") if args.at else None
    entry_id = duty.add_entry(store, args.text, kind=args.kind, significant=args.significant,
                              open_item=args.open, at=at)
    when = f"，发生时间 {at:%Y-%m-%d %H:%M}" if at else ""
    print(f"已记入值班日志：记录 {duty.short_id(entry_id)}（完整编号 {entry_id}）{when}", flush=True)
    return 0


def _log_correct(args) -> int:
    store = station_store()
    original = duty.find_entry(store, args.entry)
    made = duty.correct_entry(store, original["id"], args.text)
    print(f"已更正记录 {duty.short_id(original['id'])}：更正记录 {duty.short_id(made)}（完整编号 {made}），原记录保留")
    return 0


def _log_close(args) -> int:
    store = station_store()
    item = duty.find_entry(store, args.entry)
    made = duty.close_item(store, item["id"], args.text)
    print(f"已办结待办事项 {duty.short_id(item['id'])}（办结记录 {duty.short_id(made)}，完整编号 {made}）")
    return 0


def _log_list(args) -> int:
    store = station_store()
    shift = duty.current_shift(store)
    # open items carry over every shift until closed: --open lists them whichever shift wrote them
    whole_log = args.all or args.open or shift is None
    flt = duty.LogFilter(text=args.text, shift_id=None if whole_log else shift["id"], open_only=args.open,
                         station=store.station if args.open else None)
    entries = duty.list_entries(store, flt)
    if args.json:
        print_json(entries)
        return 0
    names = duty.kind_names(store)
    corrected = duty.corrected_texts(store, [e["id"] for e in entries if e["is_corrected"]])
    for e in entries:
        flag = "★" if e["is_significant"] else " "
        state = "".join((f"（已更正为：{corrected[e['id']]}）" if e["id"] in corrected else "",
                         ("（已办结）" if e["is_closed"] else "（待办）") if e["open_item"] else ""))
        print(f"{duty.short_id(e['id'])}  {e['at'][:16].replace('T', ' ')} {flag} "
              f"[{names.get(e['kind'], e['kind'])}] {e['text']}{state}")
    carried = duty.carried_over(store, shift["id"]) if not whole_log else 0
    if carried:
        print(f"另有往班带入的未办结事项 {carried} 条：xhduty log list --open")
    return 0


def _log_kinds(args) -> int:
    kinds = duty.log_kinds(station_store(), include_system=True)
    if args.json:
        print_json(kinds)
    else:
        for k in kinds:
            print(f"{k['code']:<12} {k['name']}{'（系统）' if k['system'] else ''}")
    return 0


def _handover(args) -> int:
    if not args.to:
        raise StoreError("请用 --to 写明接班值班员（可写两次）")
    from xhduty.reports.handover_sheet import sheet_pdf

    store = station_store()
    old = duty.current_shift(store)
    if old is not None:
        # the window asks for confirmation; the command names them, and the sheet prints them
        for warning in handover.summary(store, old["id"])["warnings"]:
            print(f"注意：{warning}", file=sys.stderr)
    # the sheet is rendered before the handover commits: if it cannot be, the shift stays on duty
    record = handover.hand_over(store, args.to, leader=args.leader, notes=args.notes, render=sheet_pdf)
    pdf = record.pop("rendered")
    record.pop("sheet")
    if args.pdf:
        args.pdf.parent.mkdir(parents=True, exist_ok=True)
        args.pdf.write_bytes(pdf)
        record["pdf"] = str(args.pdf)
    if args.json:
        print_json(record)
    else:
        print(f"已交接：{'、'.join(record['outgoing'])} → {'、'.join(record['incoming'])}"
              + (f"，交接班单 {args.pdf}" if args.pdf else f"（补打交接班单：xhduty handover print --shift "
                                                           f"{record['shift_id']} --pdf 文件名.pdf）"))
    return 0


def _handover_list(args) -> int:
    rows = handover.past_handovers(station_store())
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['shift_id']}  {r['started_at'][:16].replace('T', ' ')} 至 {r['at'][:16].replace('T', ' ')}  "
                  f"{'、'.join(r['outgoing'])} → {'、'.join(r['incoming'])}")
        if not rows:
            print("本站还没有交接记录")
    return 0


def _handover_print(args) -> int:
    from xhduty.reports.handover_sheet import write_handover_sheet

    path = write_handover_sheet(station_store(), args.shift, args.pdf)
    print(f"交接班单 {path}")
    return 0
