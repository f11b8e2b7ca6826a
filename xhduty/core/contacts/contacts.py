"""The contact book (通讯录): the organisation tree, people and how to reach them, and finding them fast.

Units form a tree (区应急委 → commands, member units → departments, the 13 divisions → offices and
residents' committees); each unit has its duty phone, fax and address.  A person belongs to one unit and
has contact methods in priority order and a deputy (AB角) who stands in when they cannot be reached.
Units send in who is on duty on which day; those rows live in ``unit_duty`` (one row per unit, date and
person) so the list can say who is on duty today wherever the roster is known.

Search works on an in-memory :class:`ContactIndex`: every person has a lower-case haystack of name,
pinyin readings, initials, unit path, post, role, digits of numbers and e-mail; a query word must occur in
it, and matches are ranked (exact name, then name/pinyin/initials prefix, then substrings).  Polyphonic
surnames (单 shàn, 曾 zēng, 解 xiè, 区 ōu …) are indexed under their surname reading AND every other
reading of the first character, because a typist may use either; the surname reading ranks like any other.
Spelling names is what makes building an index slow: each person's spellings are kept in the station's
``contact_keys`` table (people_keys.py), which a new index reads, and a one-off search (:func:`search`, the
CLI) reads only the people a query may match from it.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from copy import copy
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache


from xhduty.core import clock, names
from xhduty.core.alerts import Alert
from xhduty.core.store import Store, StoreError, Tx

METHOD_KINDS = {"mobile": "手机", "office": "办公电话", "duty": "值班电话", "fax": "传真", "email": "邮箱",
                "sms": "短信"}
PHONE_KINDS = ("mobile", "office", "duty", "fax", "sms")
UNVERIFIED_DAYS = 180
NUMBERS_JOIN = "、"   # between the numbers of a unit's duty phone or fax
MAX_DIGITS = 15   # the longest a phone number can be (ITU E.164), area and country codes included
DEMO = "示例数据"
PATH_SEP = "/"

# Surnames read differently from the character's everyday reading (and compound surnames).
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "仇": "qiu", "查": "zha", "乐": "yue", "朴": "piao",
    "盖": "ge", "缪": "miao", "覃": "qin", "翟": "zhai", "种": "chong", "召": "shao", "谌": "chen", "柏": "bai",
    "秘": "bi", "冼": "xian", "繁": "po", "折": "she", "宓": "fu", "隗": "wei", "员": "yun", "占": "zhan",
    "沈": "shen", "长": "chang", "句": "gou", "蕃": "pi", "能": "nai", "尉": "wei", "过": "guo",
}
COMPOUND_SURNAMES = {"尉迟": ("yu", "chi"), "长孙": ("zhang", "sun"), "万俟": ("mo", "qi"),
                     "单于": ("chan", "yu"), "澹台": ("tan", "tai")}
_MAX_READINGS = 24  # combinations of polyphonic characters indexed per name
_RANKED_AT_MOST = 300   # matches of a search word ranked one by one; beyond, the best are taken rank by rank


# ------------------------------------------------------------------------------------------- pinyin

@lru_cache(maxsize=None)
def _pypinyin():
    """pypinyin and its phrase dictionary, loaded when the first name is spelt: loading them holds the
    interpreter for a few hundred milliseconds, which every module importing contacts (the handover's
    worker, the window) would otherwise pay with a frozen GUI thread."""
    import pypinyin
    from pypinyin.constants import PHRASES_DICT

    return pypinyin, PHRASES_DICT


@lru_cache(maxsize=None)
def _char_readings(ch: str) -> tuple[str, ...]:
    """A character's everyday reading first, then its other readings (a few thousand characters occur in
    names: each is looked up in pypinyin once)."""
    py, _ = _pypinyin()
    readings = [py.lazy_pinyin(ch)[0].lower()]
    if "\u4e00" <= ch <= "\u9fff":
        readings += py.pinyin(ch, heteronym=True, style=py.Style.NORMAL)[0]
    return tuple(readings)


def _in_context(chars: list[str]) -> list[str] | None:
    """The readings pypinyin gives the characters together, where two or more of them form a word it
    knows (its phrase dictionary decides a polyphone by the word); None where none do."""
    text = "".join(chars)
    py, phrases = _pypinyin()
    if not any(text[i:j] in phrases for i in range(len(text)) for j in range(i + 2, len(text) + 1)):
        return None
    context = py.lazy_pinyin(text)
    return context if len(context) == len(chars) else None   # Latin letters come back as one chunk


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(full pinyin spellings, initials) a typist may use for ``name``, most likely first."""
    chars = [c for c in name if not c.isspace()]
    if not chars:
        return (), ()
    context = _in_context(chars)
    per_char = [([context[i].lower()] if context else []) + list(_char_readings(ch)) for i, ch in enumerate(chars)]
    compound = COMPOUND_SURNAMES.get("".join(chars[:2]))
    if compound:
        per_char[0].insert(0, compound[0])
        per_char[1].insert(0, compound[1])
    elif chars[0] in SURNAME_READINGS:
        per_char[0].insert(0, SURNAME_READINGS[chars[0]])
    # a character pypinyin cannot read (𠮷, Extension G …) comes back as itself: it adds no reading, so the
    # name is found by the pinyin of the rest and, like every name, by its characters
    per_char = [[r for r in dict.fromkeys(readings) if r != ch or ch.isascii()] or [""]
                 for ch, readings in zip(chars, per_char)]
    combos = list(itertools.islice(itertools.product(*per_char), _MAX_READINGS))
    full = tuple(dict.fromkeys("".join(c) for c in combos))
    initials = tuple(dict.fromkeys("".join(r[:1] for r in c) for c in combos))
    return full, initials


# -------------------------------------------------------------------------------------------- units

def units(store: Store) -> list[dict]:
    """All live units, parents before children is NOT guaranteed; use ``parent_id`` to build the tree."""
    return [dict(r) for r in store.query("SELECT * FROM units WHERE deleted = 0 ORDER BY sort, name")]


