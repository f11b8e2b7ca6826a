"""The scenario thesaurus (情景词表): the words callers and officers use, mapped to the plans' official terms.

Officers on the phone say 电梯困人, 追尾, 煤气味, 冒烟; plans say 特种设备事故, 道路交通事故, 燃气, 火灾.
The thesaurus is a TOML data file, ``resources/thesaurus/scenarios.toml`` (format in its header), one
``[[scenario]]`` per sub-type of the national classification of emergencies (突发事件应对法; the event
type codes of ``event_types``), each with its everyday expressions, its official terms and the hazards it
typically brings.  A district extends it with a file of the same format, ``thesaurus.toml`` in the
station's data directory (:func:`district_file`), read after the built-in one.

Search expands a query's everyday expressions into official terms, weighted below the words typed
(:mod:`plans`); matching and document inference use the scenarios' event types.  Each use can say why:
:meth:`Concept.reason` gives "“电梯困人”属于特种设备事故".

Validation reports every error of a file at once, each with file, line and field in Chinese
(:class:`plan_file.FormatError`); a thesaurus with errors is not used (the built-in one still is).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from xhduty import paths
from xhduty.core import search
from xhduty.core.plans.documents import unreadable
from xhduty.core.plans.plan_file import Checker, FormatError, syntax_error

_KEYS = {"type", "name", "everyday", "terms", "hazards"}
_LONGEST = 12  # longest expression looked for in a query, in characters


@dataclass(frozen=True)
class Scenario:
    """One ``[[scenario]]`` of a thesaurus file: a sub-type of the national classification (突发事件应对法)
    with its everyday expressions, the official terms they expand to in search, and the hazards it brings
    (document inference)."""
    type: str                    # event type code, e.g. "A.elevator"
    name: str                    # "特种设备事故"
    everyday: tuple[str, ...]
    terms: tuple[str, ...]
    hazards: tuple[str, ...]
    source: str = ""             # the file it came from


@dataclass(frozen=True)
class Concept:
    """An everyday expression found in a query or text, and the scenario it belongs to."""
    said: str
    scenario: Scenario

    def reason(self) -> str:
        """Why a search or match hit through this concept, for the officer: “电梯困人”属于特种设备事故."""
        return f"“{self.said}”属于{self.scenario.name}"


def builtin_file() -> Path:
    """The scenario thesaurus shipped with the program (``resources/thesaurus/scenarios.toml``)."""
    return paths.resources_dir() / "thesaurus" / "scenarios.toml"


def district_file() -> Path:
    """Where a district's additions live: ``thesaurus.toml`` in the station's data directory."""
    return paths.data_home() / "thesaurus.toml"


def parse(path: Path, text: str, type_codes: set[str]) -> tuple[list[Scenario], list[FormatError]]:
    """The scenarios of one thesaurus file and every error in it (file, line, field, message)."""
    name = Path(path).name
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [syntax_error(name, exc)]
    c = Checker(name, text)
    c.unknown(data, (), {"scenario"})
    out = []
    for path_, raw in c.tables(("scenario",), data.get("scenario"), "scenario", _KEYS, "情景"):
        code = c.text(raw, path_, "type")
        if code and code not in type_codes:
            c.error(path_ + ("type",), f"{code} 不是事件类型代码（如 N.flood、A.elevator，或大类 N A H S）")
        lists = {}
        for key in ("everyday", "terms", "hazards"):
            words = c.words(raw, path_, key)
            if key != "hazards" and not words:
                c.error(path_ + (key,), "至少写一个词" if key in raw else "缺少此字段")
            for w in words:
                if len(search.normalize(w).strip()) < 2:
                    c.error(path_ + (key,), f"“{w}”太短：每个词至少 2 个字")
            seen = set()
            for w in words:
                if w in seen:
                    c.error(path_ + (key,), f"“{w}”重复")
                seen.add(w)
            lists[key] = tuple(words)
        out.append(Scenario(code, c.text(raw, path_, "name"), lists["everyday"], lists["terms"], lists["hazards"],
                            name))
    return (out if not c.errors else []), c.errors


def check_file(path: Path, type_codes: set[str]) -> tuple[list[Scenario], list[FormatError]]:
    """Read and validate a thesaurus file (as :func:`parse`); an unreadable file is one error."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "不是 UTF-8 编码" if isinstance(exc, UnicodeDecodeError) else unreadable(exc)
        return [], [FormatError(path.name, 1, "（文件）", f"无法读取：{reason}")]
    return parse(path, text, type_codes)


class Thesaurus:
    """The scenarios of the built-in file and a district's file, with a lookup of everyday expressions."""

    def __init__(self, scenarios: list[Scenario], errors: list[FormatError] = ()):
        self.scenarios = scenarios
        self.errors = list(errors)
        self._said: dict[str, list[Scenario]] = {}
        for s in scenarios:
            for w in s.everyday:
                self._said.setdefault(search.normalize(w), []).append(s)

    def concepts(self, text: str) -> list[Concept]:
        """The everyday expressions in ``text``, longest first where they overlap, each with its scenario."""
        folded = search.normalize(text)
        found: list[Concept] = []
        i = 0
        while i < len(folded):
            for length in range(min(_LONGEST, len(folded) - i), 1, -1):
                scenarios = self._said.get(folded[i:i + length])
                if scenarios:
                    found.extend(Concept(text[i:i + length] if len(text) == len(folded) else folded[i:i + length], s)
                                 for s in scenarios)
                    i += length - 1
                    break
            i += 1
        return list(dict.fromkeys(found))

    def of_type(self, code: str) -> list[Scenario]:
        """The scenarios of event type ``code`` (e.g. 'A.special'), in file order."""
        return [s for s in self.scenarios if s.type == code]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@lru_cache(maxsize=4)
def _load(builtin: Path, builtin_mtime: float, district: Path, district_mtime: float,
          type_codes: frozenset[str]) -> Thesaurus:
    scenarios, errors = check_file(builtin, type_codes)
    if district_mtime:
        more, more_errors = check_file(district, type_codes)
        scenarios, errors = scenarios + more, errors + more_errors
    return Thesaurus(scenarios, errors)


def load(type_codes: set[str]) -> Thesaurus:
    """The thesaurus in force (read again when a file changes); its ``errors`` say what was left out."""
    builtin, district = builtin_file(), district_file()
    return _load(builtin, _mtime(builtin), district, _mtime(district), frozenset(type_codes))
