"""`xhduty plans …`: the plan library, search, matching and response checklists from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from xhduty.commands._common import print_json, station_store
from xhduty.core.plans import matching
from xhduty.core.plans import plan_search, plans, removal, thesaurus
from xhduty.core.plans.plan_file import KINDS, LEVEL_NAMES, LEVELS, dump


PLAN_REF = "预案编号（如 XH-ZX-FLOOD）、记录编号（或其末 4 位以上），或预案名称（其中只有一个预案含有的一部分即可）"


def register(sub) -> None:
    p = sub.add_parser("plans", help="应急预案：导入、浏览、检索、匹配、启动响应")
    ps = p.add_subparsers(dest="plans_command", required=True, metavar="操作")
    s = ps.add_parser("import", help="导入预案文件（.toml）或文档（.docx .doc .wps .pdf .txt .md），可给目录")
    s.add_argument("paths", nargs="*", type=Path, help="文件或目录；不给则导入内置示例预案库")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_import)
    s = ps.add_parser("list", help="预案列表")
    s.add_argument("--kind", choices=KINDS)
    s.add_argument("--hazard", help="事件类型代码（含其子类），如 N 或 A.fire")
    s.add_argument("--owner", help="编制单位")
    s.add_argument("--removed", action="store_true", help="列出已删除的预案（可用 restore 恢复）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_list)
    s = ps.add_parser("show", help="一个预案的全部内容")
    s.add_argument("plan", help=PLAN_REF)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_show)
    s = ps.add_parser("edit", help="修改预案的适用事件类型、编制单位、类别，或确认导入时推断的内容")
    s.add_argument("plan", help=PLAN_REF)
    s.add_argument("--hazards", help="事件类型代码，逗号分隔，如 A.gas,A.fire")
    s.add_argument("--owner", help="编制单位")
    s.add_argument("--kind", choices=KINDS)
    s.add_argument("--confirm", action="store_true", help="确认全部推断内容（不再标为推断）")
    s.set_defaults(handler=_edit)
    s = ps.add_parser("remove", help="从预案库删除预案（重复的、标题导入错误的）；已启动的响应仍保留；可用 restore 恢复")
    s.add_argument("plan", help=PLAN_REF)
    s.set_defaults(handler=_remove)
    s = ps.add_parser("restore", help="恢复已删除的预案")
    s.add_argument("plan", help="已删除预案的编号或名称（plans list --removed 列出）")
    s.set_defaults(handler=_restore)
    s = ps.add_parser("thesaurus", help="情景词表：列出（或 --check 校验）日常说法与预案规范用语的对应")
    s.add_argument("--check", type=Path, metavar="文件", help="只校验此词表文件，逐条报告错误")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_thesaurus)
    s = ps.add_parser("export", help="把预案写成预案文件（.toml），如给文档导入的预案补写响应分级后再导入")
    s.add_argument("plan", help=PLAN_REF)
    s.add_argument("-o", "--output", type=Path, help="写到此文件（默认打印）")
    s.set_defaults(handler=_export)
    s = ps.add_parser("search", help="全文检索（中文词、术语、短语、问句）")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=10)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_search)
    s = ps.add_parser("match", help="为事件匹配预案：给 --incident，或 --type/--level/--text；生效的预警信号自动计入")
    s.add_argument("--incident", help="事件编号")
    s.add_argument("--type", dest="type_code", help="事件类型代码，如 N.flood")
    s.add_argument("--level", choices=[*LEVELS, "U"])
    s.add_argument("--text", default="", help="事件描述")
    s.add_argument("--limit", type=int, default=8)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_match)
    s = ps.add_parser("respond", help="启动预案响应：该级响应措施成为核对清单，并记入值班日志")
    s.add_argument("plan", help=PLAN_REF)
    s.add_argument("--level", required=True, choices=LEVELS)
    s.add_argument("--incident", help="所属事件编号（可省略，如仅因预警信号启动）")
    s.add_argument("--reason", default="")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_respond)
    s = ps.add_parser("checklist", help="响应核对清单")
    s.add_argument("response", nargs="?", help="响应编号；不给则列出全部（或 --incident 的）")
    s.add_argument("--incident")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_checklist)
    s = ps.add_parser("tick", help="勾选（或 --undo 撤销）响应清单的一步，记入值班日志")
    s.add_argument("response")
    s.add_argument("step", type=int, help="第几步（从 1 起）")
    s.add_argument("--person", required=True, help="执行人")
    s.add_argument("--undo", action="store_true")
    s.set_defaults(handler=_tick)
    s = ps.add_parser("reviews", help="30 天内到期（或已过期）需评估修订的预案")
    s.add_argument("--days", type=int, default=30)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_reviews)


def _import(args) -> int:
    store = station_store()
    report = plans.import_paths(store, args.paths) if args.paths else plans.import_builtin(store)
    if args.json:
        print_json({"imported": report.imported, "errors": report.errors, "skipped": report.skipped,
                    "warnings": report.warnings, "namesakes": report.namesakes})
    else:
        actions = {"new": "新增", "updated": "更新", "unchanged": "未变"}
        for item in report.imported:
            print(f"{actions[item['action']]}  {item['code']}  {item['title']}  ← {item['file']}")
        for item in report.skipped:
            print(f"跳过  {item['file']}：{item['reason']}")
        for warning in report.namesakes + report.warnings:
            print(f"注意：{warning}", file=sys.stderr)
        for error in report.errors:
            print(f"错误：{error}", file=sys.stderr)
        print(report.summary())
    return 0 if report.ok else 1


def _list(args) -> int:
    if args.removed:
        return _list_removed(args)
    rows = plans.list_plans(station_store(), kind=args.kind, hazard=args.hazard, owner=args.owner)
    if args.json:
        print_json(rows)
    else:
        for p in rows:
            flag = ("（示例）" if "示例" not in p["title"] else "") if p["sample"] else \
                ("（推断）" if p["inferred"] else "") + ("（未结构化）" if not p["structured"] and not p["inferred"] else "")
            print(f"{p['kind']:<4} {p['code']:<20} {p['title']}{flag}  复审 {p['review_due'] or '—'}")
    return 0


def _list_removed(args) -> int:
    rows = removal.removed_plans(station_store())
    if args.json:
        print_json(rows)
    else:
        for p in rows:
            print(f"{p['updated_at'][:16].replace('T', ' ')} 删除  {removal.described(p)}")
        if not rows:
            print("没有已删除的预案")
    return 0


def _remove(args) -> int:
    store = station_store()
    plan = removal.remove_plan(store, _named(store, args.plan))
    print(f"已从预案库删除{removal.described(plan)}；已启动的响应仍保留。"
          f"如删错，可恢复：xhduty plans restore {plan['id'][-removal.SHORT_ID:]}")
    return 0


def _restore(args) -> int:
    store = station_store()
    plan = removal.restore_plan(store, removal.find_plan(store, args.plan, removed=True)["id"])
    print(f"已恢复{removal.described(plan)}到预案库")
    return 0


def _named(store, ref: str) -> str:
    """The record id of the live plan ``ref`` names, as every command that takes a plan reads it
    (:func:`removal.find_plan`; several matches are listed and refused)."""
    return removal.find_plan(store, ref)["id"]


def _show(args) -> int:
    store = station_store()
    plan = plans.get_plan(store, _named(store, args.plan))
    if args.json:
        print_json(plan)
        return 0
    guess = lambda field: "（推断）" if field in plan["inferred"] else ""  # noqa: E731
    facts = [plan["kind"], plan["code"], (plan["owner"] or "编制单位未知") + guess("owner"), plan["version"]]
    print(f"{plan['title']}（{'，'.join(f for f in facts if f)}）")
    print(f"适用事件类型：{'、'.join(plan['hazards']) or '—'}{guess('hazards')}")
    if plan["inferred"]:
        print("标（推断）的内容由导入时从文档推断，请核对：xhduty plans edit … 修改或 --confirm 确认")
    for level in plan["levels"]:
        print(f"\n{LEVEL_NAMES[level['level']]}响应{guess('levels')} — 牵头：{level['lead']}")
        print("  启动条件：" + "；".join(level["triggers"] + level.get("signals", [])))
        for n, a in enumerate(level["actions"], start=1):
            print(f"  {n}. {a['step']}（{a['unit']}{'，' + a['within'] if a['within'] else ''}）")
    if plan["notify"]:
        print("\n通知：" + "、".join(plan["notify"]))
    if plan["resources"]:
        print("资源：" + "、".join(plan["resources"]))
    for s in plan["sections"]:
        print(f"\n{'  ' * (s['depth'] - 1)}{s['heading']}\n{s['text']}")
    return 0


def _edit(args) -> int:
    hazards = [h.strip() for h in args.hazards.split(",") if h.strip()] if args.hazards is not None else None
    store = station_store()
    plan = plans.edit_plan(store, _named(store, args.plan), hazards=hazards, owner=args.owner, kind=args.kind,
                           confirm=args.confirm)
    print(f"已更新《{plan['title']}》：适用事件类型 {'、'.join(plan['hazards']) or '—'}；编制单位 {plan['owner'] or '—'}；"
          f"类别 {plan['kind']}" + (f"；仍为推断：{'、'.join(_FIELD_NAMES[f] for f in plan['inferred'])}"
                                  if plan["inferred"] else ""))
    return 0


_FIELD_NAMES = {"hazards": "适用事件类型", "levels": "响应分级", "owner": "编制单位"}


def _thesaurus(args) -> int:
    store = station_store()
    codes = plans.hazard_codes(store)
    if args.check:
        scenarios, errors = thesaurus.check_file(args.check, codes)
        for error in errors:
            print(f"错误：{error}", file=sys.stderr)
        print(f"{args.check.name}：{len(scenarios)} 个情景" + (f"，{len(errors)} 处错误（本文件不会被使用）" if errors
                                                          else "，校验通过"))
        return 1 if errors else 0
    words = thesaurus.load(codes)
    if args.json:
        print_json([{"type": s.type, "name": s.name, "everyday": s.everyday, "terms": s.terms,
                     "hazards": s.hazards, "source": s.source} for s in words.scenarios])
    else:
        for s in words.scenarios:
            print(f"{s.type:<15} {s.name}：{'、'.join(s.everyday)} → {'、'.join(s.terms)}")
        print(f"内置词表：{thesaurus.builtin_file()}\n本区增补：{thesaurus.district_file()}"
              + ("" if thesaurus.district_file().exists() else "（尚无；同格式写此文件即可增补）"))
    for error in words.errors:
        print(f"错误：{error}（有错误的词表文件未使用）", file=sys.stderr)
    return 1 if words.errors else 0


def _export(args) -> int:
    store = station_store()
    text = dump(plans.get_plan(store, _named(store, args.plan)))
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"已写出 {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def _search(args) -> int:
    hits = plan_search.search_plans(station_store(), args.query, limit=args.limit)
    if args.json:
        print_json([{k: h[k] for k in ("plan_id", "title", "section", "score", "snippet", "reasons")} for h in hits])
    else:
        for h in hits:
            print(f"{h['score']:>9.2f}  {h['title']} › {h['section'] or '（正文）'}\n           {h['snippet']}")
            if h["reasons"]:
                print("           " + "；".join(h["reasons"]))
        if not hits:
            print("没有找到")
    return 0


def _match(args) -> int:
    store = station_store()
    if args.incident:
        found = matching.match_incident(store, args.incident, limit=args.limit)
    else:
        found = matching.match(store, args.type_code, args.level, args.text, limit=args.limit)
    if args.json:
        print_json(found)
    else:
        for m in found:
            level = f"建议 {LEVEL_NAMES[m['level']]}响应" if m["level"] else "未结构化，尚无响应分级"
            level += "（响应分级为推断）" if m["level"] and "levels" in m["inferred"] else ""
            print(f"{m['score']:>3}  {m['title']}  {level}\n     " + "；".join(m["reasons"]))
        if not found:
            print("没有适用的预案")
    return 0


def _respond(args) -> int:
    store = station_store()
    response_id = matching.start_response(store, _named(store, args.plan), args.level, incident_id=args.incident,
                                            reason=args.reason)
    state = matching.checklist(store, response_id)
    if args.json:
        print_json(state)
    else:
        _print_checklist(state)
    return 0


def _print_checklist(state: dict) -> None:
    print(f"{state['id']}  《{state['plan_title']}》{LEVEL_NAMES[state['level']]}响应（牵头：{state['lead']}）"
          + ("\n  注意：该预案已从预案库删除；以下是启动响应时的步骤，响应照常进行" if state["plan_removed"] else ""))
    for s in state["steps"]:
        done = f"✓ {s['at'][11:16]} {s['person']}" if s["done"] else "□"
        print(f"  {s['no'] + 1}. {done}  {s['step']}（{s['unit']}{'，' + s['within'] if s['within'] else ''}）")
    if not state["steps"]:
        print("  本级响应在预案中没有列出处置措施，请按预案正文处置")
    print("  待通知：" + ("、".join(state["notify"]) or "（预案未列出）"))
    print("  待准备资源：" + ("、".join(state["resources"]) or "（预案未列出）"))


def _checklist(args) -> int:
    store = station_store()
    states = [matching.checklist(store, args.response)] if args.response else \
        matching.responses(store, incident_id=args.incident)
    if args.json:
        print_json(states)
    else:
        for state in states:
            _print_checklist(state)
    return 0


def _tick(args) -> int:
    print(matching.tick(station_store(), args.response, args.step - 1, person=args.person, done=not args.undo))
    return 0


def _reviews(args) -> int:
    due = plans.reviews_due(station_store(), within_days=args.days)
    if args.json:
        print_json(due)
    else:
        for p in due:
            print(f"{p['review_due']}  {p['code']}  {p['title']}")
    return 0
