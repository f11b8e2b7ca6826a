"""A station restored from its own backup gets its history back from the hub and keeps what it wrote since.

Restoring the hourly backup takes the station back in time: changes it had sent after the backup are on the
hub but no longer here, while changes written after the restore reuse their sequence numbers (the hub would
refuse those forever, 409).  The hub's hello names the newest change of ours it stored (``last_change``);
a station that does not have it was restored.  (The same repair applies when the hub has numbers of ours
we used for changes it never received — a change sent with our token and refused took them.)  It then, in
ONE transaction:

1. fetches its own changes after its confirmed sequence from the hub (``GET /v1/own``),
2. parks its changes the hub has never seen (negative sequence; their duty-log entries too),
3. applies the hub's copies with the merge rules,
4. numbers the parked changes after everything the hub has of it, and re-chains their duty-log entries
   after the entries that came back (they never left the station, so nobody else holds the old chain),
5. lists the refusals of its changes that it had not heard of (``sync_refused``),
6. writes a 恢复 entry in the duty log saying what happened.

The next push then sends the renumbered changes like any others; ``xhduty check`` stays clean.
"""

from __future__ import annotations

import json

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.store import Store
from xhduty.sync import state


def recover(store: Store, client, hub_last_seq: int, last_change: str | None) -> dict | None:
    """If the hub holds a change of ours we do not have, or numbers we have used for changes it never got,
    take back our history and renumber what the hub has not seen; returns what was done
    ({"returned": n, "renumbered": n, "entries": n}) or None when there was nothing to do.  ``client`` is a
    :class:`~xhduty.sync.client.HubClient`; the answer of its hello gives ``hub_last_seq``/``last_change``."""
    base = int(state.get(store, "pushed_seq", "0"))
    restored = bool(last_change) and store.one("SELECT 1 FROM changes WHERE change_id = ?", (last_change,)) is None
    if not restored and hub_last_seq <= base:
        return None
    theirs, refused, after = [], set(), base
    while True:
        page = client.own(after)
        theirs += page["changes"]
        refused.update((r["change_id"], r["status"], r["reason"]) for r in page["refused"])
        if not page["more"] or not page["changes"]:
            break
        after = page["changes"][-1]["station_seq"]
    hub_ids = {c["change_id"] for c in theirs} | {r[0] for r in refused}   # every change of ours it answered
    clash = any(r[0] not in hub_ids for r in store.query(
        "SELECT change_id FROM changes WHERE station = ? AND station_seq > ? AND station_seq <= ?",
        (store.station, base, hub_last_seq)))
    if not restored and not clash:
        return None                                 # only an answer lost in transit: nothing to repair
    me = store.station
    with store.write() as tx:
        unsent = [dict(r) for r in tx.con.execute(
            "SELECT change_id, station_seq, tbl, op, fields FROM changes WHERE station = ? AND station_seq > ?"
            " ORDER BY station_seq", (me, base)) if r["change_id"] not in hub_ids]
        entries = [c for c in unsent if c["tbl"] == "log_entries" and c["op"] == "insert"]
        for c in unsent:
            tx.renumber_own(c["change_id"], -c["station_seq"])
        for c in entries:
            tx.rewrite_unsent(c["change_id"], {"seq": -json.loads(c["fields"])["seq"]})
        for change in theirs:
            tx.apply(change)
        top = max(hub_last_seq, tx.con.execute("SELECT coalesce(max(station_seq), 0) FROM changes WHERE station = ?",
                                                (me,)).fetchone()[0])
        for i, c in enumerate(unsent, 1):
            tx.renumber_own(c["change_id"], top + i)
        for c in entries:
            last = tx.con.execute("SELECT seq, hash FROM log_entries WHERE station = ? AND seq > 0"
                                  " ORDER BY seq DESC LIMIT 1", (me,)).fetchone()
            entry = dict(tx.con.execute("SELECT * FROM log_entries WHERE id = ?",
                                        (json.loads(c["fields"])["id"],)).fetchone())
            entry["seq"], entry["prev_hash"] = (last[0] + 1, last[1]) if last else (1, duty.GENESIS)
            entry["hash"] = duty.entry_hash(entry)
            tx.rewrite_unsent(c["change_id"], {k: entry[k] for k in ("seq", "prev_hash", "hash")})
        tx.set_meta("seq_floor", str(top + len(unsent)))   # numbers up to here are taken, here or at the hub
        returned = sum(c["tbl"] == "log_entries" for c in theirs)
        span = f"第 {top + 1}–{top + len(unsent)} 号" if unsent else "无"
        cause = ("本站数据库曾从备份恢复。已从同步中心取回本站此前上传的 {n} 条变更（其中值班记录 {e} 条）；"
                 if restored else "同步中心已记录过本站的部分变更序号（取回本站变更 {n} 条，其中值班记录 {e} 条）；")
        duty.append_entry(tx, kind="restore", text=(
            "恢复：" + cause.format(n=len(theirs), e=returned)
            + f"中心尚未收到的 {len(unsent)} 条本站变更全部保留，重新编号为{span}变更，随后上传。"))
        for change_id, status, reason in refused:    # refusals the backup is too old to know about
            if tx.con.execute("SELECT 1 FROM changes WHERE change_id = ?", (change_id,)).fetchone():
                tx.put_local("sync_refused", {"change_id": change_id, "status": status, "reason": reason,
                                              "refused_at": clock.now_iso()})
        state.put(tx, "pushed_seq", hub_last_seq)
        state.put(tx, "verified", None)
    return {"returned": len(theirs), "renumbered": len(unsent), "entries": returned}
