"""Every table declares how it merges, every synced table has an authority rule, and the rules hold."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xhduty.core.store import Migration, known_migrations, migrate
from xhduty.core import authority
from xhduty.core.authority import StationInfo


def undeclared_tables(store) -> list[str]:
    """Tables in the schema without a row in table_kinds (shadow tables of a declared FTS table excepted)."""
    rows = store.query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    virtual = [r["name"] for r in rows if (r["sql"] or "").upper().startswith("CREATE VIRTUAL TABLE")]
    kinds = store.kinds()
    return sorted(r["name"] for r in rows if r["name"] not in kinds
                  and not any(r["name"].startswith(v + "_") for v in virtual))


def test_every_table_declares_its_merge_kind(store):
    assert undeclared_tables(store) == []


def test_every_synced_table_has_an_authority_rule(store):
    assert authority.missing_rules(store) == []


def test_the_checks_catch_a_table_without_kind_or_rule(tmp_path):
    extra = tmp_path / "9999_stray.sql"
    extra.write_text(
        "CREATE TABLE stray (id TEXT PRIMARY KEY);\n"
        "CREATE TABLE stray_log (id TEXT PRIMARY KEY, station TEXT NOT NULL, created_at TEXT NOT NULL);\n"
        "INSERT INTO table_kinds (name, kind) VALUES ('stray_log', 'append');\n", encoding="utf-8")
    path = tmp_path / "db.sqlite"
    migrate(path, known_migrations() + [Migration(9999, extra)])
    from xhduty.core.store import Store, _connect

    store = Store(path, _connect(path))
    assert undeclared_tables(store) == ["stray"]
    assert authority.missing_rules(store) == ["stray_log"]
    refused = authority.refusal(store, StationInfo("S1", "centre", None), {
        "station": "S1", "tbl": "stray_log", "record_id": "r1", "op": "insert",
        "fields": {"id": "r1", "station": "S1", "created_at": "x"}})
    assert refused[0] == 403 and "没有同步权限规则" in refused[1]
    store.close()


def test_every_rule_names_a_known_kind_and_a_label(store):
    for table, rule in authority.RULES.items():
        assert rule.write in ("own", "own_or_centre", "centre", "division"), table
        assert rule.read in ("all", "owner"), table
        assert (rule.division_of is not None) == (rule.write == "division"), table
        assert rule.label and table in store.kinds(), table


CENTRE = StationInfo("C0", "centre", None)
XJH = StationInfo("S1", "street", "xujiahui")
TL = StationInfo("S2", "street", "tianlin")


def _insert(station: StationInfo, table: str, **fields):
    record = {"id": fields.pop("id", "R1"), "station": station.code, "created_at": "2026-01-01T00:00:00+08:00",
              **fields}
    return {"station": station.code, "tbl": table, "record_id": record["id"], "op": "insert", "fields": record}


@pytest.fixture
def hubish(store):
    """A store holding one depot per division, written as the hub would hold them."""
    with store.write() as tx:
        for depot, division in (("D-XJH", "xujiahui"), ("D-TL", "tianlin")):
            tx.insert("depots", {"id": depot, "name": depot, "kind": "储备点", "division": division})
    return store


def test_a_street_writes_stock_only_in_its_own_division(hubish):
    mine = _insert(XJH, "stock_movements", depot_id="D-XJH", item_id="I", kind="receive", qty=5, at="t")
    theirs = _insert(XJH, "stock_movements", depot_id="D-TL", item_id="I", kind="receive", qty=5, at="t")
    assert authority.refusal(hubish, XJH, mine) is None
    assert authority.refusal(hubish, XJH, theirs)[0] == 403
    assert authority.refusal(hubish, TL, _insert(TL, "stock_movements", depot_id="D-TL", item_id="I",
                                                 kind="receive", qty=1, at="t")) is None
    assert authority.refusal(hubish, CENTRE, _insert(CENTRE, "stock_movements", depot_id="D-TL", item_id="I",
                                                     kind="receive", qty=1, at="t")) is None


def test_a_street_cannot_move_a_depot_into_its_division(hubish):
    move = {"station": "S1", "tbl": "depots", "record_id": "D-TL", "op": "update",
            "fields": {"division": "xujiahui", "updated_at": "t"}}
    assert authority.refusal(hubish, XJH, move)[0] == 403
    assert authority.refusal(hubish, TL, {**move, "station": "S2"})[0] == 403   # out of its own, too
    rename = {"station": "S2", "tbl": "depots", "record_id": "D-TL", "op": "update", "fields": {"name": "新名"}}
    assert authority.refusal(hubish, TL, rename) is None


def test_centre_tables_and_own_records(hubish):
    assert authority.refusal(hubish, XJH, _insert(XJH, "units", name="区应急局"))[0] == 403
    assert authority.refusal(hubish, CENTRE, _insert(CENTRE, "units", name="区应急局")) is None
    # another station's change, a forged creator, rewriting immutable fields, editing an append table
    assert authority.refusal(hubish, XJH, _insert(TL, "log_entries"))[0] == 403
    forged = _insert(XJH, "log_entries")
    forged["fields"]["station"] = "S2"
    assert authority.refusal(hubish, XJH, forged)[0] == 403
    edit = {"station": "S1", "tbl": "log_entries", "record_id": "R1", "op": "update", "fields": {"text": "x"}}
    assert authority.refusal(hubish, XJH, edit)[0] == 403
    steal = {"station": "S1", "tbl": "depots", "record_id": "D-XJH", "op": "update", "fields": {"station": "S1"}}
    assert authority.refusal(hubish, XJH, steal)[0] == 403


def test_owner_tables_are_read_only_by_the_centre(store):
    assert "log_entries" in authority.readable_tables(store, CENTRE)
    assert "log_entries" not in authority.readable_tables(store, XJH)
    assert "stock_movements" in authority.readable_tables(store, XJH)


def test_an_incident_is_written_by_the_station_that_took_it_and_by_the_centre(store):
    with store.write() as tx:
        tx.insert("incidents", {"id": "INC", "station": "S1", "title": "示例数据：积水", "type_code": "N.flood",
                                "level": "IV", "taken_at": "2026-07-01T10:00:00+08:00", "status": "taken"})
    raise_level = {"tbl": "incidents", "record_id": "INC", "op": "update", "fields": {"level": "III"}}
    assert authority.refusal(store, XJH, {**raise_level, "station": "S1"}) is None
    assert authority.refusal(store, CENTRE, {**raise_level, "station": "C0"}) is None
    assert authority.refusal(store, TL, {**raise_level, "station": "S2"})[0] == 403


_VALUE = st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.integers(-2 ** 70, 2 ** 70),
                   st.sampled_from([0, 1, 10 ** 9, 10 ** 9 + 1, -10 ** 12 - 1, 10 ** 12, 2 ** 63 - 1]),
                   st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1e300, -0.0, 0.5]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(st.tuples(st.sampled_from(["stock_movements", "indicator_values", "no_such_table"]),
                                st.dictionaries(st.sampled_from(["qty", "counted", "lot", "value", "note", "x"]),
                                                _VALUE, max_size=4)), max_size=12))
def test_a_batch_is_judged_as_each_change_alone(store, batch):
    """The hub checks a push's values a column at a time; what it finds is what checking each change alone
    finds, with the same words — typed columns, bounds of the table's spans, booleans, NaN, huge integers."""
    changes = [{"tbl": table, "fields": fields} for table, fields in batch]
    alone = {i: problem for i, (table, fields) in enumerate(batch)
             if table in store.kinds() and (problem := authority.field_problem(store, table, fields))}
    assert authority.field_problems(store, changes) == alone
