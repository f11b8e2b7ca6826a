"""Structure inferred for a plan read from a document: its hazard types, response levels and owner unit.

A plan imported from Word, PDF or text has only a title and sections.  So that matching can use it like a
structured plan, the import proposes (each field then shown as 推断 until the officer edits or confirms it):

* **hazards** — event type codes.  The title decides when it names a scenario (its official terms or
  everyday words in the thesaurus, or the event type's own name: 火灾, 特种设备, 道路交通事故); otherwise the
  body does, when one scenario's official terms clearly outnumber the others'.  A 总体预案 has none
  (it applies to every kind of emergency).
* **levels** — from the lines that name a response level (一级/Ⅰ级/I级响应; 特别重大…): a heading names the
  level of its section, whose sentences with 启动条件 / 发生 / 造成 / 达到 become the triggers; a body line
  or a table row ("响应级别：Ⅰ级；启动条件：…") gives its own condition, and so does a line of a 分级响应
  section that opens with its level ("Ⅰ级（特别重大）：造成30人以上死亡。由…组织响应。").  Machine-readable triggers are read
  from the conditions as the plan file format has them: casualty thresholds ("造成3人以上死亡" →
  min_deaths 3) and warning signals ("台风红色预警" → 台风红色).  The lead is the body the section says
  leads ("由…负责/牵头/指挥"), else the owner; the section's other sentences become its actions.  A level
  with no actions of its own takes the plan's 响应措施/处置措施 section (with its sub-sections): most
  plans list the conditions by level and the measures once for all, and a response started from such a
  level would otherwise be an empty checklist.
* **owner** — the unit named as 编制单位/牵头单位/主管单位, or the one "本预案由…负责解释/制定/修订", else
  the office that issued it ("…办公室关于印发《…》的通知").

:func:`infer` returns only what it found, and the names of those fields in ``inferred``.
"""

from __future__ import annotations

import re
from collections import Counter

from xhduty.core.duty import warning_signals
from xhduty.core.plans.plan_file import LEVELS
from xhduty.core.plans.thesaurus import Thesaurus

_ROMAN = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "一": "I", "二": "II", "三": "III", "四": "IV",
          "1": "I", "2": "II", "3": "III", "4": "IV", "I": "I", "II": "II", "III": "III", "IV": "IV"}
_SEVERITY = {"特别重大": "I", "重大": "II", "较大": "III", "一般": "IV"}
_LEVEL = re.compile(r"(IV|III|II|I|[ⅠⅡⅢⅣ一二三四1-4])\s*级\s*(?:应急)?响应")
_SEVERITY_RESPONSE = re.compile(r"(特别重大|重大|较大|一般)[^，。；]{0,12}?(?:应急)?响应")
_CONDITION = re.compile(r"启动条件|符合下列|之一的|发生|造成|达到|出现|预计|发布|超过|以上")
# "3人以上死亡", "10人以上30人以下死亡", "死亡（含失踪）30人以上" — not "3人以下死亡", not across 或/和
_DEATHS = re.compile(r"(\d+)\s*人(?:\s*以上)?(?:\s*\d+\s*人以下)?(?:\s*[（(]含[^）)]*[)）])?\s*(?:死亡|遇难)"
                     r"|(?:死亡|遇难)[^，。；\d或和及、]{0,6}(\d+)\s*人以上")
_INJURIES = re.compile(r"(\d+)\s*人(?:\s*以上)?(?:\s*\d+\s*人以下)?\s*(?:重伤|受伤|中毒)"
                       r"|(?:重伤|受伤|中毒)[^，。；\d或和及、]{0,6}(\d+)\s*人以上")
