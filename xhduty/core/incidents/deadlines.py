"""The reporting clock: which reports an incident owes, by when, and which are already sent.

Pure computation over an incident, its reports and the rules in force (no database), so the list, the
incident view, the scheduled check and the tests all count the same way:

* 首报 by phone and in writing are due the rule's minutes after the incident was taken (接报时间), at the
  incident's *current* level — raising the level shortens every deadline not yet met.  Any 首报 stops the
  phone clock (the chain has been told); only a written 首报 stops the written one.
* 续报 are due at the daily follow-up times (e.g. 08:00, 17:00): the first at the first such time after
  the written 首报 (or, while it is not in, after its deadline, so a 续报 never falls due before the 首报)
  and after the incident was raised to a level that has such times from one that has none (a 未定级 or
  一般 incident raised to 较大 at 18:00 owes its first 续报 at 08:00, not at the 17:00 that passed while
  no 续报 was owed); each 续报 sent meets the earliest time not yet met — a 16:50 续报 is the 17:00 one,
  a 17:30 one is a late 17:00 one — and the next is due at the following time;
* 终报 is due the rule's hours after taking when the rule sets a limit; it closes the incident.

While the written 首报 is not in, the first 续报's time depends on when it will be filed: such a deadline
is marked ``after_first`` and its ``note`` says so in words (首报后首个 08:00/17:00), so the time shown —
the latest it can be — is never taken for the one that will hold.  :func:`forecast` gives the deadlines
as they will stand once a report is filed at a given time; after filing, :func:`compute` gives the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from xhduty.core import clock
from xhduty.core.incidents.report_rules import RuleSet

STAGE_NAMES = {"first": "首报", "followup": "续报", "final": "终报"}
CHANNEL_NAMES = {"phone": "电话", "written": "书面"}
STATE_NAMES = {"done": "已报", "overdue": "已超时", "soon": "即将到期", "running": "计时中", "open": "未设时限"}
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (续报 are numbered 续报一, 续报二 …)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")


def report_label(stage: str, channel: str = "written", number: int = 0) -> str:
    """How a report is named on forms and in the log: 首报（电话）/首报（书面）, 续报 or 续报三 (``number``),
    终报.  ``stage`` is first/followup/final, ``channel`` phone/written."""
    if stage == "followup":
        return f"续报{chinese_number(number)}" if number else "续报"
    if stage == "first":
        return f"首报（{CHANNEL_NAMES[channel]}）"
    return "终报"


def clock_state(due: datetime | None, start: datetime, now: datetime, done: bool = False) -> str:
    """done / overdue / soon (amber) / running / open (no limit).

    Amber starts when a quarter of the allowed time is left, but no earlier than 30 minutes and no later
    than 5 minutes before the deadline, so a 15-minute phone report and a 6-hour written one both warn
    in time without crying wolf.
    """
    if done:
        return "done"
    if due is None:
        return "open"
    if now > due:
        return "overdue"
    warn = min(timedelta(minutes=30), max(timedelta(minutes=5), (due - start) / 4))
    return "soon" if due - now <= warn else "running"


def countdown(due: datetime | None, now: datetime) -> str:
    """'还剩 1:05:09' / '超时 0:03:00' — what the clock shows next to a deadline; a day or more as days and
    hours, '超时 346天10小时' (the seconds of a report weeks late tell nothing, and 8314:55:00 did not fit
    its column)."""
    if due is None:
        return ""
    seconds = int((due - now).total_seconds())
    hours, rest = divmod(abs(seconds), 3600)
    text = f"{hours // 24}天{hours % 24}小时" if hours >= 24 else f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return f"还剩 {text}" if seconds >= 0 else f"超时 {text}"


def moment_text(iso: str | None, now: datetime | None = None, *, short: bool = False) -> str:
    """A stored moment (ISO text) as the incident area shows it, its year only when needed: '12-01 20:50'
    in ``now``'s year (default clock.now()), '2025-12-20 10:05' in another — or '2025-12-20' when
    ``short`` (a list column too narrow for both; the minute is in its tooltip and the header).  '' for
    None."""
    if not iso:
        return ""
    when, now = clock.parse(iso), now or clock.now()
    if when.year == now.year:
        return f"{when:%m-%d %H:%M}"
    return f"{when:%Y-%m-%d}" if short else f"{when:%Y-%m-%d %H:%M}"


def time_text(iso: str | None, now: datetime | None = None, *, short: bool = False) -> str:
    """A moment among others near now — a deadline in the incident list, a log entry in a 续报's text —
    as '08:00' when it falls on ``now``'s day (default clock.now()), else with its day, '12-02 08:00' —
    a deadline tomorrow morning is not today's — or its year, '2025-12-20 10:05' (to the day when
    ``short``: in the list the countdown next to it and the incident's clock have the minute)."""
    if not iso:
        return ""
    when, now = clock.parse(iso), now or clock.now()
    return f"{when:%H:%M}" if when.date() == now.date() else moment_text(iso, now, short=short)


