"""The whole inventory as one .xlsx workbook: the registers, minimum levels and stock on hand per lot.

Layout (documented for users in docs/resources-xlsx.md).  Read through :mod:`xhduty.core.tabular`: the
header row is found among the first rows (a title may sit above it), columns may come in any order and
under everyday names (仓库 → 储备库, 库存数量 → 数量, 有效期 → 有效期至 …), a depot merged down the
ledger is carried to every row, and .xls/.et/.ods are read too; sheets may be missing (a missing sheet
changes nothing).  A sheet under another name (Sheet1, 龙华物资台账) is read as a 库存 sheet when its
columns make one, else named in a warning; a workbook with no sheet to import is refused.  有效期至 takes
any date form of :mod:`xhduty.core.dates`, and 长期 for no expiry.

* one sheet per register, named as the register (储备库（点）, 物资目录, 救援队伍, 专家, 车辆装备,
  避难场所): 编号 followed by the labels of :data:`xhduty.core.resources.assets.KINDS`.  编号 empty = a new
  record; 编号 of an existing record = that record is updated.  街镇 is the division's name.
* 最低库存: 储备库编号 | 储备库 | 物资编号 | 物资 | 最低库存
* 库存: 储备库编号 | 储备库 | 物资编号 | 物资 | 单位 | 批次 | 有效期至 | 数量

A depot or item is referred to by its 编号 or, when that is empty, by its exact name (in the workbook or
the database).  Importing 库存 is a stocktake: for every row the lot is set to 数量 by a 盘点 movement
of the difference (zero when it agrees), so the ledger keeps its history and a re-import of the same file
leaves stock on hand as it is.  数量 is in the item's 计量单位 and may be written with it (``120件``); a 单位
or a unit after 数量 other than the item's is an error (20 箱 is not 20 瓶).  A 合计/小计 row and a row
with nothing but a depot (a blank row under a merged depot cell) are left out, with a warning.  Rows of
one lot (one item in two storerooms, no lot numbers) add up, with a warning; with two expiry dates they
are an error (two lots need two lot numbers).
Every row is checked before anything is written; any error → nothing imported and every bad row named
by file, sheet, row and column (:class:`xhduty.core.tabular.ImportRejected`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from xhduty.core import names, outfiles, tabular
from xhduty.core.resources import assets
from xhduty.core.resources import stock
from xhduty.core.ids import new_id
from xhduty.core.store import Store, StoreError

MINIMUMS_SHEET = "最低库存"
MINIMUMS_COLUMNS = ("储备库编号", "储备库", "物资编号", "物资", "最低库存")
STOCK_SHEET = "库存"
STOCK_COLUMNS = ("储备库编号", "储备库", "物资编号", "物资", "单位", "批次", "有效期至", "数量")
ID = "编号"
COUNT_BATCH = 5_000   # stock rows booked per stocktake batch: a progress step, and memory bounded


ImportRejected = tabular.ImportRejected
# 序号 is read (and not imported) so that an office's numbering column is no "column not imported" warning
STOCK_FIELDS = {**{c: c for c in STOCK_COLUMNS}, "计量单位": "单位", "序号": "序号"}
MINIMUMS_FIELDS = {c: c for c in MINIMUMS_COLUMNS}


# ------------------------------------------------------------------------------------------- export

def export_xlsx(store: Store, path: Path, progress=None) -> Path:
    """Write the whole inventory to ``path`` in the layout of the module docstring, the form the import
    reads; returns it as a Path.  Written beside as ``<name>.part`` and renamed, so a failed export leaves
    no half workbook.  ``progress(done, total)`` is called after each register's sheet and at the end
    (``total`` = the registers + 2)."""
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
    path = outfiles.write_whole(path, wb.save)
    if progress:
        progress(len(assets.KINDS) + 2, len(assets.KINDS) + 2)
    return path


# ------------------------------------------------------------------------------------------- import

@dataclass
class _Plan:
    """Everything an import will write, checked: records by register, minimums, stock counts."""

    problems: tabular.Problems
    records: dict[str, list[tuple[str, dict]]] = field(default_factory=dict)  # (id, values) by table
    minimums: list[tuple[str, str, int]] = field(default_factory=list)
    counts: list[dict] = field(default_factory=list)
    tables: list[tabular.Table] = field(default_factory=list)

    def preview(self) -> tabular.Preview:
        counts = {assets.KINDS[t].label: len(v) for t, v in self.records.items() if v}
        counts.update({MINIMUMS_SHEET: len(self.minimums), STOCK_SHEET: len(self.counts)})
        return tabular.Preview(self.problems.file, self.tables, self.problems.errors, self.problems.warnings,
                               counts)


class _Refs:
    """Finds a depot or item of the import by 编号 or name, in the workbook first, then the database."""

    def __init__(self, store: Store, table: str, planned: list[tuple[str, dict]]):
        self.label = assets.KINDS[table].label
        self.values: dict[str, dict] = {r["id"]: r for r in assets.records(store, table)}   # id → fields
        self.values.update(planned)
        self.ids = set(self.values)
        self.by_name: dict[str, list[str]] = {}
        for rid, values in self.values.items():
            self.by_name.setdefault(values["name"], []).append(rid)
        self._seen: dict[tuple, str | ValueError] = {}   # a ledger names the same few records 100,000 times

    def resolve(self, rid: str, name) -> str:
        """The id of the record with 编号 ``rid`` or, when that is empty, named ``name`` (a cell as typed);
        ValueError saying, in Chinese, that it is unknown or its name is shared."""
        key = (rid, type(name), name)
        if key not in self._seen:
            try:
                self._seen[key] = self._find(rid, names.clean_name(name))
            except ValueError as exc:
                self._seen[key] = exc
        found = self._seen[key]
        if isinstance(found, ValueError):
            raise found
        return found

    def _find(self, rid: str, name: str) -> str:
        if rid:
            if rid not in self.ids:
                raise ValueError(f"{self.label}中没有编号 {rid}")
            return rid
        if not name:
            raise ValueError(f"未填写{self.label}（填编号或名称）")
        found = self.by_name.get(name, [])
        if len(found) != 1:
            raise ValueError(f"{self.label}「{name}」" + ("不存在" if not found else "重名，请填写编号"))
        return found[0]


@lru_cache(maxsize=4096)   # a ledger repeats a few units and counts over 100,000 rows
def _unit(value) -> str:
    """A unit as typed, compared: full-width forms as ASCII, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", tabular.cell_text(value)))


