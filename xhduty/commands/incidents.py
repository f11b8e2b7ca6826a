"""`xhduty types`, `xhduty incident …`, `xhduty rules …`: incidents and the reporting clock from the command line."""

from __future__ import annotations

from pathlib import Path

from xhduty.commands._common import print_json, station_store
from xhduty.core import clock, refdata
from xhduty.core.duty import duty
from xhduty.core.incidents import incidents
from xhduty.core.incidents import report_rules
from xhduty.core.incidents import assignments


INCIDENT_HELP = "事件编号（incident list 左列，4 位以上即可）或只有一个事件含有的名称片段，如 漕溪北路"


def register(sub) -> None:
    p = sub.add_parser("types", help="事件类别和子类代码")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_types)

    p = sub.add_parser("incident", help="突发事件：立案、报告、定级、交办")
    inc = p.add_subparsers(dest="incident_command", required=True, metavar="操作")
    s = inc.add_parser("new", help="立案，打印事件及其报告时限")
    s.add_argument("--title", required=True, help="事件名称")
    s.add_argument("--type", required=True, dest="type_code", help="事件类型代码（见 xhduty types），如 A.fire")
    s.add_argument("--level", default="U", choices=["I", "II", "III", "IV", "U"], help="事件级别，U = 未定级")
    s.add_argument("--place", default="", help="事发地点")
    s.add_argument("--division", help="街镇代码，如 xujiahui")
    s.add_argument("--at", help="接报时间，如 15:10、下午3点10分、6月3日 15:10、2026-12-01 15:10（默认现在；只写时刻而晚于现在的算昨天）")
    s.add_argument("--occurred", help="事发时间，写法同 --at")
    s.add_argument("--from-entry", dest="entry_id", help="由这条来电接报记录立案（log list 左列的 6 位编号即可）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_new)
    s = inc.add_parser("report", help="报送首报/续报/终报，停止其计时")
    s.add_argument("incident", help=INCIDENT_HELP)
    s.add_argument("--stage", required=True, choices=["first", "followup", "final"])
    s.add_argument("--channel", required=True, choices=["phone", "written"])
    s.add_argument("--text", required=True)
    s.add_argument("--signed-by", default="", help="签发人")
    s.add_argument("--at", help="报送时间（已先电话报告、事后补录时），写法同 incident new --at；默认现在")
    s.add_argument("--pdf", type=Path, help="同时打印报告 PDF 到此位置")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_report)
    s = inc.add_parser("level", help="调整事件级别")
    s.add_argument("incident", help=INCIDENT_HELP)
    s.add_argument("--level", required=True, choices=["I", "II", "III", "IV", "U"])
    s.add_argument("--reason", default="")
    s.add_argument("--at", help="调整时间（已先定级、事后补录时），写法同 incident new --at；默认现在")
    s.set_defaults(handler=_level)
    s = inc.add_parser("list", help="事件列表，含下一报告时限和超时")
    s.add_argument("--open", action="store_true", help="只列未结束的事件")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_list)
    s = inc.add_parser("show", help="一个事件：时限和时间线")
    s.add_argument("incident", help=INCIDENT_HELP)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_show)
    s = inc.add_parser("task", help="交办事项")
    s.add_argument("incident", nargs="?", help="所属事件（可省略）：" + INCIDENT_HELP)
    s.add_argument("--to-unit", default="", help="承办单位")
    s.add_argument("--to-person", default="", help="承办人")
    s.add_argument("--text", required=True, help="交办内容")
    s.add_argument("--due", help="办结时限，如 17:00、下午5点、明早8点、2026-12-02 09:00（只写时刻且已过的算明天；须晚于现在）")
    s.set_defaults(handler=_task)
    s = inc.add_parser("task-done", help="办结交办事项")
    s.add_argument("task")
    s.add_argument("--result", default="")
    s.set_defaults(handler=_task_done)

    p = sub.add_parser("rules", help="报告时限规则（本地设置）")
    rules = p.add_subparsers(dest="rules_command", required=True, metavar="操作")
    s = rules.add_parser("list", help="在用的时限规则，注明哪些是默认值")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_rules_list)
    s = rules.add_parser("set", help="修改一条规则（未给出的项保持不变；空字符串表示不要求）")
    s.add_argument("--level", help="事件级别 I/II/III/IV/U")
    s.add_argument("--type", dest="type_code", help="事件类型代码（限定首报时限）")
    s.add_argument("--phone", help="电话首报分钟")
    s.add_argument("--written", help="书面首报分钟")
    s.add_argument("--followup", help="每日定时续报时间，如 08:00,17:00")
    s.add_argument("--final", help="终报小时")
    s.set_defaults(handler=_rules_set)
    s = rules.add_parser("reset", help="恢复默认")
    s.add_argument("--level")
    s.add_argument("--type", dest="type_code")
    s.set_defaults(handler=_rules_reset)


def _types(args) -> int:
    types = refdata.event_types(station_store())
    if args.json:
        print_json(types)
    else:
        for t in types:
            print(f"{'  ' if t['parent'] else ''}{t['code']:<16} {t['name']}")
    return 0


def _with_deadlines(store, incident_id: str) -> dict:
    now = clock.now()
    incident = incidents.require_incident(store, incident_id)
    incident["deadlines"] = [d.as_dict(now) for d in incidents.incident_deadlines(store, incident)]
    return incident


def _print_deadlines(incident: dict) -> None:
    for d in incident["deadlines"]:
        when = d["due"][:16].replace("T", " ") if d["due"] else "—"
        print(f"  {d['label']:<8} {when}  {d['state_name']} {d['countdown']}")


