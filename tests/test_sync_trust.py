"""Issue 12, finding by finding, over real HTTP against a hub on loopback: sync never stalls or loses data
silently.  Each test names the finding it covers."""

from __future__ import annotations

import json
import shutil
import socket

import httpx
import pytest

from test_sync_support import enrol, log, make_station, running_hub
from xhduty.cli import main
from xhduty.core import clock, demo
from xhduty.core.integrity import check
from xhduty.core.store import StoreError, open_store
from xhduty.hub.server import HubThread
from xhduty.hub.settings import HubSettings
from xhduty.sync import state
from xhduty.sync.client import SyncError, run_sync


@pytest.fixture
def district(tmp_path):
    """A hub with the centre C0 and the 徐家汇 street station S1, both synced once."""
    with running_hub(tmp_path) as hub:
        c, s1 = make_station(tmp_path, "C0", "centre"), make_station(tmp_path, "S1", "street")
        enrol(hub, c, "centre")
        token = enrol(hub, s1, "street", "xujiahui")
        run_sync(c), run_sync(s1)
        yield hub, c, s1, token
        c.close(), s1.close()


def hub_ids(hub, table: str) -> set[str]:
    return {r[0] for r in hub.hub.store.query(f"SELECT id FROM {table}")}


def push(hub, token: str, *changes: dict) -> httpx.Response:
    return httpx.post(hub.url + "/v1/push", headers={"Authorization": f"Bearer {token}"},
                      json={"changes": list(changes)})


def raw_change(seq: int, **over) -> dict:
    """A change of S1 as it would be on the wire: a duty-log entry unless ``over`` says otherwise."""
    rid = f"R{seq}"
    change = {"change_id": f"01TRUST{seq:020d}", "station": "S1", "station_seq": seq,
              "hlc": f"{clock.wall_ms():013d}.00000.S1", "tbl": "log_entries", "record_id": rid, "op": "insert",
              "fields": {"id": rid, "station": "S1", "created_at": "2026-07-01T10:00:00+08:00", "seq": seq,
                         "at": "2026-07-01T10:00:00+08:00", "kind": "note", "text": "示例数据", "prev_hash": "0",
                         "hash": "0"}, "prev": None}
    change.update(over)
    return change


def _unchecked(store):
    """Write as a station did before it was set up to sync (no write-time checks: the hub must catch it)."""
    url = state.get(store, "hub_url")
    with store.write() as tx:
        state.put(tx, "hub_url", None)

    class _Restore:
        def __enter__(self):
            return store

        def __exit__(self, *exc):
            with store.write() as tx:
                state.put(tx, "hub_url", url)
    return _Restore()


# ------------------------------------------------------------------ 1. a refused change blocks everything after it

def test_1_a_refused_record_and_its_edit_never_hold_back_later_changes(district):
    hub, c, s1, token = district
    with _unchecked(s1), s1.write() as tx:                   # another division's depot, then an edit of it
        depot = tx.insert("depots", {"name": "田林储备点", "kind": "储备点", "division": "tianlin"})
        tx.update("depots", depot, {"keeper": "李四"})
    later = [log(s1, f"之后的记录{i}") for i in range(3)]
    result = run_sync(s1)
    assert [r["status"] for r in result["refused"]] == [403, 403]
    assert "属于 tianlin 辖区" in result["refused"][0]["reason"]
    assert "新增已被中心拒收" in result["refused"][1]["reason"]         # the edit: final at once, not 409
    assert result["waiting"] == [] and state.pending(s1) == 0
    assert set(later) <= hub_ids(hub, "log_entries")
    listed = {r["record_id"] for r in state.refusals(s1)}
    assert listed == {depot}
    again = run_sync(s1)
    assert (again["pushed"], again["refused"], again["waiting"], again["mismatch"]) == (0, [], [], [])


