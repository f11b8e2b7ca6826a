"""`xhduty hub serve|add-station|stations|backup`: run the district hub, register the stations that sync
with it, and back it up while it serves.

The hub's directory is ``--home``; once given it is remembered (in ``hub-home.txt`` of the data directory),
so ``serve``, ``add-station``, ``stations`` and ``backup`` all find the same hub without repeating it.
Without any, it is ``hub/`` in the data directory.

The database is ``hub.db`` in that directory (SQLite, the default) or, with ``--db postgresql://…`` (or the
environment variable ``XHDUTY_HUB_DB``), a PostgreSQL database: see docs/hub-operations.md.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from xhduty import paths
from xhduty.commands._common import print_json
from xhduty.core import refdata

_REMEMBERED = "hub-home.txt"


def register(sub) -> None:
    p = sub.add_parser("hub", help="区同步中心（管理员）")
    hub_sub = p.add_subparsers(dest="hub_command", required=True, metavar="操作")

    s = hub_sub.add_parser("serve", help="运行同步中心（FastAPI/uvicorn，数据在 --home 下的 hub.db 或 --db 指定的 PostgreSQL）")
    _home(s)
    s.add_argument("--workers", type=int, default=1,
                   help="工作进程数（默认 1；多于 1 个仅用于 PostgreSQL，SQLite 只有一个写入者）")
    s.add_argument("--keep-refusals-days", type=float, default=180,
                   help="拒收记录保留天数（默认 180，超过即清理；0 表示不清理）")
    s.add_argument("--host", default="127.0.0.1",
                   help="监听地址（默认只在本机 127.0.0.1；对外服务请用本机的内网地址，并配合 HTTPS 证书）")
    s.add_argument("--port", type=int, default=8730)
    s.add_argument("--ssl-certfile", help="HTTPS 证书文件（PEM）；与 --ssl-keyfile 一起启用 TLS")
    s.add_argument("--ssl-keyfile", help="HTTPS 私钥文件（PEM）")
    s.add_argument("--max-clock-ahead-hours", type=float, default=24,
                   help="变更时间戳最多可比中心时钟超前多少小时，超过即拒收（默认 24）")
    s.add_argument("--max-body-mb", type=int, default=32, help="单个请求的大小上限（MB，默认 32）")
    s.add_argument("--rate", type=float, default=50, help="每个站点令牌每秒平均可发请求数（默认 50，可短时突发 200）")
    s.set_defaults(handler=_serve)

    s = hub_sub.add_parser("add-station", help="登记站点并打印其令牌（重复登记即更换令牌）")
    _home(s)
    s.add_argument("code", help="站点代码，与该站 xhduty init --station 相同")
    s.add_argument("--role", required=True, choices=sorted(refdata.STATION_ROLES),
                   help="centre=区中心 street=街镇 unit=成员单位")
    s.add_argument("--division", help="所属街镇（街镇站点必填）：名称或代码，如 徐家汇街道、徐家汇 或 xujiahui")
    s.set_defaults(handler=_add_station)

    s = hub_sub.add_parser("stations", help="已登记的站点")
    _home(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_stations)

    s = hub_sub.add_parser("backup", help="在同步中心运行时写出一致的数据库备份（SQLite 在线备份；PostgreSQL 用 pg_dump）")
    _home(s)
    s.add_argument("--out", required=True, type=Path, help="备份文件")
    s.set_defaults(handler=_backup)


def _home(parser) -> None:
    parser.add_argument("--home", type=Path, help="同步中心数据目录（给出一次即记住；默认为数据目录下的 hub/）")
    parser.add_argument("--db", default=os.environ.get("XHDUTY_HUB_DB"),
                        help="PostgreSQL 数据库地址，如 postgresql://xhduty@db.example/xhduty（也可用环境变量 "
                             "XHDUTY_HUB_DB 给出；不给则用 --home 下的 SQLite 文件 hub.db）")


def hub_home(given: Path | None) -> Path:
    """The hub directory: ``given`` (then remembered), else the remembered one, else ``hub/`` in the data
    directory."""
    remembered = paths.data_home() / _REMEMBERED
    if given is not None:
        given = given.expanduser().resolve()
        remembered.parent.mkdir(parents=True, exist_ok=True)
        remembered.write_text(str(given), encoding="utf-8")
        return given
    if remembered.exists():
        return Path(remembered.read_text(encoding="utf-8").strip())
    return paths.data_home() / "hub"


def exposure_warning(host: str, tls: bool) -> str | None:
    """A warning when the hub listens beyond this machine without TLS (tokens and data would cross the
    network in clear text), else None."""
    if tls:
        return None
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = host == "localhost"
    if local:
        return None
    return (f"警告：同步中心将在 {host} 上以明文 HTTP 对外服务，站点令牌和值班数据会以明文在网络上传输。"
            "请用 --ssl-certfile/--ssl-keyfile 启用 HTTPS，或只在本机 127.0.0.1 上监听并由反向代理提供 HTTPS。")


def _serve(args) -> int:
    import sys

    from xhduty.hub.server import serve
    from xhduty.hub.settings import HubSettings

    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        print("错误：启用 TLS 需同时给出 --ssl-certfile 和 --ssl-keyfile", file=sys.stderr, flush=True)
        return 2
    warning = exposure_warning(args.host, bool(args.ssl_certfile))
    if warning:
        print(warning, file=sys.stderr, flush=True)
    if args.workers < 1 or (args.workers > 1 and not args.db):
        print("错误：--workers 须为正整数；多个工作进程需要 PostgreSQL（--db postgresql://…），"
              "SQLite 文件同一时刻只有一个写入者", file=sys.stderr, flush=True)
        return 2
    settings = HubSettings(max_ahead_ms=int(args.max_clock_ahead_hours * 3_600_000),
                           max_body_bytes=args.max_body_mb * 1024 * 1024, rate_per_second=args.rate,
                           keep_refusals_days=args.keep_refusals_days)
    serve(hub_home(args.home), args.host, args.port, args.ssl_certfile, args.ssl_keyfile, settings,
          url=args.db, workers=args.workers)
    return 0


def _add_station(args) -> int:
    from xhduty.hub import registry
    from xhduty.hub.store import HubStore

    hub = HubStore.open(hub_home(args.home), url=args.db)
    try:
        print(registry.add_station(hub, args.code, args.role, args.division))
    finally:
        hub.close()
    return 0


def _stations(args) -> int:
    from xhduty.hub import registry
    from xhduty.hub.store import HubStore

    hub = HubStore.open(hub_home(args.home), url=args.db)
    try:
        rows = registry.stations(hub)
    finally:
        hub.close()
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['code']:<16} {refdata.STATION_ROLES[r['role']]:<6} {r['division'] or '':<12}"
                  f" 已收到第 {r['last_seq']} 号变更  最近联系 {r['last_seen_at'] or '从未'}")
    return 0


def _backup(args) -> int:
    """Copies through a connection of its own: works while `hub serve` runs in another process (SQLite's
    online backup of hub.db; pg_dump of a PostgreSQL hub)."""
    from xhduty.core.store import StoreError, backup_database

    if args.db:
        from xhduty.hub.postgres_db import dump

        print(f"同步中心备份已写入 {dump(args.db, args.out)}（pg_dump 自定义格式，用 pg_restore 恢复）")
        return 0
    home = hub_home(args.home)
    if not (home / "hub.db").exists():
        raise StoreError(f"同步中心目录 {home} 中没有 hub.db：请用 --home 指明同步中心的数据目录")
    target = backup_database(home / "hub.db", args.out)
    print(f"同步中心备份已写入 {target}")
    return 0
