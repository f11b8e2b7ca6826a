"""`xhduty hazard`: the hazard register (隐患排查治理) from the command line.

add / list / show / step / supervise / import / export / notice (隐患整改通知书 PDF) / monthly (月度统计 PDF) /
task (两张清单) / recur-months (回潮 setting).  A hazard may be named by its id or the id's last 6+ characters.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from xhduty.commands._common import print_json, station_store
from xhduty.core import clock, refdata
from xhduty.core.hazards import hazards, listing, lists, xlsx_io


def register(sub) -> None:
    p = sub.add_parser("hazard", help="隐患排查治理：登记、整改、复核销号、督办、台账导入导出、通知书")
    s = p.add_subparsers(dest="hazard_command", required=True, metavar="操作")

    a = s.add_parser("add", help="登记隐患，打印其编号")
    a.add_argument("--found-on", default=None, help="发现日期 YYYY-MM-DD（默认今天）")
    a.add_argument("--finder", required=True, help="发现人")
    a.add_argument("--found-by", required=True, choices=hazards.FOUND_BY, help="发现方式")
    a.add_argument("--division", required=True, help="街镇（名称或代码）")
    a.add_argument("--address", required=True)
    a.add_argument("--category", required=True, choices=hazards.CATEGORIES, help="隐患类别")
    a.add_argument("--level", default="一般", choices=hazards.LEVELS)
    a.add_argument("--deadline", required=True, help="整改期限 YYYY-MM-DD")
    for opt, label in (("description", "隐患描述"), ("unit", "责任单位"), ("person", "责任人"),
                       ("phone", "联系电话"), ("measures", "整改措施")):
        a.add_argument(f"--{opt}", default="", help=label)
    a.add_argument("--by", required=True, help="登记人")
    a.add_argument("--photo", action="append", type=Path, default=[], help="整改前照片（可多次）")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_add)

    a = s.add_parser("list", help="隐患台账")
    a.add_argument("--state", default="", choices=("", "open", "overdue", "recur", *hazards.STATES),
                   help="open=未整改完成 overdue=逾期 recur=回潮，或状态代码")
    a.add_argument("--division", default="")
    a.add_argument("--category", default="")
    a.add_argument("--level", default="")
    a.add_argument("--text", default="")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_list)

    a = s.add_parser("show", help="一条隐患的全部信息：步骤、督办、附件、回潮")
    a.add_argument("hazard")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_show)

    a = s.add_parser("step", help="整改步骤：start=开始整改 rectified=整改完成（须附整改后照片） closed=复核销号")
    a.add_argument("hazard")
    a.add_argument("step", choices=tuple(hazards.STEPS))
    a.add_argument("--by", required=True, help="经办人")
    a.add_argument("--note", default="")
    a.add_argument("--photo", action="append", type=Path, default=[], help="照片（整改完成时为整改后照片）")
    a.set_defaults(handler=_step)

    a = s.add_parser("supervise", help="重大隐患挂牌督办（区中心）")
    a.add_argument("hazard")
    a.add_argument("--by", required=True, help="督办人")
    a.add_argument("--note", default="")
    a.add_argument("--lift", action="store_true", help="摘牌")
    a.set_defaults(handler=_supervise)

    a = s.add_parser("import", help="从隐患台账 .xlsx 导入新隐患（有错误时一条也不导入）")
    a.add_argument("file", type=Path)
    a.add_argument("--by", required=True, help="登记人")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_import)

    a = s.add_parser("export", help="导出隐患台账 .xlsx")
    a.add_argument("--out", required=True, type=Path)
    a.set_defaults(handler=_export)

    a = s.add_parser("notice", help="打印隐患整改通知书 PDF（含照片）")
    a.add_argument("hazard")
    a.add_argument("--out", required=True, type=Path)
    a.add_argument("--number", default="", help="文号，如 徐应急隐改〔2026〕12号")
    a.set_defaults(handler=_notice)

    a = s.add_parser("monthly", help="打印月度隐患排查治理统计 PDF")
    a.add_argument("--month", default=None, help="YYYY-MM（默认本月）")
    a.add_argument("--out", required=True, type=Path)
    a.set_defaults(handler=_monthly)

    a = s.add_parser("task", help="整治任务清单（task）和制度措施清单（measure）")
    t = a.add_subparsers(dest="task_command", required=True, metavar="操作")
    b = t.add_parser("add", help="新增一项，打印其编号")
    b.add_argument("kind", choices=tuple(lists.KINDS))
    b.add_argument("--title", required=True)
    b.add_argument("--owner", required=True, help="责任单位或责任人")
    b.add_argument("--deadline", required=True, help="完成期限 YYYY-MM-DD")
    b.add_argument("--division", default="", help="街镇；不填为全区")
    b.add_argument("--hazard", default=None, help="来源隐患编号")
    b.set_defaults(handler=_task_add)
    b = t.add_parser("list", help="列出一张清单")
    b.add_argument("kind", choices=tuple(lists.KINDS))
    b.add_argument("--json", action="store_true")
    b.set_defaults(handler=_task_list)
    b = t.add_parser("state", help="更新状态")
    b.add_argument("task")
    b.add_argument("state", choices=lists.STATES)
    b.set_defaults(handler=_task_state)

    a = s.add_parser("recur-months", help="查看或设置回潮判定月数（同一地址同类隐患在 N 个月内再次发现）")
    a.add_argument("months", nargs="?", type=int)
    a.set_defaults(handler=_recur_months)


def _add(args) -> int:
    store = station_store()
    data = {f: getattr(args, f) for f in hazards.LABELS if f != "found_on"}
    data["found_on"] = args.found_on or clock.now().date().isoformat()
    hid = hazards.register(store, data, args.by, photos=args.photo)
    h = hazards.show(store, hid)
    if args.json:
        print_json(h)
    else:
        print(hid)
        if h["recurs"]:
            earlier = "、".join(f"{r['found_on']}（{r['id']}）" for r in h["recurs"])
            print(f"注意：回潮——同一地址同类隐患 {hazards.recur_months(store)} 个月内曾登记：{earlier}", file=sys.stderr)
    return 0


def _list(args) -> int:
    store = station_store()
    rows = listing.rows(store, listing.Filter(args.state, _division(store, args.division), args.category,
                                              args.level, args.text))
    records = [dict(zip(listing.COLUMNS, r)) for r in rows]
    if args.json:
        print_json(records)
        return 0
    for r in records:
        flags = ("【督办】" if r["supervised"] else "") + ("【逾期】" if r["overdue"] else "")
        print(f"{r['id']}  {r['found_on']}  {r['division']}  {r['address']}  {r['category']}  {r['level']}  "
              f"期限 {r['deadline']}  {hazards.STATES[r['state']]}{flags}")
    print(f"共 {len(records)} 条", file=sys.stderr)
    return 0


def _division(store, value: str) -> str:
    return refdata.division_codes(store).get(value, value) if value else ""


def _show(args) -> int:
    store = station_store()
    h = hazards.show(store, args.hazard)
    if args.json:
        print_json(h)
        return 0
    print(f"隐患 {h['id']}  {h['level']}隐患  {hazards.STATES[h['state']]}"
          + ("  【挂牌督办】" if h["supervised"] else "") + ("  【逾期】" if h["overdue"] else ""))
    for f, label in hazards.LABELS.items():
        value = h["division_name"] if f == "division" else h[f]
        print(f"  {label}：{value}")
    print("  步骤：")
    for s in h["steps"]:
        print(f"    {s['at'][:16].replace('T', ' ')}  {hazards.STEP_LABELS[s['step']]}  {s['by_whom']}  {s['note']}")
    for s in h["supervisions"]:
        print(f"  {'摘牌' if s['lifted'] else '挂牌督办'}：{s['at'][:16].replace('T', ' ')} {s['by_whom']} {s['note']}")
    for a in h["attachments"]:
        print(f"  附件：{a['name']}（{a['kind']}，{a['size']} 字节{'，整改前' if a['role'] == 'before' else ''}"
              f"{'，整改后' if a['role'] == 'after' else ''}{'' if a['present'] else '，未下载'}）")
    if h["recurs"]:
        print("  回潮：" + "、".join(f"{r['found_on']}（{r['id']}）" for r in h["recurs"]))
    return 0


def _step(args) -> int:
    store = station_store()
    hazards.step(store, args.hazard, args.step, args.by, args.note, photos=args.photo)
    h = hazards.get(store, args.hazard)
    print(f"隐患 {h['id']} 现为“{hazards.STATES[h['state']]}”")
    return 0


def _supervise(args) -> int:
    store = station_store()
    hazards.supervise(store, args.hazard, args.by, args.note, lift=args.lift)
    print("已摘牌" if args.lift else "已挂牌督办")
    return 0


def _import(args) -> int:
    store = station_store()
    result = xlsx_io.import_xlsx(store, args.file, args.by)
    if args.json:
        print_json({"added": result.added, "skipped": result.skipped, "warnings": result.warnings})
        return 0
    print(f"已导入 {len(result.added)} 条隐患")
    for line in result.skipped:
        print(f"跳过：{line}", file=sys.stderr)
    for line in result.warnings:
        print(f"提示：{line}", file=sys.stderr)
    return 0


def _export(args) -> int:
    path = xlsx_io.export_xlsx(station_store(), args.out)
    print(f"隐患台账已导出到 {path}")
    return 0


def _notice(args) -> int:
    from xhduty.reports import hazard_notice

    path = hazard_notice.write(station_store(), args.hazard, args.out, number=args.number)
    print(f"隐患整改通知书已写入 {path}")
    return 0


def _monthly(args) -> int:
    from xhduty.reports import hazard_monthly

    month = date.fromisoformat(f"{args.month}-01") if args.month else clock.now().date().replace(day=1)
    path = hazard_monthly.write(station_store(), month, args.out)
    print(f"隐患排查治理月度统计已写入 {path}")
    return 0


def _task_add(args) -> int:
    print(lists.add(station_store(), args.kind, args.title, args.owner, args.deadline, args.division, args.hazard))
    return 0


def _task_list(args) -> int:
    found = lists.lines(station_store(), args.kind)
    if args.json:
        print_json(found)
        return 0
    print(lists.KINDS[args.kind])
    for t in found:
        print(f"{t['id']}  {t['title']}  责任：{t['owner']}  期限 {t['deadline']}  {t['state']}"
              f"{'【逾期】' if t['overdue'] else ''}  {t['division_name']}")
    return 0


def _task_state(args) -> int:
    lists.set_state(station_store(), args.task, args.state)
    print(f"已更新为“{args.state}”")
    return 0


def _recur_months(args) -> int:
    store = station_store()
    if args.months is not None:
        hazards.set_recur_months(store, args.months)
    print(f"回潮判定：同一地址同类隐患 {hazards.recur_months(store)} 个月内再次发现")
    return 0