def _new(args) -> int:
    store = station_store()
    if args.entry_id:   # a short id from `log list` is enough
        args.entry_id = duty.find_entry(store, args.entry_id)["id"]
    form = incidents.prefill_from_entry(store, args.entry_id) if args.entry_id else {}
    incident_id = incidents.open_incident(
        store, title=args.title, type_code=args.type_code, level=args.level,
        place=args.place or form.get("place", ""), division=args.division,
        occurred_at=args.occurred or form.get("occurred_at"), taken_at=args.at or form.get("taken_at"),
        description=form.get("description", ""), casualties=form.get("casualties", ""),
        source=form.get("source", ""), entry_id=args.entry_id)
    incident = _with_deadlines(store, incident_id)
    if args.json:
        print_json(incident)
    else:
        print(f"已立案 {incident_id}（编号可只写末 {incidents.SHORT_ID} 位 {incident_id[-incidents.SHORT_ID:]}）："
              f"{incident['title']}")
        _print_deadlines(incident)
    return 0


def _report(args) -> int:
    store = station_store()
    incident = incidents.find_incident(store, args.incident)
    fields = incidents.report_draft(store, incident["id"], args.stage)["fields"]
    report_id = incidents.submit_report(store, incident["id"], stage=args.stage, channel=args.channel,
                                        text=args.text, fields=fields, signed_by=args.signed_by, at=args.at)
    if args.pdf:
        from xhduty.reports.incident_report import write_incident_report

        write_incident_report(store, report_id, args.pdf)
    report = incidents.get_report(store, report_id)
    if args.json:
        print_json({**report, "pdf": str(args.pdf) if args.pdf else None})
    else:
        print(f"已报送 {report['label']}（{report['at'][:16].replace('T', ' ')}）：{incident['title']}"
              + (f"，PDF {args.pdf}" if args.pdf else ""))
    return 0


def _level(args) -> int:
    store = station_store()
    incident_id = incidents.find_incident(store, args.incident)["id"]
    incidents.change_level(store, incident_id, args.level, args.reason, at=args.at)
    incident = _with_deadlines(store, incident_id)
    at = incidents.level_changes(store, incident_id)[-1]["at"]
    print(f"{incident['title']} 现为{incident['level_name']}" + (f"（{at[:16].replace('T', ' ')} 调整）" if args.at else ""))
    _print_deadlines(incident)
    return 0


def _list(args) -> int:
    found = incidents.list_incidents(station_store(), open_only=args.open)
    if args.json:
        print_json(found)
        return 0
    for inc in found:
        nxt = inc["next_deadline"]
        print(f"{inc['id'][-incidents.SHORT_ID:]} {inc['taken_at'][:16].replace('T', ' ')} "
              f"[{inc['status_name']}] {inc['level_name']} "
              f"{inc['title']}" + (f" — 下一报告 {nxt['label']} {nxt['countdown']}" if nxt else "")
              + (f" — 超时：{'、'.join(inc['overdue_reports'])}" if inc["overdue"] else ""))
    return 0


def _show(args) -> int:
    store = station_store()
    incident = _with_deadlines(store, incidents.find_incident(store, args.incident)["id"])
    incident["timeline"] = incidents.timeline(store, incident["id"])
    incident["tasks"] = assignments.list_tasks(store, incident_id=incident["id"])
    if args.json:
        print_json(incident)
        return 0
    print(f"{incident['title']}（{incident['type_name']}，{incident['level_name']}，{incident['status_name']}）")
    _print_deadlines(incident)
    for e in incident["timeline"]:
        print(f"  {e['at'][:16].replace('T', ' ')} [{e['kind_name']}] {e['text']}")
    return 0


def _task(args) -> int:
    store = station_store()
    incident_id = incidents.find_incident(store, args.incident)["id"] if args.incident else None
    print(assignments.give_task(store, instruction=args.text, owner_unit=args.to_unit,
                                owner_person=args.to_person, due_at=args.due, incident_id=incident_id))
    return 0


def _task_done(args) -> int:
    assignments.finish_task(station_store(), args.task, args.result)
    print("已办结")
    return 0


def _rules_list(args) -> int:
    found = [r.as_dict() for r in report_rules.rules(station_store())]
    if args.json:
        print_json(found)
        return 0
    for r in found:
        print(f"{r['scope']:<5} {r['key']:<15} 电话 {r['phone_minutes'] or '—'} 分  书面 {r['written_minutes'] or '—'} 分  "
              f"续报 {r['followup_times'] or '—'}  终报 {r['final_hours'] or '—'} 时  "
              f"{'（默认）' if r['is_default'] else '（本地设置）'}")
    return 0


def _scope_key(args) -> tuple[str, str]:
    from xhduty.core.store import StoreError

    if bool(args.level) == bool(args.type_code):
        raise StoreError("请用 --level 或 --type 指定一条规则（二选一）")
    return ("level", args.level) if args.level else ("type", args.type_code)


def _rules_set(args) -> int:
    store = station_store()
    scope, key = _scope_key(args)
    current = {r.id: r for r in report_rules.rules(store)}.get(f"{scope}:{key}")
    row = current.as_dict() if current else {"scope": scope, "key": key}
    for name, value in (("phone_minutes", args.phone), ("written_minutes", args.written),
                        ("followup_times", args.followup), ("final_hours", args.final)):
        if value is not None:
            row[name] = value
    report_rules.save_rules(store, [row])
    print("已保存")
    return 0


def _rules_reset(args) -> int:
    scope, key = _scope_key(args)
    print("已恢复默认" if report_rules.reset_rule(station_store(), scope, key) else "本来就是默认值")
    return 0
