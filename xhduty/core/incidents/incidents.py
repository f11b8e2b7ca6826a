"""Incidents (突发事件): opening one from a call, grading it, and the reports sent up the chain.

An incident is a mutable record (its level and status change), but everything that happens to it is
kept: each level change is an ``incident_level_changes`` record, each report an ``incident_reports``
record, and every event is also written to the duty log with the incident's id — so the incident's
timeline is simply the log filtered by incident, which also holds what other areas (dispatch, plans,
notifications) logged about it.  Status goes 接报 → 处置中 (first report or on request) → 已结束 (终报).
"""

from __future__ import annotations

import json
from datetime import datetime

from xhduty.core import attachments, clock, dates
from xhduty.core.incidents import deadlines
from xhduty.core.duty import duty
from xhduty.core.incidents import report_rules
from xhduty.core.store import Store, StoreError

STATUS_NAMES = {"taken": "接报", "handling": "处置中", "closed": "已结束"}

# The fields of a 值班信息 report, in the order of the printed form; the first group comes from the
# incident, the rest the officer writes in the report form.
REPORT_FIELDS = (
    ("taken_at", "接报时间"),
    ("source", "信息来源"),
    ("occurred_at", "事发时间"),
    ("place", "事发地点"),
    ("nature", "事件性质"),
    ("situation", "基本情况"),
    ("casualties", "伤亡和财产损失"),
    ("scope", "影响范围"),
    ("trend", "发展趋势"),
    ("measures", "已采取措施"),
    ("leaders", "领导到位情况"),
    ("informed", "已通报单位"),
    ("advice", "下步建议"),
)
REPORT_FIELD_NAMES = dict(REPORT_FIELDS)


def require_shift(store: Store) -> dict:
    """The shift on duty (see :func:`duty.current_shift`); StoreError telling how to start one if none is."""
    shift = duty.current_shift(store)
    if shift is None:
        raise StoreError("当前没有在岗班次：请先开始值班（xhduty shift start）")
    return shift


def _level_name(store: Store, code: str) -> str:
    row = store.one("SELECT name FROM levels WHERE code = ?", (code,))
    return row[0] if row else code


def _type_name(store: Store, code: str) -> str:
    row = store.one("SELECT name FROM event_types WHERE code = ?", (code,))
    return row[0] if row else code


def happened_at(value, what: str, latest: datetime) -> datetime | None:
    """A moment that has already happened (a call taken, an incident) — None or '' (not given: None), a
    datetime, or text as officers type it — read by :func:`dates.parse_past` from ``latest``: '23:58' typed at 00:05 (or on a call record logged then)
    is last night's, not tonight's a day ahead; a date without its year is this year's or last."""
    return None if value is None or value == "" else dates.parse_past(value, latest, what)


def _check_level(store: Store, level: str) -> str:
    level = (level or "").strip()
    if not store.one("SELECT 1 FROM levels WHERE code = ?", (level,)):
        raise StoreError(f"事件级别应为 I、II、III、IV 或 U（未定级），而不是“{level}”")
    return level


def _check_moment(at: datetime, what: str, now: datetime, incident: dict | None = None) -> None:
    """StoreError (naming ``what``, e.g. 报送时间) for a moment recorded as past that is later than ``now``
    beyond :data:`dates.CLOCK_SLACK` — its clock would stop or move for what has not happened — or,
    given the ``incident``, before the minute its call was taken (times are typed to the minute)."""
    if at > now + dates.CLOCK_SLACK:
        raise StoreError(f"{what} {at:%Y-%m-%d %H:%M} 晚于现在（{now:%Y-%m-%d %H:%M}），请核对日期和时间")
    taken = clock.parse(incident["taken_at"]) if incident else None
    if taken and at < taken.replace(second=0, microsecond=0):
        raise StoreError(f"{what} {at:%m-%d %H:%M} 不能早于接报时间 {taken:%m-%d %H:%M}")


# ------------------------------------------------------------------------------------------- opening

