"""The push body is built by SQLite from the outbox rows (protocol.WIRE_JSON): it must say exactly what
protocol.wire() says of the same rows, and be a valid PushRequest.  The hub reads it
(protocol.push_changes) exactly as PushRequest would."""

from __future__ import annotations

import json

import orjson
import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xhduty.core.duty import duty
from xhduty.sync.protocol import WIRE_JSON, PushRequest, batch_body, push_changes, wire


def test_the_wire_text_sqlite_builds_is_the_change_wire_gives(store):
    with store.write() as tx:
        duty.append_entry(tx, text="示例数据：含引号\"、反斜杠\\ 和换行\n的记录", details={"来电人": "张三", "电话": "021-64000000"})
        unit = tx.insert("units", {"name": "示例数据：单位", "sort": 3})
        tx.update("units", unit, {"duty_phone": "64000000", "sort": -2})
        value = tx.insert("indicator_values", {"indicator": "fire_stations", "value": 12.5, "as_of": "2026-11-30",
                                               "source": "示例数据"})
        tx.delete("indicator_values", value)
    rows = store.query(f"SELECT *, {WIRE_JSON} AS wire_text FROM changes ORDER BY station_seq")
    assert len(rows) == 5 and any(r["prev"] for r in rows)
    for row in rows:
        plain = {k: row[k] for k in row.keys() if k != "wire_text"}
        assert orjson.loads(row["wire_text"]) == wire(plain)
    request = PushRequest.model_validate_json(batch_body([r["wire_text"] for r in rows]))
    assert [c.change_id for c in request.changes] == [r["change_id"] for r in rows]
    assert request.changes[3].fields["value"] == 12.5


# ---------------------------------------------------- the hub's reading of a push body (protocol.push_changes)

def _model(body: bytes):
    """What PushRequest, the schema, makes of ``body``: the changes dumped, or the ValidationError's errors."""
    try:
        return [c.model_dump() for c in PushRequest.model_validate_json(body).changes]
    except pydantic.ValidationError as exc:
        return ("refused", [(e["loc"], e["type"]) for e in exc.errors()])


def _read(body: bytes):
    try:
        return push_changes(body)
    except pydantic.ValidationError as exc:
        return ("refused", [(e["loc"], e["type"]) for e in exc.errors()])


STAMP = "1790000000000.00000.S1"
# each part of a change as a station sends it, and bent at or beyond each bound the model declares
GOOD_VALUES = (st.none() | st.integers(-2 ** 63, 2 ** 63 - 1) | st.sampled_from([2 ** 63 - 1, -2 ** 63, -0.0])
               | st.floats(-9.2e18, 9.2e18) | st.text(max_size=5) | st.just("x" * 100_000))
GOOD_NAMES = st.sampled_from(["id", "station", "text", "_x", "a" * 63])
GOOD = {"change_id": st.sampled_from(["01J0000000000000000000000A", "R1", "a.b:c-d_e", "x" * 64]),
        "station": st.sampled_from(["S1", "C0", "x" * 32]), "station_seq": st.sampled_from([1, 2, 2 ** 62]),
        "hlc": st.sampled_from([STAMP, "1790000000000.00000.C0"]), "tbl": st.sampled_from(["log_entries", "units"]),
        "record_id": st.sampled_from(["R1", "x" * 64]), "op": st.sampled_from(["insert", "update"]),
        "fields": st.dictionaries(GOOD_NAMES, GOOD_VALUES, max_size=5),
        "prev": st.none() | st.dictionaries(GOOD_NAMES, st.none() | st.just(STAMP), max_size=3)}
BAD_IDENTS = ["", "x" * 65, "a b", "A\n", "A\nB", "名", 7, None, [], True]
BAD = {"change_id": BAD_IDENTS, "record_id": BAD_IDENTS, "station": ["S", "x" * 33, "S 1", "S1\n", 1, None],
       "station_seq": [2 ** 62 + 1, 0, -1, True, 1.0, "1", None, 2 ** 64],
       "hlc": ["179000000000.00000.S1", "1790000000000.0000.S1", "١٧٩٠٠٠٠٠٠٠٠٠٠.00000.S1", "1790000000000.00000.S",
               "yesterday", 1790000000000, None],
       "tbl": ["Text", "1a", "", "a" * 64, "a-b", "a\n", None], "op": ["delete", "", None, 1, ["insert"]],
       "fields": [None, [], "x", {f"f{i}": 1 for i in range(201)}],
       "prev": [[], "x", {f"f{i}": None for i in range(201)}, {"a": "yesterday"}, {"A": None}, {"a": 1}]}
BAD_VALUES = [2 ** 63, -2 ** 63 - 1, 2 ** 64, -2 ** 64, 2 ** 70, 9.3e18, -9.3e18, 1e300, True, False, [], {}, [1],
              {"a": 1}, "x" * 100_001]
BAD_NAMES = ["a" * 64, "Text", "1a", "", "名", "a-b", "a\n"]


