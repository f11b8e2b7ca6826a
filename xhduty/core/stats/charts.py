"""Statistics for the bureau: the numbers behind every chart, computed here so the window, the monthly
report, the .xlsx export and the tests all count the same way.

Each chart function takes a :class:`Filter` (a date range, inclusive, and optionally one division) and
returns a :class:`Chart`: category labels along the x axis and one or more named series of numbers.
Only the series named in ``plot`` are drawn; the others (counts behind a rate) go to the .xlsx with them.

Times are stored as ISO 8601 in Shanghai time (``clock.iso``), so a date range is a string range over
``taken_at`` and durations are ``julianday`` differences; how each incident did against its report
deadlines is judged in ``stat_timeliness`` (kept for settled incidents), which keeps a redraw over five
years of incidents inside the 200 ms an officer should wait after changing a filter.
"""

from __future__ import annotations

import statistics as pystats
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from xhduty.core import clock, refdata
from xhduty.core.stats import timeliness
from xhduty.core.stats.timeliness import minutes_sql
from xhduty.core.store import Store, StoreError

NO_DIVISION = "未填街镇"
# Distribution bins, in minutes: the upper bound of each bin; the last bin is "more than the last bound".
DELAY_BINS = (15, 30, 60, 120, 360)
CONFIRM_BINS = (5, 10, 15, 30, 60)


@dataclass(frozen=True)
class Filter:
    """What every chart is narrowed by: ``start``…``end`` (dates, both inclusive) and one division or all."""

    start: date
    end: date
    division: str | None = None

    def __post_init__(self):
        if self.end < self.start:
            raise StoreError(f"统计时段有误：结束日期 {self.end} 早于开始日期 {self.start}")

    @property
    def bounds(self) -> tuple[str, str]:
        """[from, to) as stored-time strings: midnight of the first day to midnight after the last."""
        return self.start.isoformat(), (self.end + timedelta(days=1)).isoformat()

    def incidents(self, alias: str = "i") -> tuple[str, list]:
        """WHERE clause for live incidents taken within the range (and in the division)."""
        sql = f"{alias}.deleted = 0 AND {alias}.taken_at >= ? AND {alias}.taken_at < ?"
        params: list = list(self.bounds)
        if self.division:
            sql += f" AND {alias}.division = ?"
            params.append(self.division)
        return sql, params

    def describe(self, store: Store) -> str:
        """The filter for a chart's caption: '2026-11-01 至 2026-11-30，龙华街道' (全区 without a division)."""
        where = refdata.division_name(store, self.division) if self.division else "全区"
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}，{where}"


@dataclass
class Chart:
    """One chart's numbers: x categories, named series (same length), which series are drawn and how."""

    key: str
    title: str
    x_label: str
    y_label: str
    categories: list[str]
    series: dict[str, list[float]]
    plot: tuple[str, ...]
    kind: str = "bar"                  # bar (grouped) | line
    note: str = ""                     # e.g. a median, or what was left out
    basis: str = ""                    # how the numbers are counted, printed under the chart

    def rows(self) -> list[list]:
        """Header and one row per category: the table the .xlsx and the PDF show."""
        return [[self.x_label, *self.series]] + [
            [c, *(values[n] for values in self.series.values())] for n, c in enumerate(self.categories)]


def bin_labels(edges: tuple[int, ...], unit: str = "分钟") -> list[str]:
    """Labels of the bins that ``edges`` cut (upper bounds, ascending), plus one for beyond the last:
    (15, 60) → ['≤15分钟', '15–60分钟', '>60分钟']."""
    labels, low = [], 0
    for edge in edges:
        labels.append(f"{low}–{edge}{unit}" if low else f"≤{edge}{unit}")
        low = edge
    return labels + [f">{edges[-1]}{unit}"]


def histogram(values: list[float], edges: tuple[int, ...]) -> list[int]:
    """How many values fall in each bin: (−∞, e0], (e0, e1], …, (e_last, ∞)."""
    counts = [0] * (len(edges) + 1)
    for v in values:
        counts[bisect_left(edges, v)] += 1
    return counts