def test_1_what_the_hub_would_refuse_is_refused_at_the_moment_of_writing(district):
    hub, c, s1, token = district
    before = s1.one("SELECT count(*) FROM changes")[0]
    with pytest.raises(StoreError, match="属于 tianlin 辖区.*本站未保存"):
        with s1.write() as tx:
            tx.insert("depots", {"name": "田林储备点", "kind": "储备点", "division": "tianlin"})
    with pytest.raises(StoreError, match="单位只能由区中心修改"):
        with s1.write() as tx:
            tx.insert("units", {"name": "区应急局"})
    assert s1.one("SELECT count(*) FROM changes")[0] == before and s1.one("SELECT count(*) FROM depots")[0] == 0
    with s1.write() as tx:                                       # its own division: allowed
        tx.insert("depots", {"name": "徐家汇储备点", "kind": "储备点", "division": "xujiahui"})
    assert run_sync(s1)["refused"] == []


def test_1_a_depot_created_and_edited_between_two_syncs_is_accepted_in_one_push(district):
    """The hub decides a batch before merging it: a division-scoped edit must still find the division of a
    record created earlier in the same batch (it was refused, found by the hazards engineer)."""
    hub, c, s1, token = district
    with s1.write() as tx:
        depot = tx.insert("depots", {"name": "徐家汇储备点", "kind": "储备点", "division": "xujiahui"})
    with s1.write() as tx:
        tx.update("depots", depot, {"keeper": "示例保管员"})
    assert run_sync(s1)["refused"] == []
    assert hub.hub.store.get("depots", depot)["keeper"] == "示例保管员"


def test_1_demo_data_on_a_street_station_never_blocks_sync(district):
    hub, c, s1, token = district
    added = demo.load(s1)
    assert added["roster"] == 14 and added["depots"] == added["people"] == 0 and "区中心" in added["skipped"]
    entries = [log(s1, "接报：示例数据之后的真实记录")]
    with s1.write() as tx:
        incident = tx.insert("incidents", {"title": "漕溪北路积水", "type_code": "N.flood", "level": "IV",
                                           "taken_at": clock.now_iso(), "status": "taken"})
    result = run_sync(s1)
    assert (result["refused"], result["waiting"], state.pending(s1)) == ([], [], 0)
    assert set(entries) <= hub_ids(hub, "log_entries") and incident in hub_ids(hub, "incidents")


def test_1_waiting_changes_are_listed_with_their_reason_and_sync_exits_1(district, home, capsys, monkeypatch):
    hub, c, s1, token = district
    monkeypatch.setenv("XHDUTY_HOME", str(s1.path.parent))
    with c.write() as tx:
        depot = tx.insert("depots", {"name": "徐家汇储备点", "kind": "储备点", "division": "xujiahui"})
    [created] = c.query("SELECT * FROM changes WHERE record_id = ?", (depot,))
    with s1.write() as tx:          # S1 has C0's depot before the hub does (as after a hub restore)
        tx.apply(dict(created))
    with s1.write() as tx:
        tx.update("depots", depot, {"keeper": "李四"})
    log(s1, "之后的记录")
    assert main(["sync"]) == 1
    out = capsys.readouterr().out
    assert "暂未上传" in out and "尚未到达中心" in out
    assert main(["sync", "status"]) == 0
    out = capsys.readouterr().out
    assert "等待中：第 1 号变更（储备库" in out and "待上传变更：2 条" in out and "其后 1 条" in out
    st = state.status(s1)
    assert state.stuck(st) and st["online"]                      # the status bar is amber, not green
    run_sync(c)
    assert main(["sync"]) == 0 and not state.stuck(state.status(s1)) and state.pending(s1) == 0
    assert hub.hub.store.get("depots", depot)["keeper"] == "李四"


def test_2_numbers_the_hub_gave_to_a_refused_change_are_not_reused(district):
    hub, c, s1, token = district
    entry = log(s1, "第一条")
    # a change sent with S1's token took S1's next number and was refused (422): S1's own change 1
    # would be answered 409 forever; S1 renumbers it after the hub's sequence instead
    assert push(hub, token, raw_change(1, fields={"id": "R1", "station": "S1"})).json()["last_seq"] == 1
    result = run_sync(s1)
    assert (result["refused"], result["waiting"], state.pending(s1)) == ([], [], 0)
    assert result["recovered"]["renumbered"] == 1                         # then the 恢复 note, number 3
    assert entry in hub_ids(hub, "log_entries") and check(hub.hub.store) == [] and check(s1) == []
    assert s1.one("SELECT station_seq FROM changes WHERE record_id = ?", (entry,))[0] == 2


