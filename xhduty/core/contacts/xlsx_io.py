"""Contacts in and out: .xlsx in the layout offices already keep, and vCard for phones.

Sheet 人员: one row a person — 单位路径 (units from the top, separated by /), 姓名, 职务, 角色, then one
column per method in priority order (手机, 办公电话, 值班电话, 传真, 邮箱, 短信), AB角 (a name in the same
unit, or anywhere if unique), 核实日期, 备注.  Optional sheets: 单位 (单位路径, 类型, 值班电话, 传真, 地址),
通知组 (通知组, 顺序, 单位路径, 姓名, 确认时限) and 值班 (单位路径, 日期, 姓名, 电话: the duty rosters units
send in, one row a unit and day).  A person is matched by unit and name, so importing
the same file twice changes nothing.  Every row is checked before anything is written; any bad row
aborts the whole import with a list naming sheet, row and column.

A unit's office sends its own list instead: a sheet called Sheet1 or 局机关 (one sheet a department, often),
a 部门 column of 办公室/防汛办 or none at all.  Imported ``under`` that unit (区应急委/成员单位/区水务局), each
sheet with a 姓名 column is a 人员 sheet, and a row's unit is placed below the unit (:func:`placed_path`).
A sheet that is not imported is named in a warning, never passed over in silence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.styles import Font

from xhduty.core import clock, dates, names, outfiles, tabular
from xhduty.core.contacts import contacts
from xhduty.core.store import Store, StoreError, Tx

PEOPLE_SHEET, UNITS_SHEET, GROUPS_SHEET, DUTY_SHEET = "人员", "单位", "通知组", "值班"
METHOD_COLUMNS = [(label, kind) for kind, label in contacts.METHOD_KINDS.items()]
PEOPLE_COLUMNS = ["单位路径", "姓名", "职务", "角色", *[label for label, _ in METHOD_COLUMNS],
                  "AB角", "核实日期", "备注"]
UNIT_COLUMNS = ["单位路径", "类型", "值班电话", "传真", "地址"]
GROUP_COLUMNS = ["通知组", "顺序", "单位路径", "姓名", "确认时限（分钟）"]
DUTY_COLUMNS = ["单位路径", "日期", "姓名", "电话"]
NAME_COLUMNS = ("姓名", "AB角")


def _fields(columns: list[str], **more: str) -> dict[str, str]:
    """Canonical header → field key (the column's own name), plus the extra headers a sheet accepts."""
    return {**{c: c for c in columns}, **more}


PEOPLE_FIELDS = _fields(PEOPLE_COLUMNS, 单位="单位路径", 电话="电话")
UNIT_FIELDS = _fields(UNIT_COLUMNS, 单位="单位路径")
GROUP_FIELDS = _fields(GROUP_COLUMNS, 单位="单位路径")
DUTY_FIELDS = _fields(DUTY_COLUMNS, 单位="单位路径", 值班员="姓名", 值班电话="电话")
NO_UNIT_COLUMN = ("缺少列：单位路径（各人所属单位）。若整张表是一个单位的人员，导入时指定该单位："
                  "窗口中选“导入到单位”，命令行加 --unit 单位名")
MOBILE = re.compile(r"(?:\+?86-?)?1\d{10}")


def _texts(table: tabular.Table, problems: tabular.Problems) -> list[tuple[int, dict, tabular.Row]]:
    """(row number, {column: text}, row) of a table, names cleaned of full-width and aligning spaces."""
    out = []
    for row in table.rows if table else ():
        texts = {key: row.text(key) for key in table.fields}
        for key in NAME_COLUMNS:
            if key in texts:
                texts[key] = names.clean_name(texts[key])
                problems.read_as(table, row, key, row.get(key), texts[key])
        out.append((row.number, texts, row))
    return out


def placed_path(path: str, under: str = "") -> str:
    """Where a row's 单位路径 puts the person when the file is imported ``under`` a unit (its full path).

    Without ``under``, or for a path from the top (it begins with ``under``'s top unit, 区应急委/…), the
    path as written.  Else below ``under``: '' → the unit itself; '办公室' → '<under>/办公室'; the unit's own
    name first ('区水务局/办公室', as its office writes it) is not repeated.  Paths come back '/'-joined."""
    names, base = contacts.split_path(path), contacts.split_path(under)
    if not base or (names and names[0] == base[0]):
        return contacts.PATH_SEP.join(names)
    if names and names[0] == base[-1]:
        names = names[1:]
    return contacts.PATH_SEP.join(base + names)


def unit_to_import_under(store: Store, ref: str) -> str:
    """The full path of the unit a list is imported under, from what the officer wrote: '' for nothing; a
    path from the top unit (区应急委/成员单位/区水务局) as written, made by the import if it is new; else the
    one unit whose path or name has ``ref`` (水务局).  StoreError as :func:`contacts.find_unit_by_name`."""
    names = contacts.split_path(ref)
    if not names:
        return ""
    if len(names) > 1 and contacts.find_unit(store, None, names[0]):
        return contacts.PATH_SEP.join(names)
    return contacts.unit_paths(store)[contacts.find_unit_by_name(store, ref)]


def _people_tables(book: tabular.Workbook, problems: tabular.Problems, under: str) -> list[tabular.Table]:
    """The 人员 sheet; in a file without one, every sheet other than 单位/通知组/值班 with a 姓名 column (a
    unit's list: Sheet1, or a sheet a department), each named in a warning.  A sheet that is neither is
    named in a warning (an empty one, such as the spare sheets Excel and WPS add, goes unmentioned); with
    no people sheet at all, one error listing the sheets."""
    required = ("姓名",) if under else ("单位路径", "姓名")
    if PEOPLE_SHEET in book.sheet_names:
        found = book.table(PEOPLE_SHEET, PEOPLE_FIELDS, ("姓名",), problems)
        others = [s for s in book.sheet_names if s not in (PEOPLE_SHEET, UNITS_SHEET, GROUPS_SHEET, DUTY_SHEET)]
        tables = [found] if found else []
    else:
        others, tables = [], []
        for sheet in book.sheet_names:
            if sheet in (UNITS_SHEET, GROUPS_SHEET, DUTY_SHEET):
                continue
            found = book.table_by_columns(sheet, PEOPLE_FIELDS, ("姓名",), problems,
                                          f"工作表名不是“{PEOPLE_SHEET}”，因有“姓名”列，按人员表导入")
            if found is None:
                others.append(sheet)
                continue
            tables.append(found)
        if not tables:
            problems.error(None, None, "", f"没有人员表：应有名为“{PEOPLE_SHEET}”的工作表，或有“姓名”列的工作表"
                                          f"（本文件的工作表：{'、'.join(book.sheet_names)}）")
    book.left_out([s for s in book.sheet_names if s not in others], problems,
                  f"人员表应名为“{PEOPLE_SHEET}”，或在没有“{PEOPLE_SHEET}”表的文件中有“姓名”列")
    for table in tables:
        if "单位路径" in required and "单位路径" not in table.fields:
            problems.error(table, table.header_row, "", NO_UNIT_COLUMN)
    return [t for t in tables if "单位路径" not in required or "单位路径" in t.fields]


def _read(path: Path, under: str = "") -> tuple[dict, tabular.Preview]:
    """The checked rows of each sheet and the preview; errors are in the preview, nothing raised for rows.
    ``under``: the full path of the unit the file is imported under ('' for paths from the top)."""
    book = tabular.Workbook.open(path)
    problems = tabular.Problems(book.file)
    people_tables = _people_tables(book, problems, under)
    tables = {}
    for sheet, fields, required in ((UNITS_SHEET, UNIT_FIELDS, ("单位路径",)),
                                    (GROUPS_SHEET, GROUP_FIELDS, ("通知组", "单位路径", "姓名")),
                                    (DUTY_SHEET, DUTY_FIELDS, ("单位路径", "日期", "姓名"))):
        tables[sheet] = book.table(sheet, fields, required, problems) if sheet in book.sheet_names else None
    people = [(table, *found) for table in people_tables for found in _texts(table, problems)]
    units = _texts(tables[UNITS_SHEET], problems)
    groups, duty = _texts(tables[GROUPS_SHEET], problems), _texts(tables[DUTY_SHEET], problems)
    for _, row, _ in (*units, *groups, *duty):
        row["单位路径"] = placed_path(row["单位路径"], under)
    seen: dict[tuple, tuple[str, int]] = {}
    for table, number, row, cells in people:
        row["单位路径"] = placed_path(row.get("单位路径", ""), under)
        if not row["单位路径"]:
            problems.error(table, number, "单位路径", "不能为空")
        if not row["姓名"]:
            problems.error(table, number, "姓名", "不能为空")
        key = (tuple(contacts.split_path(row["单位路径"])), row["姓名"])
        if key in seen:
            sheet, first = seen[key]
            where = f"第 {first} 行" if sheet == table.sheet else f"工作表「{sheet}」第 {first} 行"
            problems.error(table, number, "姓名", f"与{where}重复（同一单位同名）")
        seen.setdefault(key, (table.sheet, number))
        row["methods"] = _methods(problems, table, number, cells)
        if row.get("核实日期"):
            row["核实日期"] = _date(problems, table, number, "核实日期", cells.get("核实日期"))
    table = tables[UNITS_SHEET]
    for number, row, cells in units:
        for column, kind in (("值班电话", "duty"), ("传真", "fax")):
            row[column] = contacts.NUMBERS_JOIN.join(_numbers(problems, table, number, column, kind, cells.get(column)))
    table = tables[GROUPS_SHEET]
    for number, row, cells in groups:
        minutes = row.get("确认时限（分钟）", "")
        if minutes and not (minutes.isdigit() and int(minutes) >= 1):
            problems.error(table, number, "确认时限（分钟）", f"应为正整数，而不是“{minutes}”")
        if (tuple(contacts.split_path(row["单位路径"])), row["姓名"]) not in seen:
            problems.error(table, number, "姓名", f"{row['单位路径']} {row['姓名']} 不在人员表中")
    table = tables[DUTY_SHEET]
    for number, row, cells in duty:
        for column in DUTY_COLUMNS[:3]:
            if not row[column]:
                problems.error(table, number, column, "不能为空")
        if row["日期"]:
            row["日期"] = _date(problems, table, number, "日期", cells.get("日期"))
        row["电话"] = contacts.NUMBERS_JOIN.join(_numbers(problems, table, number, "电话", "duty", cells.get("电话")))
    data = {"people": [(t.sheet, n, r) for t, n, r, _ in people], "units": [(n, r) for n, r, _ in units],
            "groups": [(n, r) for n, r, _ in groups], "duty": [(n, r) for n, r, _ in duty]}
    counts = {"人员": len(people), "单位": len(units), "通知组成员": len(groups), "值班": len(duty)}
    preview = tabular.Preview(book.file, people_tables + [t for t in tables.values() if t], problems.errors,
                              problems.warnings, counts)
    return data, preview


def _date(problems: tabular.Problems, table, number: int, column: str, value) -> str:
    try:
        return dates.parse_date(value).isoformat()
    except ValueError as exc:
        problems.error(table, number, column, str(exc))
        return ""


def _numbers(problems: tabular.Problems, table, number: int, column: str, kind: str, value) -> list[str]:
    """The numbers of one cell, normalised and checked; each bad one is an error at that cell."""
    if value is None or value == "":
        return []
    try:
        found = names.split_phones(value)
        for n in found:
            contacts.check_method_value(kind, n)
        if len(found) > 1:
            problems.warn(table, number, column, f"一格有 {len(found)} 个号码，分别导入：{'、'.join(found)}")
        return found
    except (ValueError, StoreError) as exc:
        problems.error(table, number, column, str(exc))
        return []


def _methods(problems: tabular.Problems, table, number: int, cells: tabular.Row) -> list[dict]:
    """Contact methods in column order; two numbers in one cell are two methods; 电话 is 手机 or 办公电话."""
    out = []
    for label, kind in [*METHOD_COLUMNS, ("电话", "")]:
        value = cells.get(label)
        if value is None or value == "":
            continue
        if kind == "email":
            for text in re.split(r"[/、,，;；\s]+", tabular.cell_text(value)):
                try:
                    contacts.check_method_value(kind, text)
                    out.append({"kind": kind, "value": text})
                except StoreError as exc:
                    problems.error(table, number, label, str(exc))
            continue
        for n in _numbers(problems, table, number, label, kind or "office", value):
            out.append({"kind": kind or ("mobile" if MOBILE.fullmatch(n) else "office"), "value": n})
    return out


_checked = tabular.LastChecked()   # the preview's reading, for the import that follows it


def preview(path: Path, under: str = "", store: Store | None = None) -> tabular.Preview:
    """What :func:`import_xlsx` would import from ``path`` (``under`` that unit's full path, see
    :func:`placed_path`), without writing anything.  With the ``store``, people placed in a unit that would
    be new at the top of the tree (办公室, where 区应急委 is the top) are named in a warning: a unit's own
    list imported without its unit."""
    key = (tabular.file_state(path), under)
    data, seen = _read(Path(path), under)
    if store is not None and data:
        seen.warnings.extend(_new_at_top(store, data["people"], seen.file))
    _checked.keep(key, (data, replace(seen, tables=[])))   # what the import needs, not the rows as read
    return seen


def _new_at_top(store: Store, people: list[tuple[str, int, dict]], file: str) -> list[tabular.Problem]:
    """A warning for each unit the people rows would make at the top of the tree, with how many go there."""
    tops = {u["name"] for u in contacts.units(store) if u["parent_id"] is None}
    new: dict[str, tuple[str, int, int]] = {}   # top unit → (sheet, first row, people)
    for sheet, number, row in people:
        top = contacts.split_path(row["单位路径"])[0] if row["单位路径"] else ""
        if top and top not in tops:
            sheet, number, count = new.get(top, (sheet, number, 0))
            new[top] = (sheet, number, count + 1)
    return [tabular.Problem(file, f"“{top}”不是已有的最上层单位，将新建在最上层（{count} 人）：若这是某单位报来的"
                                  "本单位通讯录，请指定导入到该单位（窗口中“导入到单位”，命令行 --unit）",
                            sheet, number, "单位路径") for top, (sheet, number, count) in new.items()]


def read_workbook(path: Path, under: str = "") -> dict:
    """Parse and check the file (or take what :func:`preview` found in it, when it has not changed since);
    returns the rows of each sheet or raises tabular.ImportRejected.  ``under`` as for :func:`preview`."""
    data, seen = _checked.take((tabular.file_state(path), under)) or _read(Path(path), under)
    if seen.errors:
        raise tabular.ImportRejected(seen.errors)
    return data


def import_xlsx(store: Store, path: Path, progress: Callable[[int, int], None] | None = None,
                under: str = "") -> dict:
    """Import the workbook in one transaction (all rows or none); returns counts of what changed.
    ``under``: the full path of the unit a unit's own list is imported under (:func:`placed_path`)."""
    path = Path(path)
    data = read_workbook(path, under)
    counts = {"added": 0, "updated": 0, "units": 0, "groups": 0}
    total = len(data["people"])
    with store.write() as tx:
        units_before = tx.con.execute("SELECT count(*) FROM units WHERE deleted = 0").fetchone()[0]
        for number, row in data["units"]:
            unit_id = contacts.ensure_unit_path(tx, row["单位路径"], kind=row.get("类型", ""))
            tx.update("units", unit_id, {k: row[c] for k, c in (("kind", "类型"), ("duty_phone", "值班电话"),
                                                                ("fax", "传真"), ("address", "地址")) if row.get(c)})
        ids: dict[tuple, str] = {}
        unit_ids: dict[tuple, str] = {}
        existing = {(unit_id, name): pid for pid, unit_id, name in tx.con.execute(
            "SELECT id, unit_id, name FROM people WHERE deleted = 0")}
        added: list[tuple[tuple, dict]] = []   # new people, checked, written together below
        for done, (_sheet, number, row) in enumerate(data["people"], start=1):
            path_key = tuple(contacts.split_path(row["单位路径"]))   # thousands of people share few units
            if path_key not in unit_ids:
                unit_ids[path_key] = contacts.ensure_unit_path(tx, row["单位路径"])
            unit_id = unit_ids[path_key]
            fields = {"unit_id": unit_id, "name": row["姓名"], "post": row.get("职务", ""),
                      "role": row.get("角色", ""), "note": row.get("备注", ""),
                      "methods": row["methods"]}
            if row.get("核实日期"):
                fields["verified_on"] = row["核实日期"]
            pid = existing.get((unit_id, row["姓名"]))
            if pid:
                ids[(path_key, row["姓名"])] = contacts.put_person(tx, fields, pid)
            else:
                added.append(((path_key, row["姓名"]), contacts.person_fields(tx, fields)))
            if progress and done % 200 == 0:
                progress(done, total)
        ids.update(zip((key for key, _ in added), tx.insert_many("people", [fields for _, fields in added])))
        counts["added"], counts["updated"] = len(added), len(data["people"]) - len(added)
        _link_deputies(tx, data["people"], ids, path)
        _import_groups(tx, data["groups"], ids)
        _import_duty(tx, data["duty"])
        counts["groups"] = len({row["通知组"] for _, row in data["groups"]})
        counts["units"] = tx.con.execute("SELECT count(*) FROM units WHERE deleted = 0").fetchone()[0] - units_before
    if progress:
        progress(total, total)
    return counts


def _link_deputies(tx: Tx, people: list[tuple[str, int, dict]], ids: dict[tuple, str], path: Path) -> None:
    """AB角 names a person of the same unit, or a name unique in the whole contact book; ``people`` are
    (sheet, row number, row)."""
    errors = []
    for sheet, number, row in people:
        deputy = row.get("AB角", "")
        if not deputy:
            continue
        unit_key = tuple(contacts.split_path(row["单位路径"]))
        pid = ids[(unit_key, row["姓名"])]
        found = ids.get((unit_key, deputy))
        if found is None:
            matches = tx.con.execute("SELECT id FROM people WHERE name = ? AND deleted = 0", (deputy,)).fetchall()
            if len(matches) != 1:
                errors.append(tabular.Problem(path.name, f"“{deputy}”" + (
                    "不在通讯录中" if not matches else f"有 {len(matches)} 人同名，请放在同一单位"),
                    sheet, number, "AB角"))
                continue
            found = matches[0][0]
        if found == pid:
            errors.append(tabular.Problem(path.name, "不能是本人", sheet, number, "AB角"))
            continue
        tx.update("people", pid, {"deputy_id": found})
    if errors:   # found while writing: the transaction rolls back, so still nothing is imported
        raise tabular.ImportRejected(errors)


def _import_groups(tx: Tx, rows: list[tuple[int, dict]], ids: dict[tuple, str]) -> None:
    members: dict[str, list[tuple[float, str]]] = {}
    minutes: dict[str, int] = {}
    for number, row in rows:
        order = float(row["顺序"]) if row.get("顺序", "").replace(".", "", 1).isdigit() else number
        members.setdefault(row["通知组"], []).append(
            (order, ids[(tuple(contacts.split_path(row["单位路径"])), row["姓名"])]))
        if row.get("确认时限（分钟）"):
            minutes[row["通知组"]] = int(row["确认时限（分钟）"])
    for name, entries in members.items():
        contacts.put_group(tx, name, [pid for _, pid in sorted(entries, key=lambda e: e[0])], minutes.get(name, 15))


def _import_duty(tx: Tx, rows: list[tuple[int, dict]]) -> None:
    """One unit_duty row per unit, day and name; a row already there is left alone (re-import is harmless)."""
    for number, row in rows:
        unit_id = contacts.ensure_unit_path(tx, row["单位路径"])
        if tx.con.execute("SELECT 1 FROM unit_duty WHERE unit_id = ? AND duty_date = ? AND name = ? AND deleted = 0",
                          (unit_id, row["日期"], row["姓名"])).fetchone():
            continue
        person = tx.con.execute("SELECT id FROM people WHERE unit_id = ? AND name = ? AND deleted = 0",
                                (unit_id, row["姓名"])).fetchone()
        tx.insert("unit_duty", {"unit_id": unit_id, "duty_date": row["日期"], "name": row["姓名"],
                                "phone": row.get("电话", ""), "person_id": person[0] if person else None})


# ------------------------------------------------------------------------------------------ export

def export_xlsx(store: Store, path: Path) -> Path:
    """Write every live person, unit and group in the import layout (a round trip changes nothing)."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = PEOPLE_SHEET
    ws.append(PEOPLE_COLUMNS)
    everyone = contacts.people(store)
    for p in sorted(everyone, key=lambda p: (p["unit_path"], p["name"])):
        by_kind: dict[str, str] = {}
        for m in p["methods"]:   # two numbers of a kind share a cell, as offices write them; import splits it
            by_kind[m["kind"]] = f"{by_kind[m['kind']]}/{m['value']}" if m["kind"] in by_kind else m["value"]
        ws.append([p["unit_path"], p["name"], p["post"], p["role"],
                   *[by_kind.get(kind, "") for _, kind in METHOD_COLUMNS],
                   p["deputy_name"], p["verified_on"] or "", p["note"]])
    units_ws = wb.create_sheet(UNITS_SHEET)
    units_ws.append(UNIT_COLUMNS)
    paths = contacts.unit_paths(store)
    for u in sorted(contacts.units(store), key=lambda u: paths[u["id"]]):
        units_ws.append([paths[u["id"]], u["kind"], u["duty_phone"], u["fax"], u["address"]])
    groups_ws = wb.create_sheet(GROUPS_SHEET)
    groups_ws.append(GROUP_COLUMNS)
    for g in contacts.groups(store):
        for order, p in enumerate(contacts.people(store, contacts.group_members(store, g["id"])), start=1):
            groups_ws.append([g["name"], order, p["unit_path"], p["name"], g["timeout_minutes"]])
    duty_ws = wb.create_sheet(DUTY_SHEET)
    duty_ws.append(DUTY_COLUMNS)
    for r in store.query("SELECT unit_id, duty_date, name, phone FROM unit_duty WHERE deleted = 0 AND duty_date >= ?"
                         " ORDER BY duty_date, created_at", (clock.now().date().isoformat(),)):
        if r["unit_id"] in paths:
            duty_ws.append([paths[r["unit_id"]], r["duty_date"], r["name"], r["phone"]])
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for column in sheet.columns:   # phone numbers stay text, so Excel keeps leading zeros
            sheet.column_dimensions[column[0].column_letter].width = 16
            for cell in column[1:]:
                cell.number_format = "@"
    return outfiles.write_whole(path, wb.save)


_VCARD_TEL = {"mobile": "CELL,VOICE", "office": "WORK,VOICE", "duty": "WORK,VOICE", "fax": "WORK,FAX",
              "sms": "CELL,TEXT"}


def _vescape(text: str) -> str:
    return (text or "").replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str) -> str:
    """vCard lines are folded at 75 octets, never inside a UTF-8 character."""
    out, current = [], b""
    for ch in line:
        enc = ch.encode("utf-8")
        if len(current) + len(enc) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += enc
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def export_vcard(store: Store, path: Path) -> Path:
    """vCard 3.0 of every live person (name split into surname and given name; unit path as ORG)."""
    path = Path(path)
    cards = []
    for p in contacts.people(store):
        surname, given = names.split_surname(p["name"])
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_vescape(p['name'])}",
                 f"N:{_vescape(surname)};{_vescape(given)};;;",
                 "ORG:" + ";".join(_vescape(part) for part in contacts.split_path(p["unit_path"]))]
        if p["post"]:
            lines.append(f"TITLE:{_vescape(p['post'])}")
        for m in p["methods"]:
            if m["kind"] == "email":
                lines.append(f"EMAIL;TYPE=INTERNET:{_vescape(m['value'])}")
            else:
                lines.append(f"TEL;TYPE={_VCARD_TEL[m['kind']]}:{_vescape(m['value'])}")
        if p["note"]:
            lines.append(f"NOTE:{_vescape(p['note'])}")
        lines.append("END:VCARD")
        cards.append("\r\n".join(_fold(line) for line in lines))
    text = "\r\n".join(cards) + "\r\n"
    return outfiles.write_whole(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))
