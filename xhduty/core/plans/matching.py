"""From an incident (or a warning signal alone) to the plans that apply, and the response checklist.

:func:`match` weighs, for every plan of the library: its hazard codes against the incident type (the type
itself, or its category), the response levels whose machine-readable triggers hold (an active warning
signal named by the level, a casualty threshold reached), the plan's keywords found in the incident's
words, and the text search of those words.  Each proposal says why it matched and which response level
it suggests: the most severe level whose trigger holds, else the incident's own level, else the least
severe level of the plan.

:func:`start_response` freezes the suggested level's actions into a checklist attached to the incident;
each tick (:func:`tick`) is an append-only record and a duty-log entry with time and person.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from datetime import datetime

from xhduty.core import clock, numerals
from xhduty.core.duty import duty
from xhduty.core.plans import plan_search, plans, thesaurus
from xhduty.core.duty import warning_signals
from xhduty.core.plans.plan_file import LEVEL_NAMES, LEVELS
from xhduty.core.store import Store, StoreError

_FLOOD_SIGNALS = ("台风", "暴雨")
# Weights of the reasons a plan applies (see :func:`match`).
_W_TYPE, _W_CATEGORY, _W_SIGNAL, _W_KEYWORD, _W_SEARCH, _W_GENERAL = 10, 4, 12, 2, 3, 1
_W_SCENARIO = 4  # the incident's words name a scenario (thesaurus) of the plan's hazard type
_COUNT = rf"(\d+|[{numerals.CHARACTERS}]+)"


def _casualty(words: str) -> re.Pattern:
    """How a count of ``words`` (死亡|遇难…) is written in a duty record: 3人死亡, 3死2伤, 三名工人死亡,
    3人不幸身亡, 死亡3人, 死亡人数为3, 压死1人.  A count directly before the word, or before 人/名/位 and up
    to four more characters (not 3日死亡, where 3 is a date); or the count after it."""
    return re.compile(rf"{_COUNT}\s*(?:[人名位个][^，。；、,;\s\d]{{0,4}}?)?(?:{words})"
                      rf"|(?:{words})(?:人数)?\s*[为是：:]?\s*{_COUNT}\s*[人名位个]")


_DEATHS = _casualty("死亡|遇难|身亡|罹难|丧生|死")
_INJURIES = _casualty("受伤|重伤|轻伤|伤员|伤者|中毒|伤")


def casualties(text: str) -> tuple[int, int]:
    """Deaths and injuries stated in the incident's words ("3人死亡", "受伤12人", "3死2伤", "三名工人死亡"),
    the largest count of each, 0 when not stated."""
    text = unicodedata.normalize("NFKC", text or "")

    def most(pattern):
        return max((numerals.read(a or b) for a, b in pattern.findall(text)), default=0)
    return most(_DEATHS), most(_INJURIES)


def _level_rank(code: str | None) -> int:
    return LEVELS.index(code) if code in LEVELS else len(LEVELS)


def _triggered(plan: dict, active: list[dict], deaths: int, injuries: int) -> tuple[list, list]:
    """(level, reason) pairs of ``plan``'s response levels whose machine-readable trigger holds: first
    those set off by an active warning signal, then those reached by the stated casualties."""
    active_specs = {f"{s['type']}{s['colour']}" for s in active}
    by_signal, by_casualties = [], []
    for level in plan["levels"]:
        name = LEVEL_NAMES[level["level"]]
        for spec in level.get("signals", []):
            kind, colour = warning_signals.split(spec)
            if kind + colour in active_specs:
                by_signal.append((level["level"], f"{kind}{colour}色预警信号生效中，对应{name}响应"))
        if not any(lv.get("signals") for lv in plan["levels"]):
            by_signal.extend(_flood_practice(plan, level["level"], active))
        if 0 < level.get("min_deaths", 0) <= deaths:
            by_casualties.append((level["level"], f"死亡 {deaths} 人，达到{name}响应条件"))
        if 0 < level.get("min_injuries", 0) <= injuries:
            by_casualties.append((level["level"], f"受伤 {injuries} 人，达到{name}响应条件"))
    return by_signal, by_casualties


def _flood_practice(plan: dict, level: str, active: list[dict]) -> list[tuple[str, str]]:
    """A flood plan (main hazard N.flood) naming no signal still follows the city's practice
    (REFERENCE.md): a 台风 or 暴雨 signal starts the 防汛防台 response at the level its colour implies
    (蓝 Ⅳ … 红 Ⅰ)."""
    if plan["hazards"][:1] != ["N.flood"]:
        return []
    return [(level, f"{s['type']}{s['colour']}色预警信号生效中，按防汛防台惯例对应{LEVEL_NAMES[level]}响应")
            for s in active if s["type"] in _FLOOD_SIGNALS and warning_signals.COLOUR_LEVEL[s["colour"]] == level]


def match(store: Store, type_code: str | None = None, level: str | None = None, text: str = "",
          active: list[dict] | None = None, limit: int = 8) -> list[dict]:
    """Plans that apply, best first: ``[{plan_id, code, title, kind, score, level, reasons, structured,
    inferred}]`` — ``inferred`` names what of a document plan the match rests on that is still 推断.

    A plan is proposed on evidence of its hazard — the incident type, an active signal it names, its
    keywords, a scenario its words name, or its text in the incident's words; sharing only the category,
    or being the 总体预案, adds weight but proposes nothing alone (the 总体预案 always comes along when anything matched).
    Beside a known incident type, words shared with a plan of another hazard propose it only when that
    plan is the search's best answer to them.
    """
    active = warning_signals.active_signals(store) if active is None else active
    deaths, injuries = casualties(text)
    parent = None
    if type_code:
        row = store.one("SELECT parent FROM event_types WHERE code = ?", (type_code,))
        if row is None:
            raise StoreError(f"未知的事件类型代码：{type_code}")
        parent = row[0] or type_code
    # the best few text hits count, the first most: further down the list the words merely overlap
    found = {h["plan_id"]: (h, _W_SEARCH - rank)
             for rank, h in enumerate(plan_search.search_plans(store, text, limit=_W_SEARCH) if text.strip() else [])}
    concepts = thesaurus.load(plans.hazard_codes(store)).concepts(text) if text.strip() else []
    out, general = [], []
    for row in store.query(  # not the sections: the full text is what search_plans above has read
            "SELECT id, code, title, kind, hazards, keywords, levels, structured, inferred FROM plans"
            " WHERE deleted = 0"):
        plan = plans.plan_from_row(row)
        evidence, support, reasons = 0, 0, []
        hazards = set(plan["hazards"])
        if type_code and type_code in hazards:
            evidence += _W_TYPE
            reasons.append(f"事件类型 {type_code} 在本预案适用范围内")
        elif parent and any(h == parent or h.startswith(parent + ".") for h in hazards):
            support += _W_CATEGORY
            reasons.append(f"同属 {parent} 类突发事件")
        by_signal, by_casualties = _triggered(plan, active, deaths, injuries)
        if by_signal:
            # a signal is the plan's own hazard at work; beside an incident of another kind it is a side note
            related = not type_code or type_code in hazards or parent in hazards
            evidence += _W_SIGNAL if related else _W_KEYWORD
        said = [c.reason() for c in concepts if c.scenario.type in hazards]
        if said and not (type_code and type_code in hazards):
            evidence += _W_SCENARIO
            reasons.extend(dict.fromkeys(said))
        words = [k for k in plan["keywords"] if k and k in text]
        if words:
            evidence += _W_KEYWORD * min(3, len(words))
            reasons.append("事件描述提到：" + "、".join(words[:5]))
        hazard_evidence = evidence
        if plan["id"] in found:
            hit, weight = found[plan["id"]]
            if hazard_evidence or not type_code or weight == _W_SEARCH:
                evidence += weight
                reasons.append(f"正文“{hit['section'] or plan['title']}”与事件描述相符")
        reasons.extend(reason for _, reason in by_signal + by_casualties)
        proposal = {"plan_id": plan["id"], "code": plan["code"], "title": plan["title"], "kind": plan["kind"],
                    "score": evidence + support, "level": _suggest(plan, by_signal + by_casualties, level),
                    "reasons": reasons, "structured": bool(plan["structured"]),
                    "inferred": [f for f in plan["inferred"] if f in ("hazards", "levels")]}
        if plan["kind"] == "总体":
            proposal["score"] += _W_GENERAL
            proposal["reasons"] = reasons + ["总体预案适用于各类突发事件，专项预案不足以应对时启动"]
            general.append(proposal)
        elif evidence:
            out.append(proposal)
    if out or type_code:
        out.extend(general)
    out.sort(key=lambda m: (-m["score"], _level_rank(m["level"]), m["title"]))
    return out[:limit]


def _suggest(plan: dict, triggered: list[tuple[str, str]], incident_level: str | None) -> str | None:
    """The response level to propose: the most severe of those the signals and casualties reach and of
    the plan's level for the incident's own (that level, or the nearest the plan has, the more severe on a
    tie) — what the incident is rated is a floor, never lowered by a threshold it also passes; with
    neither, the plan's mildest.  None for a plan without levels."""
    have = [lv["level"] for lv in plan["levels"]]
    if not have:
        return None
    reached = [lv for lv, _ in triggered]
    if incident_level in LEVELS:
        rank = _level_rank(incident_level)
        reached.append(min(have, key=lambda lv: (abs(_level_rank(lv) - rank), _level_rank(lv))))
    return min(reached, key=_level_rank) if reached else max(have, key=_level_rank)


