"""The contact book: tree, people, pinyin/initials search (polyphonic surnames), on-duty, unverified."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from xhduty.core import clock, jobs
from xhduty.core.contacts import contacts
from xhduty.core.store import StoreError

T0 = datetime(2026, 7, 1, 9, 0, tzinfo=clock.SHANGHAI)


def _unit(store, path="区应急委/成员单位/区水务局"):
    with store.write() as tx:
        return contacts.ensure_unit_path(tx, path)


def _person(store, name, unit_id, post="", methods=(("mobile", "13900000001"),), **kw):
    return contacts.save_person(store, {"unit_id": unit_id, "name": name, "post": post,
                                        "methods": list(methods), **kw})


def test_unit_path_is_created_once_and_read_back(store):
    a = _unit(store)
    b = _unit(store, "区应急委 / 成员单位 / 区水务局")
    assert a == b
    assert contacts.unit_paths(store)[a] == "区应急委/成员单位/区水务局"
    assert store.one("SELECT count(*) FROM units")[0] == 3


def test_skeleton_has_the_13_divisions_and_is_idempotent(store):
    added = contacts.seed_skeleton(store)
    assert contacts.seed_skeleton(store) == 0
    paths = set(contacts.unit_paths(store).values())
    assert "区应急委/街道（镇）/华泾镇" in paths and "区应急委/街道（镇）/天平路街道" in paths
    streets = [p for p in paths if p.startswith("区应急委/街道（镇）/")]
    assert len(streets) == 13 and added == 1 + 4 + 2 + 13
    # reference skeleton carries no phone numbers
    assert store.one("SELECT count(*) FROM units WHERE duty_phone != '' OR fax != ''")[0] == 0


def test_methods_are_checked_and_kept_in_order(store):
    unit = _unit(store)
    pid = _person(store, "张伟", unit, methods=[("office", "021-6400 1234"), ("mobile", "13900000001"),
                                                ("email", "zw@example.org")])
    assert [m["kind"] for m in contacts.person(store, pid)["methods"]] == ["office", "mobile", "email"]
    with pytest.raises(StoreError, match="邮箱.*格式不正确"):
        _person(store, "王芳", unit, methods=[("email", "not-an-address")])
    with pytest.raises(StoreError, match="手机.*格式不正确"):
        _person(store, "王芳", unit, methods=[("mobile", "call me")])
    with pytest.raises(StoreError, match="所属单位不存在"):
        _person(store, "王芳", "NOPE")
    assert store.one("SELECT count(*) FROM people")[0] == 1


def test_numbers_typed_in_full_width_or_with_area_code_brackets_are_read(store):
    pid = _person(store, "张伟", _unit(store), methods=[("mobile", "１３９１２３４５６７８"),
                                                        ("office", "（021）6428 1234 转 8001")])
    assert [m["value"] for m in contacts.person(store, pid)["methods"]] == ["13912345678", "021-64281234转8001"]
    with pytest.raises(StoreError, match="手机“１３９ 或 call”格式不正确"):
        _person(store, "王芳", _unit(store), methods=[("mobile", "１３９ 或 call")])


@pytest.fixture
def book(store):
    unit = _unit(store)
    other = _unit(store, "区应急委/成员单位/区应急管理局")
    ids = {name: _person(store, name, u, post, methods=[("mobile", phone)])
           for name, u, post, phone in [
               ("张伟", unit, "局长", "13900000001"), ("张维", other, "科员", "13900000002"),
               ("王芳", unit, "副局长", "13900000003"), ("单雄信", unit, "科长", "13900000004"),
               ("曾国藩", other, "处长", "13900000005"), ("解缙", other, "主任", "13900000006"),
               ("曹建", other, "值班员", "021-64001234"), ("区志明", unit, "科员", "13900000008")]}
    return ids


def _names(store, query):
    return [p["name"] for p in contacts.search(store, query)]


def test_search_by_name_pinyin_and_initials(store, book):
    assert _names(store, "张伟")[0] == "张伟"
    assert _names(store, "zhangwei")[0] == "张伟"
    assert _names(store, "zw") == ["张伟", "张维"]          # both are z-w; shorter/equal names tie by name
    assert set(_names(store, "zhang")) == {"张伟", "张维"}
    assert _names(store, "wf") == ["王芳"]
    assert _names(store, "nothing-like-this") == []


def test_polyphonic_surnames_found_by_surname_and_everyday_reading(store, book):
    # 单 is read shàn as a surname (dān otherwise): both spellings find him
    assert _names(store, "shanxiongxin") == ["单雄信"]
    assert _names(store, "danxiongxin") == ["单雄信"]
    assert _names(store, "sxx") == ["单雄信"]
    # 曾 zēng (surname) / céng
    assert _names(store, "zengguofan") == ["曾国藩"]
    assert _names(store, "zgf") == ["曾国藩"]
    # 解 xiè (surname) / jiě
    assert _names(store, "xiejin") == ["解缙"]
    assert _names(store, "jiejin") == ["解缙"]
    # 区 ōu (surname) / qū
    assert _names(store, "ouzhiming") == ["区志明"]
    assert contacts.name_keys("单雄信")[0][0] == "shanxiongxin"   # surname reading comes first
    assert contacts.name_keys("尉迟恭")[0][0] == "yuchigong"       # compound surname


def test_search_by_unit_post_and_number(store, book):
    assert set(_names(store, "水务")) == {"张伟", "王芳", "单雄信", "区志明"}
    assert _names(store, "值班员") == ["曹建"]
    assert _names(store, "64001234") == ["曹建"]
    assert _names(store, "021-6400") == ["曹建"]           # dashes in a typed number are ignored
    assert _names(store, "zw 管理局") == ["张维"]             # every word must match


def test_search_reads_what_an_ime_in_full_width_mode_types(store, book):
    assert _names(store, "１３９０００００００１") == ["张伟"]
    assert _names(store, "０２１－６４００") == ["曹建"]
    assert _names(store, "ＺＷ")[:2] == ["张伟", "张维"]
    assert _names(store, "ｓｈａｎｘ") == ["单雄信"]
    assert _names(store, "ｚｗ　管理局") == ["张维"]           # an ideographic space between words
    _person(store, "顾敏", _unit(store, "区应急委/街道（镇）/华泾镇"))
    assert _names(store, "街道（镇）") == ["顾敏"]               # full-width brackets of a unit name stay


def test_search_ranks_exact_name_before_substring(store, book):
    unit = _unit(store)
    _person(store, "张伟明", unit)
    assert _names(store, "张伟")[:2] == ["张伟", "张伟明"]


def test_index_narrows_as_you_type_and_is_a_snapshot(store, book):
    index = contacts.ContactIndex(store)
    assert len(index.search_ids("z")) == 4
    assert len(index.search_ids("zw")) == 2
    assert len(index.search_ids("z")) == 4                 # shortening the query searches everything again
    _person(store, "周伟", _unit(store))
    assert len(index.search_ids("zw")) == 2               # an index is a snapshot
    assert len(contacts.ContactIndex(store).search_ids("zw")) == 3


def test_deleted_people_are_not_found(store, book):
    with store.write() as tx:
        tx.delete("people", book["张伟"])
    assert _names(store, "zw") == ["张维"]


def test_on_duty_today_per_unit(store, book):
    unit = contacts.person(store, book["王芳"])["unit_id"]
    with clock.frozen(T0):
        contacts.set_unit_duty(store, unit, T0.date(), "王芳", "13900000003", person_id=book["王芳"])
        contacts.set_unit_duty(store, unit, T0.date() + timedelta(days=1), "张伟")
        today = contacts.on_duty(store)
    assert [d["name"] for d in today[unit]] == ["王芳"]
    assert contacts.on_duty(store, date(2026, 7, 2))[unit][0]["name"] == "张伟"


def test_unverified_after_180_days_and_alert(store, book):
    with clock.frozen(T0):
        for name, days in (("张伟", 10), ("王芳", 181), ("单雄信", 179)):
            contacts.mark_verified(store, book[name], T0.date() - timedelta(days=days))
        stale = [p["name"] for p in contacts.unverified(store)]
        assert "王芳" in stale and "张伟" not in stale and "单雄信" not in stale
        assert len(stale) == len(book) - 2           # never verified count too
        raised = jobs.run_due(store, only="contacts")
    assert len(raised) == 1 and f"{len(stale)} 人超过 180 天未核实" in raised[0].text


def test_group_keeps_member_order_and_replaces(store, book):
    contacts.save_group(store, "防汛防台指挥部成员", [book["王芳"], book["张伟"]], 10)
    g = contacts.group_by_name(store, "防汛防台指挥部成员")
    assert contacts.group_members(store, g["id"]) == [book["王芳"], book["张伟"]]
    contacts.save_group(store, "防汛防台指挥部成员", [book["解缙"]], 5)
    assert contacts.group_members(store, g["id"]) == [book["解缙"]]
    assert contacts.group_by_name(store, "防汛防台指挥部成员")["timeout_minutes"] == 5
    with pytest.raises(StoreError, match="没有名为“街镇值班室”的通知组"):
        contacts.group_by_name(store, "街镇值班室")


def test_demo_data_is_labelled(store):
    added = contacts.load_demo(store)
    assert added > 10
    assert store.one("SELECT count(*) FROM people WHERE note != '示例数据'")[0] == 0
    assert all("0000" in m["value"] or "example.org" in m["value"]
               for p in contacts.people(store) for m in p["methods"])
    assert all("示例" in g["name"] for g in contacts.groups(store))


def test_save_unit_checks_name_numbers_and_siblings(store):
    root = contacts.save_unit(store, {"name": "区应急委", "parent_id": None})
    unit = contacts.save_unit(store, {"name": "区水务局", "parent_id": root, "duty_phone": "021-64000000"})
    with pytest.raises(StoreError, match="同一上级下已有单位“区水务局”"):
        contacts.save_unit(store, {"name": "区水务局", "parent_id": root})
    with pytest.raises(StoreError, match="传真“fax me”格式不正确"):
        contacts.save_unit(store, {"fax": "fax me"}, unit)
    contacts.save_unit(store, {"fax": "021-64000001", "address": "示例地址"}, unit)
    assert store.get("units", unit)["fax"] == "021-64000001"
    assert contacts.unit_paths(store)[unit] == "区应急委/区水务局"


def test_an_updated_index_finds_what_a_new_one_would_reading_only_the_people_written(store, book, monkeypatch):
    """After a write the window updates its index from the old one: the people written are read again (and
    spelt in pinyin again only if their name changed); a renamed unit re-places its people; a sync, whose
    ids are not known, is found by comparing everyone."""
    index = contacts.ContactIndex(store)
    unit = _unit(store)
    added = _person(store, "周伟", unit)
    contacts.save_person(store, {"name": "章伟"}, book["王芳"])
    with store.write() as tx:
        tx.delete("people", book["张维"])
    spelt = []
    spell = contacts.name_keys.__wrapped__
    monkeypatch.setattr(contacts, "name_keys", lambda name: spelt.append(name) or spell(name))
    newer = index.updated(store, [added, book["王芳"], book["张维"]])
    assert sorted(spelt) == sorted(["周伟", "章伟"])        # the unchanged names kept their pinyin
    fresh = contacts.ContactIndex(store)
    for word in ("zw", "z", "wangfang", "章", "区水务局", "139"):
        assert newer.search_ids(word) == fresh.search_ids(word), word
    assert book["张维"] not in newer.search_ids("zw") and added in newer.search_ids("zw")
    assert len(index.search_ids("zw")) == 2                 # the old index is left as it was
    assert newer.matches("zhouwei", added) and not newer.matches("zhouwei", book["王芳"])

    contacts.save_unit(store, {"name": "区防汛办"}, unit)   # a rename: its people are found by the new name
    spelt.clear()
    renamed = newer.updated(store, [])
    assert spelt == [] and set(renamed.search_ids("防汛办")) == {added, book["张伟"], book["王芳"], book["单雄信"],
                                                             book["区志明"]}
    assert renamed.updated(store).search_ids("防汛办") == renamed.search_ids("防汛办")   # a sync: compare all
    assert spelt == []


def test_people_read_page_by_page_by_name_give_the_whole_list_once(store, book):
    everyone = [p["id"] for p in contacts.people(store)]
    paged, last = [], None
    while True:
        page = contacts.people(store, limit=3, after=last)
        if not page:
            break
        paged += [p["id"] for p in page]
        last = page[-1]
    assert paged == everyone and len(everyone) == len(book)
    unit = _unit(store)
    assert [p["id"] for p in contacts.people(store, unit_id=unit, limit=2, after=contacts.person(store, book["单雄信"]))] \
        == [p["id"] for p in contacts.people(store, unit_id=unit) if p["name"] > "单雄信"][:2]
    assert contacts.unit_counts(store) == {u: n for u, n in contacts.unit_counts(store, list(contacts.unit_paths(store))).items() if n}


def test_one_word_search_ranks_as_checking_every_person_would(store):
    """The column scan (str.find, stopping at the limit) gives what ranking every match would: by rank,
    then shorter name, then name — for first letters with thousands of matches and for rare words."""
    import random

    rng = random.Random(7)
    surnames, given = "张章赵周郑朱曾单王汪吴武李黎刘陈", "伟文武志中正明民华中振珍章强"
    with store.write() as tx:
        units = [contacts.ensure_unit_path(tx, f"区应急委/成员单位/单位{i}") for i in range(5)]
        for n in range(3000):
            name = rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2))))
            contacts.put_person(tx, {"unit_id": rng.choice(units), "name": name, "post": rng.choice(("科员", "主任")),
                                     "methods": [("mobile", f"139{n:08d}")]})
    index = contacts.ContactIndex(store)
    for word in ("z", "zh", "zw", "张", "张伟", "wei", "w", "单位3", "主任", "1390000", "zhangwei", "xyz"):
        every = [e for e in index._entries if word in e.hay]
        expected = [e.id for e in sorted(every, key=lambda e: (e.rank(word), len(e.name), e.name))[:50]]
        assert index.search_ids(word, limit=50) == expected, word