def prefill_from_entry(store: Store, entry_id: str) -> dict:
    """What the 立案 form starts with when an incident is opened from an intake (来电接报) entry — as last
    corrected (:func:`duty.as_corrected`): a caller's number put right after the call is the one used."""
    entry = store.get("log_entries", entry_id)
    if entry is None:
        raise StoreError(f"没有编号为 {entry_id} 的值班记录")
    text, details = duty.as_corrected(store, entry_id)
    caller = " ".join(details[k] for k in ("caller_unit", "caller_name", "caller_post", "caller_phone")
                      if details.get(k))
    what = details.get("what") or text
    logged = clock.parse(entry["at"])
    return {
        "title": what.splitlines()[0][:40],
        "place": details.get("place", ""),
        "occurred_at": _intake_time(details.get("occurred_at", ""), logged),
        "taken_at": _intake_time(details.get("received_at", ""), logged) or entry["at"],
        "casualties": details.get("casualties", ""),
        "description": what,
        "source": caller,
    }


def _intake_time(text: str, logged: datetime) -> str:
    """A call record's time as the officer typed it (14:02, 下午3点10分, 2026.11.29 14:02 — whatever
    :func:`dates.parse_time` reads) → ISO, a time of day on the day the call was logged or the day before
    (:func:`happened_at`); '' when it is not a time (不详)."""
    try:
        when = happened_at((text or "").strip(), "", logged)
    except dates.DateError:
        return ""
    return clock.iso(when) if when else ""


def open_incident(store: Store, *, title: str, type_code: str, level: str = "U", place: str = "",
                  division: str | None = None, occurred_at=None, taken_at=None, description: str = "",
                  casualties: str = "", losses: str = "", source: str = "", entry_id: str | None = None,
                  files=()) -> str:
    """立案: create the incident and log it; its reporting clock starts at ``taken_at`` (default now).
    ``files`` (:class:`attachments.StoredFile`, stored by the form beforehand) are attached in the same
    transaction."""
    shift = require_shift(store)
    title = (title or "").strip()
    if not title:
        raise StoreError("立案：事件名称不能为空")
    type_code = (type_code or "").strip()
    if not store.one("SELECT 1 FROM event_types WHERE code = ?", (type_code,)):
        raise StoreError(f"立案：没有“{type_code}”这个事件类型代码（见 xhduty types）")
    level = _check_level(store, level)
    division = (division or "").strip() or None
    if division and not store.one("SELECT 1 FROM divisions WHERE code = ?", (division,)):
        raise StoreError(f"立案：没有“{division}”这个街镇代码")
    if entry_id and store.get("log_entries", entry_id) is None:
        raise StoreError(f"立案：没有编号为 {entry_id} 的值班记录")
    now = clock.now()
    occurred = happened_at(occurred_at, "事发时间", now)
    taken = happened_at(taken_at, "接报时间", now) or now
    _check_moment(taken, "立案：接报时间", now)   # its reporting deadlines would fall that much late, unnoticed
    if occurred and occurred > taken:
        raise StoreError("立案：事发时间不能晚于接报时间")
    with store.write() as tx:
        incident_id = tx.insert("incidents", {
            "title": title, "type_code": type_code, "level": level, "division": division,
            "place": (place or "").strip(), "occurred_at": clock.iso(occurred) if occurred else None,
            "taken_at": clock.iso(taken), "status": "taken", "description": (description or "").strip(),
            "casualties": (casualties or "").strip(), "losses": (losses or "").strip(),
            "source": (source or "").strip(), "source_entry_id": entry_id,
        })
        for stored in files:
            attachments.record(tx, stored, "incidents", incident_id)
        duty.append_entry(tx, kind="incident", shift_id=shift["id"], incident_id=incident_id,
                          refers_to=entry_id, significant=True, author=duty.at_keyboard(store, shift),
                          text=f"立案：{title}（{_type_name(store, type_code)}，{_level_name(store, level)}）"
                               + (f"，地点 {place.strip()}" if (place or "").strip() else ""))
    return incident_id


# ------------------------------------------------------------------------------------------- reading

def _names(store: Store) -> tuple[dict, dict, dict]:
    """(event type, level, division) code → name: read once for a whole list of incidents."""
    return tuple({code: name for code, name in store.query(f"SELECT code, name FROM {table}")}
                 for table in ("event_types", "levels", "divisions"))