_SIGNAL = re.compile(rf"({'|'.join(sorted(warning_signals.COLOURS, key=len, reverse=True))})\s*(红|橙|黄|蓝)色?\s*预警")
_LEAD = re.compile(r"由([^，。；、\s]{2,30}?)(?:统一)?(?:负责|牵头|组织(?!机构)|启动)")
# "Ⅰ级（特别重大）：…" / "一级：…" / "特别重大（Ⅰ级）：…" opening a line of a 分级响应 section
_LINE_LEVEL = re.compile(r"^\s*(?:(IV|III|II|I|[ⅠⅡⅢⅣ一二三四])\s*级(?!\s*预警)|(特别重大|重大|较大|一般))"
                         r"\s*(?:[（(][^）)]{0,8}[）)])?\s*(?:应急)?(?:响应)?\s*[：:]\s*(.+)$")
_RESPONSE_SECTION = re.compile(r"响应|分级|启动")
_MEASURES_SECTION = re.compile(r"(?:响应|处置|应对|应急)措施|应急处置|先期处置|现场处置|处置程序")
_ITEM_NUMBER = re.compile(r"^(?:[（(][\d一二三四五六七八九十]+[)）]|\d+[、.．]|[①-⑳])\s*")
_OWNER_FIELD = re.compile(r"(?:编制|牵头|主管|制定|发布)单位\s*[：:]\s*([^\s，。；,;]{2,30})")
_OWNER_SENTENCE = re.compile(r"本预案由([^，。；、\s]{2,30}?)(?:负责)?(?:解释|制定|编制|修订|组织实施|起草)")
_ISSUER = re.compile(r"^([^\s，。；《]{4,30}?)关于印发《")
_MAX_TRIGGERS, _MAX_ACTIONS = 4, 8


def _sentences(text: str) -> list[str]:
    return [s.strip(" 　") for s in re.split(r"[。；;\n]", text or "") if len(s.strip(" 　")) >= 4]


def _level_of(line: str) -> str | None:
    m = _LEVEL.search(line)
    if m:
        return _ROMAN.get(m.group(1))
    m = _SEVERITY_RESPONSE.search(line)
    return _SEVERITY[m.group(1)] if m else None


def hazards(title: str, sections: list[dict], thesaurus: Thesaurus, type_names: dict[str, str]) -> list[str]:
    """Event type codes of a document's hazards, main one first (see the module's docstring)."""
    if "总体" in title:
        return []
    in_title: Counter = Counter()
    for code, name in type_names.items():
        if name.removesuffix("事故").removesuffix("事件") in title:
            in_title[code] += 3
    for s in thesaurus.scenarios:
        if any(t in title for t in s.terms):
            in_title[s.type] += 2
        elif any(w in title for w in s.everyday):
            in_title[s.type] += 1
    if in_title:
        top = max(in_title.values())
        return [code for code, n in in_title.most_common() if n == top or n >= 2]
    body = " ".join(s["heading"] + " " + s["text"] for s in sections)
    counts = Counter({s.type: sum(body.count(t) for t in s.terms) for s in thesaurus.scenarios})
    ranked = [(c, n) for c, n in counts.most_common(2) if n]
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return [ranked[0][0]]
    return []


def owner(sections: list[dict]) -> str:
    """The unit that owns the plan, or "" when the text does not say."""
    for s in sections:
        for text in (s["heading"], s["text"]):
            m = _OWNER_FIELD.search(text) or _OWNER_SENTENCE.search(text)
            if m:
                return m.group(1).strip("“”\"")
    for s in sections:  # else the office that issued it, from the notice printed above a published plan
        for line in [s["heading"], *s["text"].split("\n")]:
            m = _ISSUER.match(line.strip())
            if m:
                return m.group(1)
    return ""


def _machine_triggers(level: dict) -> None:
    """Add min_deaths / min_injuries / signals read from the level's trigger sentences."""
    text = "；".join(level["triggers"])
    for key, pattern in (("min_deaths", _DEATHS), ("min_injuries", _INJURIES)):
        numbers = [int(a or b) for a, b in pattern.findall(text)]
        if numbers:
            level[key] = min(numbers)
    signals = [f"{kind}{colour}色" for kind, colour in _SIGNAL.findall(text)]
    level["signals"] = [s for s in dict.fromkeys(signals) if warning_signals.problem(s) is None]