def _count_in(value, unit: str) -> int:
    """A 数量 cell as a whole number (:func:`assets.as_int`), which may be followed by the item's own
    ``unit`` as offices write it (``１２０件``, ``80 件``); ValueError for anything else (another unit too)."""
    try:
        return assets.as_int(value)
    except ValueError:
        text = _unit(value)
        if unit and text.endswith(_unit(unit)) and text != _unit(unit):
            return assets.as_int(text[:-len(_unit(unit))])
        raise


def _ledger_rows(ledger: tabular.Table, problems: tabular.Problems) -> list[tabular.Row]:
    """The rows of a 库存 sheet that are stock: a row holding nothing but a depot (a blank row a merged
    depot cell covers) is left out with a warning (a 合计/小计 row already is, by tabular)."""
    rest = [key for key in ledger.fields if key not in ("储备库", "储备库编号", "序号")]
    rows = []
    for row in ledger.rows:   # 100,000 of them: the cells are looked at directly
        cells = row.values
        if all(cells[key] is None or (cells[key].__class__ is str and not cells[key].strip()) for key in rest):
            problems.warn(ledger, row, "", "没有物资和数量（空行），未导入")
        else:
            rows.append(row)
    return rows


def _sheet_names() -> tuple[str, ...]:
    """The sheets the layout names, in workbook order: the registers, 最低库存, 库存."""
    return (*(rk.label for rk in assets.KINDS.values()), MINIMUMS_SHEET, STOCK_SHEET)


def _other_sheet(book: tabular.Workbook, sheet: str, plan: _Plan) -> tabular.Table | None:
    """A sheet the layout does not name (Sheet1, 龙华物资台账 …) as a 库存 sheet when its columns make one
    (数量 and the item), with a warning that it is read so; else None, with a warning that it is not
    imported (an empty sheet, such as the spare ones Excel and WPS add, goes unmentioned)."""
    found = book.table_by_columns(sheet, STOCK_FIELDS, ("数量",), plan.problems,
                                  f"工作表名不是“{STOCK_SHEET}”，按列名作为库存表导入",
                                  fits=lambda table: "物资" in table.fields or "物资编号" in table.fields)
    if found is not None:
        return found
    book.left_out([s for s in book.sheet_names if s != sheet], plan.problems,
                  f"工作表名应为 {'、'.join(_sheet_names())} 之一；库存表用别的名称时须有“物资”和“数量”列")
    return None