# ------------------------------------------------------------- 2. a station restored from its own backup

def test_2_a_station_restored_from_its_own_backup_recovers_everything(district, tmp_path):
    hub, c, s1, token = district
    first = [log(s1, f"备份前{i}") for i in range(10)]
    run_sync(s1)
    backup = s1.backup(tmp_path / "s1-backup.db")
    lost = [log(s1, f"备份后{i}") for i in range(10)]
    run_sync(s1)
    path = s1.path
    s1.close()
    shutil.copy(backup, path)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    s1 = open_store(path)
    try:
        new = [log(s1, f"恢复后{i}") for i in range(5)]
        result = run_sync(s1)
        assert result["recovered"] == {"returned": 10, "renumbered": 5, "entries": 10}
        assert (result["refused"], result["waiting"], result["mismatch"], state.pending(s1)) == ([], [], [], 0)
        mine = {r[0] for r in s1.query("SELECT id FROM log_entries")}
        assert set(first + lost + new) <= mine and len(mine) == 26          # and the 恢复 entry
        assert set(first + lost + new) | mine == hub_ids(hub, "log_entries")
        [restore] = s1.query("SELECT text, seq FROM log_entries WHERE kind = 'restore'")
        assert restore["text"].startswith("恢复：") and restore["seq"] == 26
        assert check(s1) == [] and check(hub.hub.store) == []           # one unbroken hash chain everywhere
        run_sync(c)
        assert check(c) == []
        assert run_sync(s1)["recovered"] is None                          # once
    finally:
        s1.close()


# -------------------------------------------------------------------------------------- 3. stamps

def test_3_a_stamp_far_ahead_is_refused_and_never_adopted(district):
    hub, c, s1, token = district
    answer = push(hub, token, raw_change(1, hlc="9999999999999.99999.S1")).json()
    assert answer["refused"][0]["status"] == 422 and "比中心时钟超前" in answer["refused"][0]["reason"]
    assert answer["last_seq"] == 1                                       # final: nothing waits behind it
    # a station that receives such a stamp anyway does not take it as its clock
    with c.write() as tx:
        tx.apply({**raw_change(2, hlc="9999999999999.99999.S1", station_seq=2), "change_id": "FAR"})
    with c.write() as tx:
        unit = tx.insert("units", {"name": "区应急局"})
    stamp = c.one("SELECT hlc FROM changes WHERE record_id = ?", (unit,))[0]
    assert stamp < "9999999999999" and abs(clock.stamp_key(stamp)[0] - clock.wall_ms()) < 60_000


def test_3_the_tolerance_is_a_hub_setting(tmp_path):
    with HubThread(tmp_path / "hub", settings=HubSettings(max_ahead_ms=60_000)) as hub:
        from xhduty.hub import registry

        token = registry.add_station(hub.hub.store, "S1", "street", "xujiahui")
        ahead = f"{clock.wall_ms() + 120_000:013d}.00000.S1"
        near = f"{clock.wall_ms() + 30_000:013d}.00000.S1"
        answer = push(hub, token, raw_change(1, hlc=ahead), raw_change(2, hlc=near)).json()
        assert [r["change_id"] for r in answer["refused"]] == [raw_change(1)["change_id"]]
        assert "超前 2 分钟（上限 1 分钟）" in answer["refused"][0]["reason"]
        assert answer["accepted"] == [raw_change(2)["change_id"]]


