"""The duty log's keyword index (core/duty/log_search.py) finds exactly what the LIKE filter finds, in the same
order, whatever part of the log is indexed: random words of the text and of the 来电接报 fields, one
character, latin and digits, several words, entries written or pulled after the last one indexed."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from xhduty.core import clock
from xhduty.core.duty import duty, log_search

ALPHABET = "火灾燃气泄漏车库进水小区消防物业排水电梯困人"
LATIN = ("110", "1100", "ABC", "abc", "B2", "13900001234", "021-64871234转8001", "12号", "2026年6月3日")


def _like(store, flt: duty.LogFilter) -> list[str]:
    """The ids LIKE alone finds for ``flt`` in log order: the filter as it was before the index."""
    where, params = flt.where()
    return [r[0] for r in store.query(f"SELECT e.id FROM {flt.source()}{where} ORDER BY o.pos", params)]


def _text(rng: random.Random) -> str:
    parts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.2:
        parts.append(rng.choice(LATIN))
    return "，".join(parts)


def _fill(store, rng: random.Random, n: int) -> list[str]:
    """``n`` entries of random text; every fourth a call taken (来电接报) whose fields hold other words."""
    shift = duty.current_shift(store)
    ids = []
    with store.write() as tx:
        for i in range(n):
            details = {"caller_unit": _text(rng), "place": _text(rng)} if i % 4 == 0 else None
            ids.append(duty.append_entry(tx, text=_text(rng), kind="intake" if details else "note",
                                         details=details, shift_id=shift["id"]))
    return ids


def _words(rng: random.Random, store, k: int) -> list[str]:
    """Words taken from the entries' text and fields (so they are found), random ones, and the hard cases."""
    texts = [r[0] + (r[1] or "") for r in store.query("SELECT text, details FROM log_entries")]
    picked = []
    for _ in range(k):
        source = rng.choice(texts)
        start = rng.randrange(len(source))
        picked.append(source[start:start + rng.randint(1, 5)])
    picked += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, 4))) for _ in range(k)]
    return [w for w in picked if w.strip() and '"' not in w] + [
        "火", "灾", "110", "abc", "B2", "火灾", "燃气泄漏", "火_灾", "火%水", "不存在的词", "caller_unit", "灾 水",
        "火灾 110", "车库 进水 小区", "1234", "0000123", "6487", "1_34", "12%34", "139 火", "8001", "999", "12"]


def _same(store, flt: duty.LogFilter) -> None:
    expected = _like(store, flt)
    assert duty.count_entries(store, flt) == len(expected), flt
    assert [e["id"] for e in duty.list_entries(store, flt)] == expected, flt
    assert [e["id"] for e in duty.entries_after(store, flt, None, 7)] == expected[:7], flt
    assert [e["id"] for e in duty.entries_before(store, flt, None, 7)] == expected[-7:], flt
    assert [e["id"] for e in duty.entries_after(store, flt, None, 5, skip=3)] == expected[3:8], flt
    if len(expected) > 4:
        pos = duty.entries_after(store, flt, None, 3)[-1]["pos"]
        assert [e["id"] for e in duty.entries_after(store, flt, pos, 4)] == expected[3:7], flt
        assert [e["id"] for e in duty.entries_before(store, flt, pos, 2)] == expected[0:2], flt
    counted = duty.count_entries(store, flt, budget=10)
    assert counted in (None, len(expected)), flt


@pytest.fixture(params=["index first", "walk first", "many candidates"])
def plan(request, monkeypatch):
    """Every way of reading a keyword's entries: through its candidates, walking the log in order, and
    the index saying only that there are many (counted in full when a count is asked)."""
    if request.param == "many candidates":
        monkeypatch.setattr(log_search, "MANY", 2)
        return request.param
    first = request.param == "index first"
    monkeypatch.setattr(duty, "CANDIDATE_COST", 0 if first else 10 ** 9)
    monkeypatch.setattr(duty, "BY_ENTRIES_FIRST", 10 ** 9 if first else -1)
    return request.param


def test_the_filter_finds_what_like_finds_indexed_or_not(on_duty, plan):
    rng = random.Random(13)
    _fill(on_duty, rng, 240)
    log_search.index_log(on_duty, limit=150)              # the rest after upto: read by LIKE
    assert 0 < log_search.pending(on_duty) < 241
    shift = duty.current_shift(on_duty)["id"]
    yesterday = clock.now() - timedelta(days=1)
    for word in _words(rng, on_duty, 25):
        for flt in (duty.LogFilter(text=word), duty.LogFilter(text=word, shift_id=shift),
                    duty.LogFilter(text=word, kinds=["intake"]), duty.LogFilter(text=word, since=yesterday)):
            _same(on_duty, flt)
    assert log_search.index_all(on_duty) > 0 and log_search.pending(on_duty) == 0
    for word in _words(rng, on_duty, 25):
        _same(on_duty, duty.LogFilter(text=word))
        _same(on_duty, duty.LogFilter(text=word, significant_only=True))