def _plan(store: Store, book: tabular.Workbook) -> _Plan:
    plan = _Plan(tabular.Problems(book.file))
    sheets = set(book.sheet_names)

    def table(sheet: str, fields: dict[str, str], required: tuple[str, ...]) -> tabular.Table | None:
        found = book.table(sheet, fields, required, plan.problems) if sheet in sheets else None
        if found is not None:
            plan.tables.append(found)
        return found

    for rk in assets.KINDS.values():
        planned = plan.records.setdefault(rk.table, [])
        labels = {f.label: f.key for f in rk.fields}
        register = table(rk.label, {ID: ID, **{label: label for label in labels}},
                         tuple(f.label for f in rk.fields if f.required))
        for row in register.rows if register else ():
            rid = row.text(ID)
            try:
                values = assets.clean(store, rk.table, {key: row.get(label) for label, key in labels.items()})
            except assets.FieldError as exc:
                plan.problems.error(register, row, exc.field.label, str(exc).split("」", 1)[-1])
                continue
            except StoreError as exc:
                plan.problems.error(register, row, "", str(exc))
                continue
            planned.append((rid or new_id(), values))
    depots = _Refs(store, "depots", plan.records["depots"])
    items = _Refs(store, "items", plan.records["items"])

    def referring(found: tabular.Table | None):
        """(table, row, depot id, item id) for each row of a sheet; an id is None, with the error recorded,
        when its depot or item is not found (the row's other cells are still checked: every error at once)."""
        for row in found.rows if found else ():
            ids = []
            for refs, id_column, name_column in ((depots, "储备库编号", "储备库"), (items, "物资编号", "物资")):
                try:
                    ids.append(refs.resolve(row.text(id_column), row.get(name_column)))
                except ValueError as exc:
                    plan.problems.error(found, row, name_column, str(exc))
                    ids.append(None)
            yield found, row, *ids

    converted: dict[tuple, Any] = {}   # (converter, cell value) → value: a ledger repeats its dates and counts

    def cell(where: tabular.Table, row: tabular.Row, column: str, convert, expected: str, *args):
        """The converted value of a cell (``convert(value, *args)``), or None with the error recorded."""
        value = row.get(column)
        key = (convert, args, type(value), value)
        try:
            if key not in converted:
                converted[key] = convert(value, *args)
            return converted[key], True
        except ValueError:
            plan.problems.error(where, row, column, f"应为{expected}，而不是「{row.text(column)}」")
            return None, False

    for where, row, depot_id, item_id in referring(table(MINIMUMS_SHEET, MINIMUMS_FIELDS, ("最低库存",))):
        minimum, ok = cell(where, row, "最低库存", assets.as_count, "不小于 0 的整数")
        if ok and depot_id and item_id:
            plan.minimums.append((depot_id, item_id, minimum))
    ledgers = [table(STOCK_SHEET, STOCK_FIELDS, ("数量",))]
    for sheet in book.sheet_names:
        found = _other_sheet(book, sheet, plan) if sheet not in _sheet_names() else None
        if found:
            plan.tables.append(found)
            ledgers.append(found)
    if not plan.tables and not plan.problems.errors:
        plan.problems.errors.append(tabular.Problem(
            book.file, f"没有可导入的工作表（本文件的工作表：{'、'.join(book.sheet_names)}），工作表名应为 "
                       f"{'、'.join(_sheet_names())} 之一；库存表用别的名称时须有“物资”和“数量”列"))
    for ledger in ledgers:
        if ledger:
            ledger.rows = _ledger_rows(ledger, plan.problems)
    counted_in: dict[str | None, str] = {}   # item id → what its 数量 cells should be, for a message
    counted: dict[tuple, tuple] = {}          # (depot id, item id, lot) → its first row (_count_once)
    for where, row, depot_id, item_id in (found for ledger in ledgers for found in referring(ledger)):
        expires, ok_date = cell(where, row, "有效期至", assets.as_date, assets.DATE_EXPECTED)
        item = items.values[item_id] if item_id else {"name": "", "unit": ""}
        unit = _unit(row.get("单位"))
        if item_id and unit and unit != _unit(item["unit"]):
            plan.problems.error(where, row, "单位", f"「{row.text('单位')}」与物资目录中「{item['name']}」的计量单位"
                                                  f"「{item['unit']}」不同，请把数量换算为{item['unit']}并改正单位")
        if item_id not in counted_in:
            counted_in[item_id] = f"整数（以「{item['name']}」的计量单位{item['unit']}计）" if item_id else "整数"
        qty, ok_qty = cell(where, row, "数量", _count_in, counted_in[item_id], item["unit"])
        if ok_date and ok_qty and depot_id and item_id:
            _count_once(plan, counted, where, row, {"depot_id": depot_id, "item_id": item_id,
                                                    "lot": row.text("批次"), "expires": expires, "counted": qty},
                        item["unit"])
    return plan