@st.composite
def changes(draw):
    """A change as a station sends it, or with one part bent: a value, a column name, a key missing or extra."""
    change = {key: draw(part) for key, part in GOOD.items()}
    bend = draw(st.sampled_from([None, "value", "name", "missing", "extra", *BAD]))
    if bend == "value":
        change["fields"][draw(GOOD_NAMES)] = draw(st.sampled_from(BAD_VALUES))
    elif bend == "name":
        change[draw(st.sampled_from(["fields", "prev"]))] = {draw(st.sampled_from(BAD_NAMES)): None}
    elif bend == "missing":
        del change[draw(st.sampled_from(list(GOOD)))]
    elif bend == "extra":
        change["extra"] = 1
    elif bend:
        change[bend] = draw(st.sampled_from(BAD[bend]))
    return change


@given(st.lists(changes(), max_size=3) | st.sampled_from([[{}] * 1001, "x", None]), st.sampled_from(["changes"] * 9 + ["x"]))
@settings(max_examples=200, deadline=None)
def test_the_hub_reads_a_push_body_as_the_schema_does(batch, key):
    """The fast reading never lets through what PushRequest refuses, and gives what it gives."""
    body = json.dumps({key: batch}, ensure_ascii=False).encode()
    assert _read(body) == _model(body)


def _sent(**over) -> dict:
    change = {"change_id": "01J0000000000000000000000A", "station": "S1", "station_seq": 1, "hlc": STAMP,
              "tbl": "log_entries", "record_id": "R1", "op": "update", "fields": {"id": "R1", "text": "x" * 100_000,
              "n": 2 ** 63 - 1, "m": -2 ** 63, "r": 9.2e18}, "prev": {"text": STAMP, "n": None}}
    return {**change, **over}


BENT = ([(key, value) for key, values in BAD.items() for value in values]
        + [("fields", {"id": "R1", "v": value}) for value in BAD_VALUES]
        + [(key, {name: None}) for key in ("fields", "prev") for name in BAD_NAMES])


@pytest.mark.parametrize("key, value", BENT, ids=lambda v: repr(v)[:30])
def test_each_bound_of_the_schema_is_kept_by_the_hubs_reading(key, value):
    """Every bent part on its own, after a change as stations send it: refused (or converted) as the model does."""
    body = json.dumps({"changes": [_sent(), _sent(**{key: value})]}, ensure_ascii=False).encode()
    assert _read(body) == _model(body)
    for key in GOOD:
        body = json.dumps({"changes": [{k: v for k, v in _sent().items() if k != key}]}).encode()
        assert _read(body) == _model(body)


def test_a_push_of_a_thousand_changes_is_read_as_the_schema_reads_it(store):
    with store.write() as tx:
        for i in range(500):
            duty.append_entry(tx, text=f"示例数据：第 {i} 条")
        units = [tx.insert("units", {"name": f"示例数据：单位{i}", "sort": i}) for i in range(250)]
        for unit in units:
            tx.update("units", unit, {"duty_phone": "64000000"})
    body = batch_body([r["wire"] for r in store.query(f"SELECT {WIRE_JSON} AS wire FROM changes ORDER BY station_seq")])
    read = push_changes(body)
    assert len(read) == 1000 and read == _model(body)


def test_an_integer_beyond_64_bits_is_refused_although_orjson_reads_it_as_a_float():
    body = batch_body([json.dumps({"change_id": "A", "station": "S1", "station_seq": 1, "hlc": STAMP, "tbl": "t",
                                   "record_id": "R", "op": "insert", "fields": {"n": value}}) for value in (2 ** 64, 1.5)])
    assert _read(body)[0] == "refused" and [e[0] for e in _read(body)[1]][0][:4] == ("changes", 0, "fields", "n")
    one = batch_body([json.dumps({"change_id": "A", "station": "S1", "station_seq": 1, "hlc": STAMP, "tbl": "t",
                                  "record_id": "R", "op": "insert", "fields": {"n": 1e19}})])
    assert push_changes(one)[0]["fields"]["n"] == 1e19      # a float written as one is a number like any


def test_the_hub_publishes_pushrequest_as_the_push_body(tmp_path):
    """The push route reads its body itself; the spec (what schemathesis and stations go by) still says it is a
    PushRequest, with the schema the model gives."""
    from xhduty.hub.app import create_app
    from xhduty.hub.store import HubStore

    hub = HubStore.open(tmp_path / "hub")
    try:
        spec = create_app(hub).openapi()
    finally:
        hub.close()
    body = spec["paths"]["/v1/push"]["post"]["requestBody"]
    assert body == {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
                    "required": True}
    model = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    change, published = model.pop("$defs")["Change"], spec["components"]["schemas"]["Change"]
    assert spec["components"]["schemas"]["PushRequest"] == model
    # Change is the one the responses list too (FastAPI's rendering: prev's default not shown, bounds as floats)
    assert (published["required"], published["properties"].keys(), published["additionalProperties"]) == \
        (change["required"], change["properties"].keys(), False)