def unit_paths(store: Store) -> dict[str, str]:
    """unit id → '区应急委/成员单位/区水务局' for every live unit."""
    rows = {r["id"]: r for r in units(store)}
    out: dict[str, str] = {}

    def path(uid: str, depth: int = 0) -> str:
        if uid in out:
            return out[uid]
        row = rows[uid]
        parent = row["parent_id"]
        if parent in rows and depth < 32:
            out[uid] = path(parent, depth + 1) + PATH_SEP + row["name"]
        else:
            out[uid] = row["name"]
        return out[uid]

    for uid in rows:
        path(uid)
    return out


def find_unit(tx_or_store, parent_id: str | None, name: str) -> str | None:
    """The id of the live unit called exactly ``name`` directly under ``parent_id`` (None: at the top), or
    None.  ``tx_or_store`` is a :class:`Tx` (sees its own uncommitted units) or a :class:`Store`."""
    con = tx_or_store.con
    row = con.execute("SELECT id FROM units WHERE deleted = 0 AND name = ? AND parent_id IS ?",
                      (name, parent_id)).fetchone()
    return row[0] if row else None


def ensure_unit_path(tx: Tx, path: str, kind: str = "", note: str = "") -> str:
    """The unit at ``path`` ('区应急委/成员单位/区水务局'), creating the missing ones; returns its id."""
    parent = None
    names = split_path(path)
    if not names:
        raise StoreError("单位路径不能为空")
    for depth, name in enumerate(names):
        found = find_unit(tx, parent, name)
        if found is None:
            found = tx.insert("units", {"parent_id": parent, "name": name, "note": note,
                                        "kind": kind if depth == len(names) - 1 else ""})
        parent = found
    return parent


def find_unit_by_name(store: Store, ref: str) -> str:
    """A unit's id from its full path (区应急委/成员单位/区水务局), its name, or a part of its name that only
    one unit has (``水务``, though 区水务局/办公室 has it in its path too), else of its path
    (``水务局/办公室``).  Several matches are refused with their paths listed."""
    paths = unit_paths(store)
    wanted = PATH_SEP.join(split_path(ref))
    exact = [uid for uid, path in paths.items() if path == wanted or path.rsplit(PATH_SEP, 1)[-1] == wanted]
    found = exact or [uid for uid, path in paths.items() if wanted and wanted in path.rsplit(PATH_SEP, 1)[-1]] \
        or [uid for uid, path in paths.items() if wanted and wanted in path]
    if len(found) == 1:
        return found[0]
    if found:
        listed = "；".join(sorted(paths[uid] for uid in found)[:8]) + ("……" if len(found) > 8 else "")
        raise StoreError(f"有 {len(found)} 个单位与“{ref}”相符，请写得更完整：{listed}")
    raise StoreError(f"没有单位“{ref}”")


def split_path(path: str) -> list[str]:
    """A unit path's names, top first, blanks dropped: ``/``, ``／``, ``>`` and ``＞`` all separate
    ('区应急委 > 成员单位' → ['区应急委', '成员单位']); [] for an empty or None path."""
    return [p.strip() for p in re.split(r"[/／>＞]", path or "") if p.strip()]


def save_unit(store: Store, fields: dict, unit_id: str | None = None, on_duty: tuple[str, str] = ("", "")) -> str:
    """Create (no ``unit_id``; ``fields['parent_id']`` says where) or change a unit, checking its numbers,
    and record ``on_duty`` — (name, phone) of who is on duty there today, as the unit form takes them; blank:
    none — in the same transaction (:func:`put_unit_duty`): a refusal of either writes nothing.  Returns
    the unit's id; StoreError says what is wrong."""
    name, phone = (on_duty[0] or "").strip(), (on_duty[1] or "").strip()
    if phone and not name:
        raise StoreError(f"填写了值班人电话“{phone}”，请同时填写今日值班人员姓名")
    row = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    if "name" in row or unit_id is None:
        if not row.get("name"):
            raise StoreError("单位名称不能为空")
    for key, kind in (("duty_phone", "duty"), ("fax", "fax")):
        if row.get(key):
            row[key] = unit_numbers(kind, row[key])
    with store.write() as tx:
        parent = row.get("parent_id") if unit_id is None else \
            tx.con.execute("SELECT parent_id FROM units WHERE id = ?", (unit_id,)).fetchone()[0]
        if parent and tx.con.execute("SELECT 1 FROM units WHERE id = ? AND deleted = 0", (parent,)).fetchone() is None:
            raise StoreError(f"上级单位 {parent} 不存在")
        same = find_unit(tx, parent, row["name"]) if row.get("name") else None
        if same and same != unit_id:
            raise StoreError(f"同一上级下已有单位“{row['name']}”")
        if unit_id is None:
            unit_id = tx.insert("units", row)
        else:
            tx.update("units", unit_id, row)
        if name:
            found = tx.con.execute("SELECT id FROM people WHERE unit_id = ? AND name = ? AND deleted = 0",
                                   (unit_id, names.clean_name(name))).fetchall()
            put_unit_duty(tx, unit_id, clock.now().date(), name, phone,   # linked when one person has the name
                          person_id=found[0][0] if len(found) == 1 else None)
        return unit_id


def unit_numbers(kind: str, text: str) -> str:
    """A unit's 值班电话 or 传真 (``kind`` duty/fax) as stored: every number of ``text`` — a unit may have two,
    ``021-64000000/021-64000001`` — read as :func:`names.split_phones` reads a spreadsheet cell, checked by
    :func:`check_method_value`, joined with :data:`NUMBERS_JOIN`.  StoreError naming the bad one."""
    try:
        found = names.split_phones(text)
    except ValueError as exc:
        check_method_value(kind, str(text).strip())   # the form's own message where it applies
        raise StoreError(str(exc)) from None
    for number in found:
        check_method_value(kind, number)
    return NUMBERS_JOIN.join(found)


