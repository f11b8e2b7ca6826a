"""Notification runs (通知): reaching every member of a group, in order, and knowing who confirmed.

A run is started for a group (and optionally an incident); it keeps the members as they were at the start.
Everything after that is an append-only attempt (已通知 / 已确认 / 未接通 / 留言, e-mail or SMS sent or failed,
and the system's 转AB角), each written to the duty log in the same transaction so the incident timeline
shows it.  A member's state is derived from their attempts:

* the member's contact options are their methods in priority order, then their unit's duty phone, then the
  same for their deputy (AB角); 未接通 and 留言 move the member to the next option, so an unreached person
  moves on to their next method and finally to their deputy;
* a member not confirmed ``timeout_minutes`` after the run started (or after they were passed to the
  deputy) is overdue: the scheduled check raises an alert and, once, escalates to the deputy.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from xhduty.core import clock
from xhduty.core.alerts import Alert, Section
from xhduty.core.contacts import contacts
from xhduty.core.duty import duty
from xhduty.core.store import Store, StoreError

RESULTS = {"reached": "已通知", "confirmed": "已确认", "no-answer": "未接通", "message": "留言",
           "sent": "已发送", "failed": "发送失败", "escalated": "转AB角"}
OFFICER_RESULTS = ("reached", "confirmed", "no-answer", "message")   # keys 1–4 in the run window
STATUS_LABELS = {"pending": "待通知", "no-answer": "未接通", "message": "已留言", "sent": "已发送",
                 "reached": "已通知", "confirmed": "已确认"}
ACTIVE_HOURS = 24   # a run older than this no longer raises alerts


@dataclass(frozen=True)
class Option:
    """One way to try a member: a method of the member or their deputy."""
    contact_id: str
    contact_name: str
    target: int        # 0 = the member, 1 = the deputy
    kind: str
    value: str

    def as_dict(self) -> dict:
        """The option for a view or JSON: its fields plus ``label``, the method's Chinese name."""
        return {"contact_id": self.contact_id, "contact_name": self.contact_name, "target": self.target,
                "kind": self.kind, "label": method_label(self.kind), "value": self.value}


def method_label(kind: str) -> str:
    """A method kind's Chinese name (``mobile`` → 手机, ``unit_duty`` → 单位值班电话); an unknown kind as is."""
    return contacts.METHOD_KINDS.get(kind, "单位值班电话" if kind == "unit_duty" else kind)


def _options(member: dict, people_by_id: dict[str, dict], unit_phones: dict[str, str]) -> list[Option]:
    targets = [member]
    deputy = people_by_id.get(member["deputy_id"] or "")
    if deputy and deputy["id"] != member["id"]:
        targets.append(deputy)
    out = []
    for t, person in enumerate(targets):
        for m in person["methods"]:
            out.append(Option(person["id"], person["name"], t, m["kind"], m["value"]))
        unit_phone = unit_phones.get(person["unit_id"], "")
        if unit_phone and unit_phone not in {m["value"] for m in person["methods"]}:
            out.append(Option(person["id"], person["name"], t, "unit_duty", unit_phone))
    return out


# ---------------------------------------------------------------------------------------------- runs

def start_run(store: Store, group_name: str, incident_id: str | None = None, text: str = "",
              author: str = "") -> str:
    """Start notifying the group ``group_name`` (plans call this with the group named in the plan file)."""
    group = contacts.group_by_name(store, group_name)
    members = contacts.group_members(store, group["id"])
    if not members:
        raise StoreError(f"通知组“{group['name']}”没有成员")
    shift = duty.current_shift(store)
    author = author or duty.at_keyboard(store, shift)
    with store.write() as tx:
        run_id = tx.insert("notify_runs", {
            "group_id": group["id"], "group_name": group["name"], "incident_id": incident_id,
            "text": (text or "").strip(), "timeout_minutes": group["timeout_minutes"],
            "members": json.dumps(members), "started_by": author})
        duty.append_entry(tx, kind="call_out", incident_id=incident_id, shift_id=shift["id"] if shift else None,
                          author=author, text=f"启动通知：{group['name']}，共 {len(members)} 人"
                          + (f"。内容：{text.strip()}" if text and text.strip() else ""))
    return run_id


