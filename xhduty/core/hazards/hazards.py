"""The hazard register (隐患排查治理): registering a hazard, its rectification workflow, 挂牌督办, and the
overdue check.

Workflow (each step a row of ``hazard_steps`` with who and when, in the same transaction as the state):
登记 (registered) → 整改中 (rectifying) → 整改完成 (rectified, needs a photo taken after rectification)
→ 复核销号 (closed).  A 重大隐患 may be put under 挂牌督办 by the district centre (``hazard_supervisions``,
append-only; lifting is a row too).  A hazard still open after its 整改期限 is overdue: the scheduled check
:func:`overdue_alerts` raises an alert for it, and the board counts it.

The 12 categories are the fields of the district's 十四五 plan; the ways of finding a hazard and the two
levels are those the issue names (一般 / 重大 as in 安全生产事故隐患排查治理暂行规定, art. 3).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from xhduty.core import attachments, choices, clock, dates, refdata
from xhduty.core.alerts import Alert, Section
from xhduty.core.store import Store, StoreError, Tx

CATEGORIES = ("危险化学品", "消防", "特种设备", "建筑施工", "交通运输", "城市建筑设施", "工业园区等功能区",
              "危险废物", "燃气", "有限空间", "地下空间", "防灾减灾")
FOUND_BY = ("巡查", "检查", "群众举报", "网格上报")
CHOICE_ENDINGS = ("安全", "隐患", "类")   # the generic words an office adds to a category or level
LEVELS = ("一般", "重大")
STATES = {"registered": "登记", "rectifying": "整改中", "rectified": "整改完成", "closed": "已销号"}
OPEN_STATES = ("registered", "rectifying")
# step → (the state it starts from, the state it leads to, its name)
STEPS = {
    "start": ("registered", "rectifying", "开始整改"),
    "rectified": ("rectifying", "rectified", "整改完成"),
    "closed": ("rectified", "closed", "复核销号"),
}
STEP_LABELS = {"register": "登记", **{k: v[2] for k, v in STEPS.items()}}
RECUR_MONTHS_KEY = "hazards.recur_months"
DEFAULT_RECUR_MONTHS = 12

# field → its label, as forms, imports and messages name it
LABELS = {
    "found_on": "发现日期", "finder": "发现人", "found_by": "发现方式", "division": "街镇",
    "address": "地址", "category": "隐患类别", "level": "隐患等级", "description": "隐患描述",
    "unit": "责任单位", "person": "责任人", "phone": "联系电话", "measures": "整改措施", "deadline": "整改期限",
}
REQUIRED = ("found_on", "finder", "found_by", "division", "address", "category", "level", "deadline")
_NOT_IN_KEY = re.compile(r"[\s,，.。、;；:：()（）\-—_#＃/]+")


def address_key(address: str) -> str:
    """The address as 回潮 compares it: without spaces and punctuation (漕溪路 100 号 = 漕溪路100号)."""
    return _NOT_IN_KEY.sub("", address or "")


def parse_date(value, label: str) -> str:
    """A date given as a ``date``/``datetime`` or typed in any form :func:`xhduty.core.dates.parse_date`
    reads (2024-05-01, 2024/5/1, 2024年5月1日, an Excel serial …), as YYYY-MM-DD.  Raises DateError whose
    text starts with ``label`` and names the accepted forms; empty values too."""
    try:
        return dates.parse_date(value).isoformat()
    except dates.DateError as exc:
        raise dates.DateError(f"{label}{exc}") from None


def clean(store: Store, data: dict) -> tuple[dict, list[tuple[str, str]]]:
    """Check a hazard's fields as typed; returns (the fields to store, [(field, Chinese problem)]).

    Used by the form, the CLI and the xlsx import alike, so each names a problem by its field."""
    out, problems = {}, []
    for field in LABELS:
        value = data.get(field, "")
        out[field] = value.strip() if isinstance(value, str) else value
    for field in REQUIRED:
        if not out.get(field):
            problems.append((field, f"{LABELS[field]}不能为空"))
    for field in ("found_on", "deadline"):
        if out.get(field):
            try:
                out[field] = parse_date(out[field], LABELS[field])
            except StoreError as exc:
                problems.append((field, str(exc)))
    checks = (("found_by", FOUND_BY), ("category", CATEGORIES), ("level", LEVELS))
    for field, allowed in checks:   # as offices write them: 消防安全 for 消防, 重大隐患 for 重大, 群众 举报
        if out.get(field):
            chosen = choices.pick(out[field], allowed, endings=CHOICE_ENDINGS)
            if chosen is None:
                problems.append((field, f"{LABELS[field]}“{out[field]}”无效，应为 {'、'.join(allowed)} 之一"))
            else:
                out[field] = chosen
    if out.get("division"):
        code = refdata.division_codes(store).get(out["division"])
        if code is None:
            problems.append(("division", f"街镇“{out['division']}”不是徐汇区的街道或镇"))
        else:
            out["division"] = code
    if not any(f == "deadline" for f, _ in problems) and not any(f == "found_on" for f, _ in problems) \
            and out.get("deadline") and out.get("found_on") and out["deadline"] < out["found_on"]:
        problems.append(("deadline", f"整改期限 {out['deadline']} 早于发现日期 {out['found_on']}"))
    for field in ("description", "unit", "person", "phone", "measures"):
        out[field] = str(out.get(field) or "")
    out["address_key"] = address_key(out.get("address") or "")
    return out, problems


def _raise(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise StoreError("；".join(p for _, p in problems))


def register(store: Store, data: dict, by_whom: str, photos: list[Path] = (),
             files: list[attachments.StoredFile] = ()) -> str:
    """Register a hazard (fields as in :data:`LABELS`) with its 登记 step and its photos (整改前: ``photos``
    to ingest now, ``files`` already ingested by a form's worker); returns its id.  Bad fields →
    StoreError naming each; a refused photo → nothing registered."""
    fields, problems = clean(store, data)
    if not (by_whom or "").strip():
        problems.append(("by_whom", "登记人不能为空"))
    _raise(problems)
    stored = [*files, *(attachments.ingest(store, p) for p in photos)]
    with store.write() as tx:
        hazard_id = insert_checked(tx, fields, by_whom)
        for s in stored:
            attachments.record(tx, s, "hazards", hazard_id, "before")
    return hazard_id


def insert_checked(tx: Tx, fields: dict, by_whom: str, note: str = "") -> str:
    """Write a hazard whose fields :func:`clean` passed, with its 登记 step, in the caller's transaction."""
    hazard_id = tx.insert("hazards", {**fields, "state": "registered"})
    tx.insert("hazard_steps", {"hazard_id": hazard_id, "step": "register", "by_whom": by_whom.strip(),
                               "at": clock.now_iso(), "note": note, "division": fields["division"]})
    return hazard_id


def get(store: Store, hazard_id: str) -> dict:
    """The live hazard's ``hazards`` row, by its id or by the end of it (at least 6 characters, as lists
    show ids short).  StoreError("没有编号为 … 的隐患") when there is none."""
    row = store.one("SELECT * FROM hazards WHERE id = ? AND deleted = 0", (hazard_id,))
    if row is None:
        row = store.one("SELECT * FROM hazards WHERE id LIKE ? AND deleted = 0", (f"%{hazard_id}",)) \
            if len(hazard_id) >= 6 else None
    if row is None:
        raise StoreError(f"没有编号为 {hazard_id} 的隐患")
    return dict(row)


def update(store: Store, hazard_id: str, data: dict) -> None:
    """Correct a hazard's fields (not its state: that moves only by :func:`step`)."""
    current = get(store, hazard_id)
    fields, problems = clean(store, {**{k: current[k] for k in LABELS}, **data})
    _raise(problems)
    with store.write() as tx:
        tx.update("hazards", current["id"], fields)


def step(store: Store, hazard_id: str, step_name: str, by_whom: str, note: str = "",
         photos: list[Path] = (), on: date | None = None, files: list[attachments.StoredFile] = ()) -> None:
    """Move a hazard one step along its workflow, recording who and when.

    整改完成 needs at least one 整改后 photo: given here or attached before.  A step out of order is refused
    with the state the hazard is in."""
    hazard = get(store, hazard_id)
    if step_name not in STEPS:
        raise StoreError(f"未知的步骤 {step_name}；可用的有：{'、'.join(f'{k}（{v[2]}）' for k, v in STEPS.items())}")
    start, end, label = STEPS[step_name]
    if hazard["state"] != start:
        raise StoreError(f"隐患 {hazard['id']} 目前为“{STATES[hazard['state']]}”，不能{label}"
                         f"（{label}须在“{STATES[start]}”之后）")
    if not (by_whom or "").strip():
        raise StoreError(f"{label}须写明经办人")
    stored = [*files, *(attachments.ingest(store, p) for p in photos)]
    if step_name == "rectified" and not stored and not any(
            a["role"] == "after" for a in attachments.of_record(store, "hazards", hazard["id"])):
        raise StoreError(f"隐患 {hazard['id']} 整改完成须附整改后照片")
    on = on or clock.now().date()
    fields = {"state": end}
    if step_name == "rectified":
        fields["rectified_on"] = on.isoformat()
    elif step_name == "closed":
        fields["closed_on"] = on.isoformat()
    with store.write() as tx:
        tx.update("hazards", hazard["id"], fields)
        tx.insert("hazard_steps", {"hazard_id": hazard["id"], "step": step_name, "by_whom": by_whom.strip(),
                                   "at": clock.now_iso(), "note": note, "division": hazard["division"]})
        for s in stored:
            attachments.record(tx, s, "hazards", hazard["id"], "after" if step_name == "rectified" else "")


def supervise(store: Store, hazard_id: str, by_whom: str, note: str = "", lift: bool = False) -> None:
    """挂牌督办 a 重大隐患 (or lift it): only the district centre may, and only while it is not 销号."""
    hazard = get(store, hazard_id)
    if store.meta("station_role") != "centre":
        raise StoreError("挂牌督办只能由区中心办理")
    if hazard["level"] != "重大":
        raise StoreError(f"隐患 {hazard['id']} 为一般隐患，只有重大隐患可以挂牌督办")
    if not (by_whom or "").strip():
        raise StoreError("挂牌督办须写明督办人")
    if supervised(store, hazard["id"]) == (not lift):
        raise StoreError("该隐患已在挂牌督办中" if not lift else "该隐患没有挂牌督办，无需摘牌")
    with store.write() as tx:
        tx.insert("hazard_supervisions", {"hazard_id": hazard["id"], "lifted": int(lift),
                                          "by_whom": by_whom.strip(), "at": clock.now_iso(), "note": note})


def supervised(store: Store, hazard_id: str) -> bool:
    """Whether the hazard's newest 督办 row puts it under supervision (not lifted)."""
    row = store.one("SELECT lifted FROM hazard_supervisions WHERE hazard_id = ? ORDER BY at DESC, id DESC LIMIT 1",
                    (hazard_id,))
    return bool(row) and not row[0]


def show(store: Store, hazard_id: str) -> dict:
    """A hazard with its steps, 督办 rows, attachments, overdue flag and earlier hazards it recurs."""
    hazard = get(store, hazard_id)
    hazard["steps"] = [dict(r) for r in store.query(
        "SELECT step, by_whom, at, note, station FROM hazard_steps WHERE hazard_id = ? ORDER BY at, id",
        (hazard["id"],))]
    hazard["supervisions"] = [dict(r) for r in store.query(
        "SELECT lifted, by_whom, at, note FROM hazard_supervisions WHERE hazard_id = ? ORDER BY at, id",
        (hazard["id"],))]
    hazard["supervised"] = supervised(store, hazard["id"])
    hazard["attachments"] = attachments.of_record(store, "hazards", hazard["id"])
    hazard["overdue"] = is_overdue(hazard)
    hazard["recurs"] = earlier_same(store, hazard)
    hazard["division_name"] = refdata.division_name(store, hazard["division"])
    return hazard


def is_overdue(hazard: dict, today: date | None = None) -> bool:
    """Whether a hazard (a dict with ``state`` and ``deadline`` as YYYY-MM-DD) is still open the day after
    its 整改期限 (``today`` defaults to today in Shanghai): the rule of :func:`overdue_alerts`."""
    today = today or clock.now().date()
    return hazard["state"] in OPEN_STATES and hazard["deadline"] < today.isoformat()


# ----------------------------------------------------------------------------------------- 回潮

def recur_months(store: Store) -> int:
    """How many months back a hazard at the same address and of the same category counts as 回潮
    (station setting ``hazards.recur_months``, default 12)."""
    return int(store.meta(RECUR_MONTHS_KEY) or DEFAULT_RECUR_MONTHS)


def set_recur_months(store: Store, months: int) -> None:
    """Set this station's 回潮 window in months (read by :func:`recur_months`).  Raises
    StoreError("回潮判定月数应在 1–120 之间") outside 1–120."""
    if not 1 <= months <= 120:
        raise StoreError("回潮判定月数应在 1–120 之间")
    with store.write() as tx:
        tx.set_meta(RECUR_MONTHS_KEY, str(months))


def earlier_same(store: Store, hazard: dict) -> list[dict]:
    """Earlier hazards at the same address and of the same category within :func:`recur_months` months
    (of two found the same day, the one registered first is the earlier)."""
    return [dict(r) for r in store.query(
        "SELECT id, found_on, state FROM hazards WHERE address_key = ? AND category = ? AND deleted = 0"
        " AND found_on >= date(?, ?) AND (found_on < ? OR (found_on = ? AND id < ?)) ORDER BY found_on, id",
        (hazard["address_key"], hazard["category"], hazard["found_on"], f"-{recur_months(store)} months",
         hazard["found_on"], hazard["found_on"], hazard["id"]))]


def recurrences(store: Store) -> set[str]:
    """Ids of every hazard that recurs (回潮): an earlier hazard at its address, of its category, was found
    within :func:`recur_months` months before it (SQLite's date arithmetic, as :func:`earlier_same`).
    One pass of a window function over the index on (address_key, category, found_on)."""
    cur = store.con.cursor()
    cur.row_factory = None
    return {r[0] for r in cur.execute(RECURRING_SQL, (f"-{recur_months(store)} months",))}


# ids of the hazards that recur; its one parameter is '-N months'
RECURRING_SQL = ("SELECT id FROM (SELECT id, found_on, lag(found_on) OVER (PARTITION BY address_key, category"
                 " ORDER BY found_on, id) AS before FROM hazards WHERE deleted = 0)"
                 " WHERE before >= date(found_on, ?)")


# ----------------------------------------------------------------------------------------- check

def overdue_alerts(store: Store, today: date | None = None) -> list[Alert]:
    """The scheduled check: every hazard still open after its 整改期限 (an overdue alert, 重大 and 督办 said)."""
    today = (today or clock.now().date()).isoformat()
    names = {r[0]: r[1] for r in store.query("SELECT code, name FROM divisions")}
    found = []
    for r in store.query(
            "SELECT h.id, h.level, h.address, h.category, h.deadline, h.division,"
            " (SELECT lifted = 0 FROM hazard_supervisions s WHERE s.hazard_id = h.id ORDER BY at DESC, id DESC"
            "  LIMIT 1) AS supervised"
            " FROM hazards h WHERE h.deleted = 0 AND h.state IN ('registered', 'rectifying') AND h.deadline < ?"
            " ORDER BY h.deadline", (today,)):
        tag = "【挂牌督办】" if r["supervised"] else ""
        found.append(Alert(
            f"hazard:overdue:{r['id']}", "hazards", "overdue",
            f"{tag}{r['level']}隐患逾期未整改：{names.get(r['division'], r['division'])}{r['address']}"
            f"（{r['category']}），整改期限 {r['deadline']}"))
    return found


def overdue_count(store: Store, today: date | None = None) -> int:
    """How many hazards are overdue (open, 整改期限 before ``today``): the count of :func:`overdue_alerts`
    without reading them, for the hazards view's status line."""
    today = (today or clock.now().date()).isoformat()
    return store.one("SELECT count(*) FROM hazards WHERE deleted = 0 AND state IN ('registered', 'rectifying')"
                     " AND deadline < ?", (today,))[0]


def handover_section(store: Store) -> Section | None:
    """What the next shift should know: hazards overdue for rectification (挂牌督办 and 重大 first), and
    the supervised ones among them as warnings to confirm.  None when none is overdue."""
    lines = overdue_for_board(store, most=20)
    if not lines:
        return None
    supervised = [line for line in lines[1:] if line.startswith("【挂牌督办】")]
    return Section("隐患排查治理", lines, warnings=supervised)


def overdue_for_board(store: Store, today: date | None = None, most: int = 5) -> list[str]:
    """The board's lines: how many hazards are overdue, then the ``most`` that matter first (挂牌督办, then
    重大, then the longest overdue), or nothing when none is."""
    alerts = overdue_alerts(store, today)
    if not alerts:
        return []
    ranked = sorted(alerts, key=lambda a: (not a.text.startswith("【挂牌督办】"), "重大隐患" not in a.text))
    return [f"逾期未整改隐患共 {len(alerts)} 处", *(a.text for a in ranked[:most])]