@dataclass(frozen=True)
class Deadline:
    """One report an incident owes (the rules are the module docstring's): its clock started at ``start``,
    falls due at ``due`` and is met by report ``report_id`` at ``done_at`` (None while not sent); times
    are Shanghai datetimes as :mod:`xhduty.core.clock` gives them."""
    stage: str                  # first | followup | final
    channel: str                # phone | written
    number: int                 # 续报 number, else 0
    start: datetime             # when its clock started
    due: datetime | None        # None: required, but no fixed limit
    done_at: datetime | None = None
    report_id: str | None = None
    after_first: tuple = ()     # the daily times a 续报 falls on after the written 首报, while it is not in

    @property
    def label(self) -> str:
        """The report's name on forms and in the log: 首报（电话）, 续报二, 终报 (:func:`report_label`)."""
        return report_label(self.stage, self.channel, self.number)

    @property
    def after_first_times(self) -> str:
        """'08:00/17:00' while the time depends on the written 首报 not yet filed, else ''."""
        if not self.after_first or self.done_at is not None:
            return ""
        return "/".join(t.strftime("%H:%M") for t in self.after_first)

    @property
    def note(self) -> str:
        """In words, when the time depends on a report not yet filed: '书面首报后首个 08:00/17:00'."""
        return f"书面首报后首个 {self.after_first_times}" if self.after_first_times else ""

    def state(self, now: datetime) -> str:
        """'done', 'overdue', 'soon', 'running' or 'open' at ``now`` (see :func:`clock_state`)."""
        return clock_state(self.due, self.start, now, self.done_at is not None)

    def as_dict(self, now: datetime) -> dict:
        """The deadline for JSON and the window: stage, channel, number, label, start/due/done_at (ISO text or
        None), report_id, state and state_name (已报/已超时/即将到期/计时中/未设时限), note, after_first (the
        '08:00/17:00' of :attr:`after_first_times`) and countdown ('还剩 1:05:09' / '超时 0:03:00'; empty
        once done)."""
        return {"stage": self.stage, "channel": self.channel, "number": self.number, "label": self.label,
                "start": clock.iso(self.start), "due": clock.iso(self.due) if self.due else None,
                "done_at": clock.iso(self.done_at) if self.done_at else None,
                "report_id": self.report_id, "state": self.state(now), "note": self.note,
                "after_first": self.after_first_times,
                "state_name": STATE_NAMES[self.state(now)], "countdown": countdown(self.due, now)
                if self.done_at is None else ""}


def live(deadline: dict, now: datetime) -> tuple[str, str]:
    """(state, countdown) of a deadline as :meth:`Deadline.as_dict` gave it, at ``now`` (a ticking view)."""
    due = clock.parse(deadline["due"]) if deadline["due"] else None
    state = clock_state(due, clock.parse(deadline["start"]), now, deadline["done_at"] is not None)
    return state, "" if deadline["done_at"] else countdown(due, now)


def next_followup(after: datetime, times) -> datetime | None:
    """The first daily follow-up time strictly after ``after`` (Shanghai time; crosses midnight)."""
    if not times:
        return None
    # today's times, then tomorrow's: one of tomorrow's is always later than ``after``
    candidates = (datetime.combine(after.date() + timedelta(days=offset), t, tzinfo=clock.SHANGHAI)
                  for offset in (0, 1) for t in times)
    return next(c for c in candidates if c > after)


