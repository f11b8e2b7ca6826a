"""`xhduty roster`: the duty roster (排班表) and its .xlsx import."""

from __future__ import annotations

from xhduty.commands._common import add_import, print_json, station_store
from xhduty.core.duty import roster


def register(sub) -> None:
    p = sub.add_parser("roster", help="排班表")
    rsub = p.add_subparsers(dest="roster_command", required=True, metavar="操作")
    add_import(rsub, "从 .xlsx/.xls/.et/.ods 导入排班表（列：日期 班次 带班领导 值班员 值班电话 备注）",
               lambda args: roster.preview(args.file),
               lambda args: f"已导入 {roster.import_xlsx(station_store(), args.file)} 条排班记录")
    s = rsub.add_parser("list", help="列出排班")
    s.add_argument("--from", dest="start", help="起始日期（含），如 2026-6-3、2026年6月3日")
    s.add_argument("--to", dest="end", help="截止日期（含）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_list)


def _list(args) -> int:
    start, end = (roster.parse_date(day) if day else None for day in (args.start, args.end))
    rows = roster.entries(station_store(), start, end)
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['duty_date']} {r['shift']:<4} 带班 {r['leader']}  值班 {'、'.join(r['officers'])}  {r['phone']}")
    return 0
