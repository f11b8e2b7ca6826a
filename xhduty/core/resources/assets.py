"""The registers of emergency resources kept as mutable records: depots, the item catalogue, teams,
experts, vehicles and equipment, shelters.

Each register is described once, as data (:data:`KINDS`): its table, its Chinese name and its fields with
their labels and types.  The same description drives validation here, the forms and lists of the window,
the command line and the columns of the .xlsx workbook, so a field added here appears everywhere and a
value is checked the same way wherever it comes from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from xhduty.core import attachments, choices, dates, refdata
from xhduty.core.changes import Changes
from xhduty.core.store import Store, StoreError, Tx


@dataclass(frozen=True)
class Field:
    """One field of a register: column ``key``, its Chinese ``label`` (forms, lists, workbook columns), how
    its value is checked (``kind``; ``choices`` for a choice) and whether it may be empty."""
    key: str
    label: str
    kind: str = "text"          # text | int | date | choice | division | class_code
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordKind:
    """One register: its table, its Chinese name and its fields in the order forms and workbooks show them."""
    table: str
    label: str
    fields: tuple[Field, ...]

    def field(self, key: str) -> Field:
        """The field whose column is ``key``; StopIteration when the register has none."""
        return next(f for f in self.fields if f.key == key)


class FieldError(StoreError):
    """A value the user typed (or a cell of a workbook) that cannot be stored; names the field."""

    def __init__(self, field: Field, message: str):
        super().__init__(f"「{field.label}」{message}")
        self.field = field


DEPOT_KINDS = ("储备库", "储备点")
READINESS = ("待命", "出动", "休整", "不可用")
EQUIPMENT_CATEGORIES = ("车辆", "装备")
EQUIPMENT_STATUS = ("完好", "出动", "维修", "报废")
SHELTER_CLASSES = ("Ⅰ类", "Ⅱ类", "Ⅲ类")   # GB 21734-2008: > 30 days, 10–30 days, < 10 days

KINDS: dict[str, RecordKind] = {k.table: k for k in (
    RecordKind("depots", "储备库（点）", (
        Field("name", "名称", required=True),
        Field("kind", "类型", "choice", True, DEPOT_KINDS),
        Field("division", "街镇", "division", True),
        Field("address", "地址"), Field("keeper", "保管人"), Field("phone", "电话"),
        Field("hours", "开放时间"), Field("note", "备注"),
    )),
    RecordKind("items", "物资目录", (
        Field("name", "名称", required=True),
        Field("class_code", "分类代码", "class_code", True),
        Field("spec", "规格型号"),
        Field("unit", "计量单位", required=True),
        Field("pack_size", "每包装数量", "int"),
        Field("note", "备注"),
    )),
    RecordKind("teams", "救援队伍", (
        Field("name", "名称", required=True), Field("type", "类型"),
        Field("size", "人数", "int"), Field("leader", "负责人"), Field("phone", "电话"),
        Field("base", "驻地"), Field("division", "街镇", "division", True),
        Field("capabilities", "专长能力"), Field("readiness", "战备状态", "choice", True, READINESS),
        Field("note", "备注"),
    )),
    RecordKind("experts", "专家", (
        Field("name", "姓名", required=True), Field("field", "专业领域"), Field("unit", "工作单位"),
        Field("phones", "电话"), Field("division", "街镇", "division"), Field("note", "备注"),
    )),
    RecordKind("equipment", "车辆装备", (
        Field("name", "名称", required=True),
        Field("category", "类别", "choice", True, EQUIPMENT_CATEGORIES),
        Field("type", "型号类型"), Field("serial", "车牌/编号"), Field("base", "停放地点"),
        Field("division", "街镇", "division", True),
        Field("status", "状态", "choice", True, EQUIPMENT_STATUS),
        Field("service_due", "保养到期", "date"), Field("insurance_due", "保险到期", "date"),
        Field("note", "备注"),
    )),
    RecordKind("shelters", "避难场所", (
        Field("name", "名称", required=True),
        Field("class", "类别", "choice", True, SHELTER_CLASSES),
        Field("capacity", "容纳人数", "int"), Field("area_m2", "面积（平方米）", "int"),
        Field("address", "地址"), Field("division", "街镇", "division", True),
        Field("facilities", "设施"), Field("contact", "联系人"), Field("phone", "电话"),
        Field("occupancy", "当前安置人数", "int"), Field("note", "备注"),
    )),
)}

_CLASS_CODE = re.compile(r"[1-3]\d{6}")


def kind(name: str) -> RecordKind:
    """The register whose table is ``name`` (``depots``, ``teams`` …).  StoreError listing the registers
    otherwise."""
    try:
        return KINDS[name]
    except KeyError:
        raise StoreError(f"没有名为 {name} 的资源类别（可用：{', '.join(KINDS)}）") from None


DATE_EXPECTED = f"日期（可写 {dates.DATE_FORMS}；无期限写“长期”）"


def as_date(value: Any) -> str | None:
    """A date cell or typed date (any form :mod:`xhduty.core.dates` reads) as YYYY-MM-DD; None when empty or
    长期/永久/无 (no expiry); DateError (a ValueError) when it is not a date."""
    day = dates.parse_expiry(value)
    return day.isoformat() if day else None


def as_int(value: Any) -> int:
    """A whole number, possibly negative (0 when empty); full-width digits and thousands commas are read;
    ValueError otherwise (1.5, 'abc')."""
    if value is None or value == "":
        return 0
    if isinstance(value, (int, float)):
        number = value
    else:
        number = float(unicodedata.normalize("NFKC", str(value)).strip().replace(",", ""))
    if number != int(number):
        raise ValueError(value)
    return int(number)


def as_count(value: Any) -> int:
    """A whole, non-negative number (0 when empty); ValueError otherwise."""
    number = as_int(value)
    if number < 0:
        raise ValueError(value)
    return number


def _clean_value(store: Store, f: Field, raw: Any) -> Any:
    if f.kind == "int":
        try:
            return as_count(raw)
        except ValueError:
            raise FieldError(f, f"应为不小于 0 的整数，而不是「{raw}」") from None
    if f.kind == "date":
        try:
            return as_date(raw)
        except ValueError:
            raise FieldError(f, f"应为{DATE_EXPECTED}，而不是「{raw}」") from None
    text = "" if raw is None else str(raw).strip()
    if not text:
        if f.required:
            raise FieldError(f, "不能为空")
        return ""
    if f.kind == "choice":
        return _choice(f, text)
    if f.kind == "division":
        code = refdata.division_codes(store).get(text)
        if code is None:
            raise FieldError(f, f"不是徐汇区的街镇：「{text}」")
        return code
    if f.kind == "class_code" and not _CLASS_CODE.fullmatch(text):
        raise FieldError(f, f"应为 GB/T 38565 的 7 位分类代码（首位 1–3），而不是「{text}」")
    return text


def _choice(f: Field, text: str) -> str:
    """The one of ``f.choices`` that ``text`` means, typed on a keyboard (II类 for Ⅱ类); FieldError otherwise."""
    choice = choices.pick(text, f.choices)
    if choice is not None:
        return choice
    raise FieldError(f, f"应为 {'、'.join(f.choices)} 之一，而不是「{text}」")


def clean(store: Store, kind_name: str, values: dict) -> dict:
    """Check and convert the values of one record; raises :class:`FieldError` naming the first bad field."""
    rk = kind(kind_name)
    return {f.key: _clean_value(store, f, values.get(f.key)) for f in rk.fields}


def save_in(tx: Tx, kind_name: str, values: dict, record_id: str | None = None) -> str:
    """Create or change a record inside an open transaction; returns its id."""
    cleaned = clean(tx.store, kind_name, values)
    if kind_name == "items" and cleaned["pack_size"] < 1:
        cleaned["pack_size"] = 1
    exists = record_id and tx.con.execute(f"SELECT 1 FROM {kind_name} WHERE id = ?", (record_id,)).fetchone()
    if exists:
        tx.update(kind_name, record_id, {**cleaned, "deleted": 0})
        return record_id
    return tx.insert(kind_name, {**cleaned, **({"id": record_id} if record_id else {})})


def save(store: Store, kind_name: str, values: dict, record_id: str | None = None,
         files=()) -> tuple[str, Changes]:
    """Create or change one record; returns its id and the Changes written (for the window to update).
    ``files`` (:class:`attachments.StoredFile`, stored by the form beforehand) are attached in the same
    transaction (shelters and teams)."""
    with store.write() as tx:
        rid = save_in(tx, kind_name, values, record_id)
        for stored in files:
            attachments.record(tx, stored, kind_name, rid)
    return rid, tx.changes


def remove(store: Store, kind_name: str, record_id: str) -> None:
    """Delete a record (a tombstone).  A depot or item with stock on hand is refused: deleting it would
    hide that stock from every list, so it must be issued, transferred or written off first."""
    rk = kind(kind_name)
    if kind_name in ("depots", "items"):
        column = "depot_id" if kind_name == "depots" else "item_id"
        if store.one(f"SELECT 1 FROM stock_movements WHERE {column} = ? GROUP BY depot_id, item_id, lot "
                     "HAVING sum(qty) <> 0 LIMIT 1", (record_id,)):
            name = (get(store, kind_name, record_id) or {}).get("name", record_id)
            raise StoreError(f"{rk.label}「{name}」还有库存，不能删除：请先出库、调拨或报废核销")
    with store.write() as tx:
        tx.delete(kind_name, record_id)


def records(store: Store, kind_name: str, text: str = "", division: str | None = None,
            class_code: str = "", ids: list[str] | None = None) -> list[dict]:
    """The live records of a register, narrowed by words (any text field), division and item class (and to
    ``ids``: which of the records just written a filtered list shows), in the order of :func:`record_order`.
    Each is the table's row, plus ``division_name`` and ``division_sort`` where the register has a division."""
    rk = kind(kind_name)
    clauses, params = ["r.deleted = 0"], []
    text_fields = [f.key for f in rk.fields if f.kind in ("text", "choice")]
    for word in text.split():
        clauses.append("(" + " OR ".join(f"r.{k} LIKE ?" for k in text_fields) + ")")
        params.extend([f"%{word}%"] * len(text_fields))
    has_division = any(f.kind == "division" for f in rk.fields)
    if division and has_division:
        clauses.append("r.division = ?")
        params.append(division)
    if class_code and kind_name == "items":
        clauses.append("r.class_code LIKE ?")
        params.append(class_code.rstrip("0") + "%")
    if ids is not None:
        clauses.append(f"r.id IN ({', '.join('?' * len(ids))})")
        params.extend(ids)
    where = " AND ".join(clauses)
    if has_division:
        sql = (f"SELECT r.*, d.name AS division_name, coalesce(d.sort, 99) AS division_sort FROM {rk.table} r "
               f"LEFT JOIN divisions d ON d.code = r.division WHERE {where} ORDER BY division_sort, r.name, r.id")
    else:
        sql = f"SELECT r.* FROM {rk.table} r WHERE {where} ORDER BY r.name, r.id"
    rows = store.query(sql, params)
    return [dict(r) for r in rows]