def runs(store: Store, incident_id: str | None = None, limit: int | None = None) -> list[dict]:
    """Notification runs, newest first (all, or one incident's; the newest ``limit`` of them), as
    ``notify_runs`` rows: ``members`` is still the JSON text of the person ids, ``timeout_minutes`` in
    minutes."""
    sql, params = "SELECT * FROM notify_runs", []
    if incident_id:
        sql, params = sql + " WHERE incident_id = ?", [incident_id]
    sql += " ORDER BY created_at DESC, id DESC" + (" LIMIT ?" if limit is not None else "")
    return [dict(r) for r in store.query(sql, params + ([limit] if limit is not None else []))]


def count_runs(store: Store, incident_id: str | None = None) -> int:
    """How many notification runs there are (all, or one incident's): for a list shown in part."""
    if incident_id:
        return store.one("SELECT count(*) FROM notify_runs WHERE incident_id = ?", (incident_id,))[0]
    return store.one("SELECT count(*) FROM notify_runs")[0]


def _run(store: Store, run_id: str) -> dict:
    row = store.get("notify_runs", run_id)
    if row is None:
        raise StoreError(f"没有编号为 {run_id} 的通知任务")
    row["members"] = json.loads(row["members"])
    return row


def attempts(store: Store, run_id: str) -> list[dict]:
    """A run's attempts in the order they happened (``at``), as ``notify_attempts`` rows: ``person_id``
    the member, ``contact_id`` who was tried (member or deputy), ``method``, ``address``, ``result`` (a
    key of :data:`RESULTS`), ``detail``, ``at`` (ISO time), ``author``; [] for an unknown run."""
    return [dict(r) for r in store.query(
        "SELECT * FROM notify_attempts WHERE run_id = ? ORDER BY at, created_at, id", (run_id,))]


def run_status(store: Store, run_id: str) -> dict:
    """The run as the officer sees it: each member's state (``position`` in the group's order from 1), the
    next option to try, every option (``options``: the member's methods, unit phone, then the deputy's, as
    :meth:`Option.as_dict`), when they (or their deputy) first confirmed (``confirmed_at``, ISO) and how many
    minutes after the run's ``timeout_minutes`` from its start (``late_minutes``, 0 when in time); progress
    n of m, ``confirmed_late`` of them late."""
    run = _run(store, run_id)
    ids = list(run["members"])
    member_rows = contacts.people(store, ids)
    deputies = [p["deputy_id"] for p in member_rows if p["deputy_id"]]
    people_by_id = {p["id"]: p for p in contacts.people(store, ids + deputies)}
    unit_phones = dict(store.query("SELECT id, duty_phone FROM units"))
    started = clock.parse(run["created_at"])
    by_member: dict[str, list[dict]] = {}
    all_attempts = attempts(store, run_id)
    for a in all_attempts:
        by_member.setdefault(a["person_id"], []).append(a)
    now = clock.now()
    members = []
    for position, pid in enumerate(ids, start=1):
        member = people_by_id.get(pid)
        if member is None:  # removed from the contact book after the run started: keep the slot visible
            member = {"id": pid, "name": f"（已删除 {pid}）", "unit": "", "post": "", "methods": [],
                      "deputy_id": None, "unit_id": ""}
        options = _options(member, people_by_id, unit_phones)
        members.append({**_member_state(member, options, by_member.get(pid, []), started,
                                        run["timeout_minutes"], now), "position": position})
    confirmed = sum(1 for m in members if m["status"] == "confirmed")
    return {**run, "members": members, "attempts": all_attempts, "total": len(members), "confirmed": confirmed,
            "confirmed_late": sum(1 for m in members if m["late_minutes"]),
            "reached": sum(1 for m in members if m["status"] in ("reached", "confirmed", "message", "sent")),
            "done": confirmed == len(members)}