def seed_skeleton(store: Store) -> int:
    """The organisation skeleton (reference facts, no phone numbers): 区应急委, its commands, the member-unit
    branch and the 13 divisions from the reference table.  Missing units are added; returns how many."""
    commands = ("区防汛防台指挥部", "区安全生产委员会", "区减灾委员会", "区抗震救灾指挥部")
    divisions = [r["name"] for r in store.query("SELECT name FROM divisions ORDER BY sort")]
    before = store.one("SELECT count(*) FROM units WHERE deleted = 0")[0]
    with store.write() as tx:
        root = ensure_unit_path(tx, "区应急委", kind="委员会")
        for i, name in enumerate(commands):
            if not find_unit(tx, root, name):
                tx.insert("units", {"parent_id": root, "name": name, "kind": "指挥部", "sort": 10 + i})
        if not find_unit(tx, root, "成员单位"):
            tx.insert("units", {"parent_id": root, "name": "成员单位", "kind": "分组", "sort": 50})
        streets = find_unit(tx, root, "街道（镇）") or tx.insert(
            "units", {"parent_id": root, "name": "街道（镇）", "kind": "分组", "sort": 60})
        for i, name in enumerate(divisions):
            if not find_unit(tx, streets, name):
                tx.insert("units", {"parent_id": streets, "name": name, "kind": "街镇", "sort": i + 1})
    return store.one("SELECT count(*) FROM units WHERE deleted = 0")[0] - before


# ------------------------------------------------------------------------------------------- people

def parse_methods(methods) -> list[dict]:
    """Methods as stored (JSON text) or given (list of dicts / (kind, value) pairs), checked and cleaned."""
    if isinstance(methods, str):
        methods = json.loads(methods or "[]")
    out = []
    for m in methods or []:
        kind, value = (m["kind"], m["value"]) if isinstance(m, dict) else m
        value = str(value or "").strip()
        if not value:
            continue
        if kind not in METHOD_KINDS:
            raise StoreError(f"未知的联系方式类型：{kind}（可用：{'、'.join(METHOD_KINDS.values())}）")
        out.append({"kind": kind, "value": _as_typed_or_read(kind, value)})
    return out


def _as_typed_or_read(kind: str, value: str) -> str:
    """A method's value as given when :func:`check_method_value` takes it; else a number as
    :func:`names.normalise_phone` reads it (full-width digits of an IME, ``（021）6428 1234``), checked;
    else the check's StoreError for the value as given."""
    try:
        check_method_value(kind, value)
        return value
    except StoreError as refused:
        if kind == "email":
            raise
        try:
            number = names.normalise_phone(value)
            check_method_value(kind, number)
        except (ValueError, StoreError):
            raise refused from None
        return number


def check_method_value(kind: str, value: str) -> None:
    """Refuse a contact method value that is not of its kind's form: an e-mail needs ``x@y.z``; every other
    kind (a key of :data:`METHOD_KINDS`; KeyError for another) is a number — an optional ``+``, a digit,
    then 2–30 of digits, spaces, ``-``, brackets, ``转``/``#``/``*`` (extensions) — and at most
    :data:`MAX_DIGITS` digits before the extension, so two numbers run together (``13900001234 64281239``
    typed in one cell — the second without its area code, so not split — read as one without the space)
    are refused, not stored as one number that dials nothing.  Raises StoreError("<kind's label>“<value>”
    格式不正确…" / "…位数字…")."""
    label = METHOD_KINDS[kind]
    if kind == "email":
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise StoreError(f"{label}“{value}”格式不正确")
        return
    if not re.fullmatch(r"\+?[0-9][0-9 \-()转#*]{2,30}", value):
        raise StoreError(f"{label}“{value}”格式不正确：应为数字，可含 - 空格 括号 或“转”分机")
    digits = sum(c.isdigit() for c in re.split(r"[转#*]", value, maxsplit=1)[0])
    if digits > MAX_DIGITS:
        raise StoreError(f"{label}“{value}”有 {digits} 位数字，电话号码最多 {MAX_DIGITS} 位："
                         "是否把两个号码写在了一起？请用 / 或 、 分开")


def save_person(store: Store, fields: dict, person_id: str | None = None) -> str:
    """Create (no ``person_id``) or change a person; methods given as a list, checked before writing."""
    with store.write() as tx:
        return put_person(tx, fields, person_id)


def put_person(tx: Tx, fields: dict, person_id: str | None = None) -> str:
    """:func:`save_person` inside the caller's transaction (imports, the demo): the person's id, new or
    ``person_id``.  StoreError from :func:`person_fields`, or from ``tx.update`` for an unknown id."""
    row = person_fields(tx, fields, person_id)
    if person_id is None:
        return tx.insert("people", row)
    tx.update("people", person_id, row)
    return person_id


def person_fields(tx: Tx, fields: dict, person_id: str | None = None) -> dict:
    """``fields`` of a new person (or of the change to ``person_id``) checked and cleaned as they are
    stored — name without aligning spaces, methods as JSON; StoreError says what is wrong.  An import
    checks each new person with it, then writes them all with one ``Tx.insert_many``."""
    row = dict(fields)
    if "name" in row or person_id is None:
        row["name"] = names.clean_name(row.get("name"))   # 王　伟 is stored (and found) as 王伟
        if not row["name"]:
            raise StoreError("姓名不能为空")
    if "unit_id" in row or person_id is None:
        if not row.get("unit_id") or tx.con.execute(
                "SELECT 1 FROM units WHERE id = ? AND deleted = 0", (row.get("unit_id"),)).fetchone() is None:
            raise StoreError(f"{row.get('name', '')}：所属单位不存在")
    if "methods" in row:
        row["methods"] = json.dumps(parse_methods(row["methods"]), ensure_ascii=False)
    if row.get("deputy_id"):
        if row["deputy_id"] == person_id:
            raise StoreError("AB角不能是本人")
        if tx.con.execute("SELECT 1 FROM people WHERE id = ?", (row["deputy_id"],)).fetchone() is None:
            raise StoreError(f"AB角 {row['deputy_id']} 不在通讯录中")
    if row.get("verified_on"):
        try:
            date.fromisoformat(row["verified_on"])
        except ValueError:
            raise StoreError(f"核实日期“{row['verified_on']}”应为 YYYY-MM-DD") from None
    return row