def compute(incident: dict, reports: list[dict], ruleset: RuleSet, level_changes: list[dict]) -> list[Deadline]:
    """Every report ``incident`` owes under ``ruleset``, sent or not, in the order they fall due.
    ``reports``: its reports (id, stage, channel, at); ``level_changes``: its ``incident_level_changes``
    rows (at, from_level, to_level), in any order."""
    taken = clock.parse(incident["taken_at"])
    reports = sorted(reports, key=lambda r: r["at"])
    firsts = [r for r in reports if r["stage"] == "first"]
    written_firsts = [r for r in firsts if r["channel"] == "written"]
    followups = [r for r in reports if r["stage"] == "followup"]
    finals = [r for r in reports if r["stage"] == "final"]
    phone_minutes, written_minutes = ruleset.first_report_minutes(incident["level"], incident["type_code"])
    rule = ruleset.level(incident["level"])

    out = []
    if phone_minutes is not None:
        out.append(_deadline("first", "phone", 0, taken, taken + timedelta(minutes=phone_minutes), firsts))
    written_due = taken + timedelta(minutes=written_minutes) if written_minutes is not None else None
    out.append(_deadline("first", "written", 0, taken, written_due, written_firsts))
    for n, report in enumerate(followups, 1):
        out.append(Deadline("followup", report["channel"], n, taken, None, clock.parse(report["at"]), report["id"]))
    closed = bool(finals) or incident["status"] == "closed"
    if not closed and rule.followup_times:
        since = clock.parse(written_firsts[0]["at"]) if written_firsts else (written_due or taken)
        since = max(since, followups_owed_since(taken, level_changes, ruleset))
        slot = next_followup(since, rule.followup_times)
        for report in followups:  # each 续报 meets the earliest slot not yet met, early or late
            since = max(slot, clock.parse(report["at"]))
            slot = next_followup(since, rule.followup_times)
        out.append(Deadline("followup", "written", len(followups) + 1, since, slot,
                            after_first=() if written_firsts else tuple(rule.followup_times)))
    final_due = taken + timedelta(hours=rule.final_hours) if rule.final_hours else None
    out.append(_deadline("final", "written", 0, taken, final_due, finals))
    return out


def followups_owed_since(taken: datetime, level_changes: list[dict], ruleset: RuleSet) -> datetime:
    """When the incident last came under daily 续报: when taken, or its latest raise from a level whose rule
    has no 续报 times to one whose rule has them (``level_changes``: dicts with ``at``, ``from_level``,
    ``to_level``, in any order).  The first 续报 slot falls after it; the on-time statistics count from it
    too (``stats.timeliness``)."""
    since = taken
    for change in sorted(level_changes, key=lambda c: c["at"]):
        if ruleset.level(change["to_level"]).followup_times \
                and not ruleset.level(change["from_level"]).followup_times:
            since = clock.parse(change["at"])
    return since


def forecast(incident: dict, reports: list[dict], ruleset: RuleSet, level_changes: list[dict], *, stage: str,
             channel: str, at: datetime) -> list[Deadline]:
    """The deadlines as they will stand once a ``stage``/``channel`` report is filed at ``at`` — what the
    report form shows before filing; :func:`compute` (same arguments) gives the same after filing, unless
    the level or the rules change in between."""
    filed = {"id": None, "stage": stage, "channel": channel, "at": clock.iso(at)}
    status = "closed" if stage == "final" else incident["status"]
    return compute({**incident, "status": status}, [*reports, filed], ruleset, level_changes)


def _deadline(stage, channel, number, start, due, meeting: list[dict]) -> Deadline:
    first = meeting[0] if meeting else None
    return Deadline(stage, channel, number, start, due,
                    clock.parse(first["at"]) if first else None, first["id"] if first else None)


def pending(deadlines: list[Deadline]) -> list[Deadline]:
    """Deadlines not yet met that have a fixed time, soonest first."""
    return sorted((d for d in deadlines if d.done_at is None and d.due is not None), key=lambda d: d.due)
