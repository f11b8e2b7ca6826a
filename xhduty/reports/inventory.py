"""Printouts of the stock ledger: the inventory list (应急物资库存清单) and a stock card (物资库存卡).

The list is grouped by depot, one line per lot; lines that need action are shaded (below minimum,
expiring, expired) and a negative quantity is printed in red, as in the window.  The stock card is the
paper form a keeper signs: every movement of one item with date, kind, in, out, balance, person and reason.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from xhduty.core import clock
from xhduty.core.resources import assets
from xhduty.core.resources import stock
from xhduty.core.store import Store
from xhduty.reports.pdf import CONTENT_WIDTH, build, grid, para


def status_text(row: dict) -> str:
    """What needs action on an inventory line, in words (shared with the window's 状态 column)."""
    marks = []
    if row["negative"]:
        marks.append("账面透支")
    if row["low"]:
        marks.append("低于最低库存")
    if row["expired"]:
        marks.append("已过期")
    elif row["expiring"]:
        marks.append("临期")
    return "、".join(marks)


def _qty(value: int):
    return para(str(value), "strong") if value < 0 else str(value)


def _station(store: Store) -> str:
    return f"{store.meta('station_name', '')}（{store.station}）"


def write_inventory(store: Store, path: Path, rows: list[dict] | None = None, *, scope: str = "全部") -> Path:
    """The inventory list of ``rows`` (default: everything on hand) — e.g. what the view is filtered to."""
    rows = stock.inventory(store) if rows is None else rows
    story = [para("应急物资库存清单", "title"),
             para(f"徐汇区 · {_station(store)} · 范围：{scope} · 临期指 {stock.expiry_days(store)} 天内到期",
                  "subtitle")]
    widths = [w * mm for w in (34, 16, 22, 10, 16, 20, 14, 18, 0)]
    widths[-1] = CONTENT_WIDTH - sum(widths)
    for (depot_name, division_name), lines in groupby(rows, key=lambda r: (r["depot_name"], r["division_name"])):
        lines = list(lines)
        story.append(para(f"{depot_name}（{division_name}）", "h2"))
        table = [["物资", "分类代码", "规格", "单位", "批次", "有效期至", "数量", "本库合计/最低", "状态"]]
        shaded = []
        for r in lines:
            table.append([r["item_name"], r["class_code"], r["spec"], r["unit"], r["lot"], r["expires"] or "",
                          _qty(r["qty"]), f"{r['total']} / {r['minimum'] or '—'}", status_text(r)])
            if status_text(r):
                shaded.append(len(table) - 1)
        story.append(grid(table, widths, highlight_rows=tuple(shaded)))
    if not rows:
        story.append(para("（没有库存记录）"))
    story += [Spacer(1, 10 * mm), para("保管人：______________　　　　核对人：______________　　　　日期：__________")]
    return build(path, story, title="应急物资库存清单", station=_station(store))


def write_stock_card(store: Store, path: Path, item_id: str, depot_id: str | None = None) -> Path:
    """The stock card of one item, in one depot or in all of them (then each line names its depot)."""
    item = assets.find(store, "items", item_id)
    depot = assets.find(store, "depots", depot_id) if depot_id else None
    card = stock.stock_card(store, item_id, depot_id)
    where = f"{depot['name']}（{depot['address'] or '地址未填'}）" if depot else "全部储备库"
    story = [
        para("物资库存卡", "title"),
        para(f"徐汇区 · {_station(store)}", "subtitle"),
        grid([["物资名称", item["name"], "分类", f"{item['class_code']} {assets.class_name(store, item['class_code'])}"],
              ["规格型号", item["spec"], "计量单位", f"{item['unit']}（每包装 {item['pack_size']}）"],
              ["储备库", where, "当前结存", _qty(card[-1]["balance"] if card else 0)]],
             [22 * mm, CONTENT_WIDTH / 2 - 22 * mm, 22 * mm, CONTENT_WIDTH / 2 - 22 * mm], header=False),
        Spacer(1, 4 * mm),
    ]
    widths = [w * mm for w in (24, 16, 18, 20, 14, 14, 16, 18, 0)]
    widths[-1] = CONTENT_WIDTH - sum(widths)
    table = [["日期时间", "类型", "批次", "有效期至", "收入", "发出", "结存", "经办人", "对方单位 / 原因"]]
    for m in card:
        what = "；".join(x for x in (m["party"], m["reason"]) if x)
        if not depot_id:
            what = f"[{m['depot_name']}] {what}"
        if m["kind"] == "count":
            what += f"（实盘 {m['counted']}）"
        table.append([clock.parse(m["at"]).strftime("%Y-%m-%d %H:%M"), m["kind_name"], m["lot"], m["expires"] or "",
                      str(m["qty"]) if m["qty"] > 0 else "", str(-m["qty"]) if m["qty"] < 0 else "",
                      _qty(m["balance"]), m["person"], what])
    story.append(grid(table, widths))
    if not card:
        story.append(para("（该物资没有出入库记录）"))
    return build(path, story, title=f"物资库存卡 {item['name']}", station=_station(store))
