"""Removing a person from the contact book: a tombstone that takes their group memberships and AB角 duties
with it, refused while a plan's group would be left empty or when this station may not edit people, and
gone from every list and from the search index — while past notification runs still name them."""

from __future__ import annotations

import json

import pytest

from xhduty.core.contacts import contacts, notify
from xhduty.core.contacts.removal import remove_person
from xhduty.core.store import StoreError, init_station, open_store
from xhduty.sync import state


def _unit(store, path="区应急委/成员单位/区水务局"):
    with store.write() as tx:
        return contacts.ensure_unit_path(tx, path)


@pytest.fixture
def book(store):
    water, emergency = _unit(store), _unit(store, "区应急委/成员单位/区应急管理局")
    ids = {name: contacts.save_person(store, {"unit_id": u, "name": name, "post": post,
                                              "methods": [("mobile", phone)]})
           for name, u, post, phone in [("张伟", water, "局长", "13900000001"),
                                        ("张维", emergency, "科员", "13900000002"),
                                        ("王芳", water, "副局长", "13900000003")]}
    contacts.save_person(store, {"deputy_id": ids["张伟"]}, ids["王芳"])   # 张伟 is 王芳's AB角
    contacts.save_group(store, "防汛防台指挥部成员", [ids["王芳"], ids["张伟"]])
    contacts.save_group(store, "局领导", [ids["张伟"], ids["张维"]])
    return ids


def _plan(store, title, groups):
    with store.write() as tx:
        return tx.insert("plans", {"code": title, "title": title, "kind": "专项", "notify": json.dumps(groups)})


def test_removal_is_a_tombstone_that_leaves_groups_and_deputy_duties(on_duty, book):
    store = on_duty
    index = contacts.ContactIndex(store)
    with store.collect() as done:
        removed = remove_person(store, book["张伟"], by="李值班")
    assert removed == {"id": book["张伟"], "name": "张伟", "unit_path": "区应急委/成员单位/区水务局",
                       "groups": ["局领导", "防汛防台指挥部成员"], "deputy_of": ["王芳"]}
    assert store.get("people", book["张伟"])["deleted"] == 1              # a tombstone, not a missing row
    assert store.one("SELECT count(*) FROM notify_members WHERE person_id = ? AND deleted = 0",
                     (book["张伟"],))[0] == 0
    assert contacts.person(store, book["王芳"])["deputy_id"] is None
    assert [g["size"] for g in contacts.groups(store)] == [1, 1]
    assert contacts.group_members(store, contacts.group_by_name(store, "局领导")["id"]) == [book["张维"]]
    entry = store.one("SELECT text, author FROM log_entries ORDER BY rowid DESC LIMIT 1")
    assert entry["author"] == "李值班"
    assert entry["text"] == ("通讯录删除人员：张伟（区应急委/成员单位/区水务局，局长），退出通知组：局领导、防汛防台指挥部成员，"
                             "不再担任王芳的AB角")
    # every reader of the book leaves them out, and the index drops them on the ids the write announced
    changes = done.changes
    assert book["张伟"] in changes.ids("people") and "notify_members" in changes
    assert book["张伟"] not in {p["id"] for p in contacts.people(store)}
    assert contacts.count_people(store) == 2
    assert book["张伟"] not in {p["id"] for p in contacts.unverified(store)}
    assert [p["name"] for p in contacts.search(store, "zw")] == ["张维"]
    assert index.search_ids("张伟") == [book["张伟"]]                     # the old index is a snapshot
    updated = index.updated(store, changes.ids("people"))
    assert updated.search_ids("zw") == [book["张维"]] and len(updated) == 2
    assert not updated.matches("张伟", book["张伟"])
    assert index.updated(store).search_ids("zw") == [book["张维"]]        # a full comparison agrees


def test_a_past_notification_run_still_names_the_removed_member(on_duty, book):
    store = on_duty
    run = notify.start_run(store, "局领导")
    notify.record_attempt(store, run, book["张伟"], "confirmed")
    remove_person(store, book["张伟"])
    status = notify.run_status(store, run)
    assert [(m["name"], m["status"]) for m in status["members"]] == [("张伟", "confirmed"), ("张维", "pending")]
    assert notify.attempts(store, run)[0]["person_id"] == book["张伟"]
    assert notify.run_status(store, notify.start_run(store, "局领导"))["total"] == 1   # a new run: without them


def test_unknown_and_already_removed_are_refused_by_name(store, book):
    with pytest.raises(StoreError, match="通讯录中没有编号为 NOPE 的人员"):
        remove_person(store, "NOPE")
    remove_person(store, book["张维"])
    with pytest.raises(StoreError, match=f"张维（编号 {book['张维']}）已从通讯录删除"):
        remove_person(store, book["张维"])


def test_the_only_member_of_a_group_a_plan_names_stays(store, book):
    _plan(store, "区防汛防台专项应急预案", ["局领导"])
    remove_person(store, book["张维"])                                   # 局领导 still has 张伟
    changes_before = store.one("SELECT count(*) FROM changes")[0]
    with pytest.raises(StoreError, match="不能删除张伟（区水务局）：此人是通知组“局领导”的唯一成员，"
                                         "而预案《区防汛防台专项应急预案》要通知该组"):
        remove_person(store, book["张伟"])
    assert store.one("SELECT count(*) FROM changes")[0] == changes_before   # nothing written
    assert store.get("people", book["张伟"])["deleted"] == 0
    # a group no live plan names may be left empty
    contacts.save_group(store, "临时组", [book["王芳"]])
    plan = _plan(store, "已废止预案", ["临时组"])
    with store.write() as tx:
        tx.delete("plans", plan)
    assert remove_person(store, book["王芳"])["groups"] == ["临时组", "防汛防台指挥部成员"]


def test_a_station_that_may_not_edit_people_is_refused_by_name(tmp_path, book, store):
    street = open_store(tmp_path / "S1" / "xhduty.db")
    init_station(street, "S1", "徐家汇街道", "street")
    person = contacts.save_person(street, {"unit_id": _unit(street), "name": "赵磊"})   # before it synced
    state.configure(street, "http://127.0.0.1:9", "t" * 32)             # a station that syncs: rules apply
    with pytest.raises(StoreError, match="未能删除赵磊（区水务局）：.*人员只能由区中心修改"):
        remove_person(street, person)
    assert street.get("people", person)["deleted"] == 0
    street.close()


def test_find_person_by_id_whole_name_or_unique_part(store, book):
    assert contacts.find_person(store, book["王芳"]) == book["王芳"]
    assert contacts.find_person(store, "王　芳") == book["王芳"]          # typed with an aligning space
    assert contacts.find_person(store, "芳") == book["王芳"]
    assert contacts.find_person(store, "张伟") == book["张伟"]            # the whole name wins over 张维's 张
    with pytest.raises(StoreError, match=r"有不止一人与“张”相符.*张伟（区应急委/成员单位/区水务局，编号 .*张维"):
        contacts.find_person(store, "张")
    with pytest.raises(StoreError, match="通讯录中没有“李四”"):
        contacts.find_person(store, "李四")
    remove_person(store, book["张维"])
    assert contacts.find_person(store, "张") == book["张伟"]              # removed people are not candidates
