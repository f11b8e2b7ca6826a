"""The contact sheet (通讯录, laid out like ICS 205A) and the record of a notification run.

The contact sheet is grouped by unit (sorted by unit path): each unit's duty phone, fax and who is on duty today,
then its people with post, role, every method in priority order and their AB角.  People not verified
for 180 days are marked so the sheet itself prompts a check.  The run record is what the officer files
with the incident: who was to be reached, the final state of each, and every attempt in time order.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from xhduty.core import clock
from xhduty.core.contacts import contacts
from xhduty.core.contacts import notify
from xhduty.core.incidents import incidents
from xhduty.core.store import Store
from xhduty.reports.pdf import CONTENT_WIDTH, build, grid, para


def _station(store: Store) -> str:
    return f"{store.meta('station_name', '')}（{store.station}）"


def _methods(p: dict) -> str:
    return "\n".join(f"{contacts.METHOD_KINDS[m['kind']]} {m['value']}" for m in p["methods"])


def write_contact_sheet(store: Store, path: Path, unit_id: str | None = None) -> Path:
    """The whole book, or only the subtree under ``unit_id``."""
    paths = contacts.unit_paths(store)
    prefix = paths.get(unit_id, "") if unit_id else ""
    stale = {p["id"] for p in contacts.unverified(store)}
    today = contacts.on_duty(store)
    by_unit: dict[str, list[dict]] = {}
    for p in contacts.people(store):
        by_unit.setdefault(p["unit_id"], []).append(p)
    story = [para("通讯录", "title"),
             para(f"徐汇区应急值守 · {_station(store)} · {clock.now().strftime('%Y年%m月%d日')}"
                  + (f" · {prefix}" if prefix else ""), "subtitle")]
    if any(p["note"] == contacts.DEMO for ps in by_unit.values() for p in ps):
        story.append(para("本通讯录含示例数据，不得用于实际联络。", "strong"))
    widths = [20 * mm, 28 * mm, 18 * mm, 62 * mm, 18 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    units = sorted(contacts.units(store), key=lambda u: paths[u["id"]])
    for u in units:
        if prefix and not (paths[u["id"]] == prefix or paths[u["id"]].startswith(prefix + contacts.PATH_SEP)):
            continue
        members = sorted(by_unit.get(u["id"], []), key=lambda p: p["name"])
        on_duty = today.get(u["id"], [])
        if not members and not u["duty_phone"] and not on_duty:
            continue
        head = [f"值班电话 {u['duty_phone']}" if u["duty_phone"] else "",
                f"传真 {u['fax']}" if u["fax"] else "",
                "今日值班 " + "、".join(f"{d['name']} {d['phone']}".strip() for d in on_duty) if on_duty else ""]
        story.append(para(paths[u["id"]], "h2"))
        if any(head):
            story.append(para("　".join(h for h in head if h), "small"))
        if members:
            rows = [["姓名", "职务", "角色", "联系方式（按优先顺序）", "AB角", "核实"]]
            for p in members:
                rows.append([p["name"], p["post"], p["role"], _methods(p), p["deputy_name"],
                             (p["verified_on"] or "未核实") + ("（需核对）" if p["id"] in stale else "")])
            story.append(grid(rows, widths))
    return build(path, story, title="通讯录", station=store.station)


def _incident_title(store: Store, incident_id: str | None) -> str:
    """The incident as an officer knows it — its title — or its id when this station does not hold it."""
    if not incident_id:
        return "无"
    incident = incidents.get_incident(store, incident_id)
    return incident["title"] if incident else f"{incident_id}（本站无此事件记录）"


def write_run_record(store: Store, run_id: str, path: Path) -> Path:
    status = notify.run_status(store, run_id)
    story = [para("通知记录", "title"),
             para(f"{status['group_name']} · {_station(store)}", "subtitle"),
             grid([["开始时间", _hm(status["created_at"]), "确认时限", f"{status['timeout_minutes']} 分钟"],
                   ["关联事件", _incident_title(store, status["incident_id"]), "进度",
                    f"已确认 {status['confirmed']} / {status['total']} 人"
                    + (f"，其中超时确认 {status['confirmed_late']} 人" if status["confirmed_late"] else "")],
                   ["通知内容", status["text"] or "（无）", "发起人", status["started_by"]]],
                  [22 * mm, 68 * mm, 22 * mm, CONTENT_WIDTH - 112 * mm], header=False),
             para("名单", "h2")]
    rows = [["序", "姓名", "单位", "职务", "状态", "确认时间", "尝试"]]
    late = []
    for i, m in enumerate(status["members"], start=1):
        rows.append([str(i), m["name"], m["unit"], m["post"],
                     m["status_label"] + ("（已转AB角）" if m["escalated"] else "")
                     + (f"（超时 {m['late_minutes']} 分钟）" if m["late_minutes"] else ""),
                     _hm(m["confirmed_at"]), str(len(m["attempts"]))])
        if m["status"] != "confirmed" or m["late_minutes"]:
            late.append(i)
    story.append(grid(rows, [10 * mm, 20 * mm, 38 * mm, 24 * mm, 44 * mm, 24 * mm, CONTENT_WIDTH - 160 * mm],
                      highlight_rows=tuple(late)))
    story += [Spacer(1, 4 * mm), para("经过", "h2")]
    names = {m["person_id"]: m["name"] for m in status["members"]}
    who = {p["id"]: p["name"] for p in contacts.people(store, list({a["contact_id"] for a in status["attempts"]}))}
    rows = [["时间", "对象", "联系人", "方式", "号码/地址", "结果", "记录人"]]
    for a in status["attempts"]:
        rows.append([_hm(a["at"]), names.get(a["person_id"], ""), who.get(a["contact_id"], ""),
                     notify.method_label(a["method"]) if a["method"] else "", a["address"],
                     notify.RESULTS[a["result"]] + (f"：{a['detail']}" if a["detail"] else ""), a["author"]])
    if len(rows) == 1:
        rows.append(["", "尚无记录", "", "", "", "", ""])
    story.append(grid(rows, [22 * mm, 18 * mm, 18 * mm, 20 * mm, 32 * mm, 50 * mm, CONTENT_WIDTH - 160 * mm]))
    return build(path, story, title="通知记录", station=store.station)


def _hm(iso: str | None) -> str:
    return clock.parse(iso).strftime("%m-%d %H:%M") if iso else ""