def mark_verified(store: Store, person_id: str, on: date | None = None) -> None:
    """Record that the person's details were checked on ``on`` (default today, Shanghai): ``verified_on``
    as YYYY-MM-DD, which :func:`unverified` counts from.  StoreError for an unknown ``person_id``."""
    with store.write() as tx:
        tx.update("people", person_id, {"verified_on": (on or clock.now().date()).isoformat()})


def _person(row, paths: dict[str, str], names: dict[str, str]) -> dict:
    d = dict(row)
    d["methods"] = json.loads(d["methods"] or "[]")
    d["unit_path"] = paths.get(d["unit_id"], "")
    d["unit"] = d["unit_path"].rsplit(PATH_SEP, 1)[-1]
    d["deputy_name"] = names.get(d["deputy_id"], "") if d["deputy_id"] else ""
    return d


def people(store: Store, ids: list[str] | None = None, unit_id: str | None = None,
           limit: int | None = None, after: dict | None = None, paths: dict[str, str] | None = None) -> list[dict]:
    """People with unit path and deputy name: only ``ids`` (in that order, deleted ones too, marked
    ``deleted``), or everyone live (one unit's) by name — the first ``limit``, those after the person
    ``after`` (a page of a long list, by name then id).  ``paths`` is :func:`unit_paths`, where the caller
    holds it (a list read page by page)."""
    paths = unit_paths(store) if paths is None else paths
    if ids is not None:
        rows = {r["id"]: r for r in _by_ids(store, "SELECT * FROM people", ids)}
        found = [rows[i] for i in ids if i in rows][:limit]
    else:
        sql, params = "SELECT * FROM people WHERE deleted = 0", []
        if unit_id:
            sql, params = sql + " AND unit_id = ?", [unit_id]
        if after:
            sql, params = sql + " AND (name, id) > (?, ?)", [*params, after["name"], after["id"]]
        sql += " ORDER BY name, id" + (f" LIMIT {int(limit)}" if limit is not None else "")
        found = store.query(sql, params)
    deputies = list({r["deputy_id"] for r in found if r["deputy_id"]})
    names = {r["id"]: r["name"] for r in _by_ids(store, "SELECT id, name FROM people", deputies)}
    return [_person(r, paths, names) for r in found]


def unit_counts(store: Store, unit_ids: list[str] | None = None) -> dict[str, int]:
    """unit id → how many live people it has (every unit with anyone, or only ``unit_ids``), read from the
    index by unit (200,000 people: tens of milliseconds, not a read of every row)."""
    sql, params = "SELECT unit_id, count(*) FROM people INDEXED BY people_unit_by_name WHERE deleted = 0", []
    if unit_ids is not None:
        sql, params = sql + f" AND unit_id IN ({', '.join('?' * len(unit_ids))})", list(unit_ids)
    counts = dict(store.query(sql + " GROUP BY unit_id", params))
    return counts if unit_ids is None else {u: counts.get(u, 0) for u in unit_ids}