def test_words_in_the_call_record_fields_are_found(on_duty):
    entry = duty.add_entry(on_duty, "接报一起", kind="intake", details={"caller_unit": "区消防救援支队",
                                                                  "place": "漕溪北路地下车库"})
    duty.add_entry(on_duty, "其他记录")
    log_search.index_all(on_duty)
    for word in ("消防", "救援支队", "地下车库", "漕溪北路"):
        assert [e["id"] for e in duty.list_entries(on_duty, duty.LogFilter(text=word))] == [entry]
        assert duty.count_entries(on_duty, duty.LogFilter(text=word)) == 1


def test_only_words_with_two_chinese_characters_or_three_digits_side_by_side_use_the_index(on_duty):
    assert log_search.phrases("燃气泄漏") == [["燃气", "气泄", "泄漏"]]
    assert log_search.phrases("110火警") == [["火警"], ["ǂ110"]]
    assert log_search.phrases("火灾%车库") == [["火灾"], ["车库"]]
    assert log_search.phrases("6487_1234") == [["ǂ648", "ǂ487"], ["ǂ123", "ǂ234"]]
    for word in ("火", "12", "abc", "火_灾", "⽕灾", "１１０"):  # ⽕ (a radical) is not 火: LIKE tells them apart
        assert log_search.phrases(word) == []
        assert log_search.candidates(on_duty, [word]) is None


def test_words_of_chinese_characters_only_are_counted_by_the_index_and_exactly(on_duty):
    duty.add_entry(on_duty, "火灾")
    duty.add_entry(on_duty, "⽕灾")                        # looks alike, is not: LIKE does not find it
    duty.add_entry(on_duty, "火 灾")
    duty.add_entry(on_duty, "路面，面积水")                # 路面 面积 积水, but not side by side
    duty.add_entry(on_duty, "路面积水", details={"place": "路面积"})
    log_search.index_all(on_duty)
    duty.add_entry(on_duty, "又一起火灾")                  # after upto
    cand = log_search.candidates(on_duty, ["火灾"])
    assert cand.exact and cand.indexed == 1 and cand.tail == 1
    assert duty.count_entries(on_duty, duty.LogFilter(text="火灾"), budget=1) == 2   # the tail is read
    cand = log_search.candidates(on_duty, ["路面积水"])
    assert cand.exact and cand.indexed == 1
    assert duty.count_entries(on_duty, duty.LogFilter(text="路面积水"), budget=1) == 1
    assert duty.count_entries(on_duty, duty.LogFilter(text="积水 火灾"), budget=1) == 0
    assert not log_search.candidates(on_duty, ["110火灾"]).exact    # the candidates' LIKE decides


def test_a_pulled_entry_is_found_before_and_after_it_is_indexed(tmp_path):
    from xhduty.core.store import init_station, open_store

    centre, street = open_store(tmp_path / "c.db"), open_store(tmp_path / "s.db")
    init_station(centre, "XH-C", "区值班室", "centre")
    init_station(street, "XH-LH", "龙华街道", "street")
    duty.start_shift(centre, "王带班", ["李值班"])
    duty.add_entry(centre, "本站记录：路面积水")
    log_search.index_all(centre)
    duty.start_shift(street, "赵带班", ["钱值班"])
    pulled = duty.add_entry(street, "街道上报：某小区燃气泄漏", kind="intake", details={"place": "龙华中路地下车库"})
    with centre.write() as tx:
        tx.apply_many([dict(r) for r in street.query("SELECT * FROM changes ORDER BY station_seq")])
    for indexed in (False, True):
        for word in ("燃气泄漏", "地下车库", "燃气 车库"):
            flt = duty.LogFilter(text=word)
            assert [e["id"] for e in duty.list_entries(centre, flt)] == [pulled], (word, indexed)
            assert duty.count_entries(centre, flt) == 1
        assert log_search.pending(centre) == (0 if indexed else 2)   # the street's 开始值班 and its report
        log_search.index_all(centre)


