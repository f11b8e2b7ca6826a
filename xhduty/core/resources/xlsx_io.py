"""The whole inventory as one .xlsx workbook: the registers, minimum levels and stock on hand per lot.

Layout (documented for users in docs/resources-xlsx.md).  Row 1 of every sheet holds the column names;
columns may come in any order and sheets may be missing (a missing sheet changes nothing).

* one sheet per register, named as the register (储备库（点）, 物资目录, 救援队伍, 专家, 车辆装备,
  避难场所): 编号 followed by the labels of :data:`xhduty.core.resources.assets.KINDS`.  编号 empty = a new
  record; 编号 of an existing record = that record is updated.  街镇 is the division's name.
* 最低库存: 储备库编号 | 储备库 | 物资编号 | 物资 | 最低库存
* 库存: 储备库编号 | 储备库 | 物资编号 | 物资 | 单位 | 批次 | 有效期至 | 数量

A depot or item is referred to by its 编号 or, when that is empty, by its exact name (in the workbook or
the database).  Importing 库存 is a stocktake: for every row the lot is set to 数量 by a 盘点 movement
of the difference (zero when it agrees), so the ledger keeps its history and a re-import of the same file
leaves stock on hand as it is.
Every row is checked before anything is written; any error → nothing imported and every bad row named
by sheet, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xhduty.core.resources import assets
from xhduty.core.resources import stock
from xhduty.core.ids import new_id
from xhduty.core.store import Store, StoreError

MINIMUMS_SHEET = "最低库存"
MINIMUMS_COLUMNS = ("储备库编号", "储备库", "物资编号", "物资", "最低库存")
STOCK_SHEET = "库存"
STOCK_COLUMNS = ("储备库编号", "储备库", "物资编号", "物资", "单位", "批次", "有效期至", "数量")
ID = "编号"


class ImportRejected(StoreError):
    def __init__(self, source: str, errors: list[str]):
        self.errors = errors
        super().__init__(f"{source} 有 {len(errors)} 处错误，未导入任何数据：\n" + "\n".join(errors[:50])
                         + ("\n……" if len(errors) > 50 else ""))


# ------------------------------------------------------------------------------------------- export

def export_xlsx(store: Store, path: Path, progress=None) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    names = {r["code"]: r["name"] for r in store.query("SELECT code, name FROM divisions")}
    depots = {d["id"]: d for d in assets.records(store, "depots")}
    items = {i["id"]: i for i in assets.records(store, "items")}

    def sheet(title: str, header: tuple, rows) -> None:
        ws = wb.create_sheet(title)
        ws.append(list(header))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(list(row))
        for i, name in enumerate(header, start=1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = max(10, 2.2 * len(name) + 2)

    for step, rk in enumerate(assets.KINDS.values(), start=1):
        sheet(rk.label, (ID, *(f.label for f in rk.fields)),
              ([r["id"], *(names.get(r[f.key], r[f.key]) if f.kind == "division" else r[f.key]
                           for f in rk.fields)] for r in assets.records(store, rk.table)))
        if progress:
            progress(step, len(assets.KINDS) + 2)
    sheet(MINIMUMS_SHEET, MINIMUMS_COLUMNS,
          ([m["depot_id"], depots[m["depot_id"]]["name"], m["item_id"], items[m["item_id"]]["name"], m["minimum"]]
           for m in stock.minimums(store)))
    lots = [r for r in stock.on_hand(store) if r["depot_id"] in depots and r["item_id"] in items]
    lots.sort(key=lambda r: (depots[r["depot_id"]]["name"], items[r["item_id"]]["name"], r["lot"]))
    sheet(STOCK_SHEET, STOCK_COLUMNS,
          ([r["depot_id"], depots[r["depot_id"]]["name"], r["item_id"], items[r["item_id"]]["name"],
            items[r["item_id"]]["unit"], r["lot"], r["expires"], r["qty"]] for r in lots))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    if progress:
        progress(len(assets.KINDS) + 2, len(assets.KINDS) + 2)
    return path


# ------------------------------------------------------------------------------------------- import

@dataclass
class _Plan:
    """Everything an import will write, checked: records by register, minimums, stock counts."""

    records: dict[str, list[tuple[str, dict]]] = field(default_factory=dict)  # (id, values) by table
    minimums: list[tuple[str, str, int]] = field(default_factory=list)
    counts: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _rows(ws, columns: set[str], required: tuple[str, ...], errors: list[str]):
    """(row number, {column: value}) for each non-empty row; a missing required column is one error."""
    it = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in (next(it, None) or ())]
    missing = [c for c in required if c not in header]
    if missing:
        errors.append(f"工作表「{ws.title}」第 1 行缺少列：{'、'.join(missing)}")
        return
    index = {name: i for i, name in enumerate(header) if name in columns}
    for number, values in enumerate(it, start=2):
        if not values or all(v is None or str(v).strip() == "" for v in values):
            continue
        yield number, {name: values[i] if i < len(values) else None for name, i in index.items()}


def _text(value) -> str:
    return "" if value is None else str(value).strip()


class _Refs:
    """Finds a depot or item of the import by 编号 or name, in the workbook first, then the database."""

    def __init__(self, store: Store, table: str, planned: list[tuple[str, dict]]):
        self.label = assets.KINDS[table].label
        by_id = {r["id"]: r["name"] for r in assets.records(store, table)}
        by_id.update({rid: values["name"] for rid, values in planned})
        self.ids = set(by_id)
        self.by_name: dict[str, list[str]] = {}
        for rid, name in by_id.items():
            self.by_name.setdefault(name, []).append(rid)

    def resolve(self, rid: str, name: str) -> str:
        if rid:
            if rid not in self.ids:
                raise ValueError(f"{self.label}中没有编号 {rid}")
            return rid
        found = self.by_name.get(name, [])
        if len(found) != 1:
            raise ValueError(f"{self.label}「{name}」" + ("不存在" if not found else "重名，请填写编号"))
        return found[0]


def _plan(store: Store, wb) -> _Plan:
    plan = _Plan()
    sheets = {ws.title: ws for ws in wb.worksheets}
    for rk in assets.KINDS.values():
        planned = plan.records.setdefault(rk.table, [])
        if rk.label not in sheets:
            continue
        labels = {f.label: f.key for f in rk.fields}
        required = tuple(f.label for f in rk.fields if f.required)
        for number, row in _rows(sheets[rk.label], {ID, *labels}, required, plan.errors):
            rid = _text(row.get(ID))
            try:
                values = assets.clean(store, rk.table, {key: row.get(label) for label, key in labels.items()})
            except StoreError as exc:
                plan.errors.append(f"工作表「{rk.label}」第 {number} 行：{exc}")
                continue
            planned.append((rid or new_id(), values))
    depots = _Refs(store, "depots", plan.records["depots"])
    items = _Refs(store, "items", plan.records["items"])

    def referring(sheet: str, columns: tuple[str, ...], required: str):
        """(where, depot id, item id, row) for each row of a sheet whose depot and item are found."""
        if sheet not in sheets:
            return
        for number, row in _rows(sheets[sheet], set(columns), (required,), plan.errors):
            where = f"工作表「{sheet}」第 {number} 行："
            try:
                depot_id = depots.resolve(_text(row.get("储备库编号")), _text(row.get("储备库")))
                item_id = items.resolve(_text(row.get("物资编号")), _text(row.get("物资")))
            except ValueError as exc:
                plan.errors.append(where + str(exc))
                continue
            yield where, depot_id, item_id, row

    def cell(where: str, row: dict, column: str, convert, expected: str):
        """The converted value of a cell, or None with the error recorded."""
        try:
            return convert(row.get(column))
        except ValueError:
            plan.errors.append(f"{where}「{column}」应为{expected}，而不是「{row.get(column)}」")
            return None

    for where, depot_id, item_id, row in referring(MINIMUMS_SHEET, MINIMUMS_COLUMNS, "最低库存"):
        minimum = cell(where, row, "最低库存", assets.as_count, "不小于 0 的整数")
        if minimum is not None:
            plan.minimums.append((depot_id, item_id, minimum))
    for where, depot_id, item_id, row in referring(STOCK_SHEET, STOCK_COLUMNS, "数量"):
        bad = len(plan.errors)
        expires = cell(where, row, "有效期至", assets.as_date, "日期（如 2027-06-30）")
        qty = cell(where, row, "数量", assets.as_int, "整数")
        if len(plan.errors) == bad:
            plan.counts.append({"depot_id": depot_id, "item_id": item_id, "lot": _text(row.get("批次")),
                                "expires": expires, "counted": qty})
    return plan


def import_xlsx(store: Store, path: Path, progress=None) -> dict[str, int]:
    """Import a workbook in one transaction, all or nothing; returns how many rows of each kind."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error for a file that is not a workbook
        raise ImportRejected(path.name, [f"不是有效的 .xlsx 文件（{exc}）"]) from None
    try:
        plan = _plan(store, wb)
    finally:
        wb.close()
    if plan.errors:
        raise ImportRejected(path.name, plan.errors)
    total = sum(len(v) for v in plan.records.values()) + len(plan.minimums) + len(plan.counts)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress and (done % 200 == 0 or done == total):
            progress(done, total)

    with store.write() as tx:
        for table, planned in plan.records.items():
            for rid, values in planned:
                assets.save_in(tx, table, values, rid)
                step()
        for depot_id, item_id, minimum in plan.minimums:
            stock.set_minimum(tx, depot_id, item_id, minimum)
            step()
        for c in plan.counts:
            stock.count(tx, c["depot_id"], c["item_id"], c["counted"], lot=c["lot"], expires=c["expires"],
                        reason=f"导入库存表 {path.name}")
            step()
    counts = {table: len(planned) for table, planned in plan.records.items()}
    counts.update({"stock_minimums": len(plan.minimums), "stock_movements": len(plan.counts)})
    return counts