def _by_ids(store: Store, select: str, ids: list[str]) -> list:
    rows = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows += store.query(f"{select} WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
    return rows


def person(store: Store, person_id: str) -> dict:
    """One person as :func:`people` gives them (``methods`` a list of ``{kind, value}``, ``unit_path``,
    ``unit``, ``deputy_name``), deleted ones too.  StoreError("通讯录中没有编号为 … 的人员") otherwise."""
    found = people(store, [person_id])
    if not found:
        raise StoreError(f"通讯录中没有编号为 {person_id} 的人员")
    return found[0]


def find_person(store: Store, ref: str) -> str:
    """A live person's id from their id, their whole name, or a part of the name only one person's has
    (``伟`` when only 张伟 has it) — the lookup of :func:`find_unit_by_name`, for people.  StoreError when
    nobody matches, and when several do: up to 8 of them listed with unit and id, to pick one by id."""
    wanted = names.clean_name(ref)
    if not wanted:
        raise StoreError("请写出人员的编号或姓名")
    found = store.query("SELECT id, name, unit_id FROM people WHERE deleted = 0 AND (id = ? OR name = ?)"
                        " ORDER BY name, id", (ref.strip(), wanted))
    found = found or store.query("SELECT id, name, unit_id FROM people WHERE deleted = 0 AND instr(name, ?) > 0"
                                 " ORDER BY name, id LIMIT 9", (wanted,))
    if len(found) == 1:
        return found[0]["id"]
    if found:
        paths = unit_paths(store)
        listed = "；".join(f"{r['name']}（{paths.get(r['unit_id'], '')}，编号 {r['id']}）" for r in found[:8])
        more = "……" if len(found) > 8 else ""
        raise StoreError(f"有不止一人与“{ref}”相符，请写全姓名或用编号：{listed}{more}")
    raise StoreError(f"通讯录中没有“{ref}”")


def first_number(p: dict) -> str:
    """What a click on the person copies: the first phone-like method."""
    return next((m["value"] for m in p["methods"] if m["kind"] in PHONE_KINDS), "")


def _unverified_cutoff(days: int) -> str:
    """The last date (ISO) a check must be after to count: ``days`` days before today."""
    return (clock.now().date() - timedelta(days=days)).isoformat()


def is_unverified(person: dict, days: int = UNVERIFIED_DAYS) -> bool:
    """Whether one person's details were never checked, or not within ``days`` days (the rule of
    :func:`unverified`, for the people a view already holds: no query)."""
    return not person["verified_on"] or person["verified_on"] < _unverified_cutoff(days)


def unverified(store: Store, days: int = UNVERIFIED_DAYS, limit: int | None = None) -> list[dict]:
    """People whose details were never checked or not within ``days`` days, oldest check first (the first
    ``limit`` of them)."""
    cutoff = _unverified_cutoff(days)
    rows = store.query("SELECT id FROM people WHERE deleted = 0 AND (verified_on IS NULL OR verified_on < ?)"
                       " ORDER BY coalesce(verified_on, ''), name" + (f" LIMIT {int(limit)}" if limit else ""),
                       (cutoff,))
    return people(store, [r[0] for r in rows])


def count_people(store: Store, unit_id: str | None = None, unverified_only: bool = False,
                 days: int = UNVERIFIED_DAYS) -> int:
    """How many live people there are (in one unit; only the unverified), for a list shown in part."""
    sql, params = "SELECT count(*) FROM people WHERE deleted = 0", []
    if unit_id:
        sql, params = sql + " AND unit_id = ?", [unit_id]
    if unverified_only:
        sql, params = sql + " AND (verified_on IS NULL OR verified_on < ?)", [*params, _unverified_cutoff(days)]
    return store.one(sql, params)[0]


# ------------------------------------------------------------------------------------- on duty today

def set_unit_duty(store: Store, unit_id: str, duty_date: date, name: str, phone: str = "",
                  person_id: str | None = None) -> str:
    """:func:`put_unit_duty` in a transaction of its own; returns the ``unit_duty`` row's id."""
    with store.write() as tx:
        return put_unit_duty(tx, unit_id, duty_date, name, phone, person_id)


def put_unit_duty(tx: Tx, unit_id: str, duty_date: date, name: str, phone: str = "",
                  person_id: str | None = None) -> str:
    """Record who is on duty in a unit on a date (as the unit's roster says): a ``unit_duty`` row, the name
    cleaned as people's are, the phone read as a contact method's (full-width digits, brackets) and
    checked.  StoreError for an unknown unit, a blank name or a phone that is not a number."""
    if tx.con.execute("SELECT 1 FROM units WHERE id = ? AND deleted = 0", (unit_id,)).fetchone() is None:
        raise StoreError(f"单位 {unit_id} 不存在")
    name = names.clean_name(name)
    if not name:
        raise StoreError("值班人员姓名不能为空")
    phone = _as_typed_or_read("duty", phone.strip()) if (phone or "").strip() else ""
    return tx.insert("unit_duty", {"unit_id": unit_id, "duty_date": duty_date.isoformat(),
                                   "name": name, "phone": phone, "person_id": person_id})


def on_duty(store: Store, day: date | None = None) -> dict[str, list[dict]]:
    """unit id → who is on duty there on ``day`` (today by default), where the unit's roster is known."""
    day = day or clock.now().date()
    out: dict[str, list[dict]] = {}
    for r in store.query("SELECT unit_id, person_id, name, phone FROM unit_duty WHERE deleted = 0 AND duty_date = ?"
                         " ORDER BY created_at", (day.isoformat(),)):
        out.setdefault(r["unit_id"], []).append(dict(r))
    return out


# ------------------------------------------------------------------------------------------- search

@dataclass
class _Entry:
    id: str
    unit_id: str
    record: tuple       # the columns the entry was made from: an unchanged person keeps their entry
    name: str           # lower case
    keys: str           # "\x00zhangwei\x00zw\x00": every pinyin spelling and initials, delimited
    digits: tuple       # numbers as digits, e-mail addresses in lower case
    path: str = ""      # the unit's path the entry was placed with
    other: str = ""     # unit path, post, role (lower case)
    hay: str = ""       # everything a query word may occur in

    def place(self, path: str) -> "_Entry":
        """Set the unit path (and what depends on it); the pinyin keys stay."""
        self.path = path
        self.other = "\x00".join((path, self.record[3], self.record[4])).lower()
        self.hay = "\x00".join((self.name, self.keys, self.other, *self.digits))
        return self

    @classmethod
    def kept(cls, person_id: str, unit_id: str, keys: str, own: str) -> "_Entry":
        """The entry as people_keys.py keeps it — ``keys`` and :attr:`own` (``\\x00`` between their parts) —
        without reading the person's record: ``record`` holds only id, unit, post and role (lower case)."""
        name = own[:own.index("\x00")]
        post, role, *digits = own[len(name) + len(keys) + 2:].split("\x00")
        return cls(person_id, unit_id, (person_id, None, unit_id, post, role, None), name, keys, tuple(digits))

    @property
    def own(self) -> str:
        """``hay`` without the unit path: what the person's own record is searched by (name, pinyin keys,
        post, role, numbers; lower case, ``\\x00`` between).  A query word (never holding ``\\x00``) is in
        ``hay`` exactly when it is here or in the lower-case path (people_keys.py stores this)."""
        return "\x00".join((self.name, self.keys, self.record[3].lower(), self.record[4].lower(), *self.digits))

    def rank(self, word: str) -> int:
        """0 exact name … 5 number, e-mail or inside a pinyin spelling (string tests only: runs per hit)."""
        if self.name == word:
            return 0
        if self.name.startswith(word) or f"\x00{word}\x00" in self.keys:
            return 1
        if f"\x00{word}" in self.keys:
            return 2
        if word in self.name:
            return 3
        if word in self.other:
            return 4
        return 5


# between keys and parts of ``own`` as people_keys.py stores them (SQLite text ends at a NUL): a query word
# never holds it (str.split splits on it), so it joins nothing a word could match across, as \x00 does
STORED_SEP = "\x1f"
# a person's search record, then the pinyin keys people_keys.py stored for that very name (NULL: none kept)
INDEXED = ("SELECT p.id, p.name, p.unit_id, p.post, p.role, p.methods, CASE WHEN k.name = p.name THEN k.keys END"
           " FROM people p LEFT JOIN contact_keys k ON k.person_id = p.id")


def _entry(row: tuple, old: _Entry | None) -> _Entry:
    """The search entry of one person (``row`` as :data:`INDEXED` reads it); the pinyin of an unchanged
    name is taken from ``old`` or from the stored keys — spelling it is what makes building an index slow."""
    record, stored = tuple(row[:6]), row[6]
    if old is not None and old.record == record:
        return old
    person_id, name, unit_id, _post, _role, methods = record
    clean = names.clean_name(name).lower()   # records from before names were cleaned, or from other stations
    if old is not None and old.record[1] == name:
        keys = old.keys
    elif stored is not None:
        keys = stored.replace(STORED_SEP, "\x00")
    else:
        full, initials = name_keys(names.clean_name(name))
        keys = "\x00" + "\x00".join((*full, *initials)) + "\x00"
    numbers = [m["value"] for m in json.loads(methods or "[]")]
    digits = tuple(re.sub(r"\D", "", n) if "@" not in n else n.lower() for n in numbers)
    return _Entry(person_id, unit_id, record, clean, keys, digits)


def person_entry(row: tuple) -> _Entry:
    """The search entry of one person, ``row`` as :data:`INDEXED` reads it: ``id``, ``unit_id``,
    ``record`` (the row's people columns), ``keys`` (pinyin spellings and initials) and ``own``."""
    return _entry(row, None)


class _Column:
    """One text of every entry (names, pinyin keys, units…), joined in entry order and searched with
    ``str.find``, which scans in C: a keystroke costs the matches it keeps, not a Python step per person."""

    SEP = "\n"

    def __init__(self, texts: list[str]):
        self.text = self.SEP + self.SEP.join(texts) + self.SEP
        self.starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=1)) if texts else []

    def first(self, needle: str, want: int, taken: set[int], prefix: bool = False) -> list[int]:
        """Up to ``want`` entry numbers, in entry order, whose text contains ``needle`` (starts with it, when
        ``prefix``), leaving out those in ``taken``."""
        if prefix:
            needle = self.SEP + needle
        out, pos, end = [], 0, len(self.starts)
        while len(out) < want:
            pos = self.text.find(needle, pos)
            if pos < 0:
                break
            i = bisect.bisect_right(self.starts, pos + (1 if prefix else 0)) - 1
            if i not in taken:
                out.append(i)
            # on to the next entry (for a prefix, to the separator that opens it)
            pos = self.starts[i + 1] - (1 if prefix else 0) if i + 1 < end else len(self.text)
        return out