def _member_state(member: dict, options: list[Option], tries: list[dict], started: datetime,
                  timeout: int, now: datetime) -> dict:
    status, cursor, target, target_since, escalated = "pending", 0, 0, started, False
    confirmed_at, late_minutes = None, 0
    for a in tries:
        used = _option_index(options, a, cursor)
        if a["result"] == "confirmed":
            status = "confirmed"
            if confirmed_at is None:   # the first confirmation, by whoever, counted from the start: the unit's
                confirmed_at = a["at"]  # answer to the notice was late even when its AB角 was quick
                late = clock.parse(a["at"]) - (started + timedelta(minutes=timeout))
                late_minutes = max(0, math.ceil(late.total_seconds() / 60))   # a started minute counts
        elif a["result"] == "reached" and status != "confirmed":
            status = "reached"
        elif a["result"] in ("no-answer", "message"):
            if status not in ("reached", "confirmed"):
                status = "message" if "message" in (a["result"], status) else "no-answer"
            cursor = max(cursor, used + 1)
        elif a["result"] == "sent" and status in ("pending", "no-answer"):
            status = "sent"
        elif a["result"] == "escalated":
            escalated = True
            cursor = max(cursor, next((i for i, o in enumerate(options) if o.target == 1), len(options)))
        new_target = options[cursor].target if cursor < len(options) else target
        if new_target != target:
            target, target_since = new_target, clock.parse(a["at"])
    nxt = options[cursor] if cursor < len(options) else None
    deadline = target_since + timedelta(minutes=timeout)
    return {
        "person_id": member["id"], "name": member["name"], "unit": member.get("unit", ""),
        "post": member.get("post", ""), "deputy_id": member.get("deputy_id"),
        "status": status, "status_label": STATUS_LABELS[status],
        "next": nxt.as_dict() if nxt else None, "options": [o.as_dict() for o in options],
        "target": target, "escalated": escalated,
        "has_deputy": any(o.target == 1 for o in options),
        "deadline": clock.iso(deadline), "overdue": status != "confirmed" and now >= deadline,
        "confirmed_at": confirmed_at, "late_minutes": late_minutes,
        "attempts": tries,
    }


def _option_index(options: list[Option], attempt: dict, cursor: int) -> int:
    """Which option an attempt used: the first match at or after the cursor (else the cursor itself)."""
    for i in range(cursor, len(options)):
        o = options[i]
        if o.contact_id == attempt["contact_id"] and o.kind == attempt["method"] and o.value == attempt["address"]:
            return i
    return cursor


def record_attempt(store: Store, run_id: str, person_id: str, result: str, method: str | None = None,
                   detail: str = "", author: str = "", by: str | None = None, option: int | None = None) -> str:
    """Record what happened when the officer tried a member: by their next option; by ``option``, an index
    into the member's ``options`` (:func:`run_status`); or by ``method`` (a kind, ``unit_duty`` for the unit's
    duty phone) of ``by`` — the member or their deputy, by id or name; default the one to call next.  So a
    member who calls back after being passed to the deputy is recorded as themselves, not as the deputy.
    StoreError for a result, person, option or method the run does not have."""
    if result not in RESULTS or result == "escalated":
        raise StoreError(f"结果应为 {', '.join(OFFICER_RESULTS + ('sent', 'failed'))} 之一，而不是 {result}")
    status = run_status(store, run_id)
    member = next((m for m in status["members"] if m["person_id"] == person_id), None)
    if member is None:
        raise StoreError(f"人员 {person_id} 不在通知任务 {run_id} 的名单中")
    chosen = member["next"]
    if option is not None:
        if not 0 <= option < len(member["options"]):
            raise StoreError(f"{member['name']} 没有第 {option + 1} 种联系方式")
        chosen = member["options"][option]
    elif method or by:
        chosen = _option_for(member, method, by)
    with store.write() as tx:
        return _write_attempt(tx, status, member, chosen, result, detail, author)


