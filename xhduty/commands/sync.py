"""`xhduty sync` and `xhduty status`: exchange changes with the district hub, and see how that stands."""

from __future__ import annotations

from xhduty.commands._common import print_json, station_store


def register(sub) -> None:
    p = sub.add_parser("sync", help="与同步中心交换数据（地址和令牌记住，下次不必再写）")
    p.add_argument("--hub", help="同步中心地址，如 https://hub.example:8443")
    p.add_argument("--token", help="本站令牌（管理员用 xhduty hub add-station 生成）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_sync)

    p = sub.add_parser("status", help="同步状态：待上传变更、上次同步、同步中心")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_status)


def _sync(args) -> int:
    from xhduty.sync.client import run_sync

    result = run_sync(station_store(), args.hub, args.token)
    if args.json:
        print_json({k: result[k] for k in ("pushed", "pulled", "refused", "conflicts", "mismatch")})
    else:
        print(f"已上传 {result['pushed']} 条变更，已接收 {result['pulled']} 条，冲突 {result['conflicts']} 处。")
        for r in result["refused"]:
            print(f"- 中心拒收 {r['change_id']}（{r['status']}）：{r['reason']}")
        for m in result["mismatch"]:
            print(f"- 核对不一致：{m}")
    return 0 if not result["mismatch"] else 1


def _status(args) -> int:
    from xhduty.sync import state

    st = state.status(station_store())
    if args.json:
        print_json(st)
    else:
        print(f"同步中心：{st['hub'] or '未配置'}（{'在线' if st['online'] else '离线'}）")
        print(f"上次成功同步：{st['last_sync'] or '从未'}；待上传变更：{st['pending']} 条；未处理冲突：{st['conflicts']} 处")
        if st["last_error"]:
            print(f"上次同步失败：{st['last_error']}")
    return 0