def _incident(row, names: tuple[dict, dict, dict]) -> dict:
    types, levels, divisions = names
    d = dict(row)
    d["type_name"] = types.get(d["type_code"], d["type_code"])
    d["level_name"] = levels.get(d["level"], d["level"])
    d["status_name"] = STATUS_NAMES[d["status"]]
    d["division_name"] = divisions.get(d["division"], d["division"] or "")  # as refdata.division_name
    return d


def get_incident(store: Store, incident_id: str) -> dict | None:
    """The incident: its ``incidents`` row plus ``type_name``, ``level_name``, ``status_name``
    (接报/处置中/已结束) and ``division_name``; None if there is none (or it was deleted)."""
    row = store.one("SELECT * FROM incidents WHERE id = ? AND deleted = 0", (incident_id,))
    return _incident(row, _names(store)) if row else None


def require_incident(store: Store, incident_id: str) -> dict:
    """As :func:`get_incident`, but a StoreError naming the id when there is none."""
    incident = get_incident(store, incident_id)
    if incident is None:
        raise StoreError(f"没有编号为 {incident_id} 的事件")
    return incident


SHORT_ID = 6   # characters of an incident's id shown and typed on the command line (its random end)


def find_incident(store: Store, ref: str) -> dict:
    """The incident an officer names on the command line, as :func:`get_incident` gives it: by its id, the
    end of its id (``incident list`` shows the last :data:`SHORT_ID` characters; at least 4), or a part of
    its title only one incident has (漕溪北路).  StoreError when none matches, or when several do — naming
    them with their short ids, so the officer can pick one."""
    ref = (ref or "").strip()
    found = get_incident(store, ref)
    if found:
        return found
    rows = []
    if len(ref) >= 4 and ref.isascii() and ref.isalnum():
        rows = store.query("SELECT * FROM incidents WHERE deleted = 0 AND id LIKE ? LIMIT 6", (f"%{ref}",))
    if not rows and ref:
        rows = store.query("SELECT * FROM incidents WHERE deleted = 0 AND instr(title, ?) > 0 "
                           "ORDER BY taken_at DESC LIMIT 6", (ref,))
    if not rows:
        raise StoreError(f"没有编号或名称为“{ref}”的事件（xhduty incident list 左列是编号）")
    if len(rows) > 1:
        listed = "；".join(f"{r['id'][-SHORT_ID:]} {r['title'][:20]}（接报 {r['taken_at'][:16].replace('T', ' ')}）"
                          for r in rows[:5])
        raise StoreError(f"“{ref}”对应的事件不止一个，请写编号：{listed}" + ("等" if len(rows) > 5 else ""))
    return _incident(rows[0], _names(store))


def reports(store: Store, incident_id: str) -> list[dict]:
    """The incident's reports in the order they were sent: the ``incident_reports`` row with ``fields``
    as a dict (the 值班信息 fields as sent) and ``label`` (首报（电话）, 续报二 …)."""
    rows = store.query("SELECT * FROM incident_reports WHERE incident_id = ? ORDER BY at, created_at", (incident_id,))
    out = []
    for row in rows:
        d = dict(row)
        d["fields"] = json.loads(d["fields"]) if d["fields"] else {}
        d["label"] = deadlines.report_label(d["stage"], d["channel"], d["number"])
        out.append(d)
    return out


def home_division(store: Store) -> str | None:
    """The 街镇 code a street station serves (asked at its first run), else None: 立案 defaults to it and
    its monthly report covers it."""
    return store.meta("station_division") or None


def set_home_division(store: Store, code: str | None) -> None:
    """Record the 街镇 this station serves; StoreError for a code not among the divisions."""
    if code and store.one("SELECT 1 FROM divisions WHERE code = ?", (code,)) is None:
        raise StoreError(f"没有代码为 {code} 的街镇")
    with store.write() as tx:
        tx.set_meta("station_division", code or "")


def incident_deadlines(store: Store, incident: dict, ruleset=None) -> list[deadlines.Deadline]:
    """The incident's reporting deadlines (:class:`deadlines.Deadline`, first report first) under
    ``ruleset`` (the station's rules when not given), with the reports already sent marked done."""
    ruleset = ruleset or report_rules.rule_set(store)
    return deadlines.compute(incident, reports(store, incident["id"]), ruleset, level_changes(store, incident["id"]))