def _rate(part: int, whole: int) -> float | None:
    """Percent to one decimal; None when there was nothing to count (not the same as 0 %)."""
    return round(100.0 * part / whole, 1) if whole else None


# ---------------------------------------------------------------------------------------- incidents

def categories(store: Store) -> dict[str, str]:
    """The four classes of emergency (自然灾害 …) by code; an incident's class is its type code's prefix."""
    return {r["code"]: r["name"] for r in refdata.event_types(store) if r["parent"] is None}


def period_start(day: date, period: str) -> date:
    """The first day of the chart period ``day`` falls in: its Monday for 'week', the day itself otherwise."""
    return day - timedelta(days=day.weekday()) if period == "week" else day


def incidents_over_time(store: Store, flt: Filter, period: str = "day") -> Chart:
    """Incidents taken per day or per week (weeks start on Monday), one series per class."""
    if period not in ("day", "week"):
        raise StoreError(f"统计周期应为 day 或 week，而不是 {period}")
    names = categories(store)
    where, params = flt.incidents()
    starts, day = [], period_start(flt.start, period)
    while day <= flt.end:
        starts.append(day)
        day += timedelta(days=7 if period == "week" else 1)
    index = {d: n for n, d in enumerate(starts)}
    series = {name: [0] * len(starts) for name in names.values()}
    for day_text, cat, count in store.query(
            f"SELECT substr(taken_at, 1, 10), substr(type_code, 1, 1), count(*) FROM incidents i "
            f"WHERE {where} GROUP BY 1, 2", params):
        if cat in names:
            series[names[cat]][index[period_start(date.fromisoformat(day_text), period)]] += count
    label = "周（起始日）" if period == "week" else "日期"
    return Chart("over_time", "按周统计的事件数（分类）" if period == "week" else "按日统计的事件数（分类）",
                 label, "事件数", [d.isoformat() for d in starts], series, tuple(series), kind="line",
                 basis="按接报时间计；分类为事件类型所属的四大类。")


def incidents_by_division(store: Store, flt: Filter) -> Chart:
    """Incidents taken per division, in the divisions' order; incidents with no division count apart."""
    where, params = flt.incidents()
    counts = dict(store.query(f"SELECT coalesce(division, ''), count(*) FROM incidents i WHERE {where} "
                              "GROUP BY 1", params))
    divisions = [d for d in refdata.divisions(store) if not flt.division or d["code"] == flt.division]
    cats = [d["name"] for d in divisions]
    values = [counts.get(d["code"], 0) for d in divisions]
    if not flt.division and counts.get(""):
        cats.append(NO_DIVISION)
        values.append(counts[""])
    return Chart("by_division", "各街镇事件数", "街镇", "事件数", cats, {"事件数": values}, ("事件数",),
                 basis="按接报时间计，事件所在街镇。")


def on_time_by_level(store: Store, flt: Filter, now: datetime | None = None) -> Chart:
    """Share of 首报 and 续报 sent on time, per incident level (the level the incident has now, which is
    the level its deadlines are counted at — see ``deadlines``).

    首报: an incident counts once its 首报 deadlines have passed or been met; it is on time when every
    首报 it owed (phone: any 首报; written: a written 首报) was sent by its deadline.
    续报: each daily follow-up slot that has passed or been met counts once; a 续报 meets the earliest slot
    not yet met and is late when sent after it (the same rule as the reporting clock).
    """
    where, params = flt.incidents()
    totals = timeliness.level_totals(store, where, params, flt.bounds, flt.division, now or clock.now())
    levels = refdata.levels(store)
    per = [totals.get(lv["code"], [0, 0, 0, 0]) for lv in levels]
    series = {
        "首报应报数": [p[0] for p in per], "首报按时数": [p[1] for p in per],
        "首报按时率(%)": [_rate(p[1], p[0]) for p in per],
        "续报应报数": [p[2] for p in per], "续报按时数": [p[3] for p in per],
        "续报按时率(%)": [_rate(p[3], p[2]) for p in per],
    }
    return Chart("on_time", "首报、续报按时率（按事件等级）", "等级", "按时率(%)",
                 [f"{lv['name']} {lv['label']}" if lv["name"] != lv["label"] else lv["name"] for lv in levels],
                 series, ("首报按时率(%)", "续报按时率(%)"),
                 basis="首报：电话（如要求）与书面首报均在时限内报出为按时；时限未到且未报的事件不计。"
                       "续报：每个定时续报时点计一次，时点已过或已报的计入。按事件当前等级和现行时限规则计；"
                       "无应报的不计按时率（空白）。")


