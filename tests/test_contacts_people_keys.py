"""The contact book's stored search keys (contact_keys, core/contacts/people_keys.py): a one-off search — the
CLI's — spells no name in pinyin once the keys are kept, finds exactly what the window's index of everyone
finds, and follows every change: an edit here, a removal, a rename of a unit, people pulled by a sync."""

from __future__ import annotations

from test_sync_support import running_hub, two_centres
from xhduty.core.contacts import contacts, people_keys
from xhduty.core.contacts.removal import remove_person
from xhduty.sync.client import run_sync

QUERIES = ["张伟", "zhangwei", "zw", "z", "zhang", "wf", "shanxiongxin", "sxx", "水务局", "区水务局 科长",
           "13900000004", "021-6400", "０２１－６４", "科员", "ZW", "ouzhiming", "zhiming", "nothing-like-this"]


def _book(store) -> dict[str, str]:
    contacts.seed_skeleton(store)
    with store.write() as tx:
        water = contacts.ensure_unit_path(tx, "区应急委/成员单位/区水务局")
        safety = contacts.ensure_unit_path(tx, "区应急委/成员单位/区应急管理局")
        people = [("张伟", water, "局长", "13900000001"), ("张维", safety, "科员", "13900000002"),
                  ("王芳", water, "副局长", "13900000003"), ("单雄信", water, "科长", "13900000004"),
                  ("曹建", safety, "值班员", "021-64001234"), ("区志明", water, "科员", "13900000008")]
        return {name: contacts.put_person(tx, {"unit_id": unit, "name": name, "post": post,
                                               "methods": [("mobile", phone)]})
                for name, unit, post, phone in people}


def _same_as_everyone(store) -> None:
    everyone = contacts.ContactIndex(store)
    for query in QUERIES:
        assert people_keys.search_ids(store, query, 50) == everyone.search_ids(query, 50), query


def test_a_search_after_the_first_spells_no_name_and_finds_what_the_whole_index_finds(store):
    book = _book(store)
    assert people_keys.bring_up_to_date(store) == len(book)
    assert store.one("SELECT count(*) FROM contact_keys")[0] == len(book)
    contacts.name_keys.cache_clear()
    assert [p["name"] for p in contacts.search(store, "zw")] == ["张伟", "张维"]
    assert contacts.name_keys.cache_info().misses == 0          # every spelling came from the table
    _same_as_everyone(store)
    assert people_keys.bring_up_to_date(store) == 0             # nothing changed since: nothing read


def test_the_keys_follow_edits_removals_and_unit_renames(store):
    book = _book(store)
    people_keys.bring_up_to_date(store)
    contacts.save_person(store, {"name": "张卫东"}, book["张伟"])
    remove_person(store, book["王芳"], by="王带班")
    water = contacts.find_unit_by_name(store, "区水务局")
    contacts.save_unit(store, {"name": "区水务局（防汛办）"}, water)
    added = contacts.save_person(store, {"unit_id": water, "name": "曾敏", "methods": [("mobile", "13900000009")]})
    assert [p["name"] for p in contacts.search(store, "zwd")] == ["张卫东"]
    assert contacts.search(store, "wangfang") == []
    assert [p["id"] for p in contacts.search(store, "zengmin")] == [added]
    assert {p["name"] for p in contacts.search(store, "防汛办")} == {"张卫东", "单雄信", "区志明", "曾敏"}
    assert people_keys.bring_up_to_date(store) == 0
    assert store.one("SELECT count(*) FROM contact_keys")[0] == 6   # 王芳 is out of the table
    _same_as_everyone(store)


def test_a_vacuum_that_renumbers_the_outbox_starts_the_keys_again(store):
    book = _book(store)
    people_keys.bring_up_to_date(store)
    remove_person(store, book["王芳"], by="王带班")
    with store.write() as tx:   # the mark names a change that is no longer at its rowid
        tx.set_meta(people_keys.MARK, "1 not-a-change")
    assert people_keys.bring_up_to_date(store) == len(book) - 1        # everyone live, spelt again
    assert store.one("SELECT count(*) FROM contact_keys")[0] == len(book) - 1   # the removed one's row gone
    _same_as_everyone(store)


def test_people_pulled_by_a_sync_are_found_by_their_pinyin(tmp_path):
    with running_hub(tmp_path) as hub:
        c0, c1 = two_centres(tmp_path, hub)
        book = _book(c0)
        run_sync(c0)
        run_sync(c1)
        assert [p["id"] for p in contacts.search(c1, "sxx")] == [book["单雄信"]]
        contacts.save_person(c0, {"name": "解放"}, book["单雄信"])
        run_sync(c0)
        run_sync(c1)
        assert contacts.search(c1, "sxx") == []
        assert [p["id"] for p in contacts.search(c1, "xiefang")] == [book["单雄信"]]
        _same_as_everyone(c1)
        for s in (c0, c1):
            s.close()


def test_the_windows_first_index_keeps_the_keys_it_spelt(store):
    book = _book(store)
    lacking = people_keys.pending(store)            # as the window's worker reads it, then builds the index
    built = contacts.ContactIndex(store)
    contacts.name_keys.cache_clear()
    assert people_keys.keep_index(store, lacking, built) == len(book)
    assert contacts.name_keys.cache_info().misses == 0  # written from the index, not spelt a second time
    assert store.one("SELECT count(*) FROM contact_keys")[0] == len(book) and people_keys.pending(store) is None
    contacts.save_person(store, {"name": "张卫东"}, book["张伟"])
    lacking = people_keys.pending(store)
    contacts.name_keys.cache_clear()
    again = contacts.ContactIndex(store)           # the next opening: only the renamed one is spelt
    assert contacts.name_keys.cache_info().misses == 1 and again.search_ids("zwd") == [book["张伟"]]
    assert lacking.ids == [book["张伟"]] and people_keys.keep_index(store, lacking, again) == 1
    assert people_keys.bring_up_to_date(store) == 0
    _same_as_everyone(store)


def test_a_book_on_read_only_media_is_searched_without_writing(store):
    book = _book(store)
    store.read_only = True                  # as open_store marks a database on read-only media
    assert [p["id"] for p in contacts.search(store, "sxx")] == [book["单雄信"]]   # read whole: no keys yet
    assert people_keys.bring_up_to_date(store) == 0 and store.meta(people_keys.MARK) is None
    store.read_only = False
    people_keys.bring_up_to_date(store)
    store.read_only = True
    assert [p["id"] for p in contacts.search(store, "sxx")] == [book["单雄信"]]   # from the kept keys
    _same_as_everyone(store)
