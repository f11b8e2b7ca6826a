"""Contacts in and out: .xlsx in the layout offices already keep, and vCard for phones.

Sheet 人员: one row a person — 单位路径 (units from the top, separated by /), 姓名, 职务, 角色, then one
column per method in priority order (手机, 办公电话, 值班电话, 传真, 邮箱, 短信), AB角 (a name in the same
unit, or anywhere if unique), 核实日期, 备注.  Optional sheets: 单位 (单位路径, 类型, 值班电话, 传真, 地址),
通知组 (通知组, 顺序, 单位路径, 姓名, 确认时限) and 值班 (单位路径, 日期, 姓名, 电话: the duty rosters units
send in, one row a unit and day).  A person is matched by unit and name, so importing
the same file twice changes nothing.  Every row is checked before anything is written; any bad row
aborts the whole import with a list naming sheet, row and column.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Callable

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from xhduty.core import clock
from xhduty.core.contacts import contacts
from xhduty.core.store import Store, StoreError, Tx

PEOPLE_SHEET, UNITS_SHEET, GROUPS_SHEET, DUTY_SHEET = "人员", "单位", "通知组", "值班"
METHOD_COLUMNS = [(label, kind) for kind, label in contacts.METHOD_KINDS.items()]
PEOPLE_COLUMNS = ["单位路径", "姓名", "职务", "角色", *[label for label, _ in METHOD_COLUMNS],
                  "AB角", "核实日期", "备注"]
UNIT_COLUMNS = ["单位路径", "类型", "值班电话", "传真", "地址"]
GROUP_COLUMNS = ["通知组", "顺序", "单位路径", "姓名", "确认时限（分钟）"]
DUTY_COLUMNS = ["单位路径", "日期", "姓名", "电话"]
ALIASES = {"单位": "单位路径", "所属单位": "单位路径", "职位": "职务", "移动电话": "手机", "座机": "办公电话",
           "电子邮箱": "邮箱", "email": "邮箱", "e-mail": "邮箱", "b角": "AB角", "ab角": "AB角",
           "确认时限": "确认时限（分钟）", "时限": "确认时限（分钟）", "值班日期": "日期", "值班人员": "姓名",
           "联系电话": "电话"}
MAX_LISTED = 40


def _cell(value) -> str:
    """A cell as text: numbers typed as numbers (phone numbers!) lose no digits, dates become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(wb, sheet: str, required: list[str], known: list[str], errors: list[str]) -> list[tuple[int, dict]]:
    """(row number, {column: text}) for every non-empty row of ``sheet``, columns found by header name."""
    ws = wb[sheet]
    header_row = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    columns = {}
    for i, title in enumerate(header_row):
        name = _cell(title)
        name = ALIASES.get(name.lower(), ALIASES.get(name, name))
        if name in known:
            columns[i] = name
    missing = [c for c in required if c not in columns.values()]
    if missing:
        errors.append(f"{sheet} 表第 1 行：缺少列 {'、'.join(missing)}")
        return []
    out = []
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        row = {name: _cell(values[i]) if i < len(values) else "" for i, name in columns.items()}
        if any(row.values()):
            out.append((number, row))
    return out


def read_workbook(path: Path) -> dict:
    """Parse and check the file; returns the rows of each sheet or raises StoreError listing every bad row."""
    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise StoreError(f"无法读取 {path.name}：{exc}（请确认是 .xlsx 文件）") from exc
    errors: list[str] = []
    if PEOPLE_SHEET not in wb.sheetnames:
        raise StoreError(f"{path.name} 中没有名为“{PEOPLE_SHEET}”的工作表（现有：{'、'.join(wb.sheetnames)}）")
    people = _rows(wb, PEOPLE_SHEET, ["单位路径", "姓名"], PEOPLE_COLUMNS, errors)
    units = _rows(wb, UNITS_SHEET, ["单位路径"], UNIT_COLUMNS, errors) if UNITS_SHEET in wb.sheetnames else []
    groups = _rows(wb, GROUPS_SHEET, ["通知组", "单位路径", "姓名"], GROUP_COLUMNS, errors) \
        if GROUPS_SHEET in wb.sheetnames else []
    duty = _rows(wb, DUTY_SHEET, DUTY_COLUMNS[:3], DUTY_COLUMNS, errors) if DUTY_SHEET in wb.sheetnames else []
    wb.close()
    seen: dict[tuple, int] = {}
    for number, row in people:
        where = f"{PEOPLE_SHEET} 表第 {number} 行"
        if not contacts.split_path(row["单位路径"]):
            errors.append(f"{where}「单位路径」：不能为空")
        if not row["姓名"]:
            errors.append(f"{where}「姓名」：不能为空")
        key = (tuple(contacts.split_path(row["单位路径"])), row["姓名"])
        if key in seen:
            errors.append(f"{where}「姓名」：与第 {seen[key]} 行重复（同一单位同名）")
        seen.setdefault(key, number)
        for label, kind in METHOD_COLUMNS:
            if row.get(label):
                try:
                    contacts.check_method_value(kind, row[label])
                except StoreError as exc:
                    errors.append(f"{where}「{label}」：{exc}")
        if row.get("核实日期"):
            try:
                date.fromisoformat(row["核实日期"])
            except ValueError:
                errors.append(f"{where}「核实日期」：“{row['核实日期']}”应为日期，如 2026-03-01")
    for number, row in groups:
        minutes = row.get("确认时限（分钟）", "")
        if minutes and not (minutes.isdigit() and int(minutes) >= 1):
            errors.append(f"{GROUPS_SHEET} 表第 {number} 行「确认时限（分钟）」：应为正整数，而不是“{minutes}”")
        if (tuple(contacts.split_path(row["单位路径"])), row["姓名"]) not in seen:
            errors.append(f"{GROUPS_SHEET} 表第 {number} 行「姓名」：{row['单位路径']} {row['姓名']} 不在人员表中")
    for number, row in duty:
        where = f"{DUTY_SHEET} 表第 {number} 行"
        for column in DUTY_COLUMNS[:3]:
            if not row[column]:
                errors.append(f"{where}「{column}」：不能为空")
        try:
            date.fromisoformat(row["日期"] or "2000-01-01")
        except ValueError:
            errors.append(f"{where}「日期」：“{row['日期']}”应为日期，如 2026-03-01")
        if row.get("电话"):
            try:
                contacts.check_method_value("duty", row["电话"])
            except StoreError as exc:
                errors.append(f"{where}「电话」：{exc}")
    _raise_if(errors, path)
    return {"people": people, "units": units, "groups": groups, "duty": duty}