def _order(entry: _Entry) -> tuple[int, str]:
    """Entries of an index are kept shorter names first, then by name: the order results come in."""
    return len(entry.name), entry.name


def _sorted(rows: list, paths: dict[str, str], old: dict[str, _Entry] | None = None) -> list[_Entry]:
    """The entries of ``rows`` (as :data:`INDEXED` reads them) placed under their units' paths, in
    :func:`_order`; an unchanged person keeps their entry of ``old`` (id → entry)."""
    old = old or {}
    return sorted((_placed(_entry(r, old.get(r[0])), paths.get(r[2], "")) for r in rows), key=_order)


def _placed(entry: _Entry, path: str) -> _Entry:
    """``entry`` under the unit path ``path``: a new entry is placed; one an older index holds (and may be
    searching) is copied when its path changed, never changed in place."""
    if not entry.hay:
        return entry.place(path)
    return entry if entry.path == path else copy(entry).place(path)


class ContactIndex:
    """Search-as-you-type over every live person.  Built from a store (in a worker thread: the pinyin of
    200,000 names takes tens of seconds); after people or units change, :meth:`updated` makes the next
    index from this one, reading again only what changed.

    Entries are kept in result order within a rank (shorter names first, then by name), so the best
    ``limit`` people of each rank are the first ``limit`` found in that order: a one-word query — what
    typing produces — scans each rank's column once in C and stops at ``limit`` (200,000 people: a few
    milliseconds even for the first letter).  Several words are matched entry by entry; typing narrows
    them: when a query extends the previous one, only the previous matches are searched again.
    """

    def __init__(self, store: Store, _entries: list[_Entry] | None = None, _paths: dict[str, str] | None = None,
                 _by_id: dict[str, _Entry] | None = None):
        self._paths = _paths if _paths is not None else unit_paths(store)
        if _entries is None:   # a new index: every person, spelt out in pinyin where no keys are stored
            _entries = _sorted(store.query(INDEXED + " WHERE p.deleted = 0"), self._paths)
        self._entries = _entries   # placed under their units' paths, in _order
        self._by_id = _by_id if _by_id is not None else {e.id: e for e in _entries}
        self._names = _Column([e.name for e in self._entries])
        self._keys = _Column([e.keys for e in self._entries])
        self._other = _Column([e.other for e in self._entries])
        self._hay = _Column([e.hay for e in self._entries])
        self._last: tuple[str, list[_Entry]] = ("", self._entries)
        self._last_word: tuple[str, list[int]] = ("", [])   # a word searched and ALL its matches

    def updated(self, store: Store, ids: list[str] | None = None) -> "ContactIndex":
        """A new index for the store as it is now, this one left as it was (searches may go on in it).
        ``ids``: the people written since this one was built (an operation's record ids) — only they are
        read again; None (a sync, another program) reads everyone and compares.  Either way only a changed
        name is spelt out in pinyin again, and a changed unit path re-places only its people."""
        paths = unit_paths(store)
        if ids is None:
            old = {e.id: e for e in self._entries}
            return ContactIndex(store, _sorted(store.query(INDEXED + " WHERE p.deleted = 0"), paths, old), paths)
        entries, by_id = list(self._entries), dict(self._by_id)
        old = {i: by_id.pop(i) for i in dict.fromkeys(ids) if i in by_id}
        for entry in old.values():   # out of the list: found by its place in the order, then by identity
            at = bisect.bisect_left(entries, _order(entry), key=_order)
            while entries[at] is not entry:
                at += 1
            del entries[at]
        if paths != self._paths:   # a unit renamed or moved: its people's paths change, their order does not
            entries = [_placed(e, paths.get(e.unit_id, "")) for e in entries]
            by_id = {e.id: e for e in entries}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for r in store.query(f"{INDEXED} WHERE p.deleted = 0 AND p.id IN ({', '.join('?' * len(chunk))})", chunk):
                entry = _placed(_entry(r, old.get(r[0])), paths.get(r[2], ""))
                bisect.insort(entries, entry, key=_order)
                by_id[entry.id] = entry
        return ContactIndex(store, entries, paths, by_id)

    @classmethod
    def of(cls, store: Store, kept: list, paths: dict[str, str]) -> "ContactIndex":
        """An index of just the people ``kept`` — (person id, unit id, keys, own) as people_keys.py keeps
        them (:meth:`_Entry.kept`); ``paths`` is :func:`unit_paths` —: searching it ranks them as the
        index of everyone would."""
        entries = (_placed(_Entry.kept(*row), paths.get(row[1], "")) for row in kept)
        return cls(store, sorted(entries, key=_order), paths)

    def entry(self, person_id: str) -> _Entry | None:
        """The search entry of a person in the index (see :func:`person_entry`), None when not in it."""
        return self._by_id.get(person_id)

    def matches(self, query: str, person_id: str) -> bool:
        """Whether the person would be found by ``query`` (for a person written while a search is shown)."""
        words = query_words(query)
        entry = self._by_id.get(person_id)
        return bool(words) and entry is not None and all(w in entry.hay for w in words)

    def __len__(self) -> int:
        return len(self._entries)

    def search_ids(self, query: str, limit: int = 50) -> list[str]:
        """Ids of at most ``limit`` people matching every word of ``query`` (case-insensitive; brackets and
        dashes in a number ignored), best first: exact name, name or pinyin-word start, pinyin start, in
        the name, in unit/post, anywhere (:meth:`_Entry.rank`), then shorter name.  [] for a blank query."""
        words = query_words(query)
        if not words:
            return []
        if len(words) == 1:
            return [self._entries[i].id for i in self._one_word(words[0], limit)]
        key = " ".join(words)
        last_key, last_hits = self._last
        pool = last_hits if last_key and key.startswith(last_key) and " " not in key[len(last_key):] \
            and len(words) == len(last_key.split()) else self._entries
        hits = [e for e in pool if all(w in e.hay for w in words)]
        self._last = (key, hits)
        ranked = sorted(hits, key=lambda e: (min(e.rank(w) for w in words), len(e.name), e.name))
        return [e.id for e in ranked[:limit]]

    def _one_word(self, word: str, limit: int) -> list[int]:
        """Entry numbers for one word, best first: the ranks of :meth:`_Entry.rank`, each in entry order.

        A rare word (fewer than ``_RANKED_AT_MOST`` people have it anywhere) costs one scan and ranking its
        matches — and the next keystroke, which extends the word, looks only among those; a common one is
        taken rank by rank, each scan stopping as soon as it has enough."""
        last_word, last_every = self._last_word
        if last_word and word.startswith(last_word):
            every = [i for i in last_every if word in self._entries[i].hay]
        else:
            every = self._hay.first(word, _RANKED_AT_MOST, set())
        if len(every) < _RANKED_AT_MOST:
            self._last_word = (word, every)
            return sorted(every, key=lambda i: (self._entries[i].rank(word), i))[:limit]
        self._last_word = ("", [])
        taken: set[int] = set()
        found: list[int] = []

        def rank(*batches: list[int]) -> None:
            batch = sorted(set().union(*batches))[:limit - len(found)]
            found.extend(batch)
            taken.update(batch)

        first = bisect.bisect_left(self._entries, (len(word), word), key=_order)
        same = bisect.bisect_right(self._entries, (len(word), word), lo=first, key=_order)
        rank(list(range(first, same)))                                                     # 0 the name
        want = limit - len(found)
        rank(self._names.first(word, want, taken, prefix=True),
             self._keys.first(f"\x00{word}\x00", want, taken))                             # 1 name start, pinyin
        for column, needle in ((self._keys, f"\x00{word}"), (self._names, word),            # 2 pinyin start, 3 in name
                               (self._other, word), (self._hay, word)):                    # 4 unit/post, 5 anywhere
            if len(found) >= limit:
                break
            rank(column.first(needle, limit - len(found), taken))
        return found


