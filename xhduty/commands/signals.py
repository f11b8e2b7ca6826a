"""`xhduty signal …`: weather warning signals (预警信号) from the command line."""

from __future__ import annotations

from xhduty.commands._common import print_json, station_store
from xhduty.core import dates
from xhduty.core.duty import warning_signals


def register(sub) -> None:
    p = sub.add_parser("signal", help="气象预警信号：发布、解除、查看")
    ss = p.add_subparsers(dest="signal_command", required=True, metavar="操作")
    s = ss.add_parser("add", help="记录发布的预警信号，如 暴雨橙色；同类生效信号同时解除")
    s.add_argument("signal", help="类型加颜色，如 暴雨橙色、台风蓝色、高温红色")
    s.add_argument("--at", help="发布时间，如 23:50、下午3点、6月3日 15:05（默认现在；不写日期或年份的按最近已过去的算）")
    s.add_argument("--source", default="上海市气象台")
    s.add_argument("--note", default="")
    s.set_defaults(handler=_add)
    s = ss.add_parser("lift", help="解除一个预警信号")
    s.add_argument("signal_id")
    s.add_argument("--at", help="解除时间，如 06:30（默认现在；不写日期的按最近已过去的算）")
    s.set_defaults(handler=_lift)
    s = ss.add_parser("list", help="生效中的预警信号（--all 含已解除的）")
    s.add_argument("--all", action="store_true")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_list)


def _add(args) -> int:
    at = dates.parse_past(args.at, what="发布时间") if args.at else None
    signal_id = warning_signals.record_signal(station_store(), args.signal, issued_at=at, source=args.source,
                                              note=args.note)
    signal = station_store().get("weather_signals", signal_id)
    print(f"已记录预警信号 {warning_signals.label(signal)}，发布时间 {signal['issued_at'][:16].replace('T', ' ')}"
          f"（编号 {signal_id}）")
    return 0


def _lift(args) -> int:
    lifted = dates.parse_past(args.at, what="解除时间") if args.at else None
    store = station_store()
    warning_signals.lift_signal(store, args.signal_id, lifted_at=lifted)
    signal = store.get("weather_signals", args.signal_id)
    print(f"已解除 {warning_signals.label(signal)}（解除时间 {signal['lifted_at'][:16].replace('T', ' ')}）")
    return 0


def _list(args) -> int:
    store = station_store()
    rows = warning_signals.recent_signals(store) if args.all else warning_signals.active_signals(store)
    if args.json:
        print_json(rows)
    else:
        for s in rows:
            state = f"已于 {s['lifted_at'][:16].replace('T', ' ')} 解除" if s["lifted_at"] else "生效中"
            print(f"{s['id']}  {warning_signals.label(s)}  {s['issued_at'][:16].replace('T', ' ')} 发布  {state}")
        if not rows:
            print("当前没有生效的预警信号")
    return 0