def _count_once(plan: _Plan, counted: dict, where: tabular.Table, row: tabular.Row, count: dict, unit: str) -> None:
    """Add one checked ledger row to ``plan.counts``.  A lot already counted on an earlier row (one item kept
    in two storerooms, without lot numbers) adds up, with a warning — a stocktake of each row would leave the
    last row's count only; given two different expiry dates it is an error (they are two lots).
    ``counted`` maps (depot id, item id, lot) to (table, row, count) of the first row."""
    key = (count["depot_id"], count["item_id"], count["lot"])
    if key not in counted:
        counted[key] = (where, row, count)
        plan.counts.append(count)
        return
    first_table, first_row, first = counted[key]
    same = f"与{'' if first_table is where else f'工作表「{first_table.sheet}」'}第 {first_row.number} 行" \
           f"是同一储备库、物资和批次"
    if count["expires"] and first["expires"] and count["expires"] != first["expires"]:
        plan.problems.error(where, row, "有效期至", f"{same}，有效期却不同（{first['expires']}、{count['expires']}）："
                                                  f"请在“批次”列填写不同的批次")
        return
    first["counted"] += count["counted"]
    first["expires"] = first["expires"] or count["expires"]
    plan.problems.warn(where, row, "数量", f"{same}，数量相加（共 {first['counted']}{unit}）")


_checked = tabular.LastChecked()   # the preview's plan, for the import that follows it


def _state(store: Store, path: Path) -> tuple:
    """The file and the database as a check reads them.  Every write to a synced table — a depot renamed
    here, an item pulled from the hub — adds an outbox row, so the newest outbox rowid moves with them."""
    return (tabular.file_state(path), str(store.path.resolve()), store.one("SELECT max(rowid) FROM changes")[0])


def preview(store: Store, path: Path) -> tabular.Preview:
    """What :func:`import_xlsx` would import from ``path``, without writing anything."""
    key = _state(store, path)
    plan = _plan(store, tabular.Workbook.open(path))
    _checked.keep(key, replace(plan, tables=[]))   # what the import needs, not the rows as read
    return plan.preview()


def import_xlsx(store: Store, path: Path, progress=None) -> dict[str, int]:
    """Import a workbook in one transaction, all or nothing; returns how many rows of each kind.

    Right after :func:`preview` of the same file, with neither it nor the database changed since, what the
    preview checked is imported as checked; otherwise the file is read and checked here."""
    path = Path(path)
    key = _state(store, path)
    plan = _checked.take(key) or _plan(store, tabular.Workbook.open(path))
    with store.write() as tx:
        if _state(store, path) != key:   # written to while the file was checked: check it again
            plan = _plan(store, tabular.Workbook.open(path))
        _write(tx, plan, path, progress)
    counts = {table: len(planned) for table, planned in plan.records.items()}
    counts.update({"stock_minimums": len(plan.minimums), "stock_movements": len(plan.counts)})
    return counts


def _write(tx, plan: _Plan, path: Path, progress) -> None:
    """Write a checked plan in the open transaction ``tx``; ImportRejected (so nothing) if it has errors."""
    plan.problems.raise_if_any()
    total = sum(len(v) for v in plan.records.values()) + len(plan.minimums) + len(plan.counts)
    done = 0

    def step(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress and (done % 200 < n or done == total):
            progress(done, total)

    for table, planned in plan.records.items():
        for rid, values in planned:
            assets.save_in(tx, table, values, rid)
            step()
    for depot_id, item_id, minimum in plan.minimums:
        stock.set_minimum(tx, depot_id, item_id, minimum)
        step()
    for start in range(0, len(plan.counts), COUNT_BATCH):
        batch = plan.counts[start:start + COUNT_BATCH]
        stock.count_many(tx, batch, reason=f"导入库存表 {path.name}")
        step(len(batch))