def test_3_the_counter_never_overflows_and_stamps_compare_by_value():
    fixed = 1_790_000_000_000
    hlc = clock.HybridClock("S1", wall=lambda: fixed)
    stamps = [hlc.tick() for _ in range(100_001)]
    assert all(len(s) == len(stamps[0]) for s in stamps)                 # five counter digits, always
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert clock.stamp_key(stamps[-1])[0] == fixed + 1                   # borrowed the next millisecond
    # a legacy six-digit counter: string order says 99999 > 100000, value order does not
    assert clock.stamp_key(f"{fixed}.100000.S1") > clock.stamp_key(f"{fixed}.99999.S1")


def test_3_last_writer_wins_by_value_not_by_string(store):
    with store.write() as tx:
        unit = tx.insert("units", {"name": "区应急局", "duty_phone": "1"})
    base = clock.wall_ms() + 1000
    small, large = f"{base}.99999.XA", f"{base}.100000.XB"
    with store.write() as tx:
        tx.apply({"change_id": "L", "station": "XB", "station_seq": 1, "hlc": large, "tbl": "units",
                  "record_id": unit, "op": "update", "fields": {"duty_phone": "新"}, "prev": None})
        tx.apply({"change_id": "S", "station": "XA", "station_seq": 1, "hlc": small, "tbl": "units",
                  "record_id": unit, "op": "update", "fields": {"duty_phone": "旧"}, "prev": None})
    assert store.get("units", unit)["duty_phone"] == "新"


# ------------------------------------------------------------------------------ 4. absurd values

@pytest.mark.parametrize("qty, why", [(2 ** 63 - 1, "超出允许范围"), ("很多", "应为整数"), (10 ** 9 + 1, "超出允许范围")])
def test_4_absurd_values_are_refused_by_the_hub_and_on_hand_stays_computable(district, qty, why):
    hub, c, s1, token = district
    with c.write() as tx:
        depot = tx.insert("depots", {"name": "徐家汇储备点", "kind": "储备点", "division": "xujiahui"})
        item = tx.insert("items", {"name": "编织袋", "class_code": "1010100", "unit": "条"})
    run_sync(c), run_sync(s1)
    fields = {"id": "M1", "station": "S1", "created_at": "2026-07-01T10:00:00+08:00", "at": "2026-07-01T10:00:00+08:00",
              "kind": "receive", "depot_id": depot, "item_id": item, "qty": qty}
    seq = int(state.get(s1, "pushed_seq", "0"))
    answer = push(hub, token, *[raw_change(seq + i, tbl="stock_movements", record_id=f"M{i}",
                                           fields={**fields, "id": f"M{i}"}) for i in (1, 2)]).json()
    assert [r["status"] for r in answer["refused"]] == [422, 422] and why in answer["refused"][0]["reason"]
    from xhduty.core.resources import stock

    assert hub.hub.store.one("SELECT count(*) FROM stock_movements")[0] == 0   # nothing stored, so nothing pulled
    run_sync(c)
    assert stock.item_totals(c) == []                                    # and the centre's on-hand is computable
    with pytest.raises(StoreError, match=why):                           # and the station refuses it too
        with s1.write() as tx:
            tx.insert("stock_movements", {k: v for k, v in fields.items() if k not in ("id", "station", "created_at")})


def test_4_booleans_are_not_integers_and_a_stamp_names_its_sender(district):
    hub, c, s1, token = district
    seq = int(state.get(s1, "pushed_seq", "0"))
    boolean = raw_change(seq + 1, fields={"id": "R", "station": "S1", "significant": True})
    assert push(hub, token, boolean).status_code == 422
    assert push(hub, token, raw_change(seq + 1, station_seq=True)).status_code == 422
    forged = push(hub, token, raw_change(seq + 1, hlc=f"{clock.wall_ms():013d}.00000.C0")).json()
    assert forged["refused"][0]["status"] == 422 and "与上传站点 S1 不符" in forged["refused"][0]["reason"]


# --------------------------------------------------------------------- 5. requests that write or allocate

