"""The plan file format (one plan a TOML file in ``plans/``) and its validation.

A plan file holds the plan's identity (id, title, kind, hazard codes, keywords, owner, version, issue and
review dates), its response levels Ⅰ–Ⅳ (triggers in words and machine-readable ones — warning signals such
as "暴雨橙色", casualty thresholds —, the lead body, the actions with responsible unit and time limit), the
contact groups to notify, the resource categories to ready, and its full text as sections.  ``plans/`` has
the built-in sample library; ``plans/README.md`` shows the format.

tomllib gives no line numbers for values, so :func:`key_lines` makes one pass over the text to find the
line of every key; each error then names file, line and field, and all errors of a file are reported at
once.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from xhduty.core.duty import warning_signals
from xhduty.core.plans.documents import heading_depth

KINDS = ("总体", "专项", "部门", "基层单位", "重大活动")
LEVELS = ("I", "II", "III", "IV")
LEVEL_NAMES = {"I": "Ⅰ级", "II": "Ⅱ级", "III": "Ⅲ级", "IV": "Ⅳ级"}
_LEVEL_ALIASES = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "1": "I", "2": "II", "3": "III", "4": "IV"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$")

_TOP = {"id", "title", "kind", "hazards", "keywords", "owner", "version", "issued", "review_due", "sample",
        "notify", "resources", "levels", "sections"}
_LEVEL_KEYS = {"level", "lead", "triggers", "signals", "min_deaths", "min_injuries", "actions"}
_ACTION_KEYS = {"step", "unit", "within"}
_SECTION_KEYS = {"heading", "text", "depth"}


@dataclass(frozen=True)
class FormatError:
    """One error in a plan or thesaurus file: the file's name, the 1-based line, the field as a reader writes
    it (``levels[2].actions``) and what is wrong, in Chinese; ``str()`` says all four for the officer."""
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file} 第 {self.line} 行，字段 {self.field}：{self.message}"


def syntax_error(file: str, exc: tomllib.TOMLDecodeError) -> FormatError:
    """tomllib's error as a FormatError on its line, in Chinese (tomllib's English is not for an officer)."""
    m = re.search(r"line (\d+)", str(exc))
    return FormatError(file, int(m.group(1)) if m else 1, "（语法）", "TOML 语法错误，请检查该行的引号、括号、逗号和等号")


def key_lines(text: str) -> dict[tuple, int]:
    """Line number (1-based) of each key path, e.g. ('levels', 1, 'actions', 0, 'step') → 57.

    Handles the TOML this format uses: ``key = …`` lines under ``[table]`` and ``[[array.of.tables]]``
    headers (array-of-table paths carry the element's index).  Multi-line strings are skipped over.
    """
    lines: dict[tuple, int] = {}
    counters: dict[tuple, int] = {}
    prefix: tuple = ()
    in_string = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_string:
            if in_string in line:
                in_string = None
            continue
        header = re.match(r"^\[\[\s*([A-Za-z0-9_.]+)\s*\]\]", line)
        if header:
            names = header.group(1).split(".")
            path: tuple = ()
            for name in names[:-1]:  # parents refer to their latest element
                path = path + (name, counters.get(path + (name,), 1) - 1)
            key = path + (names[-1],)
            counters[key] = counters.get(key, 0) + 1
            prefix = key + (counters[key] - 1,)
            lines[prefix] = number
            continue
        table = re.match(r"^\[\s*([A-Za-z0-9_.]+)\s*\]", line)
        if table:
            prefix = tuple(table.group(1).split("."))
            lines[prefix] = number
            continue
        m = re.match(r"^([A-Za-z0-9_]+)\s*=\s*(.*)$", line)
        if m:
            lines[prefix + (m.group(1),)] = number
            value = m.group(2)
            for quote in ('"""', "'''"):
                if value.startswith(quote) and value.count(quote) == 1:
                    in_string = quote
    return lines


class Checker:
    """Validation of one TOML file's data (``text`` gives the lines): each reader returns the value cleaned,
    or a neutral one ('' / [] / None) after recording a :class:`FormatError` in ``errors``, so one pass
    reports every error of the file."""

    def __init__(self, file: str, text: str):
        self.file = file
        self.lines = key_lines(text)
        self.errors: list[FormatError] = []

    def line_of(self, path: tuple) -> int:
        """The file line of the value at ``path`` (keys and list positions), or of its nearest parent that has
        one; 1 when none has."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def error(self, path: tuple, message: str) -> None:
        """Record a :class:`FormatError` at ``path``, named as a reader of the file writes it (levels[2].steps)."""
        name = ".".join(f"[{p + 1}]" if isinstance(p, int) else p for p in path).replace(".[", "[")
        self.errors.append(FormatError(self.file, self.line_of(path), name or "（文件）", message))

    def text(self, data: dict, path: tuple, key: str, required: bool = True) -> str:
        """``data[key]`` stripped; records an error and returns '' when it is missing (if ``required``), not text,
        or empty when required."""
        value = data.get(key)
        if value is None:
            if required:
                self.error(path + (key,), "缺少此字段")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.error(path + (key,), "应为非空文字")
            return ""
        return value.strip()

    def words(self, data: dict, path: tuple, key: str) -> list[str]:
        """``data[key]`` as a list of stripped, non-empty texts ([] when absent); records an error otherwise."""
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(path + (key,), "应为文字列表，如 [\"甲\", \"乙\"]")
            return []
        return [v.strip() for v in value]

    def unknown(self, data: dict, path: tuple, allowed: set) -> None:
        """Record an error for every key of ``data`` not in ``allowed`` (a misspelt field is never ignored)."""
        for key in sorted(set(data) - allowed):
            self.error(path + (key,), f"未知字段（可用：{'、'.join(sorted(allowed))}）")

    def tables(self, path: tuple, value, header: str, allowed: set, missing: str):
        """Each ``[[header]]`` table at ``path`` as (its path, its dict), unknown keys reported."""
        if not isinstance(value, list) or not value:
            self.error(path, f"缺少{missing}：至少写一个 [[{header}]]")
            return
        for i, raw in enumerate(value):
            if not isinstance(raw, dict):
                self.error(path + (i,), f"应为 [[{header}]] 表")
                continue
            self.unknown(raw, path + (i,), allowed)
            yield path + (i,), raw

    def day(self, data: dict, path: tuple, key: str) -> str | None:
        """``data[key]`` as an ISO date text (TOML date or 'YYYY-MM-DD'); records an error and returns None when it
        is missing or not a date."""
        value = data.get(key)
        if value is None:
            self.error(path + (key,), "缺少此字段（日期，如 2025-06-01）")
            return None
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            self.error(path + (key,), f"日期格式不对：{value}（应为 YYYY-MM-DD）")
            return None


def level_code(value) -> str | None:
    """'II', 'Ⅱ', '2' → 'II'; anything else → None."""
    text = str(value).strip().replace("级", "")
    text = _LEVEL_ALIASES.get(text, text).upper()
    return text if text in LEVELS else None


def parse_plan(path: Path, text: str, hazard_codes: set[str]) -> tuple[dict | None, list[FormatError]]:
    """Read one plan file; returns the plan (fields of the ``plans`` table, JSON still as lists) or errors."""
    name = Path(path).name
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [syntax_error(name, exc)]
    c = Checker(name, text)
    c.unknown(data, (), _TOP)
    plan = {
        "code": c.text(data, (), "id"),
        "title": c.text(data, (), "title"),
        "kind": c.text(data, (), "kind"),
        "hazards": c.words(data, (), "hazards"),
        "keywords": c.words(data, (), "keywords"),
        "owner": c.text(data, (), "owner"),
        "version": c.text(data, (), "version"),
        "issued": c.day(data, (), "issued"),
        "review_due": c.day(data, (), "review_due"),
        "notify": c.words(data, (), "notify"),
        "resources": c.words(data, (), "resources"),
        "sample": int(bool(data.get("sample", False))),
        "source": name,
    }
    if plan["code"] and not _ID.match(plan["code"]):
        c.error(("id",), "只能由字母、数字和 _ . - 组成（2–64 位）")
    if plan["kind"] and plan["kind"] not in KINDS:
        c.error(("kind",), f"应为 {'、'.join(KINDS)} 之一")
    for i, code in enumerate(plan["hazards"]):
        if code not in hazard_codes:
            c.error(("hazards",), f"第 {i + 1} 项 {code} 不是事件类型代码（见 event_types，如 N.flood、A.fire）")
    if plan["issued"] and plan["review_due"] and plan["review_due"] <= plan["issued"]:
        c.error(("review_due",), "评估（复审）日期应晚于发布日期")
    if not isinstance(data.get("sample", False), bool):
        c.error(("sample",), "应为 true 或 false")
    plan["levels"] = _levels(c, data.get("levels"))
    plan["structured"] = int(bool(plan["levels"]))
    plan["sections"] = _sections(c, data.get("sections"))
    return (None, c.errors) if c.errors else (plan, [])


def _levels(c: Checker, value) -> list[dict]:
    if value is None:
        return []  # not yet structured: a plan imported from a document, its levels still to be written
    out, seen = [], set()
    for path, raw in c.tables(("levels",), value, "levels", _LEVEL_KEYS, "响应分级"):
        code = level_code(raw.get("level", ""))
        if code is None:
            c.error(path + ("level",), "应为 I、II、III、IV（或 Ⅰ–Ⅳ）之一")
        elif code in seen:
            c.error(path + ("level",), f"响应级别 {LEVEL_NAMES[code]} 重复")
        seen.add(code)
        level = {
            "level": code, "lead": c.text(raw, path, "lead"),
            "triggers": c.words(raw, path, "triggers"), "signals": c.words(raw, path, "signals"),
        }
        if not level["triggers"]:
            c.error(path + ("triggers",), "至少写一条启动条件")
        for s in level["signals"]:
            problem = warning_signals.problem(s)
            if problem:
                c.error(path + ("signals",), problem)
        for key in ("min_deaths", "min_injuries"):
            if key in raw:
                if isinstance(raw[key], bool) or not isinstance(raw[key], int) or raw[key] < 0:
                    c.error(path + (key,), "应为不小于 0 的整数")
                else:
                    level[key] = raw[key]
        level["actions"] = _actions(c, path, raw.get("actions"))
        out.append(level)
    return sorted(out, key=lambda lv: LEVELS.index(lv["level"]) if lv["level"] in LEVELS else 9)


def _actions(c: Checker, path: tuple, value) -> list[dict]:
    return [{"step": c.text(raw, apath, "step"), "unit": c.text(raw, apath, "unit"),
             "within": c.text(raw, apath, "within", required=False)}
            for apath, raw in c.tables(path + ("actions",), value, "levels.actions", _ACTION_KEYS, "响应措施")]


def _sections(c: Checker, value) -> list[dict]:
    out = []
    for path, raw in c.tables(("sections",), value, "sections", _SECTION_KEYS, "正文"):
        heading = c.text(raw, path, "heading", required=False)  # empty: text before the first heading
        depth = raw.get("depth", heading_depth(heading) or 1)
        if isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= 6:
            c.error(path + ("depth",), "应为 1–6 的整数")
            depth = 1
        text = c.text(raw, path, "text", required=False)  # empty: a heading whose text is in its subsections
        if not heading and not text:
            c.error(path, "标题和正文至少写一项")
        out.append({"heading": heading, "depth": depth, "text": text})
    return out


# ------------------------------------------------------------------------------------------- writing

def _string(text: str) -> str:
    """A TOML string: multi-line text kept readable between triple quotes when it can be."""
    if "\n" in text and '"""' not in text and "\\" not in text:
        return '"""\n' + text + '"""'
    return json.dumps(text, ensure_ascii=False)  # JSON's escapes are TOML's


def _list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def dump(plan: dict) -> str:
    """The plan as a plan file, e.g. a Word document's plan exported to be given its response levels."""
    out = [f"# {plan['title']}"]
    if plan.get("sample"):
        out.append("# 示例预案库：示例数据，不是本区正式发布的预案。")
    out += [f"id = {json.dumps(plan['code'], ensure_ascii=False)}", f"title = {_string(plan['title'])}",
            f"kind = {json.dumps(plan['kind'], ensure_ascii=False)}", f"hazards = {_list(plan['hazards'])}",
            f"keywords = {_list(plan['keywords'])}", f"owner = {_string(plan['owner'])}",
            f"version = {_string(plan['version'])}"]
    for key in ("issued", "review_due"):
        out.append(f"{key} = {plan[key]}" if plan.get(key) else f"# {key} = 2025-01-01")
    out += [f"sample = {'true' if plan.get('sample') else 'false'}", f"notify = {_list(plan['notify'])}",
            f"resources = {_list(plan['resources'])}"]
    if not plan["levels"]:
        out += ["", "# 尚未结构化：按下面的样子为每个响应级别写一个 [[levels]]（I II III IV），再导入本文件。",
                "# [[levels]]", '# level = "IV"', '# lead = "牵头单位"', '# triggers = ["启动条件"]',
                '# signals = ["暴雨蓝色"]', "# [[levels.actions]]", '# step = "措施"', '# unit = "责任单位"',
                '# within = "30分钟"']
    for level in plan["levels"]:
        out += ["", "[[levels]]", f'level = "{level["level"]}"', f"lead = {_string(level['lead'])}",
                f"triggers = {_list(level['triggers'])}"]
        if level.get("signals"):
            out.append(f"signals = {_list(level['signals'])}")
        out += [f"{key} = {level[key]}" for key in ("min_deaths", "min_injuries") if key in level]
        for action in level["actions"]:
            out += ["", "[[levels.actions]]", f"step = {_string(action['step'])}",
                    f"unit = {_string(action['unit'])}", f"within = {_string(action['within'])}"]
    for section in plan["sections"]:
        out += ["", "[[sections]]", f"heading = {_string(section['heading'])}"]
        if section["depth"] != (heading_depth(section["heading"]) or 1):
            out.append(f"depth = {section['depth']}")
        out.append(f"text = {_string(section['text'])}")
    return "\n".join(out) + "\n"