# full-width digits, letters and ＋－．＠ as an IME in full-width mode types them (１３９, ＺＷ, ０２１－６４): the
# index holds them in ASCII; full-width brackets stay, as unit names are written with them (街道（镇）)
_FULL_WIDTH = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B),
                                       *map(ord, "＋－．＠"))}


def query_words(query: str) -> list[str]:
    """The words of a search as the index holds text (:func:`_normalise`), blanks dropped."""
    return [w for w in (_normalise(w) for w in query.split()) if w]


def _normalise(word: str) -> str:
    """A query word as the index holds text: full-width digits and letters in ASCII, lower case; a number
    without its dashes and brackets (``０２１－６４００`` → ``0216400``)."""
    word = word.translate(_FULL_WIDTH).lower().strip()
    return re.sub(r"[\-()（）]", "", word) if re.fullmatch(r"[\d\-()（） ]+", word) else word


def search(store: Store, query: str, limit: int = 50) -> list[dict]:
    """One-off search (the CLI), as :func:`people` gives them, best first: only the people a query may match
    are read, by their stored keys (people_keys.py); the GUI keeps a :class:`ContactIndex` between keystrokes."""
    from xhduty.core.contacts import people_keys   # it builds on this module

    return people(store, people_keys.search_ids(store, query, limit))


def unverified_alerts(store: Store) -> list:
    """The daily check: contacts not verified for 180 days, as one alert naming how many."""

    stale = unverified(store)
    if not stale:
        return []
    return [Alert(key="contacts:unverified", source="contacts", level="info",
                  text=f"通讯录中有 {len(stale)} 人超过 {UNVERIFIED_DAYS} 天未核实，"
                       "请核对（xhduty contacts unverified）")]


# ------------------------------------------------------------------------------- notification groups

def groups(store: Store) -> list[dict]:
    """Live notification groups by name: the ``notify_groups`` columns (``timeout_minutes`` to confirm
    within) and ``size``, how many live members it has (people still in the book, as :func:`group_members`
    counts them)."""
    return [dict(r) for r in store.query(
        "SELECT g.*, (SELECT count(*) FROM notify_members m JOIN people p ON p.id = m.person_id"
        " WHERE m.group_id = g.id AND m.deleted = 0 AND p.deleted = 0) AS size"
        " FROM notify_groups g WHERE g.deleted = 0 ORDER BY g.name")]


