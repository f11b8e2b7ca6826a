"""Report-deadline rules (报告时限): how many minutes a level allows for 首报, when 续报 fall due each day.

The numbers differ between provinces and change, so they are settings an administrator edits.  The
defaults ship in ``report_rule_defaults`` (identical on every station, labelled 默认); an edit is kept in
``report_rules`` under the id ``<scope>:<key>`` so that the same rule edited on two stations merges into
one record, and going back to the default is a tombstone of that record.

A ``level`` rule holds the clock of one incident level.  A ``type`` rule caps the 首报 minutes of an event
type or a whole category (the work-safety 1-hour rule): the shorter limit wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from xhduty.core.store import Store, StoreError

SCOPES = ("level", "type")
MAX_MINUTES = 7 * 24 * 60
MAX_FINAL_HOURS = 90 * 24
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Rule:
    """One report-deadline rule: ``scope`` level (``key`` a level code I–IV, U) or type (``key`` an event
    type code like ``A.work``, or a category like ``N``); 首报 limits in minutes after taking (None: not
    required, or for a type rule not capped), the daily 续报 times, the 终报 limit in hours (None: no fixed
    limit), ``basis`` the regulation or note it rests on, ``is_default`` when shipped (migration 0010)."""
    scope: str
    key: str
    phone_minutes: int | None
    written_minutes: int | None
    followup_times: tuple[time, ...] = ()
    final_hours: int | None = None
    basis: str = ""
    is_default: bool = False

    @property
    def id(self) -> str:
        """``<scope>:<key>`` (``level:III``): the id of its ``report_rules`` record, the same on every station."""
        return f"{self.scope}:{self.key}"

    def same_limits(self, other: "Rule") -> bool:
        """True when ``other`` sets the same time limits (phone, written, 续报 times, 终报) — whatever its basis."""
        return (self.phone_minutes, self.written_minutes, self.followup_times, self.final_hours) == (
            other.phone_minutes, other.written_minutes, other.followup_times, other.final_hours)

    def followup_text(self) -> str:
        """The fixed 续报 times as typed in the rules table: '08:00,17:00' ('' for none)."""
        return ",".join(t.strftime("%H:%M") for t in self.followup_times)

    def as_dict(self) -> dict:
        """The rule for JSON and the rules table: scope, key, phone_minutes, written_minutes, followup_times
        (as :meth:`followup_text`), final_hours, basis and is_default."""
        return {"scope": self.scope, "key": self.key, "phone_minutes": self.phone_minutes,
                "written_minutes": self.written_minutes, "followup_times": self.followup_text(),
                "final_hours": self.final_hours, "basis": self.basis, "is_default": self.is_default}


class RuleSet:
    """The rules in force: per level, and the type caps that apply to an event type."""

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        self._by_id = {r.id: r for r in rules}

    def level(self, code: str) -> Rule:
        """The rule of the incident level ``code`` (I–IV, U); KeyError for a level the migrations do not ship."""
        return self._by_id[f"level:{code}"]

    def caps(self, type_code: str) -> list[Rule]:
        """Type rules for ``type_code`` itself and for its category (the part before the dot)."""
        keys = {type_code, type_code.split(".")[0]}
        return [r for r in self.rules if r.scope == "type" and r.key in keys]

    def first_report_minutes(self, level: str, type_code: str) -> tuple[int | None, int | None]:
        """(phone, written) minutes for the 首报: the level's limits, shortened by any type cap."""
        rule = self.level(level)
        phone, written = rule.phone_minutes, rule.written_minutes
        for cap in self.caps(type_code):
            phone = _shorter(phone, cap.phone_minutes)
            written = _shorter(written, cap.written_minutes)
        return phone, written


