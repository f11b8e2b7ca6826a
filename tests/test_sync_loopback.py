"""Sync over real HTTP on loopback: exactly once, conflicts, catching up, a hub restored from a backup."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from test_sync_support import enrol, log, make_station, running_hub, synced_rows
from xhduty.core import clock
from xhduty.sync import state
from xhduty.core.authority import StationInfo
from xhduty.sync.client import SyncError, run_sync


def count(store, table, **where):
    sql = f"SELECT count(*) FROM {table}" + (" WHERE " + " AND ".join(f"{k} = ?" for k in where) if where else "")
    return store.one(sql, tuple(where.values()))[0]


@pytest.fixture
def district(tmp_path):
    """A hub with the centre C and two streets S1 (徐家汇) and S2 (田林)."""
    with running_hub(tmp_path) as hub:
        c, s1, s2 = (make_station(tmp_path, code, role) for code, role in
                     (("C0", "centre"), ("S1", "street"), ("S2", "street")))
        enrol(hub, c, "centre")
        enrol(hub, s1, "street", "xujiahui")
        enrol(hub, s2, "street", "tianlin")
        yield hub, c, s1, s2
        for s in (c, s1, s2):
            s.close()


def test_log_entries_reach_the_centre_exactly_once(district):
    hub, c, s1, s2 = district
    ids = [log(s1, f"第{i}条") for i in range(3)]
    first = run_sync(s1)
    assert (first["pushed"], first["refused"], first["mismatch"]) == (3, [], [])
    assert state.pending(s1) == 0
    assert run_sync(c)["pulled"] == 3
    run_sync(s2)
    assert sorted(r["id"] for r in synced_rows(c, "log_entries") if r["station"] == "S1") == sorted(ids)
    assert count(s2, "log_entries", station="S1") == 0            # a street does not read another's log
    again = [run_sync(s) for s in (s1, c, s2)]
    assert all((r["pushed"], r["pulled"], r["mismatch"]) == (0, 0, []) for r in again)
    assert count(hub.hub.store, "log_entries") == 3
    from xhduty.core.integrity import check
    assert check(c) == []                                          # S1's hash chain arrived whole


def test_pulled_pages_commit_without_waiting_for_the_disk_and_nothing_else_does(district, monkeypatch):
    """A pulled page is replayable (its cursor rolls back with it): its commit skips the fsync
    (Store.replayable); the push's bookkeeping and every write after the sync keep FULL."""
    from xhduty.core.store import Tx

    hub, c, s1, s2 = district
    log(s1, "第1条")
    run_sync(s1)
    seen, apply_many = [], Tx.apply_many
    monkeypatch.setattr(Tx, "apply_many", lambda tx, changes: seen.append(tx.con.execute("PRAGMA synchronous")
                                                                           .fetchone()[0]) or apply_many(tx, changes))
    assert run_sync(c)["pulled"] == 1
    assert seen and set(seen) == {1}                               # NORMAL while pulling
    assert c.one("PRAGMA synchronous")[0] == 2                     # FULL again


def _depot(store, name="徐家汇储备点", division="xujiahui"):
    with store.write() as tx:
        return tx.insert("depots", {"name": name, "kind": "储备点", "division": division})


def test_concurrent_edits_merge_by_rule_and_are_listed_as_conflicts(district):
    hub, c, s1, s2 = district
    depot = _depot(c)
    run_sync(c), run_sync(s1)
    with s1.write() as tx:
        tx.update("depots", depot, {"phone": "111"})
    with clock.frozen(clock.now() + timedelta(minutes=1)), c.write() as tx:   # later stamp: wins everywhere
        tx.update("depots", depot, {"phone": "222", "keeper": "张三"})
    results = [run_sync(s) for s in (s1, c, s1, s2)]
    for s in (c, s1, s2, hub.hub.store):
        assert (s.get("depots", depot)["phone"], s.get("depots", depot)["keeper"]) == ("222", "张三")
    assert results[1]["conflicts"] == 1 and results[2]["conflicts"] == 1
    lost = s1.one("SELECT kept_value, lost_value FROM conflicts WHERE field = 'phone'")
    assert (lost[0], lost[1]) == ('"222"', '"111"')