def _option_for(member: dict, method: str | None, by: str | None) -> dict:
    """The first of the member's options that is of ``by`` (member or deputy, by id or name; default the
    one to call next) and of kind ``method`` (any kind when None)."""
    people = {member["person_id"]: member["name"]}
    people.update((o["contact_id"], o["contact_name"]) for o in member["options"])
    if by:
        contact_id = next((pid for pid, name in people.items() if by.strip() in (pid, name)), None)
        if contact_id is None:
            raise StoreError(f"“{by}”不是 {member['name']} 本人或其AB角")
    else:
        contact_id = member["next"]["contact_id"] if member["next"] else member["person_id"]
    found = next((o for o in member["options"] if o["contact_id"] == contact_id
                  and (method is None or o["kind"] == method)), None)
    if found is None:
        raise StoreError(f"{people[contact_id]} 没有“{method_label(method)}”这种联系方式" if method
                         else f"{people[contact_id]} 没有可用的联系方式")
    return found


def _write_attempt(tx, run: dict, member: dict, option: dict | None, result: str, detail: str,
                   author: str) -> str:
    shift = duty.current_shift(tx.store)
    author = author or duty.at_keyboard(tx.store, shift)
    option = option or {"contact_id": member["person_id"], "contact_name": member["name"], "kind": "", "value": ""}
    attempt_id = tx.insert("notify_attempts", {
        "run_id": run["id"], "person_id": member["person_id"], "contact_id": option["contact_id"],
        "method": option["kind"], "address": option["value"], "result": result, "detail": detail,
        "at": clock.now_iso(), "author": author})
    who = member["name"] if option["contact_id"] == member["person_id"] else \
        f"{option['contact_name']}（{member['name']}的AB角）"
    how = f" {method_label(option['kind'])} {option['value']}" if option["kind"] else ""
    duty.append_entry(tx, kind="call_out", incident_id=run["incident_id"], shift_id=shift["id"] if shift else None,
                      author=author or "系统", text=f"通知（{run['group_name']}）：{who}{how} — {RESULTS[result]}"
                      + (f"。{detail}" if detail else ""))
    return attempt_id


# ------------------------------------------------------------------------------------- escalation

def active_runs(store: Store) -> list[str]:
    """This station's runs of the last day: the station that started a run escalates it (runs sync to
    other stations, which must not escalate them a second time)."""
    since = clock.iso(clock.now() - timedelta(hours=ACTIVE_HOURS))
    return [r[0] for r in store.query("SELECT id FROM notify_runs WHERE station = ? AND created_at >= ?",
                                      (store.station, since))]


def escalate_overdue(store: Store) -> int:
    """Pass every overdue member still with themselves to their deputy (once); returns how many."""
    count = 0
    for run_id in active_runs(store):
        status = run_status(store, run_id)
        for m in status["members"]:
            if m["overdue"] and m["target"] == 0 and m["has_deputy"] and not m["escalated"]:
                deputy = contacts.person(store, m["deputy_id"])
                first = deputy["methods"][0] if deputy["methods"] else {"kind": "", "value": ""}
                option = {"contact_id": deputy["id"], "contact_name": deputy["name"], "kind": first["kind"],
                          "value": first["value"]}
                with store.write() as tx:
                    _write_attempt(tx, status, m, option, "escalated", author="系统",
                                   detail=f"{m['name']} 超过 {status['timeout_minutes']} 分钟未确认")
                count += 1
    return count


def overdue_alerts(store: Store) -> list:
    """The scheduled check: escalate what is overdue, then report every member still unconfirmed late."""

    escalate_overdue(store)
    found = []
    for run_id in active_runs(store):
        status = run_status(store, run_id)
        late = f"超过 {status['timeout_minutes']} 分钟未确认"
        for m in status["members"]:
            if m["status"] == "confirmed":
                continue
            key, head = f"notify:{run_id}:{m['person_id']}", f"通知（{status['group_name']}）：{m['name']}"
            if m["escalated"]:
                deputy = m["next"]["contact_name"] if m["next"] else "AB角"
                found.append(Alert(f"{key}:0", "notify", "overdue", f"{head} {late}，已转AB角 {deputy}"))
            if m["overdue"] and m["target"] == 1:
                found.append(Alert(f"{key}:1", "notify", "overdue", f"{head} 的AB角也{late}"))
            elif m["overdue"] and not m["has_deputy"]:
                found.append(Alert(f"{key}:0", "notify", "overdue", f"{head} {late}，且无AB角"))
    return found