def _shorter(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def _rule_from_row(row, is_default: bool) -> Rule:
    return Rule(row["scope"], row["key"], row["phone_minutes"], row["written_minutes"],
                _parse_times(row["followup_times"], ""), row["final_hours"], row["basis"], is_default)


def rules(store: Store) -> list[Rule]:
    """Every rule in force: each default, replaced by the administrator's edit where there is one."""
    found = {}
    for row in store.query("SELECT * FROM report_rule_defaults"):
        rule = _rule_from_row(row, True)
        found[rule.id] = rule
    for row in store.query("SELECT * FROM report_rules WHERE deleted = 0"):
        rule = _rule_from_row(row, False)
        found[rule.id] = rule
    order = {code: i for i, code in enumerate(["I", "II", "III", "IV", "U"])}
    return sorted(found.values(), key=lambda r: (SCOPES.index(r.scope), order.get(r.key, 9), r.key))


def rule_set(store: Store) -> RuleSet:
    """The station's report rules (defaults as edited here) as a :class:`RuleSet`."""
    return RuleSet(rules(store))


def default_rule(store: Store, scope: str, key: str) -> Rule | None:
    """The rule shipped for (``scope``, ``key``) — what 恢复默认 restores — or None if none was shipped."""
    row = store.one("SELECT * FROM report_rule_defaults WHERE scope = ? AND key = ?", (scope, key))
    return _rule_from_row(row, True) if row else None


# ------------------------------------------------------------------------------------------- validation

def _where(store: Store, scope: str, key: str) -> str:
    if scope == "level":
        row = store.one("SELECT name FROM levels WHERE code = ?", (key,))
        return f"时限规则（{row[0] if row else key}）"
    row = store.one("SELECT name FROM event_types WHERE code = ?", (key,))
    return f"时限规则（事件类型 {row[0] if row else key}）"


def _parse_minutes(value, where: str, what: str, limit: int, unit: str = "分钟") -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise StoreError(f"{where}：{what}应为整数{unit}，而不是“{value}”") from None
    if not 0 < number <= limit:
        raise StoreError(f"{where}：{what}应在 1–{limit} {unit}之间，而不是 {number}")
    return number


def _parse_times(text: str | None, where: str) -> tuple[time, ...]:
    """'08:00, 17:00' (Chinese commas too) → sorted times; a wrong time is refused, naming it."""
    parts = [p.strip() for p in re.split(r"[,，、\s]+", text or "") if p.strip()]
    times = set()
    for part in parts:
        m = _TIME.match(part)
        if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
            raise StoreError(f"{where}：定时续报时间“{part}”不是有效的 时:分（如 08:00）")
        times.add(time(int(m.group(1)), int(m.group(2))))
    return tuple(sorted(times))


def validate(store: Store, row: dict) -> Rule:
    """Turn one edited rule (values as typed) into a :class:`Rule`, or refuse it saying what and where."""
    scope = (row.get("scope") or "").strip()
    key = (row.get("key") or "").strip()
    if scope not in SCOPES:
        raise StoreError(f"时限规则的范围应为 级别 或 事件类型，而不是“{scope}”")
    if not key:
        raise StoreError("时限规则缺少" + ("事件级别" if scope == "level" else "事件类型") + "：请选择后再保存")
    if scope == "level" and not store.one("SELECT 1 FROM levels WHERE code = ?", (key,)):
        raise StoreError(f"时限规则：没有“{key}”这个事件级别（应为 I、II、III、IV 或 U）")
    if scope == "type" and not store.one("SELECT 1 FROM event_types WHERE code = ?", (key,)):
        raise StoreError(f"时限规则：没有“{key}”这个事件类型代码（见 xhduty types）")
    where = _where(store, scope, key)
    phone = _parse_minutes(row.get("phone_minutes"), where, "电话首报时限", MAX_MINUTES)
    written = _parse_minutes(row.get("written_minutes"), where, "书面首报时限", MAX_MINUTES)
    times = _parse_times(row.get("followup_times"), where)
    final = _parse_minutes(row.get("final_hours"), where, "终报时限", MAX_FINAL_HOURS, "小时")
    if scope == "level":
        if written is None:
            raise StoreError(f"{where}：书面首报时限不能为空")
        if phone is not None and phone > written:
            raise StoreError(f"{where}：电话首报时限（{phone} 分钟）不应晚于书面首报时限（{written} 分钟）")
    else:
        if phone is None and written is None:
            raise StoreError(f"{where}：请至少填写电话或书面首报时限")
        if times or final is not None:
            raise StoreError(f"{where}：定时续报和终报时限按事件级别设置，事件类型规则只限定首报")
    return Rule(scope, key, phone, written, times, final, (row.get("basis") or "").strip())


def save_rules(store: Store, rows: list[dict]) -> int:
    """Validate every edited rule, then save them in one transaction; returns how many records changed.

    Nothing is written unless every row is valid.  A rule equal to its default removes the edit, so the
    rule shows as 默认 again.
    """
    checked = [validate(store, row) for row in rows]
    ids = [r.id for r in checked]
    if len(set(ids)) != len(ids):
        raise StoreError("时限规则重复：同一级别或事件类型只能有一条规则")
    written = 0
    with store.write() as tx:
        for rule in checked:
            default = default_rule(store, rule.scope, rule.key)
            existing = store.get("report_rules", rule.id)
            if default is not None and rule.same_limits(default):
                if existing and not existing["deleted"]:
                    written += tx.delete("report_rules", rule.id)
                continue
            fields = {"scope": rule.scope, "key": rule.key, "phone_minutes": rule.phone_minutes,
                      "written_minutes": rule.written_minutes, "followup_times": rule.followup_text(),
                      "final_hours": rule.final_hours, "deleted": 0,
                      # a default's wording no longer describes an edited rule
                      "basis": rule.basis if rule.basis and rule.basis != (default and default.basis) else "本地设置"}
            if existing is None:
                tx.insert("report_rules", {"id": rule.id, **fields})
                written += 1
            else:
                written += tx.update("report_rules", rule.id, fields)
    return written


def reset_rule(store: Store, scope: str, key: str) -> bool:
    """Go back to the default (or, for a rule with no default, remove it)."""
    existing = store.get("report_rules", f"{scope}:{key}")
    if existing is None or existing["deleted"]:
        return False
    with store.write() as tx:
        return tx.delete("report_rules", existing["id"])


def edited(rule: Rule, **changes) -> dict:
    """A rule as the dict :func:`save_rules` takes, with some values changed (what a form does)."""
    return {**rule.as_dict(), **changes}
