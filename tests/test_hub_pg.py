"""The hub on both backends: the same answers on SQLite and PostgreSQL (one set of rules), pull cursors that
never pass a change committed late on PostgreSQL, running digests equal to a full count, the command line on
PostgreSQL, and the operations endpoints (health, metrics, JSON-lines log, refusal retention)."""

from __future__ import annotations

import json
import random
import threading
from datetime import timedelta
from pathlib import Path

import httpx

from test_hub_pg_support import enrol, held, refusals
from test_sync_support import log, make_station, synced_rows
from xhduty.core import clock
from xhduty.core.authority import StationInfo
from xhduty.core.duty import duty
from xhduty.hub import logs
from xhduty.hub.server import HubThread
from xhduty.hub.settings import HubSettings
from xhduty.hub.store import HubStore
from xhduty.sync import digest, state
from xhduty.sync.client import run_sync
from xhduty.sync.protocol import wire

S1 = StationInfo("S1", "street", "xujiahui")
C0 = StationInfo("C0", "centre", None)


def _push_raw(url: str, token: str, changes: list[dict]) -> dict:
    return httpx.post(url + "/v1/push", headers={"Authorization": f"Bearer {token}"},
                      json={"changes": changes}).json()


def test_a_district_syncs_the_same_on_both_backends(tmp_path, hub_db):
    """Accepted, refused (another division's depot: 403; a row the schema refuses: 422) and merged alike;
    every station ends with the hub's rows and an equal digest."""
    with HubThread(tmp_path / "hub", url=hub_db) as hub:
        c, s1 = make_station(tmp_path, "C0", "centre"), make_station(tmp_path, "S1")
        enrol(hub.hub, hub.url, c, "centre")
        token = enrol(hub.hub, hub.url, s1, "street", "xujiahui")
        with c.write() as tx:
            theirs = tx.insert("depots", {"name": "田林储备点", "kind": "储备点", "division": "tianlin"})
            item = tx.insert("items", {"name": "编织袋", "class_code": "1010100", "unit": "条"})
        with s1.write() as tx:
            ours = tx.insert("depots", {"name": "徐家汇储备点", "kind": "储备点", "division": "xujiahui"})
        entries = [log(s1, f"第{i}条") for i in range(5)]
        assert all(run_sync(s)["mismatch"] == [] for s in (c, s1, c))
        url = state.get(s1, "hub_url")
        with s1.write() as tx:                   # written as if before the station was set up to sync
            state.put(tx, "hub_url", None)
        with s1.write() as tx:
            good = tx.insert("stock_movements", {"at": "2026-07-01T10:00:00+08:00", "kind": "receive",
                                                 "depot_id": ours, "item_id": item, "qty": 100})
            bad = tx.insert("stock_movements", {"at": "2026-07-01T10:00:00+08:00", "kind": "receive",
                                                "depot_id": theirs, "item_id": item, "qty": 50})
            # a depot and a movement into it in one push: the movement's division is read from the new depot
            new = tx.insert("depots", {"name": "徐家汇第二储备点", "kind": "储备点", "division": "xujiahui"})
            into_new = tx.insert("stock_movements", {"at": "2026-07-01T10:05:00+08:00", "kind": "receive",
                                                     "depot_id": new, "item_id": item, "qty": 7})
        with s1.write() as tx:
            state.put(tx, "hub_url", url)
        with s1.write() as tx:
            tx.update("depots", ours, {"keeper": "李四"})
        with clock.frozen(clock.now() + timedelta(minutes=1)), c.write() as tx:   # later: wins everywhere
            tx.update("depots", ours, {"keeper": "张三", "phone": "64000000"})
        result = run_sync(s1)
        assert [(r["status"], "tianlin" in r["reason"]) for r in result["refused"]] == [(403, True)]
        results = [run_sync(s) for s in (c, s1, c)]
        assert all(r["mismatch"] == [] and r["refused"] == [] for r in results)
        seq = s1.one("SELECT max(station_seq) FROM changes WHERE station = 'S1'")[0]
        misfit = {"change_id": "01MISFIT00000000000000000A", "station": "S1", "station_seq": seq + 1,
                  "hlc": f"{clock.wall_ms()}.00000.S1", "tbl": "log_entries", "record_id": "R-MISFIT",
                  "op": "insert", "fields": {"id": "R-MISFIT", "station": "S1"}, "prev": None}
        answer = _push_raw(hub.url, token, [misfit])
        assert [(r["status"], r["reason"].startswith("值班记录 R-MISFIT 无法写入：缺少必填字段")) for r in answer["refused"]] \
            == [(422, True)]
        with held(hub.hub) as on_hub:
            assert on_hub.get("stock_movements", good) and on_hub.get("stock_movements", bad) is None
            assert on_hub.get("stock_movements", into_new)["depot_id"] == new
            assert (on_hub.get("depots", ours)["keeper"], on_hub.get("depots", ours)["phone"]) == ("张三", "64000000")
            for s, info in ((c, C0), (s1, S1)):
                for table in ("log_entries", "depots", "stock_movements", "items"):
                    mine = [r for r in synced_rows(s, table, info) if r["id"] != bad]
                    assert mine == synced_rows(on_hub, table, info), (s.station, table)
            assert sorted(r["id"] for r in synced_rows(on_hub, "log_entries")) == sorted(entries)
        assert [r["status"] for r in refusals(hub.hub)] == [403, 422]
        c.close(), s1.close()


