"""Removing a person from the contact book (调离、退休): what else must go with them, and what must stop it.

A removed person is a tombstone (``people.deleted = 1``, synced like any field), never a vanished row:
notification runs keep the ids of the members they were started with, and :func:`contacts.people` given
ids still returns removed people by name, so a past run still says who was notified.  In the same
transaction the person leaves every notification group (their ``notify_members`` rows are tombstoned too),
stops being anyone's AB角 (a notice must not escalate to someone who has left), and the removal is written
to the duty log under the officer's name.
"""

from __future__ import annotations

from xhduty.core.contacts import contacts
from xhduty.core.duty import duty
from xhduty.core.store import Store, StoreError


def remove_person(store: Store, person_id: str, by: str = "") -> dict:
    """Remove the live person ``person_id`` from the contact book in one transaction (see the module
    docstring); ``by`` signs the duty log entry (default: the officer at the keyboard, :func:`duty.at_keyboard`).

    Returns ``{"id", "name", "unit_path", "groups": [group names they left], "deputy_of": [names of the
    people whose AB角 they were]}``.  Raises StoreError naming the person (name and unit) when:

    * ``person_id`` is not in the book or was removed already;
    * the person is the only member of a group a live plan names in its ``notify`` list — starting the
      plan's notification would then fail (:func:`notify.start_run` refuses an empty group);
    * this station may not edit people (``authority.RULES['people']``: the centre's alone, checked by the
      write path once the station syncs — the same rule as changing a person).
    """
    row = store.one("SELECT id FROM people WHERE id = ? AND deleted = 0", (person_id,))
    if row is None:
        known = store.one("SELECT name FROM people WHERE id = ?", (person_id,))
        raise StoreError(f"{known[0]}（编号 {person_id}）已从通讯录删除" if known
                         else f"通讯录中没有编号为 {person_id} 的人员")
    person = contacts.person(store, person_id)
    who = f"{person['name']}（{person['unit'] or '无单位'}）"
    memberships = store.query(
        "SELECT m.id AS member_id, g.name,"
        " (SELECT count(*) FROM notify_members o JOIN people q ON q.id = o.person_id"
        "  WHERE o.group_id = g.id AND o.deleted = 0 AND q.deleted = 0) AS size"
        " FROM notify_members m JOIN notify_groups g ON g.id = m.group_id"
        " WHERE m.person_id = ? AND m.deleted = 0 AND g.deleted = 0 ORDER BY g.name", (person_id,))
    for m in memberships:
        plans = _plans_notifying(store, m["name"]) if m["size"] == 1 else []
        if plans:
            raise StoreError(f"不能删除{who}：此人是通知组“{m['name']}”的唯一成员，而预案"
                             f"{'、'.join(f'《{t}》' for t in plans)}要通知该组。请先为该组添加其他成员")
    # memberships of a group that is itself deleted go too: a group restored later must not bring them back
    stale = [r[0] for r in store.query(
        "SELECT id FROM notify_members WHERE person_id = ? AND deleted = 0", (person_id,))]
    deputy_of = store.query("SELECT id, name FROM people WHERE deputy_id = ? AND deleted = 0 ORDER BY name",
                            (person_id,))
    shift = duty.current_shift(store)
    author = by or duty.at_keyboard(store, shift)
    groups = [m["name"] for m in memberships]
    text = f"通讯录删除人员：{person['name']}（{person['unit_path'] or '无单位'}" + \
        (f"，{person['post']}" if person["post"] else "") + "）" + \
        (f"，退出通知组：{'、'.join(groups)}" if groups else "") + \
        (f"，不再担任{'、'.join(r['name'] for r in deputy_of)}的AB角" if deputy_of else "")
    try:
        with store.write() as tx:
            tx.delete("people", person_id)
            for member_id in stale:
                tx.delete("notify_members", member_id)
            for r in deputy_of:
                tx.update("people", r["id"], {"deputy_id": None})
            duty.append_entry(tx, text=text, shift_id=shift["id"] if shift else None, author=author)
    except StoreError as exc:   # the write path's refusals (authority, storage) say what, not whom
        raise StoreError(f"未能删除{who}：{exc}") from None
    return {"id": person_id, "name": person["name"], "unit_path": person["unit_path"], "groups": groups,
            "deputy_of": [r["name"] for r in deputy_of]}


def _plans_notifying(store: Store, group_name: str) -> list[str]:
    """Titles of the live plans whose ``notify`` list (JSON group names, see 0040_plans.sql) names
    ``group_name``, by title.  Read from the plans table itself: no reader of the plans area returns
    the ``notify`` lists (``plans.list_plans`` leaves them out, ``get_plan`` reads one whole plan)."""
    return [r[0] for r in store.query(
        "SELECT DISTINCT p.title FROM plans p, json_each(p.notify) g WHERE p.deleted = 0 AND g.value = ?"
        " ORDER BY p.title", (group_name,))]
