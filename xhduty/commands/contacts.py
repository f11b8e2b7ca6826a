"""`xhduty contacts …`: the contact book from the command line (import/export, search, checks, removal, sheet)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from xhduty.commands._common import add_import, print_json, station_store
from xhduty.core import clock
from xhduty.core.contacts import contacts
from xhduty.core.contacts import people_keys, removal
from xhduty.core.store import StoreError

SPELL_NOTICE = 5000   # people whose pinyin a search must spell first for it to say so (~0.5 s)


def register(sub) -> None:
    p = sub.add_parser("contacts", help="通讯录：导入导出、查找、核实、删除、打印")
    c = p.add_subparsers(dest="contacts_command", required=True, metavar="操作")
    s = add_import(c, "从 .xlsx/.xls/.et/.ods 导入（人员/单位/通知组/值班 工作表；有错则全部不导入）", _preview, _import)
    s.add_argument("--unit", help="某单位报来的本单位通讯录：导入到该单位之下（表中的部门建在其下，可无单位列），"
                                  "写名称或其中独有的一部分（如 水务局），或从区应急委起的完整路径（新单位随导入建立）")
    s = c.add_parser("export", help="导出为 .xlsx（可再导入）或 .vcf（vCard）")
    s.add_argument("file", type=Path)
    s.set_defaults(handler=_export)
    s = c.add_parser("search", help="按姓名、拼音、首字母、单位、职务或号码查找，最匹配的在前")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_search)
    s = c.add_parser("unverified", help="超过 180 天未核实的人员")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_unverified)
    s = c.add_parser("verified", help="登记某人的联系方式已核实（今天）")
    s.add_argument("person", help="人员编号、姓名或姓名中独有的一部分")
    s.set_defaults(handler=_verified)
    s = c.add_parser("remove", help="从通讯录删除人员（调离、退休）：同时退出所在通知组")
    s.add_argument("person", help="人员编号、姓名或姓名中独有的一部分")
    s.set_defaults(handler=_remove)
    s = c.add_parser("on-duty", help="登记某单位某日的值班人员")
    s.add_argument("--unit", required=True, help="单位：完整路径、名称或其中独有的一部分，如 水务局")
    s.add_argument("--name", required=True)
    s.add_argument("--phone", default="")
    s.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD，默认今天")
    s.set_defaults(handler=_on_duty)
    s = c.add_parser("skeleton", help="建立组织架构骨架：区应急委、专项指挥部、成员单位、13 个街道（镇）")
    s.set_defaults(handler=_skeleton)
    s = c.add_parser("demo", help="载入示例数据（均标注“示例数据”，号码为空号段）")
    s.set_defaults(handler=_demo)
    s = c.add_parser("sheet", help="打印通讯录 PDF")
    s.add_argument("--pdf", type=Path, required=True)
    s.set_defaults(handler=_sheet)


def _preview(args):
    from xhduty.core.contacts import xlsx_io   # openpyxl: a third of a search's time, for the commands using it

    store = station_store()
    return xlsx_io.preview(args.file, xlsx_io.unit_to_import_under(store, args.unit or ""), store)


def _import(args) -> str:
    """Import ``args.file``, under the unit ``--unit`` names when it is a unit's own list."""
    from xhduty.core.contacts import xlsx_io

    store = station_store()
    under = xlsx_io.unit_to_import_under(store, args.unit or "")
    counts = xlsx_io.import_xlsx(store, args.file, under=under)
    return (f"已导入 {args.file.name}" + (f"（到 {under} 之下）" if under else "")
            + f"：新增 {counts['added']} 人，更新 {counts['updated']} 人，"
            f"新建单位 {counts['units']} 个，通知组 {counts['groups']} 个")


def _export(args) -> int:
    from xhduty.core.contacts import xlsx_io

    store = station_store()
    suffix = args.file.suffix.lower()
    if suffix == ".xlsx":
        xlsx_io.export_xlsx(store, args.file)
    elif suffix == ".vcf":
        xlsx_io.export_vcard(store, args.file)
    else:
        raise StoreError(f"只能导出为 .xlsx 或 .vcf，而不是“{args.file.name}”")
    print(f"已导出 {len(contacts.people(store))} 人到 {args.file}")
    return 0


def _brief(p: dict) -> dict:
    return {k: p[k] for k in ("id", "name", "unit", "unit_path", "post", "role", "methods", "deputy_name",
                              "verified_on")}


def _print_people(found: list[dict], as_json: bool) -> None:
    if as_json:
        print_json([_brief(p) for p in found])
        return
    for p in found:
        methods = "  ".join(f"{contacts.METHOD_KINDS[m['kind']]} {m['value']}" for m in p["methods"])
        print(f"{p['name']}  {p['unit_path']}  {p['post']}  {methods}")
    if not found:
        print("没有找到")


def _search(args) -> int:
    """Search, saying so first when the stored pinyin keys lack many people (the first search of a large
    book, or after a large import or sync: tens of seconds, once)."""
    store = station_store()
    lacking = people_keys.pending(store)
    if lacking is not None and len(lacking.ids) >= SPELL_NOTICE:
        print(f"正在为 {len(lacking.ids)} 人建立拼音查找索引（仅此一次，之后的查找无需等待）……", file=sys.stderr)
    _print_people(contacts.search(store, args.query, args.limit), args.json)
    return 0


def _unverified(args) -> int:
    _print_people(contacts.unverified(station_store()), args.json)
    return 0


def _verified(args) -> int:
    """By id or name, as ``remove`` finds people: ``contacts unverified`` lists names, not ids."""
    store = station_store()
    found = contacts.person(store, contacts.find_person(store, args.person))
    contacts.mark_verified(store, found["id"])
    print(f"已登记 {found['name']}（{found['unit_path'] or '无单位'}）的联系方式今天已核实")
    return 0


def _remove(args) -> int:
    store = station_store()
    removed = removal.remove_person(store, contacts.find_person(store, args.person))
    print(f"已从通讯录删除 {removed['name']}（{removed['unit_path'] or '无单位'}，编号 {removed['id']}）"
          + (f"，并退出通知组：{'、'.join(removed['groups'])}" if removed["groups"] else "")
          + (f"；{'、'.join(removed['deputy_of'])} 现在没有AB角" if removed["deputy_of"] else ""))
    return 0


def _on_duty(args) -> int:
    store = station_store()
    unit_id = contacts.find_unit_by_name(store, args.unit)
    day = args.date or clock.now().date()
    contacts.set_unit_duty(store, unit_id, day, args.name, args.phone)
    print(f"已登记 {contacts.unit_paths(store)[unit_id]} {day} 的值班人员 {args.name}")
    return 0


def _skeleton(args) -> int:
    print(f"已新增 {contacts.seed_skeleton(station_store())} 个单位")
    return 0


def _demo(args) -> int:
    print(f"已载入示例数据 {contacts.load_demo(station_store())} 人（均标注“示例数据”）")
    return 0


def _sheet(args) -> int:
    from xhduty.reports.contact_sheet import write_contact_sheet

    print(write_contact_sheet(station_store(), args.pdf))
    return 0
