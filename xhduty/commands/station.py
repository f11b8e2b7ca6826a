"""`xhduty init`, `xhduty check`, `xhduty backup`: the station itself."""

from __future__ import annotations

from pathlib import Path

from xhduty.commands._common import print_json, station_store
from xhduty.core import refdata
from xhduty.core.store import StoreError, init_station, open_store


def register(sub) -> None:
    p = sub.add_parser("init", help="初始化本站（站点代码、名称、类型）")
    p.add_argument("--station", required=True, help="站点代码，如 XH-CENTRE")
    p.add_argument("--name", required=True, help="站点名称，如 徐汇区总值班室")
    p.add_argument("--role", required=True, choices=sorted(refdata.STATION_ROLES), help="centre=区中心 street=街镇 unit=成员单位")
    p.add_argument("--division", help="街镇站所属街镇，如 龙华、华泾镇 或 longhua（街镇站必填；立案默认属于它）")
    p.set_defaults(handler=_init)

    p = sub.add_parser("demo", help="载入示例数据（排班、通讯录、储备库和库存、队伍、避难场所；均标注“示例数据”）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_demo)

    p = sub.add_parser("check", help="检查数据库完整性和值班日志哈希链")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_check)

    p = sub.add_parser("backup", help="在程序运行时写出一致的数据库备份")
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(handler=_backup)


def _init(args) -> int:
    from xhduty.core.incidents import incidents

    if args.role == "street" and not args.division:
        raise StoreError("街镇站请用 --division 写明所属街镇，如 --division 龙华")
    if args.division and args.role != "street":
        raise StoreError(f"--division 只用于街镇站；{refdata.STATION_ROLES[args.role]}不属于某个街镇")
    store = open_store()
    division = refdata.division_code(store, args.division) if args.division else None
    init_station(store, args.station, args.name, args.role)
    incidents.set_home_division(store, division)
    where = f"，所属 {refdata.division_name(store, division)}" if division else ""
    print(f"本站已初始化：{args.station} {args.name}（{refdata.STATION_ROLES[args.role]}{where}），数据库 {store.path}")
    return 0


def _demo(args) -> int:
    from xhduty.core import demo

    added = demo.load(station_store())
    if args.json:
        print_json(added)
    elif not any(v for k, v in added.items() if k != "skipped"):
        print("示例数据已经载入过，未重复载入。")
    else:
        print(f"已载入示例数据：排班 {added['roster']} 班，通讯录 {added['people']} 人，储备库（点） {added['depots']} 个")
    if added.get("skipped") and not args.json:
        print(added["skipped"])
    return 0


def _check(args) -> int:
    from xhduty.core.integrity import check

    problems = check(station_store())
    if args.json:
        print_json({"ok": not problems, "problems": problems})
    elif problems:
        print("发现问题：")
        for p in problems:
            print(f"- {p}")
    else:
        print("检查通过：数据库完整，值班日志哈希链连续。")
    return 0 if not problems else 1


def _backup(args) -> int:
    store = station_store()
    target = store.backup(args.out)
    print(f"备份已写入 {target}")
    return 0