def incident(store: Store, incident_id: str) -> dict:
    """The incident's fields matching needs (incidents belong to another area; read, never written)."""
    if "incidents" not in store.kinds():
        raise StoreError("本站尚未启用事件模块，请用 --type/--level/--text 直接匹配")
    row = store.one("SELECT * FROM incidents WHERE id = ?", (incident_id,))
    if row is None:
        raise StoreError(f"没有编号为 {incident_id} 的事件")
    return dict(row)


def incident_text(inc: dict) -> str:
    """The words of an incident that matching reads (its casualties too, for the thresholds)."""
    return " ".join(str(inc.get(k) or "") for k in ("title", "place", "description", "casualties")).strip()


def match_incident(store: Store, incident_id: str, limit: int = 8) -> list[dict]:
    """Plans that apply to the incident, best first, in the shape of :func:`match` — from its type, level and
    words (title, place, description).  StoreError if there is no such incident."""
    inc = incident(store, incident_id)
    return match(store, inc.get("type_code"), inc.get("level"), incident_text(inc), limit=limit)


# ------------------------------------------------------------------------------------------ responses

def start_response(store: Store, plan_id: str, level: str, *, incident_id: str | None = None,
                   person: str = "", reason: str = "", at: datetime | None = None) -> str:
    """Start the plan's response at ``level``: its actions become a checklist; the start is logged."""
    plan = plans.get_plan(store, plan_id)
    chosen = next((lv for lv in plan["levels"] if lv["level"] == level), None)
    if chosen is None:
        have = "、".join(LEVEL_NAMES[lv["level"]] for lv in plan["levels"]) or "无（尚未结构化）"
        raise StoreError(f"预案《{plan['title']}》没有 {LEVEL_NAMES.get(level, level)} 响应；可选：{have}")
    if incident_id:
        incident(store, incident_id)
    shift = duty.current_shift(store)
    person = person or duty.at_keyboard(store, shift)
    with store.write() as tx:
        response_id = tx.insert("plan_responses", {
            "incident_id": incident_id, "plan_id": plan["id"], "level": level,
            "steps": json.dumps(chosen["actions"], ensure_ascii=False), "started_by": person,
            "reason": reason,
        })
        duty.append_entry(
            tx, kind="instruction", significant=True, incident_id=incident_id, author=person, at=at,
            shift_id=shift["id"] if shift else None,
            text=f"启动《{plan['title']}》{LEVEL_NAMES[level]}响应（牵头：{chosen['lead']}）"
                 + (f"；依据：{reason}" if reason else ""))
    return response_id


