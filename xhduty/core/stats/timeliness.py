"""How incidents did against their report deadlines, per incident — the numbers behind the on-time chart
and the intake-to-首报 distribution.

One incident is judged by :func:`assess` the way the reporting clock (``deadlines``) counts: 首报 deadlines
count once passed or met; each daily 续报 slot counts once passed or met, a 续报 meets the earliest slot not
yet met.  Replaying that for fifty thousand incidents takes seconds, so settled incidents (closed, and taken
longer ago than the longest 首报 limit) are judged once and kept in the local ``stat_timeliness`` table;
the rest are judged live.  The table follows the ``changes`` outbox: every incident a change touched since
the last look (its level or status, a report, local or synced) is judged again, and a change of the
report rules rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from xhduty.core import clock
from xhduty.core.incidents import deadlines
from xhduty.core.incidents import report_rules
from xhduty.core.store import Store

TABLE = "stat_timeliness"
MARK, CUTOFF, RULES = "stat_timeliness_changes", "stat_timeliness_cutoff", "stat_timeliness_rules"
_COLUMNS = ("first_due", "first_ok", "follow_due", "follow_ok", "first_delay")


def minutes_sql(later: str, earlier: str) -> str:
    """SQL for the minutes between two stored times, to 1/100 minute (julianday's floating point would
    make 30 minutes 30.0000001, falling into the wrong bin and missing a deadline it met)."""
    return f"round((julianday({later}) - julianday({earlier})) * 1440, 2)"


def _rows(store: Store, where: str, params: list, now: datetime) -> list:
    """Per incident matching ``where`` (over alias ``i``): what :func:`assess` needs, times as minutes, and
    its level changes as a JSON array."""
    return store.query(
        f"SELECT i.id, i.level, i.type_code, i.taken_at, i.status, i.division, i.deleted, "
        f"  {minutes_sql('?', 'i.taken_at')}, {minutes_sql('r.first_any', 'i.taken_at')}, "
        f"  {minutes_sql('r.first_written', 'i.taken_at')}, r.followups, r.has_final, "
        f"  (SELECT json_group_array(json_object('at', at, 'from_level', from_level, 'to_level', to_level)) "
        f"   FROM incident_level_changes WHERE incident_id = i.id) "
        f"FROM incidents i LEFT JOIN (SELECT incident_id, "
        f"  min(CASE WHEN stage = 'first' THEN at END) AS first_any, "
        f"  min(CASE WHEN stage = 'first' AND channel = 'written' THEN at END) AS first_written, "
        f"  group_concat(CASE WHEN stage = 'followup' THEN at END) AS followups, "
        f"  max(stage = 'final') AS has_final "
        f"  FROM incident_reports WHERE incident_id IN (SELECT id FROM incidents i WHERE {where}) "
        f"  GROUP BY incident_id) r ON r.incident_id = i.id WHERE {where}",
        [clock.iso(now), *params, *params])


def assess(row, ruleset: report_rules.RuleSet, now: datetime) -> tuple:
    """(first_due, first_ok, follow_due, follow_ok, first_delay) of one incident row of :func:`_rows`."""
    _id, level, type_code, taken_at, status, _division, _deleted, age, first_any, first_written, followups, \
        final, level_changes = row
    limits = ruleset.first_report_minutes(level, type_code)
    owed = [(m, sent) for m, sent in zip(limits, (first_any, first_written)) if m is not None]
    # a deadline counts when it has passed, or when it was met (sent before it passed)
    counted = [(m, sent) for m, sent in owed if age > m or (sent is not None and sent <= m)]
    first_due = int(bool(counted) and len(counted) == len(owed))
    first_ok = int(first_due and all(sent is not None and sent <= m for m, sent in owed))
    follow_due = follow_ok = 0
    times = ruleset.level(level).followup_times
    if times:
        started = first_written if first_written is not None else limits[1]
        owed_since = deadlines.followups_owed_since(clock.parse(taken_at), json.loads(level_changes), ruleset)
        follow_due, follow_ok = _followup_slots(taken_at, started, owed_since, followups, times,
                                                bool(final) or status == "closed", now)
    return first_due, first_ok, follow_due, follow_ok, first_any


def _followup_slots(taken_at: str, started_min, owed_since: datetime, followups: str | None, times,
                    closed: bool, now: datetime) -> tuple[int, int]:
    """(slots counted, slots met on time) of one incident's daily 续报: the first slot follows the written
    首报 (or, before it is in, its deadline) and the moment 续报 became owed (``owed_since``: a raise to a
    level with daily 续报), as in ``deadlines.compute``."""
    taken = clock.parse(taken_at)
    since = taken + timedelta(minutes=started_min) if started_min is not None else taken
    since = max(since, owed_since)
    slot = deadlines.next_followup(since, times)
    due = ok = 0
    for sent in sorted(clock.parse(t) for t in (followups or "").split(",") if t):
        due += 1
        ok += sent <= slot
        slot = deadlines.next_followup(max(slot, sent), times)
    if not closed and slot < now:
        due += 1  # the slot now running late, not yet met
    return due, ok


def _settle_after(ruleset: report_rules.RuleSet) -> timedelta:
    """How long after intake nothing about a closed incident changes: the longest 首报 limit, at least a day."""
    limits = [m for r in ruleset.rules for m in (r.phone_minutes, r.written_minutes) if m is not None]
    return timedelta(minutes=max([24 * 60, *limits]))


def _fingerprint(ruleset: report_rules.RuleSet) -> str:
    text = json.dumps([r.as_dict() for r in ruleset.rules], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _touched(store: Store, mark: int) -> list[str]:
    """Incidents a change after outbox row ``mark`` touched, directly or through one of their reports."""
    return [r[0] for r in store.query(
        "SELECT record_id FROM changes WHERE rowid > ? AND tbl = 'incidents' UNION "
        "SELECT r.incident_id FROM changes c JOIN incident_reports r ON r.id = c.record_id "
        "WHERE c.rowid > ? AND c.tbl = 'incident_reports'", (mark, mark))]


def bring_up_to_date(store: Store, ruleset: report_rules.RuleSet | None = None,
                     now: datetime | None = None) -> str | None:
    """Judge what became settled or was touched since the last look; returns the settled cutoff (incidents
    taken before it and closed are in the table), or None inside a write transaction (judge all live).

    The first look at years of incidents takes seconds: the statistics view asks for it on a worker when
    it opens, so the officer's first click on the on-time chart finds it done."""
    if store.con.in_transaction:
        return None
    ruleset = ruleset or report_rules.rule_set(store)
    now = now or clock.now()
    cutoff = clock.iso(now - _settle_after(ruleset))
    fingerprint = _fingerprint(ruleset)
    top = store.one("SELECT coalesce(max(rowid), 0) FROM changes")[0]
    mark, last_cutoff = int(store.meta(MARK) or 0), store.meta(CUTOFF) or ""
    rebuild = store.meta(RULES) != fingerprint or cutoff < last_cutoff
    if not rebuild and top == mark and cutoff == last_cutoff:
        return cutoff
    if rebuild:
        touched, where, params = [], "i.taken_at < ?", [cutoff]
    else:
        touched = _touched(store, mark)
        where = "(i.id IN (SELECT value FROM json_each(?)) OR (i.taken_at >= ? AND i.taken_at < ?))"
        params = [json.dumps(touched), last_cutoff, cutoff]
    rows = _rows(store, where, params, now)
    with store.write() as tx:
        if rebuild:
            tx.execute_local(TABLE, f"DELETE FROM {TABLE}")
        tx.execute_local(TABLE, f"DELETE FROM {TABLE} WHERE incident_id IN (SELECT value FROM json_each(?))",
                         (json.dumps(touched),))
        for row in rows:
            if row[4] == "closed" and not row[6] and row[3] < cutoff:
                tx.execute_local(TABLE, f"INSERT OR REPLACE INTO {TABLE} (incident_id, taken_at, division, level, "
                                        f"{', '.join(_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 (row[0], row[3], row[5], row[1], *assess(row, ruleset, now)))
        tx.set_meta(MARK, str(top))
        tx.set_meta(CUTOFF, cutoff)
        tx.set_meta(RULES, fingerprint)
    return cutoff


def _split(store: Store, where: str, params: list, bounds: tuple[str, str], division: str | None,
           now: datetime) -> tuple[report_rules.RuleSet, tuple[str, list] | None, tuple[str, list]]:
    """Where to read the kept judgements (None: nowhere, judge all live) and which incidents to judge live.

    Reads only: the table is as :func:`bring_up_to_date` last left it (run on a worker when the statistics
    view opens).  What a change touched since then, and what settled since, is judged live; under report
    rules other than those it was built with, everything is."""
    ruleset = report_rules.rule_set(store)
    cutoff = store.meta(CUTOFF)
    if not cutoff or store.meta(RULES) != _fingerprint(ruleset) or clock.iso(now - _settle_after(ruleset)) < cutoff:
        return ruleset, None, (where, list(params))   # kept under other rules, or settled only later than `now`
    touched = json.dumps(_touched(store, int(store.meta(MARK) or 0)))
    clause = "taken_at >= ? AND taken_at < ? AND incident_id NOT IN (SELECT value FROM json_each(?))"
    kept_params = [*bounds, touched]
    if division:
        clause += " AND division = ?"
        kept_params.append(division)
    live = (where + " AND NOT (i.status = 'closed' AND i.taken_at < ? "
                    "AND i.id NOT IN (SELECT value FROM json_each(?)))", [*params, cutoff, touched])
    return ruleset, (clause, kept_params), live


def level_totals(store: Store, where: str, params: list, bounds: tuple[str, str], division: str | None,
                 now: datetime) -> dict[str, list[int]]:
    """Per level [first_due, first_ok, follow_due, follow_ok] over the incidents matching ``where`` (alias
    ``i``; taken within ``bounds``, in ``division`` if given)."""
    ruleset, kept, live = _split(store, where, params, bounds, division, now)
    totals: dict[str, list[int]] = {}
    if kept:
        for level, *sums in store.query(f"SELECT level, sum(first_due), sum(first_ok), sum(follow_due), "
                                        f"sum(follow_ok) FROM {TABLE} WHERE {kept[0]} GROUP BY level", kept[1]):
            totals[level] = list(sums)
    for row in _rows(store, *live, now):
        level = totals.setdefault(row[1], [0, 0, 0, 0])
        for n, value in enumerate(assess(row, ruleset, now)[:4]):
            level[n] += value
    return totals


def first_delays(store: Store, where: str, params: list, bounds: tuple[str, str], division: str | None,
                 now: datetime) -> list[float]:
    """Every intake-to-首报 delay (minutes) over the same incidents as :func:`level_totals`."""
    ruleset, kept, live = _split(store, where, params, bounds, division, now)
    delays = [r[0] for r in store.query(f"SELECT first_delay FROM {TABLE} WHERE {kept[0]} "
                                        f"AND first_delay IS NOT NULL", kept[1])] if kept else []
    return delays + [row[8] for row in _rows(store, *live, now) if row[8] is not None]