def _outbox(store) -> list[dict]:
    return [wire(r) for r in store.query("SELECT * FROM changes WHERE station = ? ORDER BY station_seq",
                                         (store.station,))]


def test_interleaved_pushes_and_pulls_never_skip_a_change_that_commits_late(tmp_path, pg_url):
    """Four stations push at once while two centres pull page by page; every commit is held back a random
    while after its changes are numbered (a trigger sleeping at the end of the INSERT), so numbers would
    commit out of order if they were taken early.  Every puller gets every change once, in hub_seq order,
    1, 2, 3 … without a gap."""
    import psycopg

    hub = HubStore.open(tmp_path / "hub", url=pg_url)
    try:
        with psycopg.connect(pg_url, autocommit=True) as con:
            con.execute("CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS"
                        " $$ BEGIN PERFORM pg_sleep(random() * 0.03); RETURN NULL; END $$")
            con.execute("CREATE TRIGGER slow_commit AFTER INSERT ON hub_changes"
                        " FOR EACH STATEMENT EXECUTE FUNCTION slow_commit()")
        from xhduty.hub import registry

        pushers = []
        for i in range(4):
            s = make_station(tmp_path, f"S{i}")
            registry.add_station(hub, s.station, "street", "xujiahui")
            with s.write() as tx:
                for n in range(60):
                    duty.append_entry(tx, text=f"{s.station} 第{n}条")
            pushers.append((StationInfo(s.station, "street", "xujiahui"), _outbox(s)))
            s.close()
        for code in ("C0", "C1"):
            registry.add_station(hub, code, "centre")
        done = threading.Event()
        errors: list[BaseException] = []

        def push(me, changes):
            try:
                for k in range(0, len(changes), 7):
                    answer = hub.receive(me, changes[k:k + 7], "test")
                    assert answer["refused"] == [], answer["refused"]
            except BaseException as exc:          # noqa: BLE001 — reported by the main thread
                errors.append(exc)

        def pull(me, got: list):
            try:
                cursor, last_round = 0, False
                while True:
                    page = hub.pull(me, cursor, 5)
                    got.extend((c["hub_seq"], c["change_id"]) for c in page["changes"])
                    cursor = page["cursor"]
                    if not page["more"]:
                        if last_round:
                            return
                        last_round = done.is_set()
            except BaseException as exc:          # noqa: BLE001
                errors.append(exc)

        pulled = {"C0": [], "C1": []}
        threads = [threading.Thread(target=push, args=p) for p in pushers]
        threads += [threading.Thread(target=pull, args=(StationInfo(code, "centre", None), got))
                    for code, got in pulled.items()]
        for t in threads:
            t.start()
        for t in threads[:4]:
            t.join(120)
        done.set()
        for t in threads[4:]:
            t.join(120)
        assert errors == []
        pushed = {c["change_id"] for _, changes in pushers for c in changes}
        for code, got in pulled.items():
            assert [seq for seq, _ in got] == list(range(1, len(pushed) + 1)), code
            assert {cid for _, cid in got} == pushed, code
    finally:
        hub.close()