def responses(store: Store, incident_id: str | None = None) -> list[dict]:
    """Every response started (for one incident, or all), oldest first, each as :func:`checklist` gives it."""
    sql = "SELECT id FROM plan_responses WHERE deleted = 0"
    params: tuple = ()
    if incident_id:
        sql += " AND incident_id = ?"
        params = (incident_id,)
    return [checklist(store, r[0]) for r in store.query(sql + " ORDER BY created_at", params)]


def checklist(store: Store, response_id: str) -> dict:
    """The response with its steps and each step's latest tick (done, at, person), its plan's title, lead
    body, notify groups and resources, and ``plan_removed``: True once the plan was removed from the
    library (the response, started before, still reads it and goes on)."""
    row = store.get("plan_responses", response_id)
    if row is None:
        raise StoreError(f"没有编号为 {response_id} 的响应")
    plan = plans.get_plan(store, row["plan_id"], removed=True)
    steps = [dict(s, no=i, done=False, at=None, person="") for i, s in enumerate(json.loads(row["steps"]))]
    for t in store.query("SELECT * FROM response_ticks WHERE response_id = ? ORDER BY created_at, at",
                         (response_id,)):
        if 0 <= t["step_no"] < len(steps):
            steps[t["step_no"]].update(done=bool(t["done"]), at=t["at"], person=t["person"])
    return {**row, "plan_title": plan["title"], "plan_removed": bool(plan["deleted"]), "lead": next(
        (lv["lead"] for lv in plan["levels"] if lv["level"] == row["level"]), ""),
        "notify": plan["notify"], "resources": plan["resources"], "steps": steps}