def group_by_name(store: Store, name: str) -> dict:
    """The live group called ``name`` (plans name their groups; the oldest if two stations made one each),
    as its ``notify_groups`` row.  StoreError listing the groups there are when none is called so."""
    row = store.one("SELECT * FROM notify_groups WHERE deleted = 0 AND name = ? ORDER BY created_at LIMIT 1",
                    ((name or "").strip(),))
    if row is None:
        known = "、".join(g["name"] for g in groups(store)) or "（尚无通知组）"
        raise StoreError(f"没有名为“{name}”的通知组。现有：{known}")
    return dict(row)


def group_members(store: Store, group_id: str) -> list[str]:
    """Person ids of a group in notification order."""
    return [r[0] for r in store.query(
        "SELECT m.person_id FROM notify_members m JOIN people p ON p.id = m.person_id"
        " WHERE m.group_id = ? AND m.deleted = 0 AND p.deleted = 0 ORDER BY m.sort, m.created_at", (group_id,))]


def save_group(store: Store, name: str, person_ids: list[str], timeout_minutes: int = 15) -> str:
    """:func:`put_group` in a transaction of its own; returns the group's id.  ``timeout_minutes``: minutes
    a member has to confirm before the notification escalates.  StoreError as :func:`put_group`."""
    with store.write() as tx:
        return put_group(tx, name, person_ids, timeout_minutes)


def put_group(tx: Tx, name: str, person_ids: list[str], timeout_minutes: int = 15) -> str:
    """Create the group ``name`` or replace its members, in the order given."""
    name = (name or "").strip()
    if not name:
        raise StoreError("通知组名称不能为空")
    if timeout_minutes < 1:
        raise StoreError("确认时限至少 1 分钟")
    for pid in person_ids:
        if tx.con.execute("SELECT 1 FROM people WHERE id = ? AND deleted = 0", (pid,)).fetchone() is None:
            raise StoreError(f"通知组“{name}”：人员 {pid} 不在通讯录中")
    row = tx.con.execute("SELECT id FROM notify_groups WHERE name = ? AND deleted = 0", (name,)).fetchone()
    if row:
        group_id = row[0]
        tx.update("notify_groups", group_id, {"timeout_minutes": timeout_minutes})
        for (member_id,) in tx.con.execute("SELECT id FROM notify_members WHERE group_id = ? AND deleted = 0",
                                           (group_id,)).fetchall():
            tx.delete("notify_members", member_id)
    else:
        group_id = tx.insert("notify_groups", {"name": name, "timeout_minutes": timeout_minutes})
    for sort, pid in enumerate(dict.fromkeys(person_ids)):
        tx.insert("notify_members", {"group_id": group_id, "person_id": pid, "sort": sort})
    return group_id


# -------------------------------------------------------------------------------------------- demo

_DEMO_UNITS = (("区水务局", ("局长", "副局长", "防汛办主任", "值班员")),
               ("区应急管理局", ("局长", "副局长", "应急科科长", "值班员")),
               ("区住房保障和房屋管理局", ("副局长", "物业科科长")),
               ("区绿化和市容管理局", ("副局长", "市容科科长")),
               ("区建设和管理委员会", ("副主任", "安全科科长")))
_DEMO_NAMES = ("张伟", "王芳", "李强", "单雄", "曾敏", "解放", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰",
               "吴昊", "徐婷", "孙浩", "胡军", "朱琳", "高峰", "林涛", "何欣", "郭亮", "马超", "罗娟", "梁晨")


def load_demo(store: Store) -> int:
    """Demo member units, people and groups, every record labelled 示例数据 and every number in the
    unassigned 0000 block, so nothing here can pass for a real contact.  Returns the people added."""
    seed_skeleton(store)
    today = clock.now().date()
    names = iter(_DEMO_NAMES)
    added: list[tuple[str, str, str]] = []   # (person id, unit id, post)
    with store.write() as tx:
        root = ensure_unit_path(tx, "区应急委/成员单位")
        for u, (unit_name, posts) in enumerate(_DEMO_UNITS):
            unit_id = find_unit(tx, root, unit_name) or tx.insert("units", {
                "parent_id": root, "name": unit_name, "kind": "成员单位", "sort": u, "note": DEMO,
                "duty_phone": f"021-0000{u:02d}00", "fax": f"021-0000{u:02d}09", "address": f"{DEMO}地址"})
            for p, post in enumerate(posts):
                name = next(names)
                methods = [{"kind": "mobile", "value": f"1390000{u:02d}{p:02d}"},
                           {"kind": "office", "value": f"021-0000{u:02d}{p + 10:02d}"},
                           {"kind": "email", "value": f"demo{u}{p}@example.org"}]
                verified = (today - timedelta(days=30 if p % 3 else 200)).isoformat()
                pid = put_person(tx, {"unit_id": unit_id, "name": name, "post": post, "note": DEMO,
                                      "methods": methods, "verified_on": verified,
                                      "role": "联络员" if post == "值班员" else ""})
                added.append((pid, unit_id, post))
        by_unit: dict[str, list[str]] = {}
        for pid, unit_id, _ in added:
            by_unit.setdefault(unit_id, []).append(pid)
        for pids in by_unit.values():  # each one's deputy is the next in the unit
            for a, b in zip(pids, pids[1:] + pids[:1]):
                tx.update("people", a, {"deputy_id": b})
        for unit_id, pids in by_unit.items():
            duty_person = tx.con.execute("SELECT name, methods FROM people WHERE id = ?", (pids[-1],)).fetchone()
            tx.insert("unit_duty", {"unit_id": unit_id, "duty_date": today.isoformat(), "person_id": pids[-1],
                                    "name": duty_person[0], "phone": json.loads(duty_person[1])[0]["value"]})
        put_group(tx, "防汛防台指挥部成员（示例）", [pids[0] for pids in by_unit.values()], 10)
        put_group(tx, "成员单位值班室（示例）", [pids[-1] for pids in by_unit.values()], 5)
    return len(added)
