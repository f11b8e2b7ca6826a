"""Removing a plan from the library (a duplicate, a plan imported under a wrong title such as 附件1), and
restoring it.

A removed plan is a tombstone (``plans.deleted = 1``, synced like any field), never a vanished row: the
library, the search index (:func:`plans.ensure_index` drops its rows) and incident matching leave it out,
while a response already started from it still names it and keeps the steps it was started with
(:func:`matching.checklist` reads removed plans too).  The removal and a restore are written to the duty
log under the officer's name, in the same transaction.  Only a station that may write plans may do either
(``authority.RULES['plans']``: the district centre's, checked by the write path once the station syncs).
"""

from __future__ import annotations

import re
import unicodedata

from xhduty.core.duty import duty
from xhduty.core.plans import plans
from xhduty.core.store import Store, StoreError

SHORT_ID = 6   # characters of a plan's record id shown (and typed) to tell plans of one title apart


def _folded(text: str) -> str:
    """``text`` as a reference is compared: full-width forms folded (附件１ → 附件1), spaces dropped, any case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).casefold()


def described(plan: dict) -> str:
    """A plan as lists of candidates name it: 《title》（编号 short id，code or the file it came from，imported on day）."""
    came = plan["source"] if plan["code"].startswith("DOC-") else plan["code"]
    facts = [f"编号 {plan['id'][-SHORT_ID:]}", came, f"{plan['created_at'][:10]} 导入"]
    return f"《{plan['title']}》（{'，'.join(f for f in facts if f)}）"


def find_plan(store: Store, ref: str, removed: bool = False) -> dict:
    """The live plan (``removed``: the removed plan) an officer names: by record id, plan code (XH-ZX-FLOOD),
    the end of its record id (at least 4 characters, as :func:`described` shows it), the whole title, or a
    part of the title only one plan has — full-width characters and spaces as typed (附件１) are folded.

    Returns the ``plans`` row as a dict (JSON fields read).  Raises StoreError naming every candidate
    (:func:`described`) when several plans match, or saying none does."""
    wanted = _folded(ref)
    if not wanted:
        raise StoreError("请写出预案的编号或名称")
    rows = [plans.plan_from_row(r) for r in store.query(
        "SELECT id, code, title, source, created_at, station FROM plans WHERE deleted = ? ORDER BY created_at, id",
        (int(removed),))]
    exact = [p for p in rows if wanted in (p["id"].casefold(), p["code"].casefold())]
    tail = [p for p in rows if len(wanted) >= 4 and p["id"].casefold().endswith(wanted)]
    titled = [p for p in rows if _folded(p["title"]) == wanted]
    within = [p for p in rows if wanted in _folded(p["title"])]
    found = next((group for group in (exact, tail, titled, within) if group), [])
    where = "已删除的预案中" if removed else "预案库中"
    if not found:
        raise StoreError(f"{where}没有编号或名称为“{ref.strip()}”的预案")
    if len(found) > 1:
        listed = "；".join(described(p) for p in found[:8]) + ("等" if len(found) > 8 else "")
        raise StoreError(f"{where}有 {len(found)} 个预案与“{ref.strip()}”相符，请写编号（括号中的“编号”）：{listed}")
    return found[0]


def removed_plans(store: Store) -> list[dict]:
    """The plans removed from the library, the latest removed first: ``[{id, code, title, source, created_at,
    updated_at}]`` (``updated_at``: when it was removed, unless changed by sync since)."""
    return [dict(r) for r in store.query(
        "SELECT id, code, title, source, created_at, updated_at FROM plans WHERE deleted = 1"
        " ORDER BY updated_at DESC, id")]


def remove_plan(store: Store, plan_id: str, by: str = "") -> dict:
    """Remove the live plan ``plan_id`` from the library in one transaction: its tombstone and a duty log
    entry signed ``by`` (default: the officer at the keyboard).  Returns the plan as :func:`find_plan` does.

    Raises StoreError naming the plan when it is not in the library or was removed already, or when this
    station may not write plans (the write path's refusal, before anything is written)."""
    return _set_removed(store, plan_id, True, by)


def restore_plan(store: Store, plan_id: str, by: str = "") -> dict:
    """Put the removed plan ``plan_id`` back in the library (undoing :func:`remove_plan`), logged as a removal
    is.  Returns the plan.  Raises StoreError when it is not removed, when a live plan now has its code (it
    was imported again since: remove that one first), or when this station may not write plans."""
    return _set_removed(store, plan_id, False, by)


def _set_removed(store: Store, plan_id: str, removed: bool, by: str) -> dict:
    row = store.get("plans", plan_id)
    if row is None:
        raise StoreError(f"预案库中没有编号为 {plan_id} 的预案")
    if bool(row["deleted"]) == removed:
        raise StoreError(f"预案《{row['title']}》已经删除" if removed else f"预案《{row['title']}》没有被删除")
    plan = plans.plan_from_row(row)
    if not removed:
        twin = store.one("SELECT id, code, title, source, created_at FROM plans WHERE code = ? AND deleted = 0",
                         (plan["code"],))
        if twin is not None:
            raise StoreError(f"不能恢复{described(plan)}：预案库中已有同一编号的{described(dict(twin))}"
                             "（删除后又导入的），请先删除它再恢复")
    shift = duty.current_shift(store)
    verb = "删除" if removed else "恢复"
    try:
        with store.write() as tx:
            tx.update("plans", plan["id"], {"deleted": int(removed)})
            duty.append_entry(tx, text=f"预案库{verb}预案：{described(plan)}", shift_id=shift["id"] if shift else None,
                              author=by or duty.at_keyboard(store, shift))
    except StoreError as exc:   # the write path's refusals (authority, storage) say what, not which plan
        raise StoreError(f"未能{verb}预案《{plan['title']}》：{exc}") from None
    return plan


def removal_refusal(store: Store, plan_id: str) -> str | None:
    """Why this station may not remove the plan (the write path's own check, tried in a transaction that is
    rolled back, so nothing is written), or None when it may — for the window to say so before asking
    the officer to confirm."""
    try:
        with store.write() as tx:
            tx.update("plans", plan_id, {"deleted": 1})
            raise _Tried
    except _Tried:
        return None
    except StoreError as exc:
        return str(exc)


class _Tried(Exception):
    """Ends :func:`removal_refusal`'s trial transaction (rolled back) once the write path accepted it."""
