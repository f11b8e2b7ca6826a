"""The hub refuses what it must (401/403, logged, rest of the batch kept) and never answers 500 — on both
backends (SQLite, and PostgreSQL when XHDUTY_TEST_PG names a server)."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from test_hub_pg_support import enrol, footprint, held
from test_hub_pg_support import refusals as kept_refusals
from test_sync_support import log, make_station
from xhduty.hub import registry
from xhduty.hub.app import create_app
from xhduty.hub.server import HubThread
from xhduty.hub.store import HubStore
from xhduty.sync import state
from xhduty.sync.client import SyncError, run_sync


@pytest.fixture
def district(tmp_path, hub_db):
    with HubThread(tmp_path / "hub", url=hub_db) as hub:
        c, s1 = make_station(tmp_path, "C0", "centre"), make_station(tmp_path, "S1", "street")
        enrol(hub.hub, hub.url, c, "centre")
        token = enrol(hub.hub, hub.url, s1, "street", "xujiahui")
        yield hub, c, s1, token
        c.close(), s1.close()


def refusals(hub, status):
    return kept_refusals(hub.hub, status)


@pytest.mark.parametrize("authorization", [None, "Bearer xh_not-a-token", "Basic abc"])
@pytest.mark.parametrize("method, path", [("GET", "/v1/hello"), ("POST", "/v1/push"), ("GET", "/v1/pull"),
                                          ("GET", "/v1/digest?cursor=0&own_seq=0"), ("GET", "/v1/own")])
def test_no_or_wrong_token_is_401_logged_to_the_log_file_and_writes_nothing(district, authorization, method, path,
                                                                             caplog):
    hub, *_ = district
    before = footprint(hub.hub), len(refusals(hub, 401))
    headers = {"Authorization": authorization} if authorization else {}
    with caplog.at_level("WARNING", logger="xhduty.hub"):
        response = httpx.request(method, hub.url + path, headers=headers, json={"changes": []})
    assert response.status_code == 401 and response.json()["detail"] == "令牌缺失或无效"
    assert (footprint(hub.hub), len(refusals(hub, 401))) == before
    assert any("refused 401 from 127.0.0.1" in r.getMessage() for r in caplog.records)


def test_wrong_token_tells_the_station(district):
    hub, c, s1, token = district
    state.configure(s1, token="xh_wrong")
    with pytest.raises(SyncError, match="令牌"):
        run_sync(s1)


def test_another_divisions_stock_is_refused_403_and_the_rest_of_the_batch_kept(district):
    hub, c, s1, token = district
    with c.write() as tx:
        ours = tx.insert("depots", {"name": "徐家汇储备点", "kind": "储备点", "division": "xujiahui"})
        theirs = tx.insert("depots", {"name": "田林储备点", "kind": "储备点", "division": "tianlin"})
        item = tx.insert("items", {"name": "编织袋", "class_code": "1010100", "unit": "条"})
    run_sync(c), run_sync(s1)
    before = log(s1, "收到编织袋")
    url = state.get(s1, "hub_url")
    with s1.write() as tx:                   # written as if before the station was set up to sync
        state.put(tx, "hub_url", None)
    with s1.write() as tx:
        good = tx.insert("stock_movements", {"at": "2026-07-01T10:00:00+08:00", "kind": "receive",
                                             "depot_id": ours, "item_id": item, "qty": 100})
        bad = tx.insert("stock_movements", {"at": "2026-07-01T10:00:00+08:00", "kind": "receive",
                                            "depot_id": theirs, "item_id": item, "qty": 50})
    with s1.write() as tx:
        state.put(tx, "hub_url", url)
    after = log(s1, "入库完毕")
    result = run_sync(s1)
    assert [(r["status"], "tianlin" in r["reason"]) for r in result["refused"]] == [(403, True)]
    assert result["pushed"] == 3 and result["mismatch"] == []
    with held(hub.hub) as hub_store:
        assert [hub_store.get("stock_movements", m) is not None for m in (good, bad)] == [True, False]
        assert all(hub_store.get("log_entries", e) for e in (before, after))
    assert refusals(hub, 403)[-1]["station"] == "S1"
    assert s1.one("SELECT status FROM sync_refused")[0] == 403 and state.pending(s1) == 0
    [shown] = state.refusals(s1)                                # what the status bar's tooltip lists
    assert (shown["tbl"], shown["record_id"], shown["status"]) == ("stock_movements", bad, 403)
    again = run_sync(s1)                                       # not sent again, and nothing else wrong
    assert (again["pushed"], again["refused"], again["mismatch"]) == (0, [], [])


def _change(**over):
    change = {"change_id": "01TESTCHANGE000000000000001", "station": "S1", "station_seq": 1,
              "hlc": "1790000000000.00000.S1", "tbl": "log_entries", "record_id": "R1", "op": "insert",
              "fields": {"id": "R1", "station": "S1"}, "prev": None}
    change.update(over)
    return change


@pytest.mark.parametrize("body", [
    b"not json", b'{"changes": "x"}', b'{"changes": [{}]}', b"[]",
    {"changes": [_change(op="delete")]},
    {"changes": [_change(station_seq=2 ** 70)]},
    {"changes": [_change(fields={"id": "R1", "n": 2 ** 70})]},
    {"changes": [_change(fields={"id; DROP TABLE changes": 1})]},
    {"changes": [_change(hlc="yesterday")]},
    {"changes": [_change(extra=1)]},
    '{"changes": [{"change_id": "A", "station": "S1", "station_seq": 1, "hlc": "1790000000000.00000.S1",'
    ' "tbl": "log_entries", "record_id": "R", "op": "insert", "fields": {"text": "\\ud800"}}]}',
    '{"changes": [{"change_id": "A", "station": "S1", "station_seq": 1, "hlc": "1790000000000.00000.S1",'
    ' "tbl": "log_entries", "record_id": "R", "op": "insert", "fields": {"qty": NaN}}]}',
])
def test_malformed_payloads_are_422(district, body):
    hub, c, s1, token = district
    kw = {"json": body} if isinstance(body, dict) else {"content": body, "headers": {"Content-Type": "application/json"}}
    headers = {"Authorization": f"Bearer {token}", **kw.pop("headers", {})}
    assert httpx.post(hub.url + "/v1/push", headers=headers, **kw).status_code == 422


@pytest.mark.parametrize("body, kind, status", [(b'{"changes": []}', "application/json; charset=utf-8", 200),
                                               (b'{"changes": []}', "text/plain", 422), (b"", "application/json", 422),
                                               (b'{"changes": ["\xff"]}', "application/json", 400)])
def test_a_push_body_is_refused_as_its_content_type_and_encoding_say(district, body, kind, status):
    hub, c, s1, token = district
    answer = httpx.post(hub.url + "/v1/push", content=body,
                        headers={"Authorization": f"Bearer {token}", "Content-Type": kind})
    assert answer.status_code == status
    if status == 422:
        assert answer.json()["detail"][0]["loc"][0] == "body"


def test_a_change_that_does_not_fit_the_schema_is_refused_alone(district):
    hub, c, s1, token = district
    batch = [
        _change(change_id="X1", tbl="no_such_table", station_seq=1),
        _change(change_id="X2", fields={"id": "R1", "station": "S1", "nonsense": 1}, station_seq=2),
        _change(change_id="X3", fields={"id": "R1", "station": "S1"}, station_seq=3),   # NOT NULL columns
        _change(change_id="X4", station_seq=9),                                          # a gap
    ]
    answer = httpx.post(hub.url + "/v1/push", headers={"Authorization": f"Bearer {token}"},
                        json={"changes": batch}).json()
    assert [(r["change_id"], r["status"]) for r in answer["refused"]] == [
        ("X1", 422), ("X2", 422), ("X3", 422), ("X4", 409)]
    assert answer["last_seq"] == 3
    entry = log(s1, "之后一切正常")   # seq 1 of S1 is taken on the hub by X1 now: S1 numbers it after 3
    result = run_sync(s1)
    assert (result["refused"], result["waiting"], result["recovered"]["renumbered"]) == ([], [], 1)
    with held(hub.hub) as hub_store:
        assert hub_store.get("log_entries", entry) is not None


# ------------------------------------------------------------------------- schemathesis over the spec

@pytest.fixture
def hub_app(tmp_path, hub_db):
    hub = HubStore.open(tmp_path / "hub", url=hub_db)
    registry.add_station(hub, "C0", "centre")
    app = create_app(hub)
    app.state.token = registry.add_station(hub, "S1", "street", "xujiahui")
    yield app
    hub.close()


@pytest.fixture
def api_schema(hub_app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", hub_app)
    schema.config.generation.update(modes=list(schemathesis.GenerationMode), database="none")  # valid and invalid
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_hub_api_never_fails_on_what_the_spec_allows_or_forbids(case, hub_app):
    case.call_and_validate(headers={"Authorization": f"Bearer {hub_app.state.token}"},
                           checks=[schemathesis.checks.not_a_server_error,
                                   schemathesis.checks.status_code_conformance,
                                   schemathesis.checks.response_schema_conformance])