def measures(sections: list[dict]) -> list[str]:
    """The steps of the plan's response-measures section(s) and their sub-sections, list numbers taken off
    (at most :data:`_MAX_ACTIONS`): the actions of a level that names none of its own."""
    steps: list[str] = []
    within = None  # the depth of the measures section being read, while in it or its sub-sections
    for s in sections:
        if within is not None and s["depth"] <= within:
            within = None
        if within is None and _MEASURES_SECTION.search(s["heading"]) and not _level_of(s["heading"]):
            within = s["depth"]
        if within is not None:
            steps += [_ITEM_NUMBER.sub("", sentence) for sentence in _sentences(s["text"])]
    return [step for step in dict.fromkeys(steps) if len(step) >= 4][:_MAX_ACTIONS]


def _add_trigger(entry: dict, sentence: str) -> None:
    """Add ``sentence`` to the level's triggers unless it says who leads, is there already or is one too many."""
    if not _LEAD.match(sentence) and sentence not in entry["triggers"] and len(entry["triggers"]) < _MAX_TRIGGERS:
        entry["triggers"].append(sentence)


def levels(sections: list[dict], owner_unit: str) -> list[dict]:
    """Response levels found in the document, most severe first, in the plan file's shape."""
    found: dict[str, dict] = {}

    def level(code: str, lead_text: str) -> dict:
        entry = found.setdefault(code, {"level": code, "lead": "", "triggers": [], "actions": []})
        if not entry["lead"]:
            m = _LEAD.search(lead_text)
            entry["lead"] = m.group(1) if m else ""
        return entry

    for s in sections:
        if _RESPONSE_SECTION.search(s["heading"]):
            for line in s["text"].split("\n"):
                m = _LINE_LEVEL.match(line)
                if not m:
                    continue
                entry = level(_ROMAN.get(m.group(1)) if m.group(1) else _SEVERITY[m.group(2)], m.group(3))
                for sentence in _sentences(m.group(3)):  # all of it is the condition, but who leads
                    _add_trigger(entry, sentence)
        code = _level_of(s["heading"])
        if code:
            entry = level(code, s["text"])
            for sentence in _sentences(s["text"]):
                if _level_of(sentence) and _level_of(sentence) != code:
                    continue
                target = "triggers" if _CONDITION.search(sentence) and len(entry["triggers"]) < _MAX_TRIGGERS \
                    else "actions"
                entry[target].append(sentence)
        for line in s["text"].split("\n"):
            code = _level_of(line)
            if not code or len(line) > 200:
                continue
            rest = re.sub(r"^.*?(?:级\s*(?:应急)?响应|响应级别：[^；]*)[）)]?\s*[：:；;，,]?\s*", "", line).strip()
            rest = re.sub(r"^启动条件\s*[：:]\s*", "", rest)
            entry = level(code, line)
            for sentence in _sentences(rest):  # its conditions, as above (not who leads, not twice)
                if _CONDITION.search(sentence):
                    _add_trigger(entry, sentence)
    out = []
    shared = measures(sections)
    for code in LEVELS:
        entry = found.get(code)
        if entry is None or not entry["triggers"]:
            continue
        entry["lead"] = entry["lead"] or owner_unit or "（见预案正文）"
        entry["actions"] = [{"step": a, "unit": entry["lead"], "within": ""}
                            for a in (entry["actions"] or shared)[:_MAX_ACTIONS]]
        _machine_triggers(entry)
        out.append(entry)
    return out


def infer(title: str, sections: list[dict], thesaurus: Thesaurus, type_names: dict[str, str]) -> dict:
    """``{"hazards", "levels", "owner", "inferred"}``: what could be inferred, and which of those fields
    came out non-empty (the ones to show as 推断)."""
    unit = owner(sections)
    out = {"hazards": hazards(title, sections, thesaurus, type_names), "owner": unit,
           "levels": levels(sections, unit)}
    out["inferred"] = [k for k in ("hazards", "levels", "owner") if out[k]]
    return out