# ------------------------------------------------------------------------------------ e-mail and SMS

CHANNELS = {"email": ("email",), "sms": ("sms", "mobile")}   # which methods carry each channel


def send_notices(store: Store, run_id: str, channel: str, sender=None) -> dict:
    """Send the run's notice to every unconfirmed member (or their deputy, once escalated) who has an address
    for ``channel``; each send or failure is an attempt.  When the server cannot be reached the batch stops
    after the first failure, so an offline station records one failure, not one per person, and the
    officer carries on by phone.  ``sender`` defaults to the configured Mailer / SmsGateway."""
    from xhduty.core.contacts import messaging

    if channel not in CHANNELS:
        raise StoreError(f"发送渠道应为 email 或 sms，而不是 {channel}")
    status = run_status(store, run_id)
    queue, without_address = [], 0
    for m in status["members"]:
        if m["status"] == "confirmed":
            continue
        contact_id = m["next"]["contact_id"] if m["next"] else m["person_id"]
        who = contacts.person(store, contact_id)
        address = next((x["value"] for x in who["methods"] if x["kind"] in CHANNELS[channel]), None)
        if address:
            queue.append((m, {"contact_id": who["id"], "contact_name": who["name"], "kind": channel,
                              "value": address}))
        else:
            without_address += 1
    result = {"sent": 0, "failed": 0, "skipped": 0, "without_address": without_address,
              "error": ""}
    text = status["text"] or f"请注意：{status['group_name']}通知"
    subject = f"【徐汇应急值守】{status['group_name']}"
    try:
        if sender is None:
            sender = (messaging.Mailer(messaging.load(store, messaging.SmtpSettings)) if channel == "email"
                      else messaging.SmsGateway(messaging.load(store, messaging.SmsSettings)))
        with sender:
            for done, (member, option) in enumerate(queue):
                try:
                    sender.send(option["value"], text, subject)
                except messaging.Rejected as exc:
                    _record(store, status, member, option, "failed", str(exc))
                    result["failed"] += 1
                except messaging.Unreachable as exc:
                    _record(store, status, member, option, "failed", str(exc))
                    result.update(failed=result["failed"] + 1, skipped=len(queue) - done - 1, error=str(exc))
                    break
                else:
                    _record(store, status, member, option, "sent", "")
                    result["sent"] += 1
    except messaging.Unreachable as exc:   # could not even connect: one failure, recorded on the first member
        if queue:
            _record(store, status, queue[0][0], queue[0][1], "failed", str(exc))
        result.update(failed=1 if queue else 0, skipped=max(len(queue) - 1, 0), error=str(exc))
    return result


def _record(store: Store, status: dict, member: dict, option: dict, result: str, detail: str) -> None:
    with store.write() as tx:
        _write_attempt(tx, status, member, option, result, detail, author="系统")


# ------------------------------------------------------------------------------------------- handover

def handover_section(store: Store):
    """What the next shift must know: runs of the last day still waiting for confirmations (a provider for
    :mod:`xhduty.core.carryover`); overdue members are warnings the outgoing officer must acknowledge."""

    section = Section("通知未完成")
    for run_id in active_runs(store):
        status = run_status(store, run_id)
        waiting = [m for m in status["members"] if m["status"] != "confirmed"]
        if not waiting:
            continue
        section.rows.append(f"{status['group_name']}（{status['created_at'][5:16].replace('T', ' ')} 起）："
                            f"已确认 {status['confirmed']}/{status['total']}，未确认 "
                            + "、".join(m["name"] for m in waiting))
        late = [m["name"] for m in waiting if m["overdue"]]
        if late:
            section.warnings.append(f"{status['group_name']}：{'、'.join(late)} 超时未确认")
    return section if section.rows else None
