"""`xhduty board`, `xhduty stats`, `xhduty indicator`: the situation board, the charts' numbers, the
monthly report and the plan's key indicators from the command line."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from xhduty.commands._common import print_json, station_store
from xhduty.core import clock
from xhduty.core.stats import indicators
from xhduty.core.stats import board
from xhduty.core.stats import charts
from xhduty.core.stats.export import write_xlsx
from xhduty.core.store import StoreError


def register(sub) -> None:
    p = sub.add_parser("board", help="值班态势：在岗、预警、未结事件、超时、通知、库存不足")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_board)

    p = sub.add_parser("stats", help="统计：各统计图的数据、导出 .xlsx、月度统计报告 PDF")
    stats_sub = p.add_subparsers(dest="stats_command", required=True, metavar="操作")
    s = stats_sub.add_parser("chart", help="一张统计图的数据")
    s.add_argument("key", choices=charts.CHARTS)
    _filter_args(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_chart)
    s = stats_sub.add_parser("export", help="全部统计图的数据导出为 .xlsx（每图一页）")
    _filter_args(s)
    s.add_argument("--xlsx", required=True, type=Path)
    s.set_defaults(handler=_export)
    s = stats_sub.add_parser("monthly", help="月度统计报告 PDF")
    s.add_argument("--month", required=True, help="YYYY-MM")
    s.add_argument("--division", help="街镇代码（默认全区）")
    s.add_argument("--pdf", required=True, type=Path)
    s.set_defaults(handler=_monthly)

    p = sub.add_parser("indicator", help="规划主要指标")
    ind_sub = p.add_subparsers(dest="indicator_command", required=True, metavar="操作")
    s = ind_sub.add_parser("list", help="指标、目标、实际值及是否达标")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_indicator_list)
    s = ind_sub.add_parser("set", help="录入一个指标的实际值")
    s.add_argument("code", help="指标代码（见 xhduty indicator list）")
    s.add_argument("--value", required=True)
    s.add_argument("--as-of", required=True, help="截至日期 YYYY-MM-DD")
    s.add_argument("--source", required=True, help="数据来源")
    s.add_argument("--note", default="")
    s.set_defaults(handler=_indicator_set)


def _filter_args(p) -> None:
    p.add_argument("--from", dest="start", help="开始日期 YYYY-MM-DD（默认 30 天前）")
    p.add_argument("--to", dest="end", help="结束日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--division", help="街镇代码（默认全区）")
    p.add_argument("--period", choices=("day", "week"), default="day", help="事件趋势按日或按周")


def _date(text: str | None, default: date, what: str) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StoreError(f"{what}“{text}”格式有误（应为 YYYY-MM-DD）") from None


def _filter(store, args) -> charts.Filter:
    today = clock.now().date()
    if args.division and not store.one("SELECT 1 FROM divisions WHERE code = ?", (args.division,)):
        raise StoreError(f"没有“{args.division}”这个街镇代码")
    return charts.Filter(_date(args.start, today - timedelta(days=29), "开始日期"),
                             _date(args.end, today, "结束日期"), args.division)


def _board(args) -> int:
    snap = board.snapshot(station_store())
    if args.json:
        print_json(snap)
        return 0
    shift = snap["shift"]
    print(f"{snap['station']} 值班态势 {snap['at'][:16].replace('T', ' ')}")
    print("在岗：" + (f"带班领导 {shift['leader']}，值班员 {'、'.join(shift['officers'])}" if shift else "无在岗班次"))
    for s in snap["signals"]:
        print(f"预警：{s['label']}" + (f" → {s['response']}" if s["response"] else ""))
    print("未结事件：" + "，".join(f"{k} {v}" for k, v in snap["per_level"].items()))
    for i in snap["incidents"]:
        nxt = f"；下一报告 {i['next_label']} {i['next_due'][5:16].replace('T', ' ')}" if i["next_due"] else ""
        print(f"  {i['level_name']} {i['title']}（{i['division_name'] or '—'}，{i['status_name']}）{nxt}")
    for line in snap["overdue_reports"]:
        print(f"超时未报：{line}")
    for line in snap["overdue_tasks"]:
        print(f"超时交办：{line}")
    for r in snap["runs"]:
        print(f"通知进行中：{r['group_name']} 已确认 {r['confirmed']}/{r['total']}")
    for r in snap["low_stock"]:
        print(f"库存不足：{r['depot_name']}「{r['item_name']}」{r['total']}/{r['minimum']}{r['unit']}")
    return 0


def _chart(args) -> int:
    store = station_store()
    chart = charts.chart(store, args.key, _filter(store, args), period=args.period)
    if args.json:
        print_json({"title": chart.title, "categories": chart.categories, "series": chart.series,
                    "note": chart.note, "basis": chart.basis})
        return 0
    print(chart.title + (f"（{chart.note}）" if chart.note else ""))
    for row in chart.rows():
        print("\t".join("" if c is None else str(c) for c in row))
    return 0


def _export(args) -> int:
    store = station_store()
    flt = _filter(store, args)
    made = [charts.chart(store, key, flt, period=args.period) for key in charts.CHARTS]
    print(write_xlsx(args.xlsx, made, flt.describe(store)))
    return 0


def _monthly(args) -> int:
    from xhduty.reports.monthly_stats import write_monthly

    print(write_monthly(station_store(), args.pdf, args.month, args.division))
    return 0


def _indicator_list(args) -> int:
    table = indicators.indicator_table(station_store())
    if args.json:
        print_json(table)
        return 0
    for r in table:
        value = "" if r["value"] is None else f"{r['value']:g}{r['unit']}（{r['as_of']}，{r['source']}）"
        print(f"{r['code']}\t{r['name']}\t目标 {r['target']}\t属性 {r['kind_name']}\t实际 {value or '—'}"
              f"\t{r['met_name']}")
    return 0


def _indicator_set(args) -> int:
    print(indicators.enter_value(station_store(), args.code, args.value, args.as_of, args.source, args.note))
    return 0