def _raise_if(errors: list[str], path: Path) -> None:
    if errors:
        listed = errors[:MAX_LISTED] + ([f"……另有 {len(errors) - MAX_LISTED} 处"] if len(errors) > MAX_LISTED else [])
        raise StoreError(f"{path.name} 有 {len(errors)} 处问题，未导入任何数据：\n" + "\n".join(listed))


def import_xlsx(store: Store, path: Path, progress: Callable[[int, int], None] | None = None) -> dict:
    """Import the workbook in one transaction (all rows or none); returns counts of what changed."""
    path = Path(path)
    data = read_workbook(path)
    counts = {"added": 0, "updated": 0, "units": 0, "groups": 0}
    total = len(data["people"])
    with store.write() as tx:
        units_before = tx.con.execute("SELECT count(*) FROM units WHERE deleted = 0").fetchone()[0]
        for number, row in data["units"]:
            unit_id = contacts.ensure_unit_path(tx, row["单位路径"], kind=row.get("类型", ""))
            tx.update("units", unit_id, {k: row[c] for k, c in (("kind", "类型"), ("duty_phone", "值班电话"),
                                                                ("fax", "传真"), ("address", "地址")) if row.get(c)})
        ids: dict[tuple, str] = {}
        for done, (number, row) in enumerate(data["people"], start=1):
            unit_id = contacts.ensure_unit_path(tx, row["单位路径"])
            fields = {"unit_id": unit_id, "name": row["姓名"], "post": row.get("职务", ""),
                      "role": row.get("角色", ""), "note": row.get("备注", ""),
                      "methods": [{"kind": kind, "value": row[label]} for label, kind in METHOD_COLUMNS
                                  if row.get(label)]}
            if row.get("核实日期"):
                fields["verified_on"] = row["核实日期"]
            existing = tx.con.execute("SELECT id FROM people WHERE unit_id = ? AND name = ? AND deleted = 0",
                                      (unit_id, row["姓名"])).fetchone()
            pid = contacts.put_person(tx, fields, existing[0] if existing else None)
            counts["updated" if existing else "added"] += 1
            ids[(tuple(contacts.split_path(row["单位路径"])), row["姓名"])] = pid
            if progress and done % 200 == 0:
                progress(done, total)
        _link_deputies(tx, data["people"], ids, path)
        _import_groups(tx, data["groups"], ids)
        _import_duty(tx, data["duty"])
        counts["groups"] = len({row["通知组"] for _, row in data["groups"]})
        counts["units"] = tx.con.execute("SELECT count(*) FROM units WHERE deleted = 0").fetchone()[0] - units_before
    if progress:
        progress(total, total)
    return counts


def _link_deputies(tx: Tx, people: list[tuple[int, dict]], ids: dict[tuple, str], path: Path) -> None:
    """AB角 names a person of the same unit, or a name unique in the whole contact book."""
    errors = []
    for number, row in people:
        deputy = row.get("AB角", "")
        if not deputy:
            continue
        unit_key = tuple(contacts.split_path(row["单位路径"]))
        pid = ids[(unit_key, row["姓名"])]
        found = ids.get((unit_key, deputy))
        if found is None:
            matches = tx.con.execute("SELECT id FROM people WHERE name = ? AND deleted = 0", (deputy,)).fetchall()
            if len(matches) != 1:
                errors.append(f"{PEOPLE_SHEET} 表第 {number} 行「AB角」：“{deputy}”"
                              + ("不在通讯录中" if not matches else f"有 {len(matches)} 人同名，请放在同一单位"))
                continue
            found = matches[0][0]
        if found == pid:
            errors.append(f"{PEOPLE_SHEET} 表第 {number} 行「AB角」：不能是本人")
            continue
        tx.update("people", pid, {"deputy_id": found})
    _raise_if(errors, path)


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
        for m in p["methods"]:
            by_kind.setdefault(m["kind"], m["value"])
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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return path


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
        surname_len = 2 if p["name"][:2] in contacts.COMPOUND_SURNAMES else 1
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_vescape(p['name'])}",
                 f"N:{_vescape(p['name'][:surname_len])};{_vescape(p['name'][surname_len:])};;;",
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
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\r\n".join(cards) + "\r\n", encoding="utf-8", newline="")
    return path