def level_changes(store: Store, incident_id: str) -> list[dict]:
    """The incident's ``incident_level_changes`` rows (at, from_level, to_level, reason, author …), oldest first."""
    return [dict(r) for r in store.query("SELECT * FROM incident_level_changes WHERE incident_id = ? "
                                         "ORDER BY at, created_at", (incident_id,))]


def next_after_filing(store: Store, incident_id: str, *, stage: str, channel: str,
                      at: datetime) -> deadlines.Deadline | None:
    """The report that will be due next once this one is filed at ``at`` (:func:`deadlines.forecast`):
    what the report form tells the officer before filing.  None when nothing more will be due."""
    incident = require_incident(store, incident_id)
    ahead = deadlines.forecast(incident, reports(store, incident_id), report_rules.rule_set(store),
                               level_changes(store, incident_id), stage=stage, channel=channel, at=at)
    waiting = deadlines.pending(ahead)
    return waiting[0] if waiting else None


def list_incidents(store: Store, *, open_only: bool = False, now: datetime | None = None,
                   ids=None) -> list[dict]:
    """Incidents newest first (only those of ``ids``, a collection of incident ids, when given), each with
    its deadlines, the next one due, whether any is overdue (``overdue``) and which (``overdue_reports``).

    Reads in a fixed number of queries whatever the count: years of incidents (thousands) list in a
    fraction of a second, as a window reloading them after a write must."""
    now = now or clock.now()
    ruleset = report_rules.rule_set(store)
    where, params = "deleted = 0", []
    if open_only:
        where += " AND status != 'closed'"
    if ids is not None:
        where += " AND id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(ids)))
    sent: dict[str, list[dict]] = {}
    graded: dict[str, list[dict]] = {}
    for table, columns, found in (("incident_reports", "id, stage, channel", sent),
                                  ("incident_level_changes", "from_level, to_level", graded)):
        for row in store.query(f"SELECT incident_id, at, {columns} FROM {table} WHERE incident_id IN "
                               f"(SELECT id FROM incidents WHERE {where}) ORDER BY at, created_at", params):
            found.setdefault(row["incident_id"], []).append(dict(row))
    names = _names(store)
    out = []
    for row in store.query(f"SELECT * FROM incidents WHERE {where} ORDER BY taken_at DESC", params):
        incident = _incident(row, names)
        owed = deadlines.compute(incident, sent.get(incident["id"], []), ruleset, graded.get(incident["id"], []))
        waiting = deadlines.pending(owed)
        incident["deadlines"] = [d.as_dict(now) for d in owed]
        incident["next_deadline"] = waiting[0].as_dict(now) if waiting else None
        incident["overdue_reports"] = [d.label for d in waiting if d.state(now) == "overdue"]
        incident["overdue"] = bool(incident["overdue_reports"])
        out.append(incident)
    return out


def incident_ids_of(store: Store, table: str, record_ids) -> set[str]:
    """The incidents records of ``table`` (incident_reports or incident_level_changes; ``record_ids`` their
    ids) belong to: what a window showing incidents reads again after those records were written."""
    if table not in ("incident_reports", "incident_level_changes"):
        raise ValueError(f"not an incident's own table: {table}")
    return {r[0] for r in store.query(f"SELECT incident_id FROM {table} WHERE id IN "
                                      f"(SELECT value FROM json_each(?))", (json.dumps(list(record_ids)),))}


def timeline(store: Store, incident_id: str) -> list[dict]:
    """The incident's whole history: the intake entry it came from and every log entry about it.

    Level changes, reports and tasks each write a log entry carrying their record's id in ``details``,
    so the log filtered by incident is the complete timeline, including what other areas logged.
    """
    incident = require_incident(store, incident_id)
    entries = duty.list_entries(store, duty.LogFilter(incident_id=incident_id))
    source = incident["source_entry_id"]
    if source and all(e["id"] != source for e in entries):
        entries = list(duty.entries_by_id(store, [source]).values()) + entries
    names = duty.kind_names(store)
    for e in entries:
        e["kind_name"] = names.get(e["kind"], e["kind"])
    return sorted(entries, key=lambda e: (e["at"], e["station"], e["seq"]))


