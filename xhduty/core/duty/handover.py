"""Handover (交接班): what the next shift must know, confirmed by both officers, and the shift change.

The summary is assembled from the log (the shift's entries, significant ones, leaders' instructions,
equipment notes, open items of any earlier shift still not closed) and from the other areas through
:mod:`xhduty.core.carryover`.  From it :func:`sheet` makes the handover sheet as plain data — the one
model that the screen shows, the PDF prints and the handover stores.  Closing the shift, recording the
handover with its sheet and opening the next shift happen in one transaction, after the sheet has been
rendered: there is never a moment with two open shifts or none, and never a handover without its sheet.
A past handover is reprinted from the sheet stored with it, so later log entries do not change it.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any, Callable

from xhduty.core import carryover, clock
from xhduty.core.duty import duty
from xhduty.core.names import clean_name
from xhduty.core.store import Store, StoreError

log = logging.getLogger(__name__)

SHEET_TITLE = "值班交接班单"
# Section titles of the sheet, in print order (the area sections come between open items and equipment).
SIGNIFICANT, INSTRUCTIONS, OPEN_ITEMS, EQUIPMENT = (
    "重要事项", "领导指示", "未办结事项（带入下一班）", "设备情况及其他交接事项")


def summary(store: Store, shift_id: str) -> dict:
    """The live state of a shift for its handover, as read now (:func:`sheet` renders it).  Shape::

        {"station": code, "station_name": str,
         "shift": the shift (duty.get_shift),
         "entries": [entry], the shift's entries in the order recorded (entries shaped as duty.entries_after),
         "counts": {kind name: n},
         "significant": [entry], marked or flagged significant, the 标记重要 entries themselves left out,
         "instructions": [entry], 领导指示; "equipment": [entry], 设备情况,
         "open_items": [entry], every open item of the station not closed yet, from any shift,
         "corrected": {entry id: the text it reads as now}, for those significant entries and open items
                      that were corrected since (duty.corrected_texts),
         "sections": [{"title", "rows": [str], "warnings": [str]}], what the other areas add (carryover),
         "warnings": [str], those sections' warnings together}

    StoreError when there is no such shift."""
    shift = duty.get_shift(store, shift_id)
    if shift is None:
        raise StoreError(f"没有编号为 {shift_id} 的班次")
    entries = duty.list_entries(store, duty.LogFilter(shift_id=shift_id))
    names = duty.kind_names(store)
    counts: dict[str, int] = {}
    for e in entries:
        counts[names.get(e["kind"], e["kind"])] = counts.get(names.get(e["kind"], e["kind"]), 0) + 1
    sections = carryover.sections(store)
    significant = [e for e in entries if e["is_significant"] and e["kind"] not in ("mark",)]
    open_items = duty.open_items(store)
    return {
        "station": store.station,
        "station_name": store.meta("station_name", ""),
        "shift": shift,
        "entries": entries,
        "counts": counts,
        "significant": significant,
        "instructions": [e for e in entries if e["kind"] == "instruction"],
        "equipment": [e for e in entries if e["kind"] == "equipment"],
        "open_items": open_items,
        "corrected": duty.corrected_texts(store, [e["id"] for e in significant + open_items if e["is_corrected"]]),
        "sections": [s.__dict__ for s in sections],
        "warnings": [w for s in sections for w in s.warnings],
    }


def _md_hm(iso: str | None) -> str:
    return clock.parse(iso).strftime("%m-%d %H:%M") if iso else ""


GIST = 300  # characters of a shift entry quoted in a section; the whole text is in the entries table


def _gist(text: str) -> str:
    return text if len(text) <= GIST else text[:GIST] + "……（全文见本班值班记录）"


def _entry_text(e: dict) -> str:
    text = e["text"]
    if e["details"]:
        extra = "；".join(f"{label}：{e['details'][key]}" for key, label in duty.INTAKE_FIELDS
                         if e["details"].get(key))
        text = f"{text}\n{extra}" if extra else text
    if e["is_corrected"]:
        text += "（已更正，见后续更正记录）"
    if e["open_item"]:
        text += "（已办结）" if e["is_closed"] else "（待办）"
    return text


def sheet(store: Store, shift_id: str, *, at: datetime | None = None, incoming: list[str] = (),
          leader: str = "", notes: str = "", confirmed_by: str = "") -> dict:
    """The handover sheet of a shift as plain, JSON-ready data, every value already the text printed.

    ``at``/``incoming``/``leader``/``notes``/``confirmed_by`` describe the handover (empty while it is only
    previewed).  Shape::

        {"title", "station", "station_name", "day": "2026年11月29日",
         "shift": {"id", "start", "end", "leader", "officers": [str]},      # times "MM-DD HH:MM"
         "handover": {"at", "incoming": [str], "leader", "notes", "confirmed_by"},
         "counts": [[kind label, n]], "warnings": [str],
         "sections": [{"title", "lines": [str]}],                           # only non-empty ones
         "entries": [{"at", "kind", "text", "author", "significant": bool}]}
    """
    return _sheet(summary(store, shift_id), duty.kind_names(store), at=at, incoming=incoming, leader=leader,
                  notes=notes, confirmed_by=confirmed_by)


def _sheet(data: dict, names: dict[str, str], *, at: datetime | None, incoming: list[str], leader: str,
           notes: str, confirmed_by: str) -> dict:
    shift = data["shift"]
    shift_id = shift["id"]
    corrected = data["corrected"]

    def lines(entries: list[dict], whole: bool = False) -> list[str]:
        # a corrected entry is quoted with what it was corrected to: the next shift acts on that
        cut = (lambda text: text) if whole else _gist
        return [f"{_md_hm(e['at'])} {cut(e['text'])}"
                + (f"（已更正为：{cut(corrected[e['id']])}）" if e["id"] in corrected else "") for e in entries]

    sections = [(SIGNIFICANT, lines(data["significant"])), (INSTRUCTIONS, lines(data["instructions"])),
                (OPEN_ITEMS, lines(data["open_items"], whole=True))]
    sections += [(s["title"], list(s["rows"])) for s in data["sections"]]
    sections.append((EQUIPMENT, lines(data["equipment"]) + ([notes.strip()] if notes.strip() else [])))
    return {
        "title": SHEET_TITLE,
        "station": data["station"],
        "station_name": data["station_name"],
        "day": clock.parse(shift["started_at"]).strftime("%Y年%m月%d日"),
        "shift": {"id": shift_id, "start": _md_hm(shift["started_at"]),
                  "end": _md_hm(clock.iso(at) if at else shift["ended_at"]),
                  "leader": shift["leader"], "officers": list(shift["officers"])},
        "handover": {"at": _md_hm(clock.iso(at)) if at else "", "incoming": list(incoming), "leader": leader,
                     "notes": notes.strip(), "confirmed_by": confirmed_by},
        "counts": [[k, v] for k, v in data["counts"].items()],
        "warnings": list(data["warnings"]),
        "sections": [{"title": title, "lines": rows} for title, rows in sections if rows],
        "entries": [{"at": _md_hm(e["at"]), "kind": names.get(e["kind"], e["kind"]), "text": _entry_text(e),
                     "author": e["author"], "significant": e["is_significant"]} for e in data["entries"]],
    }


def check_names(store: Store, incoming: list[str], leader: str | None = None,
                outgoing_confirmed_by: str | None = None) -> tuple[dict, str, str, list[str]]:
    """Check a handover's names against the current shift before anything is asked or written.

    Returns ``(shift, confirmer, next_leader, incoming)`` cleaned.  Raises StoreError (in Chinese, naming
    the person) when there is no shift, the confirmer is not one of its officers, the incoming names break
    :func:`duty.clean_names`, or an incoming officer is already on duty in the shift being handed over.
    """
    shift = duty.current_shift(store)
    if shift is None:
        raise StoreError("当前没有在岗班次，无法交接")
    confirmer = clean_name(outgoing_confirmed_by or duty.at_keyboard(store, shift))
    if confirmer not in shift["officers"]:
        raise StoreError(f"交班确认人 {confirmer} 不是本班值班员（{'、'.join(shift['officers'])}）")
    next_leader, incoming = duty.clean_names(leader or shift["leader"], incoming)
    staying = [name for name in incoming if name in shift["officers"]]
    if staying:
        raise StoreError(f"接班值班员 {'、'.join(staying)} 正是本班在岗值班员：请交给接班的值班员")
    return shift, confirmer, next_leader, incoming


def hand_over(store: Store, incoming: list[str], leader: str | None = None, notes: str = "",
              outgoing_confirmed_by: str | None = None, at: datetime | None = None,
              render: Callable[[dict], Any] | None = None) -> dict:
    """Close the current shift and open the next with ``incoming`` on duty.  Returns the handover record
    (``id, shift_id, next_shift_id, at, outgoing, incoming, leader, notes, sheet``, and ``rendered``:
    what ``render`` returned).

    ``outgoing_confirmed_by`` is the outgoing officer's name as typed in confirmation; it must be one of
    the shift's officers.  The incoming officers confirm by being named.  Inside the write transaction the
    names are checked (:func:`check_names`), the sheet is made (:func:`sheet`) and passed to ``render`` (the
    PDF renderer, say); if ``render`` fails, nothing is committed and a StoreError says so in Chinese.
    """
    typed = at is not None
    at = at or clock.now()
    with store.write() as tx:
        shift, confirmer, next_leader, incoming = check_names(store, incoming, leader, outgoing_confirmed_by)
        at, clock_note = _end_time(shift, at, typed)
        live = summary(store, shift["id"])
        model = _sheet(live, duty.kind_names(store), at=at, incoming=incoming, leader=next_leader, notes=notes,
                       confirmed_by=confirmer)
        rendered = _render(render, model)
        record = {
            "counts": live["counts"],
            "open_items": [e["id"] for e in live["open_items"]],
            "significant": [e["id"] for e in live["significant"]],
            "sections": live["sections"],
            "warnings": live["warnings"],
            "sheet": model,
        }
        duty.append_entry(tx, shift_id=shift["id"], kind="shift", at=at, author=confirmer,
                          text=f"交班：{'、'.join(shift['officers'])} 交给 {'、'.join(incoming)}"
                               + (f"；交接事项：{notes.strip()}" if notes.strip() else "") + clock_note)
        tx.update("shifts", shift["id"], {"status": "closed", "ended_at": clock.iso(at)})
        next_id = duty.open_shift(tx, next_leader, incoming, at, "接班")
        handover_id = tx.insert("handovers", {
            "shift_id": shift["id"], "next_shift_id": next_id, "at": clock.iso(at),
            "outgoing": json.dumps(shift["officers"], ensure_ascii=False),
            "incoming": json.dumps(incoming, ensure_ascii=False),
            "leader": next_leader, "notes": notes.strip(),
            "summary": json.dumps(record, ensure_ascii=False),
        })
    return {"id": handover_id, "shift_id": shift["id"], "next_shift_id": next_id, "at": clock.iso(at),
            "outgoing": shift["officers"], "incoming": incoming, "leader": next_leader, "notes": notes.strip(),
            "sheet": model, "rendered": rendered}


def _end_time(shift: dict, at: datetime, typed: bool) -> tuple[datetime, str]:
    """When the shift ends, and what the 交班 entry adds about it: a shift cannot end before it started.

    A typed time before the start is refused (a StoreError in Chinese); the clock's own time before the
    start (the wall clock went back, see :mod:`xhduty.core.duty.clock_watch`) is raised to the start,
    and the entry says so, so the officer can hand over at once."""
    started = clock.parse(shift["started_at"])
    if at >= started:
        return at, ""
    if typed:
        raise StoreError(f"交班时间 {at:%m-%d %H:%M} 早于本班开始时间 {started:%m-%d %H:%M}：班次不能在开始之前结束，"
                         "请核对填写的时间")
    return started, (f"（本机时间 {at:%H:%M} 早于本班开始时间 {started:%H:%M}，时钟可能被回拨：交班时间按开始时间记录）")


def _render(render: Callable[[dict], Any] | None, model: dict) -> Any:
    if render is None:
        return None
    try:
        return render(model)
    except StoreError:
        raise
    except Exception as exc:  # the renderer's own (English) error goes to the log, not to the officer
        log.exception("handover sheet could not be rendered")
        raise StoreError("交接班单未能生成，本次交接没有执行，本班仍在岗；请联系系统管理员查看日志") from exc


def last_handover(store: Store, shift_id: str) -> dict | None:
    """The handover that closed shift ``shift_id`` as a dict of its columns, ``outgoing``/``incoming``
    decoded to lists of names and ``summary`` to the record :func:`hand_over` stored (with ``"sheet"``
    since sheets are stored), or None when the shift was not handed over."""
    row = store.one("SELECT * FROM handovers WHERE shift_id = ?", (shift_id,))
    if row is None:
        return None
    d = dict(row)
    for key in ("outgoing", "incoming", "summary"):
        d[key] = json.loads(d[key])
    return d


def stored_sheet(store: Store, shift_id: str) -> dict:
    """The sheet of a handed-over shift exactly as it was handed over (the copy stored with the handover).

    A handover recorded before sheets were stored has none: its sheet is rebuilt from the log and the
    handover record, and says so (``"rebuilt": True``).  StoreError when the shift was never handed over.
    """
    record = last_handover(store, shift_id)
    if record is None:
        if duty.get_shift(store, shift_id) is None:
            raise StoreError(f"没有编号为 {shift_id} 的班次")
        raise StoreError(f"班次 {shift_id} 尚未交接，没有交接班单可补打（在岗班次请用预览）")
    if "sheet" in record["summary"]:
        return record["summary"]["sheet"]
    model = sheet(store, shift_id, at=clock.parse(record["at"]), incoming=record["incoming"],
                  leader=record["leader"], notes=record["notes"])
    model["rebuilt"] = True
    return model


def past_handovers(store: Store, limit: int = 500) -> list[dict]:
    """This station's handovers, newest first: ``id, shift_id, at, started_at, shift_leader, outgoing,
    incoming, leader`` (lists of names decoded) — the list from which a past sheet is reprinted."""
    rows = store.query(
        "SELECT h.id, h.shift_id, h.at, h.outgoing, h.incoming, h.leader, s.started_at, s.leader AS shift_leader "
        "FROM handovers h JOIN shifts s ON s.id = h.shift_id WHERE h.station = ? ORDER BY h.at DESC LIMIT ?",
        (store.station, limit))
    out = []
    for r in rows:
        d = dict(r)
        d["outgoing"], d["incoming"] = json.loads(d["outgoing"]), json.loads(d["incoming"])
        out.append(d)
    return out