def _raw_request(url: str, head: str) -> bytes:
    """Send only the request line and headers; return what the hub answers without the body being sent."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(head.encode("latin-1"))
        return sock.recv(4096)


def test_5_oversized_or_unauthenticated_requests_are_refused_before_the_body_is_read(district):
    hub, c, s1, token = district
    writes = hub.hub.store.one("SELECT total_changes()")[0]
    for auth, status in (("", b" 401 "), (f"Authorization: Bearer {token}\r\n", b" 413 ")):
        answer = _raw_request(hub.url, f"POST /v1/push HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json"
                                       f"\r\nContent-Length: 104857600\r\n\r\n")   # 100 MB announced, none sent
        assert status in answer.split(b"\r\n", 1)[0], answer[:80]
    assert hub.hub.store.one("SELECT total_changes()")[0] == writes
    assert hub.hub.store.one("SELECT count(*) FROM hub_refusals")[0] == 0


def test_5_refusals_are_logged_at_most_once_per_client_every_few_seconds(caplog):
    from xhduty.hub.gate import RefusalLog

    refused = RefusalLog(every=60)
    with caplog.at_level("WARNING", logger="xhduty.hub"):
        for _ in range(2000):
            refused("10.0.0.9", 401, "unknown token")
        refused("10.0.0.8", 401, "no token")
    assert [r.getMessage() for r in caplog.records] == ["refused 401 from 10.0.0.9: unknown token",
                                                        "refused 401 from 10.0.0.8: no token"]
    refused.last["10.0.0.9"] -= 61                                      # a minute later
    with caplog.at_level("WARNING", logger="xhduty.hub"):
        refused("10.0.0.9", 401, "unknown token")
    assert caplog.records[-1].getMessage().endswith("(and 1999 more since the last line)")


def test_5_each_token_has_a_rate_limit(tmp_path):
    with HubThread(tmp_path / "hub", settings=HubSettings(rate_per_second=0.5, rate_burst=3)) as hub:
        s1 = make_station(tmp_path, "S1")
        enrol(hub, s1, "street", "xujiahui")
        run_sync(s1)                                            # hello, pull, digest: the burst of 3 used up
        with pytest.raises(SyncError, match="请求过于频繁"):
            run_sync(s1)
        s1.close()


# ------------------------------------------------------------------------------ 7. smaller problems

def test_7_a_wrong_token_given_while_the_hub_is_unreachable_keeps_the_good_one(district):
    hub, c, s1, token = district
    with pytest.raises(SyncError, match="未保存"):
        run_sync(s1, "http://127.0.0.1:9", "xh_mistyped")
    assert (state.get(s1, "token"), state.get(s1, "hub_url")) == (token, hub.url)
    assert run_sync(s1)["mismatch"] == []


def test_7_binding_beyond_loopback_without_tls_is_warned_about():
    from xhduty.commands.hub import exposure_warning

    assert "明文" in exposure_warning("0.0.0.0", tls=False)
    assert "明文" in exposure_warning("10.1.2.3", tls=False)
    assert exposure_warning("127.0.0.1", tls=False) is None and exposure_warning("localhost", tls=False) is None
    assert exposure_warning("0.0.0.0", tls=True) is None


def test_11_add_station_takes_the_division_by_name_and_the_hub_home_is_remembered(tmp_path, home, capsys):
    hub_home = tmp_path / "中心"
    for given in ("徐家汇街道", "徐家汇", "xujiahui"):
        assert main(["hub", "add-station", f"S{len(given)}", "--role", "street", "--division", given,
                     "--home", str(hub_home)]) == 0
    assert main(["hub", "add-station", "S9", "--role", "street", "--division", "浦东"]) == 2   # home remembered
    assert "未知的辖区 浦东" in capsys.readouterr().err
    assert main(["hub", "stations", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {s["division"] for s in listed} == {"xujiahui"} and len(listed) == 3
    import argparse

    from xhduty.commands import hub as hub_command

    parser = argparse.ArgumentParser()
    hub_command.register(parser.add_subparsers())
    assert "0.0.0.0" not in parser.format_help() + "".join(
        a.help or "" for p in parser._subparsers._group_actions[0].choices.values()
        for sp in p._subparsers._group_actions[0].choices.values() for a in sp._actions)