# ------------------------------------------------------------------------------------------ changing

def change_level(store: Store, incident_id: str, level: str, reason: str = "", at=None) -> str:
    """Raise or lower the level at ``at`` (default now: one decided earlier and recorded after the fact
    gives its time — a datetime or typed text, read as :func:`happened_at`); open deadlines are recomputed
    at the new level from the time taken.  StoreError for an ``at`` that is not a time, later than now
    (beyond :data:`dates.CLOCK_SLACK`), before the call was taken or before the incident's last level
    change (its old level would be wrong)."""
    shift = require_shift(store)
    incident = require_incident(store, incident_id)
    level = _check_level(store, level)
    if incident["status"] == "closed":
        raise StoreError("事件已结束，不能再调整级别")
    if level == incident["level"]:
        raise StoreError(f"事件已是{incident['level_name']}，级别未改变")
    now = clock.now()
    at = happened_at(at, "调整时间", now) or now
    _check_moment(at, "调整时间", now, incident)
    last = level_changes(store, incident_id)[-1:]
    if last and at < clock.parse(last[0]["at"]):
        raise StoreError(f"调整时间 {at:%m-%d %H:%M} 早于上次级别调整（{clock.parse(last[0]['at']):%m-%d %H:%M} "
                         f"调整为{_level_name(store, last[0]['to_level'])}），请核对时间")
    old, new = incident["level_name"], _level_name(store, level)
    with store.write() as tx:
        change_id = tx.insert("incident_level_changes", {
            "incident_id": incident_id, "at": clock.iso(at), "from_level": incident["level"],
            "to_level": level, "reason": (reason or "").strip(), "author": duty.at_keyboard(store, shift)})
        tx.update("incidents", incident_id, {"level": level})
        duty.append_entry(tx, kind="incident", shift_id=shift["id"], incident_id=incident_id, at=at,
                          significant=True, author=duty.at_keyboard(store, shift), details={"level_change_id": change_id},
                          text=f"级别调整：{incident['title']} 由{old}调整为{new}"
                               + (f"，原因：{reason.strip()}" if (reason or "").strip() else ""))
    return change_id


def start_handling(store: Store, incident_id: str) -> bool:
    """接报 → 处置中.  Also happens on the first report."""
    shift = require_shift(store)
    incident = require_incident(store, incident_id)
    if incident["status"] != "taken":
        return False
    with store.write() as tx:
        tx.update("incidents", incident_id, {"status": "handling"})
        duty.append_entry(tx, kind="incident", shift_id=shift["id"], incident_id=incident_id,
                          author=duty.at_keyboard(store, shift), text=f"开始处置：{incident['title']}")
    return True


def report_fields(store: Store, incident: dict) -> dict:
    """The 值班信息 fields the incident already knows (the report form starts with these)."""
    fields = {key: "" for key, _ in REPORT_FIELDS}
    loss = "；".join(x for x in (incident["casualties"], incident["losses"]) if x)
    fields.update({
        "taken_at": incident["taken_at"][:16].replace("T", " "),
        "source": incident["source"],
        "occurred_at": (incident["occurred_at"] or "")[:16].replace("T", " "),
        "place": " ".join(x for x in (incident["division_name"], incident["place"]) if x),
        "nature": f"{incident['type_name']}，{incident['level_name']}",
        "situation": incident["description"],
        "casualties": loss,
    })
    if incident["source_entry_id"]:
        entry = store.get("log_entries", incident["source_entry_id"])
        details = json.loads(entry["details"]) if entry and entry["details"] else {}
        fields["measures"] = details.get("measures", "")
        fields["informed"] = details.get("informed", "")
    return fields


def next_stage_number(store: Store, incident_id: str, stage: str) -> int:
    """The number the next report of ``stage`` gets: 1, 2 … for 续报, 0 for 首报 and 终报."""
    if stage != "followup":
        return 0
    return 1 + store.one("SELECT count(*) FROM incident_reports WHERE incident_id = ? AND stage = 'followup'",
                         (incident_id,))[0]