def first_report_delays(store: Store, flt: Filter, now: datetime | None = None) -> Chart:
    """How long from intake (接报) to the first 首报 of any channel: the distribution over incidents."""
    where, params = flt.incidents()
    minutes = timeliness.first_delays(store, where, params, flt.bounds, flt.division, now or clock.now())
    note = f"共 {len(minutes)} 起已首报事件" + (f"，中位数 {pystats.median(minutes):.0f} 分钟" if minutes else "")
    return Chart("first_delay", "接报至首报用时分布", "用时", "事件数", bin_labels(DELAY_BINS),
                 {"事件数": histogram(minutes, DELAY_BINS)}, ("事件数",), note=note,
                 basis="从接报时间到第一份首报（电话或书面）报出的分钟数；未首报的事件不计。")


def confirmation_times(store: Store, flt: Filter) -> Chart:
    """How long people took to confirm a notification: from the start of the run to the member's first
    确认, over runs started within the range.  With a division chosen, only runs about its incidents."""
    sql = (f"SELECT {minutes_sql('min(a.at)', 'n.created_at')} FROM notify_runs n "
           "JOIN notify_attempts a ON a.run_id = n.id AND a.result = 'confirmed' ")
    params: list = list(flt.bounds)
    clause = "n.created_at >= ? AND n.created_at < ?"
    if flt.division:
        sql += "JOIN incidents i ON i.id = n.incident_id "
        clause += " AND i.division = ?"
        params.append(flt.division)
    minutes = [r[0] for r in store.query(f"{sql} WHERE {clause} GROUP BY n.id, a.person_id", params)]
    note = f"共 {len(minutes)} 人次确认" + (f"，中位数 {pystats.median(minutes):.0f} 分钟" if minutes else "")
    return Chart("confirm", "通知确认用时分布", "用时", "人次", bin_labels(CONFIRM_BINS),
                 {"人次": histogram(minutes, CONFIRM_BINS)}, ("人次",), note=note,
                 basis="从启动通知到该人员首次确认收到的分钟数；未确认的人员不计。")


# -------------------------------------------------------------------------------------------- stock

def stock_items(store: Store) -> list[dict]:
    """Items that have a minimum level somewhere: what the stock chart offers to compare."""
    return [dict(r) for r in store.query(
        "SELECT DISTINCT i.id, i.name, i.unit FROM items i JOIN stock_minimums m ON m.item_id = i.id "
        "WHERE i.deleted = 0 AND m.deleted = 0 AND m.minimum > 0 ORDER BY i.class_code, i.name")]


