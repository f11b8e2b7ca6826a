"""`xhduty depot`, `xhduty item`, `xhduty stock`, `xhduty resources`: emergency resources from the command line.

Depots and items may be named by id or by exact name.  Every stock command prints the movements it booked
(``--json`` for machine-readable output); issuing more than is on hand is refused until ``--confirm``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from xhduty.commands._common import add_import, print_json, station_store
from xhduty.core import refdata
from xhduty.core.resources import assets
from xhduty.core.resources import xlsx_io
from xhduty.core.resources import resources
from xhduty.core.resources import stock
from xhduty.core.store import StoreError


def register(sub) -> None:
    p = sub.add_parser("depot", help="储备库（点）")
    s = p.add_subparsers(dest="depot_command", required=True, metavar="操作")
    a = s.add_parser("add", help="新增储备库（点），打印其编号")
    a.add_argument("--name", required=True)
    a.add_argument("--division", required=True, help="街镇（名称或代码，如 龙华街道 / longhua）")
    a.add_argument("--kind", default="储备点", choices=assets.DEPOT_KINDS)
    for opt in ("address", "keeper", "phone", "hours"):
        a.add_argument(f"--{opt}", default="")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_depot_add)
    a = s.add_parser("list", help="列出储备库（点）")
    a.add_argument("--division")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_record_list, kind="depots")

    p = sub.add_parser("item", help="物资目录")
    s = p.add_subparsers(dest="item_command", required=True, metavar="操作")
    a = s.add_parser("add", help="新增物资，打印其编号")
    a.add_argument("--name", required=True)
    a.add_argument("--unit", required=True, help="计量单位")
    a.add_argument("--class", dest="class_code", required=True, help="GB/T 38565 七位分类代码")
    a.add_argument("--spec", default="")
    a.add_argument("--pack-size", type=int, default=1)
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_item_add)
    a = s.add_parser("list", help="列出物资")
    a.add_argument("--text", default="")
    a.add_argument("--class", dest="class_code", default="")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_record_list, kind="items", division=None)
    a = s.add_parser("minimum", help="设置某库某物资的最低库存")
    a.add_argument("--depot", required=True)
    a.add_argument("--item", required=True)
    a.add_argument("--min", required=True, type=int)
    a.set_defaults(handler=_item_minimum)

    p = sub.add_parser("stock", help="库存台账：入库、出库、调拨、盘点、归还、报废")
    s = p.add_subparsers(dest="stock_command", required=True, metavar="操作")
    for name, helptext in (("receive", "入库"), ("issue", "出库"), ("transfer", "调拨"), ("count", "盘点"),
                           ("return", "归还"), ("writeoff", "报废核销")):
        a = s.add_parser(name, help=helptext)
        if name == "transfer":
            a.add_argument("--from", dest="depot", required=True, help="调出储备库")
            a.add_argument("--to", dest="to_depot", required=True, help="调入储备库")
        else:
            a.add_argument("--depot", required=True)
        a.add_argument("--item", required=True)
        if name == "count":
            a.add_argument("--counted", required=True, type=int, help="实盘数量")
        else:
            a.add_argument("--qty", required=True, type=int)
        a.add_argument("--lot", default=None if name in ("issue", "transfer", "writeoff") else "",
                       help="批次（出库不填时按先到期先出）")
        if name in ("receive", "count"):
            a.add_argument("--expires", help="有效期至 YYYY-MM-DD")
        if name == "receive":
            a.add_argument("--from", dest="party", default="", help="来源单位")
        if name in ("issue", "return"):
            a.add_argument("--to" if name == "issue" else "--from", dest="party", default="",
                           help="领用单位/人" if name == "issue" else "归还单位/人")
            a.add_argument("--incident", help="事件编号：出库记入事件时间线和值班日志")
        if name in ("issue", "transfer", "writeoff"):
            a.add_argument("--confirm", action="store_true", help="库存不足时仍然出库（库存显示为负）")
        a.add_argument("--person", default=None, help="经办人（默认当班值班员）")
        a.add_argument("--reason", default="", required=name == "writeoff")
        a.add_argument("--json", action="store_true")
        a.set_defaults(handler=_movement, movement=name)
    a = s.add_parser("list", help="现有库存（按库、物资、批次）")
    a.add_argument("--depot")
    a.add_argument("--item")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_stock_list)
    a = s.add_parser("expiry-days", help="查看或设置临期提醒天数（批次在这么多天内到期即提醒）")
    a.add_argument("days", nargs="?", type=int)
    a.set_defaults(handler=_expiry_days)
    a = s.add_parser("card", help="物资库存卡（每一笔出入库）")
    a.add_argument("--item", required=True)
    a.add_argument("--depot")
    a.add_argument("--pdf", type=Path, help="另存为 PDF")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_stock_card)

    p = sub.add_parser("resources", help="应急资源：导入导出、就近查找、队伍与避难场所")
    s = p.add_subparsers(dest="resources_command", required=True, metavar="操作")
    add_import(s, "从 .xlsx/.xls/.et/.ods 导入全部资源（格式见 docs/resources-xlsx.md）",
               lambda args: xlsx_io.preview(station_store(), args.file), _import)
    a = s.add_parser("export", help="把全部资源导出为 .xlsx")
    a.add_argument("file", type=Path)
    a.set_defaults(handler=_export)
    a = s.add_parser("print", help="打印库存清单 PDF")
    a.add_argument("file", type=Path)
    a.set_defaults(handler=_print)
    a = s.add_parser("list", help=f"列出登记的资源（{', '.join(assets.KINDS)}）")
    a.add_argument("kind", choices=list(assets.KINDS))
    a.add_argument("--text", default="")
    a.add_argument("--division")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_record_list)
    a = s.add_parser("add", help="登记一条资源：字段写成 名称=值（字段名见 docs/resources-xlsx.md）")
    a.add_argument("kind", choices=list(assets.KINDS))
    a.add_argument("fields", nargs="+", metavar="字段=值")
    a.add_argument("--id", help="修改这条记录，而不是新增")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_record_add)
    a = s.add_parser("available", help="就近可用：本街镇、相邻街镇、其他街镇的物资、队伍和避难场所")
    where = a.add_mutually_exclusive_group(required=True)
    where.add_argument("--division")
    where.add_argument("--incident")
    a.add_argument("--text", default="", help="只看名称含这些字的")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=_available)
    a = s.add_parser("dispatch-team", help="调派队伍到事件（记入事件时间线和值班日志）")
    a.add_argument("--incident", required=True)
    a.add_argument("--team", required=True)
    a.add_argument("--note", default="")
    a.set_defaults(handler=_dispatch_team)
    a = s.add_parser("neighbours", help="查看或修改相邻街镇（用于就近排序）")
    a.add_argument("division")
    a.add_argument("--set", help="相邻街镇，用逗号分隔")
    a.set_defaults(handler=_neighbours)


# -------------------------------------------------------------------------------------------- records

def _depot_add(args) -> int:
    fields = {k: getattr(args, k) for k in ("name", "division", "kind", "address", "keeper", "phone", "hours")}
    return _saved(station_store(), "depots", fields, args.json)


def _item_add(args) -> int:
    fields = {"name": args.name, "unit": args.unit, "class_code": args.class_code, "spec": args.spec,
              "pack_size": args.pack_size}
    return _saved(station_store(), "items", fields, args.json)


def _record_add(args) -> int:
    rk = assets.kind(args.kind)
    by_name = {f.label: f.key for f in rk.fields} | {f.key: f.key for f in rk.fields}
    fields = dict(assets.get(station_store(), args.kind, args.id) or {}) if args.id else {}
    for pair in args.fields:
        name, sep, value = pair.partition("=")
        if not sep or name not in by_name:
            raise StoreError(f"「{pair}」应写成 字段=值；{rk.label}的字段：{'、'.join(f.label for f in rk.fields)}")
        fields[by_name[name]] = value
    return _saved(station_store(), args.kind, fields, args.json, args.id)


def _saved(store, kind: str, fields: dict, as_json: bool, record_id: str | None = None) -> int:
    rid, _ = assets.save(store, kind, fields, record_id)
    if as_json:
        print_json(assets.get(store, kind, rid))
    else:
        record = assets.get(store, kind, rid)
        print(f"已保存{assets.kind(kind).label}「{record.get('name', '')}」（编号 {rid}）")
    return 0


def _record_list(args) -> int:
    store = station_store()
    division = getattr(args, "division", None)
    rows = assets.records(store, args.kind, getattr(args, "text", ""),
                          refdata.division_codes(store).get(division, division) if division else None,
                          getattr(args, "class_code", ""))
    if args.json:
        print_json(rows)
        return 0
    rk = assets.kind(args.kind)
    for r in rows:
        print(r["id"], "  ".join(str(r.get("division_name") if f.kind == "division" else r[f.key])
                                 for f in rk.fields[:6] if r[f.key] not in ("", None)))
    return 0


def _item_minimum(args) -> int:
    store = station_store()
    depot, item = assets.find(store, "depots", args.depot), assets.find(store, "items", args.item)
    resources.set_minimum(store, depot["id"], item["id"], args.min)
    print(f"{depot['name']}「{item['name']}」最低库存 {args.min}{item['unit']}")
    return 0


# ---------------------------------------------------------------------------------------------- stock

def _movement(args) -> int:
    store = station_store()
    depot = assets.find(store, "depots", args.depot)["id"]
    item = assets.find(store, "items", args.item)["id"]
    person = args.person if args.person is not None else resources.on_duty_name(store)
    try:
        moved = _book(store, args, depot, item, person)
    except stock.Shortage as exc:
        print(f"错误：{exc}（加 --confirm 确认）", file=sys.stderr)
        return 3
    if args.json:
        print_json(moved)
    else:
        for m in moved:
            print(f"{stock.MOVEMENT_KINDS[m['kind']]} {m['qty']:+d} 批次「{m['lot']}」 {m['id']}")
    return 0


def _book(store, args, depot: str, item: str, person: str) -> list[dict]:
    kind = args.movement
    to = assets.find(store, "depots", args.to_depot)["id"] if kind == "transfer" else None
    return resources.book(store, kind, depot, item, args.counted if kind == "count" else args.qty,
                          lot=args.lot or "", expires=getattr(args, "expires", None), party=getattr(args, "party", ""),
                          person=person, reason=args.reason, to_depot=to, incident_id=getattr(args, "incident", None),
                          confirm=getattr(args, "confirm", False))


def _stock_list(args) -> int:
    store = station_store()
    depot = assets.find(store, "depots", args.depot)["id"] if args.depot else None
    item = assets.find(store, "items", args.item)["id"] if args.item else None
    rows = stock.on_hand(store, depot, item)
    if args.json:
        print_json(rows)
        return 0
    for r in stock.inventory(store, depot_id=depot):
        if item is None or r["item_id"] == item:
            marks = [word for key, word in (("expired", "已过期"), ("expiring", "临期"), ("low", "低于最低库存"))
                     if r[key]]
            print(f"{r['depot_name']}  {r['item_name']}  批次「{r['lot']}」 {r['expires'] or ''}  "
                  f"{r['qty']}{r['unit']}" + (f"  [{'，'.join(marks)}]" if marks else ""))
    return 0


def _expiry_days(args) -> int:
    store = station_store()
    if args.days is not None:
        stock.set_expiry_days(store, args.days)
    print(f"临期提醒：{stock.expiry_days(store)} 天内到期的批次")
    return 0


def _stock_card(args) -> int:
    store = station_store()
    item = assets.find(store, "items", args.item)["id"]
    depot = assets.find(store, "depots", args.depot)["id"] if args.depot else None
    if args.pdf:
        from xhduty.reports.inventory import write_stock_card

        print(write_stock_card(store, args.pdf, item, depot))
        return 0
    card = stock.stock_card(store, item, depot)
    if args.json:
        print_json(card)
    else:
        for m in card:
            print(f"{m['at'][:16].replace('T', ' ')} {m['depot_name']} {m['kind_name']} {m['qty']:+d} "
                  f"结存 {m['balance']} {m['person']} {m['party']} {m['reason']}")
    return 0


# ------------------------------------------------------------------------------------ whole inventory

def _import(args) -> str:
    counts = xlsx_io.import_xlsx(station_store(), args.file)
    labels = {t: k.label for t, k in assets.KINDS.items()} | {"stock_minimums": "最低库存",
                                                                "stock_movements": "库存批次（盘点）"}
    return "已导入：" + "，".join(f"{labels[t]} {n}" for t, n in counts.items())


def _export(args) -> int:
    print(xlsx_io.export_xlsx(station_store(), args.file))
    return 0


def _print(args) -> int:
    from xhduty.reports.inventory import write_inventory

    print(write_inventory(station_store(), args.file))
    return 0


def _available(args) -> int:
    store = station_store()
    found = (resources.available_for_incident(store, args.incident, args.text) if args.incident
             else resources.available(store, args.division, args.text))
    if args.json:
        print_json(found)
        return 0
    for r in found["items"]:
        print(f"[{r['proximity']}] {r['division_name']} {r['depot_name']}：{r['item_name']} {r['qty']}{r['unit']}")
    for t in found["teams"]:
        print(f"[{t['proximity']}] 队伍 {t['name']}（{t['readiness']}，{t['size']} 人）{t['leader']} {t['phone']}")
    for s in found["shelters"]:
        print(f"[{s['proximity']}] 避难场所 {s['name']}（{s['class']}）可安置 {s['free']} 人 {s['address']}")
    return 0


def _dispatch_team(args) -> int:
    store = station_store()
    team = assets.find(store, "teams", args.team)["id"]
    print(resources.dispatch_team(store, args.incident, team, note=args.note,
                                  person=resources.on_duty_name(store))[0])
    return 0


def _neighbours(args) -> int:
    store = station_store()
    codes = refdata.division_codes(store)
    if args.division not in codes:
        raise StoreError(f"不是徐汇区的街镇：「{args.division}」")
    if args.set is not None:
        resources.set_neighbours(store, args.division, [n.strip() for n in args.set.split(",") if n.strip()])
    names = {r["code"]: r["name"] for r in store.query("SELECT code, name FROM divisions")}
    print("、".join(names[n] for n in resources.neighbours(store, codes[args.division])) or "（无）")
    return 0