def test_an_index_whose_entries_were_renumbered_starts_again(on_duty):
    ids = [duty.add_entry(on_duty, f"第{i}起车库进水") for i in range(5)]
    log_search.index_all(on_duty)
    with on_duty.write() as tx:   # as if a VACUUM had renumbered the rowids: upto names another entry
        tx.set_meta(log_search.UPTO, f"{on_duty.one('SELECT max(rowid) FROM log_entries')[0]} {ids[0]}")
    assert log_search.pending(on_duty) == 6
    assert duty.count_entries(on_duty, duty.LogFilter(text="车库进水")) == 5      # LIKE meanwhile
    assert log_search.index_all(on_duty) == 6
    assert duty.count_entries(on_duty, duty.LogFilter(text="车库进水")) == 5


def test_a_batch_indexed_by_another_worker_meanwhile_is_not_indexed_twice(on_duty, monkeypatch):
    for i in range(3):
        duty.add_entry(on_duty, f"车库进水{i}")
    real_terms = log_search.search.run_terms

    def terms_while_another_indexes(text, fold=True):
        monkeypatch.setattr(log_search.search, "run_terms", real_terms)
        assert log_search.index_log(on_duty) == 4           # the other worker, between read and write
        return real_terms(text, fold)

    monkeypatch.setattr(log_search.search, "run_terms", terms_while_another_indexes)
    assert log_search.index_log(on_duty) == 0
    assert log_search.candidates(on_duty, ["车库"]).indexed == 3


def test_a_count_that_would_read_many_entries_is_left_to_a_worker(on_duty):
    for i in range(30):
        duty.add_entry(on_duty, f"路面积水{i}" if i % 2 else f"树木倒伏{i}")
    log_search.index_all(on_duty)
    assert duty.count_entries(on_duty, duty.LogFilter(text="路面积水1"), budget=5) is None
    assert duty.count_entries(on_duty, duty.LogFilter(text="路面积水1"), budget=100) == 6
    assert duty.count_entries(on_duty, duty.LogFilter(text="路面积水"), budget=0) == 15  # the index alone
    assert duty.count_entries(on_duty, duty.LogFilter(text="路面积水", kinds=["note"]), budget=5) is None
    assert duty.count_entries(on_duty, duty.LogFilter(text="1"), budget=5) is None      # a LIKE scan


def test_log_list_on_the_command_line_filters_by_keywords(on_duty, capsys):
    import json

    from xhduty.cli import main

    found = duty.add_entry(on_duty, "来电", kind="intake", details={"place": "龙华中路地下车库"})
    duty.add_entry(on_duty, "龙华中路路面积水")
    log_search.index_log(on_duty, limit=2)                 # one of them indexed, one read by LIKE
    assert main(["log", "list", "--all", "--text", "龙华中路 车库", "--json"]) == 0
    assert [e["id"] for e in json.loads(capsys.readouterr().out)] == [found]


def test_a_phone_number_typed_into_the_filter_reads_its_candidates_not_the_log(on_duty):
    """An officer looks up earlier calls from the number on the phone: the entries holding its digits side
    by side are read (the index's candidates), inside longer numbers too, never the rest of the log."""
    call = duty.add_entry(on_duty, "来电：漕溪路积水", kind="intake",
                          details={"caller_name": "张先生", "caller_phone": "13900001234"})
    other = duty.add_entry(on_duty, "物业来电，号码 021-64871234转8001")
    for i in range(300):
        duty.add_entry(on_duty, f"巡查记录第{i}次，无异常")
    log_search.index_all(on_duty)
    cand = log_search.candidates(on_duty, ["1234"])
    assert cand is not None and not cand.exact and cand.indexed == 2 and cand.tail == 0
    assert [e["id"] for e in duty.list_entries(on_duty, duty.LogFilter(text="1234"))] == [call, other]
    assert [e["id"] for e in duty.list_entries(on_duty, duty.LogFilter(text="13900001234"))] == [call]
    assert duty.count_entries(on_duty, duty.LogFilter(text="4871234"), budget=10) == 1
    assert log_search.candidates(on_duty, ["1299"]).indexed == 0


def test_an_index_made_before_digits_were_indexed_starts_again(on_duty):
    entry = duty.add_entry(on_duty, "来电号码 13900001234")
    with on_duty.write() as tx:   # what the version before left: the old mark, the entry indexed without digits
        tx.set_meta(log_search.OLD_UPTO, f"{on_duty.one('SELECT max(rowid) FROM log_entries')[0]} {entry}")
    assert log_search.pending(on_duty) == on_duty.one("SELECT max(rowid) FROM log_entries")[0]
    log_search.index_all(on_duty)
    assert on_duty.meta(log_search.OLD_UPTO) is None
    assert log_search.candidates(on_duty, ["0001"]).indexed == 1
