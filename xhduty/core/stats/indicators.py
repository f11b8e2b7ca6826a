"""The key indicators (主要指标) of the district's emergency-management plan: target, actual, met or not.

The definitions ship as reference data (migration 0060) — only the indicators REFERENCE.md lists from
徐汇区应急管理"十四五"规划, with its targets.  An actual value is either entered by the bureau (a value as
of a date, with its source; the newest counts) or, where the app holds the data itself, computed from
it — the district depot and the supply point in every sub-district are counted from the depot register —
and then the table says so.
"""

from __future__ import annotations

from datetime import date

from xhduty.core import clock
from xhduty.core.store import Store, StoreError

KIND_UNSTATED = "未注明"
COMPUTED_SOURCE = "本系统计算"


def definitions(store: Store) -> list[dict]:
    """The plan's main indicators in its order: the ``indicator_defs`` rows ``{code, name, unit, kind, target,
    op, goal, baseline, computed, sort}`` (``computed`` names the indicators the program counts itself)."""
    return [dict(r) for r in store.query("SELECT * FROM indicator_defs ORDER BY sort")]


def _definition(store: Store, code: str) -> dict:
    row = store.one("SELECT * FROM indicator_defs WHERE code = ?", (code,))
    if row is None:
        known = "、".join(d["code"] for d in definitions(store))
        raise StoreError(f"没有代码为 {code} 的规划指标（可选：{known}）")
    return dict(row)


def met(op: str, goal: float, value: float | None) -> bool | None:
    """Whether ``value`` meets the target; None when there is no value yet."""
    if value is None:
        return None
    return value >= goal if op == ">=" else value <= goal


def _district_depots(store: Store) -> tuple[float, str]:
    n = store.one("SELECT count(*) FROM depots WHERE deleted = 0 AND kind = '储备库'")[0]
    return n, f"储备库登记中类型为“储备库”的 {n} 个"


def supply_points_by_division(store: Store) -> list[dict]:
    """Each township-level division with how many supply points (储备点) it has in the depot register."""
    return [dict(r) for r in store.query(
        "SELECT v.code, v.name, v.kind, count(d.id) AS points FROM divisions v LEFT JOIN depots d "
        "ON d.division = v.code AND d.deleted = 0 AND d.kind = '储备点' GROUP BY v.code ORDER BY v.sort")]


def _supply_points(store: Store) -> tuple[float, str]:
    """The fewest supply points any sub-district (街道) has: the target holds when that is at least 1."""
    streets = [d for d in supply_points_by_division(store) if d["kind"] == "街道"]
    lacking = [d["name"] for d in streets if d["points"] < 1]
    detail = (f"{len(streets) - len(lacking)}/{len(streets)} 个街道已有储备点"
              + (f"；尚缺：{'、'.join(lacking)}" if lacking else ""))
    return min((d["points"] for d in streets), default=0), detail


_COMPUTED = {"district_depots": _district_depots, "supply_points": _supply_points}


def _latest_values(store: Store) -> dict[str, dict]:
    latest: dict[str, dict] = {}
    for r in store.query("SELECT * FROM indicator_values WHERE deleted = 0 ORDER BY as_of, created_at"):
        latest[r["indicator"]] = dict(r)
    return latest


def indicator_table(store: Store) -> list[dict]:
    """One row per indicator: name, unit, kind, target, actual (value, date, source) and whether met."""
    latest = _latest_values(store)
    today = clock.now().date().isoformat()
    rows = []
    for d in definitions(store):
        row = {**d, "kind_name": d["kind"] or KIND_UNSTATED, "computed_from": ""}
        if d["computed"]:
            value, detail = _COMPUTED[d["computed"]](store)
            row.update(value=value, as_of=today, source=COMPUTED_SOURCE, note=detail, computed_from=detail)
        elif d["code"] in latest:
            v = latest[d["code"]]
            row.update(value=v["value"], as_of=v["as_of"], source=v["source"], note=v["note"])
        else:
            row.update(value=None, as_of="", source="", note="")
        row["met"] = met(d["op"], d["goal"], row["value"])
        row["met_name"] = {True: "达标", False: "未达标", None: "未填报"}[row["met"]]
        rows.append(row)
    return rows


def values(store: Store, code: str) -> list[dict]:
    """Every value entered for an indicator, newest first (the history of the figure)."""
    _definition(store, code)
    return [dict(r) for r in store.query(
        "SELECT * FROM indicator_values WHERE indicator = ? AND deleted = 0 ORDER BY as_of DESC, created_at DESC",
        (code,))]


def enter_value(store: Store, code: str, value, as_of, source: str, note: str = "") -> str:
    """Record a figure for an indicator as of a date, with where it comes from; returns its id."""
    d = _definition(store, code)
    where = f"指标“{d['name']}”"
    if d["computed"]:
        raise StoreError(f"{where}由本系统根据储备库登记自动计算，不需填报")
    try:
        number = float(str(value).strip())
    except ValueError:
        raise StoreError(f"{where}的数值“{value}”不是数字") from None
    if number < 0:
        raise StoreError(f"{where}的数值不能为负数")
    try:
        day = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of).strip())
    except ValueError:
        raise StoreError(f"{where}的日期“{as_of}”格式有误（应为 YYYY-MM-DD）") from None
    if day > clock.now().date():
        raise StoreError(f"{where}的日期 {day} 晚于今天")
    if not source or not source.strip():
        raise StoreError(f"{where}的数据来源不能为空（如：区消防救援支队 2026 年报）")
    with store.write() as tx:
        return tx.insert("indicator_values", {
            "indicator": code, "value": number, "as_of": day.isoformat(), "source": source.strip(),
            "note": note.strip()})


def withdraw_value(store: Store, value_id: str) -> None:
    """Withdraw a wrongly entered figure (kept, marked deleted; the one before it counts again)."""
    row = store.get("indicator_values", value_id)
    if row is None or row["deleted"]:
        raise StoreError(f"没有编号为 {value_id} 的指标数值")
    with store.write() as tx:
        tx.delete("indicator_values", value_id)
