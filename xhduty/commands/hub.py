"""`xhduty hub serve|add-station|stations`: run the district hub and register the stations that sync with it."""

from __future__ import annotations

from pathlib import Path

from xhduty import paths
from xhduty.commands._common import print_json
from xhduty.core import refdata


def register(sub) -> None:
    p = sub.add_parser("hub", help="区同步中心（管理员）")
    hub_sub = p.add_subparsers(dest="hub_command", required=True, metavar="操作")

    s = hub_sub.add_parser("serve", help="运行同步中心（FastAPI/uvicorn，数据在 --home 下的 hub.db）")
    _home(s)
    s.add_argument("--host", default="127.0.0.1", help="监听地址（对外服务用 0.0.0.0）")
    s.add_argument("--port", type=int, default=8730)
    s.add_argument("--ssl-certfile", help="HTTPS 证书文件（PEM）；与 --ssl-keyfile 一起启用 TLS")
    s.add_argument("--ssl-keyfile", help="HTTPS 私钥文件（PEM）")
    s.set_defaults(handler=_serve)

    s = hub_sub.add_parser("add-station", help="登记站点并打印其令牌（重复登记即更换令牌）")
    _home(s)
    s.add_argument("code", help="站点代码，与该站 xhduty init --station 相同")
    s.add_argument("--role", required=True, choices=sorted(refdata.STATION_ROLES),
                   help="centre=区中心 street=街镇 unit=成员单位")
    s.add_argument("--division", help="所属辖区代码（街镇必填），如 xujiahui")
    s.set_defaults(handler=_add_station)

    s = hub_sub.add_parser("stations", help="已登记的站点")
    _home(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_stations)


def _home(parser) -> None:
    parser.add_argument("--home", type=Path, help="同步中心数据目录（默认为数据目录下的 hub/）")


def _hub_home(args) -> Path:
    return args.home or paths.data_home() / "hub"


def _serve(args) -> int:
    from xhduty.hub.server import serve

    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        print("错误：启用 TLS 需同时给出 --ssl-certfile 和 --ssl-keyfile", flush=True)
        return 2
    serve(_hub_home(args), args.host, args.port, args.ssl_certfile, args.ssl_keyfile)
    return 0


def _add_station(args) -> int:
    from xhduty.hub import registry
    from xhduty.hub.store import HubStore

    hub = HubStore.open(_hub_home(args))
    try:
        print(registry.add_station(hub.store, args.code, args.role, args.division))
    finally:
        hub.close()
    return 0


def _stations(args) -> int:
    from xhduty.hub import registry
    from xhduty.hub.store import HubStore

    hub = HubStore.open(_hub_home(args))
    try:
        rows = registry.stations(hub.store)
    finally:
        hub.close()
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['code']:<16} {refdata.STATION_ROLES[r['role']]:<6} {r['division'] or '':<12}"
                  f" 已收到第 {r['last_seq']} 号变更  最近联系 {r['last_seen_at'] or '从未'}")
    return 0