def record_order(record: dict) -> tuple:
    """Where a record of :func:`records` stands in its register's list: by division, then name."""
    return record.get("division_sort", 0), record["name"], record["id"]


def get(store: Store, kind_name: str, record_id: str) -> dict | None:
    """The live record ``record_id`` of register ``kind_name`` as {column: value}; None when there is none
    or it was deleted.  StoreError (:func:`kind`) for an unknown register."""
    row = store.get(kind(kind_name).table, record_id)
    return row if row and not row["deleted"] else None


def find(store: Store, kind_name: str, ref: str) -> dict:
    """A live record by id, by exact name, or by any part of its name that only one record has
    (``--depot 龙华`` for 龙华街道应急物资储备点).  A name or part several records share is refused with
    the candidates listed (name and id), so the officer can type more of it or the id."""
    rk = kind(kind_name)
    ref = ref.strip()
    found = get(store, kind_name, ref)
    if found:
        return found
    rows = store.query(f"SELECT * FROM {rk.table} WHERE name = ? AND deleted = 0", (ref,))
    if not rows and ref:
        rows = store.query(f"SELECT * FROM {rk.table} WHERE instr(name, ?) > 0 AND deleted = 0 ORDER BY name",
                           (ref,))
    if len(rows) == 1:
        return dict(rows[0])
    if rows:
        listed = "；".join(f"{r['name']}（{r['id']}）" for r in rows[:8]) + ("……" if len(rows) > 8 else "")
        raise StoreError(f"{rk.label}中有 {len(rows)} 条与「{ref}」相符，请写全名称或用编号：{listed}")
    raise StoreError(f"{rk.label}中没有编号或名称为「{ref}」的记录")


def class_name(store: Store, class_code: str) -> str:
    """The 大类 of a GB/T 38565 item code, named by its first digit (``2030101`` → 应急装备及配套物资,
    ``supply_classes``); '' for an empty or unknown code."""
    row = store.one("SELECT name FROM supply_classes WHERE code = ?", ((class_code or "")[:1],))
    return row[0] if row else ""