def tick(store: Store, response_id: str, step_no: int, *, person: str, done: bool = True,
         at: datetime | None = None) -> str:
    """Mark a step done (or not done again): an append-only tick and a duty-log entry with time and person."""
    person = (person or "").strip()
    if not person:
        raise StoreError("请填写执行人")
    state = checklist(store, response_id)
    if not 0 <= step_no < len(state["steps"]):
        raise StoreError(f"响应清单没有第 {step_no + 1} 步（共 {len(state['steps'])} 步）")
    step = state["steps"][step_no]
    if step["done"] == done:
        raise StoreError(f"第 {step_no + 1} 步{'已完成' if done else '本来就未完成'}")
    at = at or clock.now()
    shift = duty.current_shift(store)
    with store.write() as tx:
        tick_id = tx.insert("response_ticks", {"response_id": response_id, "step_no": step_no,
                                               "done": int(done), "at": clock.iso(at), "person": person})
        duty.append_entry(
            tx, kind="followup", incident_id=state["incident_id"], author=person, at=at,
            shift_id=shift["id"] if shift else None,
            text=(f"《{state['plan_title']}》{LEVEL_NAMES[state['level']]}响应第 {step_no + 1} 步"
                  f"{'已完成' if done else '撤销完成'}：{step['step']}（{step['unit']}）"))
    return tick_id


def notify_available() -> bool:
    """Whether the contacts area's notification runs are installed (else the groups are only shown)."""
    return importlib.util.find_spec("xhduty.core.contacts.notify") is not None


def notify_group(store: Store, group: str, incident_id: str | None):
    """Start a notification run to ``group`` through the contacts area."""
    from xhduty.core.contacts import notify  # another area's module; present when notify_available()

    return notify.start_run(store, group, incident_id)