def report_draft(store: Store, incident_id: str, stage: str) -> dict:
    """The prefilled report: all fields for 首报/终报; for a 续报 only what changed since the last report,
    plus what the log recorded about the incident since then."""
    incident = require_incident(store, incident_id)
    fields = report_fields(store, incident)
    number = next_stage_number(store, incident_id, stage)
    text = ""
    if stage == "followup":
        earlier = reports(store, incident_id)
        carried = next((r["fields"] for r in reversed(earlier) if r["fields"]), {})
        fields = {k: v if v != carried.get(k, "") else "" for k, v in fields.items()}
        fields["taken_at"] = ""
        if earlier:
            news = [e for e in timeline(store, incident_id)
                    if e["at"] > earlier[-1]["at"] and e["kind"] not in ("report_up", "alert")]
            text = "\n".join(f"{deadlines.time_text(e['at'])} {e['text']}" for e in news)   # 12-01 21:00 / 07:30
    return {"stage": stage, "number": number, "label": deadlines.report_label(stage, "written", number),
            "fields": fields, "text": text}


def submit_report(store: Store, incident_id: str, *, stage: str, channel: str, text: str,
                  fields: dict | None = None, signed_by: str = "", at=None) -> str:
    """Record a report as sent at ``at`` (default now; a datetime or typed text, read as :func:`happened_at`:
    a phone report written down afterwards): it stops its clock and goes to the log; a 终报 closes the
    incident.  StoreError for a time later than now or before the call was taken, as for bad fields."""
    shift = require_shift(store)
    incident = require_incident(store, incident_id)
    if stage not in deadlines.STAGE_NAMES:
        raise StoreError(f"报告阶段应为 first（首报）、followup（续报）或 final（终报），而不是“{stage}”")
    if channel not in deadlines.CHANNEL_NAMES:
        raise StoreError(f"报送方式应为 phone（电话）或 written（书面），而不是“{channel}”")
    text = (text or "").strip()
    if not text:
        raise StoreError("报告内容不能为空")
    unknown = set(fields or {}) - set(REPORT_FIELD_NAMES)
    if unknown:
        raise StoreError(f"报告字段不认识：{', '.join(sorted(unknown))}")
    if incident["status"] == "closed":
        raise StoreError("事件已终报结束，不能再报送")
    earlier = reports(store, incident_id)
    if stage == "first" and any(r["stage"] == "first" and r["channel"] == channel for r in earlier):
        raise StoreError(f"{deadlines.report_label('first', channel)}已报送；后续情况请报续报")
    if stage == "followup" and not any(r["stage"] == "first" for r in earlier):
        raise StoreError("尚未报送首报：请先报首报，再报续报")
    now = clock.now()
    at = happened_at(at, "报送时间", now) or now
    _check_moment(at, "报送时间", now, incident)   # the clock would stop for a report not sent yet
    number = next_stage_number(store, incident_id, stage)
    label = deadlines.report_label(stage, channel, number)
    with store.write() as tx:
        report_id = tx.insert("incident_reports", {
            "incident_id": incident_id, "stage": stage, "channel": channel, "number": number,
            "at": clock.iso(at), "text": text, "signed_by": (signed_by or "").strip(),
            "fields": json.dumps(fields, ensure_ascii=False) if fields else None,
            "author": duty.at_keyboard(store, shift)})
        status = {"final": "closed"}.get(stage, "handling" if incident["status"] == "taken" else None)
        if status:
            tx.update("incidents", incident_id,
                      {"status": status, **({"closed_at": clock.iso(at)} if status == "closed" else {})})
        duty.append_entry(tx, kind="report_up", shift_id=shift["id"], incident_id=incident_id, at=at,
                          author=duty.at_keyboard(store, shift), details={"report_id": report_id},
                          text=f"{label}：{incident['title']}。{text[:80]}")
    return report_id


def get_report(store: Store, report_id: str) -> dict:
    """One report as :func:`reports` gives it; StoreError naming the id when there is none."""
    row = store.get("incident_reports", report_id)
    if row is None:
        raise StoreError(f"没有编号为 {report_id} 的报告")
    return next(r for r in reports(store, row["incident_id"]) if r["id"] == report_id)