def test_update_of_a_record_the_hub_lost_waits_for_it(district, tmp_path):
    """A hub restored from an older backup: stations push again what it lost, in whatever order."""
    hub, c, s1, s2 = district
    before = [log(s1, "恢复前") for _ in range(2)]
    run_sync(s1), run_sync(c)
    backup = tmp_path / "hub-backup.db"
    hub.hub.store.backup(backup)
    after = [log(s1, "备份后") for _ in range(2)]
    depot = _depot(c)
    run_sync(s1), run_sync(c), run_sync(s1)
    with s1.write() as tx:
        tx.update("depots", depot, {"keeper": "李四"})
    # the hub's disk dies; it is restored from the backup and started again on the same address
    port = int(hub.url.rsplit(":", 1)[1])
    hub.__exit__(None, None, None)
    shutil.copy(backup, tmp_path / "hub" / "hub.db")
    for suffix in ("-wal", "-shm"):
        (tmp_path / "hub" / f"hub.db{suffix}").unlink(missing_ok=True)
    with running_hub(tmp_path, port) as restored:
        early = run_sync(s1)                     # S1 re-pushes its entries; its depot edit must wait for C
        assert early["refused"] == [] and [r["status"] for r in early["waiting"]] == [409]
        assert state.pending(s1) == 1 and "尚未到达中心" in state.status(s1)["waiting"][0]["reason"]
        run_sync(c)                              # C re-pushes the depot; its cursor no longer matches: re-pull
        late = [run_sync(s) for s in (s1, c, s2, s1, c, s2)]
        assert all(r["mismatch"] == [] and r["refused"] == [] for r in late)
        assert state.pending(s1) == 0 and state.status(s1)["waiting"] == []
        hub_store = restored.hub.store
        assert sorted(r["id"] for r in synced_rows(hub_store, "log_entries")) == sorted(before + after)
        for s, info in ((c, StationInfo("C0", "centre", None)), (s1, StationInfo("S1", "street", "xujiahui")),
                        (s2, StationInfo("S2", "street", "tianlin"))):
            for table in ("log_entries", "depots"):
                assert synced_rows(s, table, info) == synced_rows(hub_store, table, info), (s.station, table)
        assert hub_store.get("depots", depot)["keeper"] == "李四"


def test_a_station_offline_for_long_catches_up_in_one_sync_and_deletes_stay_deleted(district):
    hub, c, s1, s2 = district
    kept, gone = _depot(c, "保留"), _depot(c, "撤销")
    run_sync(c), run_sync(s1)
    # S1 is cut off for a long time; meanwhile the centre deletes a depot and writes a great deal
    with s1.write() as tx:
        tx.update("depots", gone, {"phone": "64000000"})          # edited offline, deleted elsewhere
    with c.write() as tx:
        tx.delete("depots", gone)
        for i in range(2500):
            tx.insert("units", {"name": f"单位{i}"})
    run_sync(c)
    result = run_sync(s1)                                          # one sync, more than one page
    assert result["pulled"] == 2501 and result["mismatch"] == []
    run_sync(c)
    for s in (c, s1, hub.hub.store):
        assert s.get("depots", gone)["deleted"] == 1 and s.get("depots", gone)["phone"] == "64000000"
        assert s.get("depots", kept)["deleted"] == 0
        assert count(s, "units") == 2500


def test_a_digest_mismatch_repulls_from_zero(district):
    hub, c, s1, s2 = district
    for i in range(5):
        log(s1, f"记录{i}")
    run_sync(s1)
    # C believes it already pulled up to the hub's newest change without having applied any of them
    hello = hub.hub.hello(StationInfo("C0", "centre", None), 0, None)
    newest = hub.hub.store.one("SELECT change_id FROM hub_log WHERE hub_seq = ?", (hello["hub_seq"],))[0]
    with c.write() as tx:
        state.put(tx, "pull_cursor", hello["hub_seq"])
        state.put(tx, "pull_cursor_change", newest)
    result = run_sync(c)
    assert result["pulled"] == 5 and result["mismatch"] == []
    assert count(c, "log_entries", station="S1") == 5


def test_offline_is_recorded_and_nothing_is_lost(tmp_path):
    s1 = make_station(tmp_path, "S1")
    state.configure(s1, "http://127.0.0.1:9", "xh_nothing")       # nothing listens on port 9
    log(s1, "断网时写的")
    with pytest.raises(SyncError, match="无法连接同步中心"):
        run_sync(s1)
    st = state.status(s1)
    assert (st["online"], st["pending"]) == (False, 1) and "无法连接" in st["last_error"]
    with running_hub(tmp_path) as hub:
        enrol(hub, s1, "street", "xujiahui")
        assert run_sync(s1)["pushed"] == 1
        st = state.status(s1)
        assert (st["online"], st["pending"], st["last_error"]) == (True, 0, None)
    s1.close()


def test_unconfigured_station_is_told_what_to_do(tmp_path):
    s1 = make_station(tmp_path, "S1")
    with pytest.raises(SyncError, match="尚未配置同步中心"):
        run_sync(s1)
    with pytest.raises(Exception, match="地址"):
        state.configure(s1, "ftp://x", "t")
    s1.close()


def test_a_sync_says_how_far_it_is_after_every_batch_and_page(district):
    """run_sync's progress: the push after every answered batch (of 1,000), against the changes it has to
    send; the pull after every page, counting what arrived."""
    from xhduty.core.duty import duty

    hub, c, s1, s2 = district
    with s1.write() as tx:
        for i in range(2500):
            duty.append_entry(tx, text=f"示例数据：第 {i} 条")
    pushed, pulled = [], []
    assert run_sync(s1, progress=lambda *report: pushed.append(report))["pushed"] == 2500
    assert [r for r in pushed if r[0] == "push"] == [("push", 1000, 2500), ("push", 2000, 2500), ("push", 2500, 2500)]
    assert run_sync(c, progress=lambda *report: pulled.append(report))["pulled"] == 2500
    assert [r for r in pulled if r[0] == "pull"][-1] == ("pull", 2500, None)
    assert not [r for r in pulled if r[0] == "push"]            # the centre had nothing of its own to send
