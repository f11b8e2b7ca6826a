"""Sync when NTP steps a fast clock back (issue 19, item 6): the status does not turn a failed sync green,
refusals keep the order they were heard in, and stamps stay ahead of everything already written."""

from __future__ import annotations

from datetime import timedelta

import pytest

from test_sync_support import enrol, log, make_station, running_hub
from xhduty.core import clock
from xhduty.sync import state
from xhduty.sync.client import SyncError, run_sync


def test_a_sync_failing_after_the_clock_was_stepped_back_is_not_shown_online(tmp_path):
    s1 = make_station(tmp_path, "S1")
    fast = clock.now() + timedelta(hours=1)
    with running_hub(tmp_path) as hub:
        enrol(hub, s1, "street", "xujiahui")
        with clock.frozen(fast):
            log(s1, "示例数据：时钟快一小时时写的")
            assert run_sync(s1)["pushed"] == 1
            assert state.status(s1)["online"]
    with clock.frozen(fast - timedelta(hours=1)):            # NTP corrected the clock; the hub is gone
        log(s1, "示例数据：校正后写的")
        with pytest.raises(SyncError):
            run_sync(s1)
        st = state.status(s1)
    assert st["last_attempt"] < st["last_sync"]              # what the old comparison of times read as online
    assert not st["online"] and st["pending"] == 1 and st["last_error"]
    s1.close()


def test_stamps_after_a_step_back_sort_after_the_ones_before_and_the_hub_takes_them(tmp_path):
    c0, s1 = make_station(tmp_path, "C0", "centre"), make_station(tmp_path, "S1")
    fast = clock.now() + timedelta(hours=1)
    with running_hub(tmp_path) as hub:
        enrol(hub, c0, "centre")
        enrol(hub, s1, "street", "xujiahui")
        with clock.frozen(fast):
            with c0.write() as tx:
                unit = tx.insert("units", {"name": "示例数据：徐家汇街道"})
            run_sync(c0)
        with clock.frozen(fast - timedelta(hours=1)), c0.write() as tx:
            tx.update("units", unit, {"duty_phone": "64000001"})
        before, after = (r[0] for r in c0.query("SELECT hlc FROM changes WHERE record_id = ? ORDER BY station_seq",
                                                (unit,)))
        assert clock.stamp_key(after) > clock.stamp_key(before)     # the later edit wins everywhere
        assert run_sync(c0)["pushed"] == 1 and run_sync(s1)["mismatch"] == []
        assert s1.get("units", unit)["duty_phone"] == "64000001"
    c0.close(), s1.close()


def test_refusals_are_listed_in_the_order_they_were_heard_whatever_the_clock_says(tmp_path):
    s1 = make_station(tmp_path, "S1")
    fast = clock.now() + timedelta(hours=1)
    with running_hub(tmp_path) as hub:
        enrol(hub, s1, "street", "xujiahui")
        depots = []
        for at in (fast, fast - timedelta(hours=1)):         # the second refusal is heard after the step back
            with clock.frozen(at):
                url = state.get(s1, "hub_url")
                with s1.write() as tx:                        # as a station wrote before it synced: unchecked
                    state.put(tx, "hub_url", None)
                with s1.write() as tx:
                    depots.append(tx.insert("depots", {"name": f"示例数据：田林储备点{len(depots)}",
                                                       "kind": "储备点", "division": "tianlin"}))
                with s1.write() as tx:
                    state.put(tx, "hub_url", url)
                assert [r["status"] for r in run_sync(s1)["refused"]] == [403]
    listed = state.refusals(s1)
    assert [r["record_id"] for r in listed] == depots[::-1]               # the latest heard of first
    assert listed[0]["refused_at"] < listed[1]["refused_at"]             # though its time reads earlier
    s1.close()