def stock_against_minimum(store: Store, flt: Filter, item_ids: list[str]) -> Chart:
    """On hand at the end of the range against the minimum levels, per chosen item, summed over the
    depots of the division (or all).  On hand is the ledger summed up to that day (movements only grow)."""
    if not item_ids:
        return Chart("stock", "库存与最低库存", "物资", "数量", [], {"现有": [], "最低库存": []},
                     ("现有", "最低库存"), note="未选择物资")
    marks = ", ".join("?" * len(item_ids))
    depot_clause, depot_params = "d.deleted = 0", []
    if flt.division:
        depot_clause += " AND d.division = ?"
        depot_params.append(flt.division)
    names = {r[0]: f"{r[1]}（{r[2]}）" for r in store.query(
        f"SELECT id, name, unit FROM items WHERE id IN ({marks})", item_ids)}
    held = dict(store.query(
        f"SELECT m.item_id, sum(m.qty) FROM stock_movements m JOIN depots d ON d.id = m.depot_id "
        f"WHERE m.item_id IN ({marks}) AND m.at < ? AND {depot_clause} GROUP BY m.item_id",
        [*item_ids, flt.bounds[1], *depot_params]))
    floor = dict(store.query(
        f"SELECT s.item_id, sum(s.minimum) FROM stock_minimums s JOIN depots d ON d.id = s.depot_id "
        f"WHERE s.deleted = 0 AND s.item_id IN ({marks}) AND {depot_clause} GROUP BY s.item_id",
        [*item_ids, *depot_params]))
    ids = [i for i in item_ids if i in names]
    return Chart("stock", f"库存与最低库存（截至 {flt.end.isoformat()}）", "物资", "数量",
                 [names[i] for i in ids], {"现有": [held.get(i, 0) for i in ids],
                                           "最低库存": [floor.get(i, 0) for i in ids]}, ("现有", "最低库存"),
                 basis="现有量为截至结束日的出入库记录合计；最低库存为所选范围内各库点设定之和。")


# ------------------------------------------------------------------------------------------ together

def summary(store: Store, flt: Filter) -> list[tuple[str, int]]:
    """The headline figures of a period: incidents (by level), closed, reports sent, notifications."""
    where, params = flt.incidents()
    out = [("接报事件", store.one(f"SELECT count(*) FROM incidents i WHERE {where}", params)[0])]
    per_level = dict(store.query(f"SELECT level, count(*) FROM incidents i WHERE {where} GROUP BY level", params))
    out += [(f"其中 {lv['name']}", per_level.get(lv["code"], 0)) for lv in refdata.levels(store)]
    out.append(("期末已结束", store.one(f"SELECT count(*) FROM incidents i WHERE {where} AND status = 'closed'",
                                    params)[0]))
    out.append(("报出报告（首报、续报、终报）", store.one(
        f"SELECT count(*) FROM incident_reports r JOIN incidents i ON i.id = r.incident_id WHERE {where}",
        params)[0]))
    runs = "SELECT count(*) FROM notify_runs n WHERE n.created_at >= ? AND n.created_at < ?"
    if flt.division:
        runs += " AND n.incident_id IN (SELECT id FROM incidents WHERE division = ?)"
    out.append(("启动通知", store.one(runs, [*flt.bounds, *([flt.division] if flt.division else [])])[0]))
    return out


CHARTS = ("over_time", "by_division", "on_time", "first_delay", "confirm", "stock")


def chart(store: Store, key: str, flt: Filter, *, period: str = "day", item_ids: list[str] | None = None,
          now: datetime | None = None) -> Chart:
    """One chart by its key (what the window and the CLI ask for)."""
    if key == "over_time":
        return incidents_over_time(store, flt, period)
    if key == "by_division":
        return incidents_by_division(store, flt)
    if key == "on_time":
        return on_time_by_level(store, flt, now)
    if key == "first_delay":
        return first_report_delays(store, flt, now)
    if key == "confirm":
        return confirmation_times(store, flt)
    if key == "stock":
        chosen = item_ids if item_ids is not None else [i["id"] for i in stock_items(store)]
        return stock_against_minimum(store, flt, chosen)
    raise StoreError(f"没有名为 {key} 的统计图（可选：{'、'.join(CHARTS)}）")


def month_filter(month: str, division: str | None = None) -> Filter:
    """The Filter of a calendar month given as 'YYYY-MM'."""
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        raise StoreError(f"月份格式有误：{month}（应为 YYYY-MM，如 2026-06）") from None
    nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Filter(first, nxt - timedelta(days=1), division)