def test_the_running_digest_equals_a_full_count_at_any_cursor(tmp_path, hub_db):
    """The digest from running totals less the changes after the cursor is the fold of exactly the changes
    a station should hold, at the newest cursor and at earlier ones, on both backends."""
    with HubThread(tmp_path / "hub", url=hub_db) as hub:
        c, s1 = make_station(tmp_path, "C0", "centre"), make_station(tmp_path, "S1")
        enrol(hub.hub, hub.url, c, "centre")
        enrol(hub.hub, hub.url, s1, "street", "xujiahui")
        rng = random.Random(7)
        for _ in range(4):
            for s in (c, s1):
                with s.write() as tx:
                    for n in range(rng.randint(1, 9)):
                        duty.append_entry(tx, text=f"记录{n}")
                    tx.insert("units" if s is c else "depots",
                              {"name": "单位"} if s is c else {"name": "点", "kind": "储备点", "division": "xujiahui"})
                run_sync(s)
        with held(hub.hub) as on_hub:
            log_rows = on_hub.query("SELECT change_id, station, tbl, station_seq FROM changes")
        newest = hub.hub.db.newest()
        everyone = StationInfo("CX", "centre", None)              # pushes nothing, reads every table
        seqs = {c["change_id"]: c["hub_seq"] for c in hub.hub.pull(everyone, 0, 10_000)["changes"]}
        assert len(seqs) == len(log_rows) == newest
        for me in (S1, C0):
            tables = set(state_tables(hub.hub, me))
            for cursor in (newest, newest // 2, 0):
                own_seq = max(r["station_seq"] for r in log_rows if r["station"] == me.code) - 1
                expected = digest.fold(
                    [(r["tbl"], r["change_id"]) for r in log_rows
                     if (r["station"] != me.code and r["tbl"] in tables and seqs[r["change_id"]] <= cursor)
                     or (r["station"] == me.code and r["station_seq"] <= own_seq)])
                assert hub.hub.digest(me, cursor, own_seq)["tables"] == expected, (me.code, cursor)
        c.close(), s1.close()


def state_tables(hub: HubStore, me: StationInfo) -> list[str]:
    from xhduty.core.authority import readable_tables

    return readable_tables(hub.store, me)


def test_health_metrics_json_log_and_refusal_retention(tmp_path, hub_db):
    with HubThread(tmp_path / "hub", url=hub_db) as hub:
        logs.to_file(tmp_path / "hub.log")
        s1 = make_station(tmp_path, "S1")
        token = enrol(hub.hub, hub.url, s1, "street", "xujiahui")
        for i in range(3):
            log(s1, f"记录{i}")
        run_sync(s1)
        answer = _push_raw(hub.url, token, [{"change_id": "01OTHER000000000000000000A", "station": "S2",
                                             "station_seq": 1, "hlc": "1790000000000.00000.S2", "tbl": "log_entries",
                                             "record_id": "R", "op": "insert", "fields": {"id": "R"}, "prev": None}])
        assert [r["status"] for r in answer["refused"]] == [403]
        health = httpx.get(hub.url + "/healthz")                  # no token needed
        assert health.status_code == 200 and health.json() == {
            "ok": True, "backend": "sqlite" if hub_db is None else "postgresql", "hub_seq": 3}
        text = httpx.get(hub.url + "/metrics").text               # from this machine, no token needed
        assert 'xhduty_hub_changes{station="S1"} 3.0' in text
        assert 'xhduty_hub_refusals{station="S1",status="403"} 1.0' in text
        assert 'xhduty_hub_requests_total{route="/v1/push",status="200"}' in text
        assert 'xhduty_hub_station_lag{station="S1"}' in text
        lines = [json.loads(x) for x in (tmp_path / "hub.log").read_text(encoding="utf-8").splitlines()]
        [refused] = [x for x in lines if x.get("event") == "refused"]
        assert (refused["station"], refused["status"], refused["level"]) == ("S1", 403, "WARNING")
        # retention: a refusal older than the setting goes, a newer one stays
        with clock.frozen(clock.now() + timedelta(days=10)):
            assert hub.hub.prune_refusals(11) == 0 and len(refusals(hub.hub)) == 1
            assert hub.hub.prune_refusals(9) == 1 and refusals(hub.hub) == []
        s1.close()
    logging_handlers_off(tmp_path / "hub.log")


def logging_handlers_off(path: Path) -> None:
    import logging

    logger = logging.getLogger("xhduty.hub")
    for h in [h for h in logger.handlers if getattr(h, "baseFilename", None) == str(path.absolute())]:
        logger.removeHandler(h)
        h.close()
    logger.setLevel(logging.NOTSET)


def test_the_retention_setting_prunes_on_the_first_push(tmp_path, hub_db):
    with clock.frozen(clock.now() - timedelta(days=40)):
        hub = HubStore.open(tmp_path / "hub", url=hub_db)
        from xhduty.hub import registry

        registry.add_station(hub, "S1", "street", "xujiahui")
        hub.receive(S1, [{"change_id": "01OLD0000000000000000000AA", "station": "S2", "station_seq": 1,
                          "hlc": "1790000000000.00000.S2", "tbl": "log_entries", "record_id": "R", "op": "insert",
                          "fields": {"id": "R"}, "prev": None}], "test")
        hub.close()
    hub = HubStore.open(tmp_path / "hub", HubSettings(keep_refusals_days=30), url=hub_db)
    try:
        assert len(refusals(hub)) == 1
        hub.receive(S1, [], "test")
        assert refusals(hub) == []
    finally:
        hub.close()


def test_attachment_files_go_through_either_backend(tmp_path, hub_db):
    """A street attaches a scan to a hazard: its record syncs, its file is uploaded into the hub's directory,
    the centre may fetch it and another street may not."""
    from test_attachments_hub import attached_photo

    with HubThread(tmp_path / "hub", url=hub_db) as hub:
        lh, tl = make_station(tmp_path, "S-LH"), make_station(tmp_path, "S-TL")
        c = make_station(tmp_path, "C0", "centre")
        enrol(hub.hub, hub.url, lh, "street", "longhua")
        other = enrol(hub.hub, hub.url, tl, "street", "tianlin")
        centre = enrol(hub.hub, hub.url, c, "centre")
        sha, data = attached_photo(lh, tmp_path)
        stored = hub.hub.db.files_dir() / sha[:2] / sha
        assert stored.read_bytes() == data
        if hub_db:
            assert stored.is_relative_to(tmp_path / "hub")          # kept with the hub, not in a temp copy
        url = f"{hub.url}/v1/files/{sha}"
        got = httpx.get(url, params={"length": len(data)}, headers={"Authorization": f"Bearer {centre}"})
        assert got.status_code == 200 and got.content == data
        assert httpx.get(url, headers={"Authorization": f"Bearer {other}"}).status_code == 403
        for s in (lh, tl, c):
            s.close()
