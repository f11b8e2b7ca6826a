"""Conflicts: detected on both sides, listed with both values, the other value applied as a new change."""

from __future__ import annotations

from datetime import timedelta

from test_sync_support import running_hub, two_centres
from xhduty.core import clock
from xhduty.sync import conflicts
from xhduty.sync.client import run_sync


def test_apply_the_other_value_as_a_new_change_that_syncs(tmp_path):
    with running_hub(tmp_path) as hub:
        c0, c1 = two_centres(tmp_path, hub)
        with c0.write() as tx:
            unit = tx.insert("units", {"name": "区应急管理局", "duty_phone": "64870000"})
        run_sync(c0), run_sync(c1)
        with c0.write() as tx:
            tx.update("units", unit, {"duty_phone": "64871111"})
        with clock.frozen(clock.now() + timedelta(minutes=5)), c1.write() as tx:
            tx.update("units", unit, {"duty_phone": "64872222"})
        run_sync(c1), run_sync(c0), run_sync(c1)
        [seen] = conflicts.list_conflicts(c0)          # updated_at differs too, but is not a user's choice
        assert (seen["table_label"], seen["record_label"], seen["field"]) == ("单位", "区应急管理局", "duty_phone")
        assert (seen["kept"], seen["lost"], seen["current"]) == ("64872222", "64871111", "64872222")
        assert (seen["kept_by"], seen["lost_by"], seen["field_label"]) == ("C1", "C0", "值班电话")
        assert len(conflicts.list_conflicts(c1)) == 1    # the other side lists it too

        touched = conflicts.apply_other(c0, seen["id"])
        assert "units" in touched and conflicts.list_conflicts(c0) == []
        assert len(conflicts.list_conflicts(c0, include_resolved=True)) == 1
        run_sync(c0), run_sync(c1)
        assert c1.get("units", unit)["duty_phone"] == "64871111"   # it won everywhere, as a new change
        assert conflicts.list_conflicts(c1)[0]["current"] == "64871111"
        conflicts.keep_current(c1, conflicts.list_conflicts(c1)[0]["id"])
        assert conflicts.list_conflicts(c1) == []
        c0.close(), c1.close()
