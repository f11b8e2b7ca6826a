"""`xhduty roster`: the duty roster (排班表) and its .xlsx import."""

from __future__ import annotations

from pathlib import Path

from xhduty.commands._common import print_json, station_store
from xhduty.core.duty import roster
from xhduty.core.tabular import show_preview, warn


def register(sub) -> None:
    p = sub.add_parser("roster", help="排班表")
    rsub = p.add_subparsers(dest="roster_command", required=True, metavar="操作")
    s = rsub.add_parser("import", help="从 .xlsx/.xls/.et/.ods 导入排班表（列：日期 班次 带班领导 值班员 值班电话 备注）")
    s.add_argument("file", type=Path)
    s.add_argument("--dry-run", action="store_true",
                   help="只预览：显示找到的表头行、列的对应、前几行、警告和错误，不导入")
    s.set_defaults(handler=_import)
    s = rsub.add_parser("list", help="列出排班")
    s.add_argument("--from", dest="start")
    s.add_argument("--to", dest="end")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_list)


def _import(args) -> int:
    seen = roster.preview(args.file)
    if args.dry_run or not seen.ok:
        return show_preview(seen, args.dry_run)
    warn(seen)
    count = roster.import_xlsx(station_store(), args.file)
    print(f"已导入 {count} 条排班记录")
    return 0


def _list(args) -> int:
    rows = roster.entries(station_store(), args.start, args.end)
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['duty_date']} {r['shift']:<4} 带班 {r['leader']}  值班 {'、'.join(r['officers'])}  {r['phone']}")
    return 0
