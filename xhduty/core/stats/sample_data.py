"""Generated 示例数据 for the statistics area: years of incidents with their reports, duty-log entries,
notification runs and stock movements, written through the write path in large transactions.

Used by the speed bench (five years: 50,000 incidents, 1,000,000 log entries), by the widget tests (a
few hundred) and for screenshots.  Every title and name says 示例数据, so nobody mistakes it for fact.
Random but reproducible (seeded), so a bench run can be repeated on the same data.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from xhduty.core import clock, refdata
from xhduty.core.duty import duty
from xhduty.core.store import Store

DEMO = "示例数据"
# How often each level occurs among the generated incidents (most are 一般).
LEVEL_WEIGHTS = {"IV": 80, "III": 12, "II": 4, "I": 1, "U": 3}
ITEMS = (("编织袋", "3010100", "条"), ("救生衣", "2010100", "件"), ("水泵", "2040100", "台"),
         ("饮用水", "1010100", "箱"), ("棉被", "1020300", "条"), ("发电机", "2050100", "台"))
BATCH = 20_000   # rows per transaction


def _times(rng: random.Random, start: datetime, days: int, n: int) -> list[datetime]:
    seconds = days * 86400
    return sorted(start + timedelta(seconds=rng.randrange(seconds)) for _ in range(n))


def generate(store: Store, *, end: datetime, days: int, incidents: int, log_entries: int = 0,
             runs: int = 0, seed: int = 7, progress=None) -> dict:
    """Write the sample data for the ``days`` before ``end``; returns how many of each were written."""
    rng = random.Random(seed)
    start = end - timedelta(days=days)
    types = [t["code"] for t in refdata.event_types(store) if t["parent"]]
    divisions = {d["code"]: d["name"] for d in refdata.divisions(store)}
    levels = list(LEVEL_WEIGHTS)
    weights = list(LEVEL_WEIGHTS.values())
    with store.write() as tx:
        shift = duty.current_shift(store)
        shift_id = shift["id"] if shift else tx.insert("shifts", {
            "started_at": clock.iso(end - timedelta(hours=2)), "leader": f"{DEMO} 王带班",
            "officers": json.dumps([f"{DEMO} 李值班"], ensure_ascii=False), "status": "open"})
    written = {"incidents": 0, "reports": 0, "log_entries": 0, "runs": 0, "movements": 0}
    taken_times = _times(rng, start, days, incidents)
    for first in range(0, incidents, BATCH // 4):
        with store.write() as tx:
            for taken in taken_times[first:first + BATCH // 4]:
                written["reports"] += _incident(tx, rng, taken, end, rng.choice(types),
                                                rng.choices(levels, weights)[0],
                                                rng.choice(list(divisions)) if rng.random() > 0.03 else None)
                written["incidents"] += 1
        if progress:
            progress("incidents", written["incidents"], incidents)
    entry_times = _times(rng, start, days, log_entries)
    for first in range(0, log_entries, BATCH):
        with store.write() as tx:
            for at in entry_times[first:first + BATCH]:
                duty.append_entry(tx, text=f"{DEMO} 值班记录：来电询问，已答复", kind="note", shift_id=shift_id,
                                  at=at, author=f"{DEMO} 李值班")
                written["log_entries"] += 1
        if progress:
            progress("log_entries", written["log_entries"], log_entries)
    with store.write() as tx:
        written["runs"] = _runs(tx, rng, _times(rng, start, days, runs))
        written["movements"] = _stock(tx, rng, start, days, divisions)
    return written


def _incident(tx, rng: random.Random, taken: datetime, end: datetime, type_code: str, level: str,
              division: str | None) -> int:
    """One incident and the reports sent about it; recent ones may still be open or unreported."""
    reports = []
    first_after = timedelta(minutes=rng.lognormvariate(3.3, 0.9))  # median ≈ 27 minutes
    if level != "IV" and rng.random() < 0.9:
        reports.append(("first", "phone", taken + first_after * 0.4))
    reports.append(("first", "written", taken + first_after))
    if level in ("I", "II", "III"):
        for n in range(rng.randint(0, 3)):
            reports.append(("followup", "written", taken + timedelta(hours=10 + 9 * n + rng.uniform(-2, 2))))
    reports.append(("final", "written", taken + timedelta(hours=rng.uniform(4, 72))))
    reports = [r for r in reports if r[2] < end]
    closed = reports[-1][0] == "final" if reports else False
    status = "closed" if closed else ("handling" if reports else "taken")
    inc = tx.insert("incidents", {
        "title": f"{DEMO} 事件 {taken:%Y%m%d-%H%M}", "type_code": type_code, "level": level, "division": division,
        "taken_at": clock.iso(taken), "status": status, "created_at": clock.iso(taken),
        "closed_at": clock.iso(reports[-1][2]) if closed else None})
    for number, (stage, channel, at) in enumerate(reports):
        tx.insert("incident_reports", {"incident_id": inc, "stage": stage, "channel": channel, "at": clock.iso(at),
                                       "number": number if stage == "followup" else 0, "text": DEMO,
                                       "created_at": clock.iso(at)})
    return len(reports)


def _runs(tx, rng: random.Random, starts: list[datetime]) -> int:
    for started in starts:
        members = [f"{DEMO}-p{n}" for n in range(rng.randint(3, 8))]
        run = tx.insert("notify_runs", {"group_id": DEMO, "group_name": f"{DEMO} 通知组", "timeout_minutes": 10,
                                        "members": json.dumps(members), "created_at": clock.iso(started)})
        for person in members:
            if rng.random() < 0.9:
                tx.insert("notify_attempts", {
                    "run_id": run, "person_id": person, "contact_id": person, "result": "confirmed",
                    "at": clock.iso(started + timedelta(minutes=rng.lognormvariate(2.0, 0.8)))})
    return len(starts)


def _stock(tx, rng: random.Random, start: datetime, days: int, divisions: dict[str, str]) -> int:
    depots = [tx.insert("depots", {"name": f"{DEMO} 区应急物资保障库", "kind": "储备库", "division": "xujiahui"})]
    depots += [tx.insert("depots", {"name": f"{DEMO} {name}储备点", "kind": "储备点", "division": code})
               for code, name in divisions.items()]
    items = [tx.insert("items", {"name": f"{DEMO} {name}", "class_code": code, "unit": unit})
             for name, code, unit in ITEMS]
    count = 0
    for depot in depots:
        for item in items:
            base = rng.randint(20, 400)
            tx.insert("stock_minimums", {"id": f"{depot}:{item}", "depot_id": depot, "item_id": item,
                                         "minimum": base})
            on_hand = 0
            for month in range(0, days, 30):
                qty = rng.randint(base // 2, base * 2) if on_hand < base * 2 else -rng.randint(1, base)
                on_hand += qty
                tx.insert("stock_movements", {"at": clock.iso(start + timedelta(days=month)),
                                              "kind": "receive" if qty > 0 else "issue", "depot_id": depot,
                                              "item_id": item, "qty": qty})
                count += 1
            if rng.random() < 0.15:  # a few depots end below their minimum
                tx.insert("stock_movements", {"at": clock.iso(start + timedelta(days=days - 1)), "kind": "issue",
                                              "depot_id": depot, "item_id": item,
                                              "qty": -(on_hand - rng.randint(0, base // 2))})
                count += 1
    return count
