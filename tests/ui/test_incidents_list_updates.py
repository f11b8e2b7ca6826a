"""The incident list with years of incidents: a write reads again only the incidents it touched.

A duty room keeps thousands of incidents; reading all of them takes about a second, and the list used to
do it after every log entry anywhere (each alert the minute check raises writes one) and every minute.
These tests tell a re-read row from a kept one by identity: a row not read again is the same object.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.incidents import incidents
from xhduty.ui.context import AppContext
from xhduty.ui.incidents.incidents_view import View
from xhduty.ui.ops import run_op
from xhduty.ui.qt import Qt

T0 = clock.parse("2026-11-29T14:02")


@pytest.fixture
def ctx(on_duty):
    with clock.frozen(T0):
        yield AppContext(on_duty)


@pytest.fixture
def view(qtbot, ctx):
    for n in range(12):   # taken every half hour up to T0, newest first in the list
        incidents.open_incident(ctx.store, title=f"积水点{n}", type_code="N.flood", level="IV",
                                taken_at=T0 - timedelta(minutes=30 * (12 - n)))
    shown = View(ctx)
    qtbot.addWidget(shown)
    ctx.data_changed.connect(shown.refresh)   # as the main window does
    return shown


def rows(view) -> dict[str, dict]:
    return {row["id"]: row for row in view.model.rows}


def titles(view) -> list[str]:
    return [view.model.data(view.model.index(r, 1)) for r in range(view.model.rowCount())]


def test_a_log_entry_reads_only_the_selected_incidents_story(view, ctx):
    before = rows(view)
    selected = view.selected()["id"]
    run_op(ctx, view, duty.add_entry, "区防汛办来电：请核实积水深度", kind="note", incident_id=selected)
    assert all(row is before[key] for key, row in rows(view).items())   # the list was not read again
    story = [view.timeline_model.data(view.timeline_model.index(r, 2))
             for r in range(view.timeline_model.rowCount())]
    assert "区防汛办来电：请核实积水深度" in story


def test_a_report_reads_again_only_its_incident(view, ctx):
    before = rows(view)
    target = next(key for key, row in before.items() if row["title"] == "积水点5")
    run_op(ctx, view, incidents.submit_report, target, stage="first", channel="written", text="书面首报")
    after = rows(view)
    assert after[target] is not before[target] and after[target]["status"] == "handling"
    assert all(after[key] is before[key] for key in before if key != target)
    row = view.model.row_of(target)
    assert view.model.data(view.model.index(row, 4)) == "处置中"
    assert view.model.data(view.model.index(row, 5)) == ""   # nothing more is due at 一般 after the written 首报


def test_a_new_incident_goes_where_its_time_puts_it_and_a_closed_one_leaves_the_open_list(view, ctx):
    before = rows(view)
    backdated = run_op(ctx, view, incidents.open_incident, title="补录：虹梅路积水", type_code="N.flood",
                       level="IV", taken_at=T0 - timedelta(minutes=30 * 6 + 10)).result
    assert all(rows(view)[key] is before[key] for key in before)
    assert titles(view).index("补录：虹梅路积水") == titles(view).index("积水点6") + 1
    view.open_only.setChecked(True)
    assert view.model.rowCount() == 13
    run_op(ctx, view, incidents.submit_report, backdated, stage="final", channel="written", text="积水已退")
    assert view.model.rowCount() == 12 and view.model.row_of(backdated) < 0


def test_the_clock_turns_red_without_reading_the_list_again(view, ctx):
    newest = view.model.row_of(next(key for key, row in rows(view).items() if row["title"] == "积水点11"))
    assert view.model.data(view.model.index(newest, 6), Qt.ToolTipRole) is None
    before = rows(view)
    clock.advance(timedelta(hours=6, minutes=1))   # 一般: the written 首报 was due 6 hours after taking
    for _ in range(61):                           # a minute and more of the window's ticking
        view.tick()
    assert all(rows(view)[key] is before[key] for key in before)
    assert view.model.data(view.model.index(newest, 6), Qt.BackgroundRole).color().name() == "#f8d7da"
    assert view.model.data(view.model.index(newest, 6), Qt.ToolTipRole) == "已超时：首报（书面）"


def test_the_list_stays_a_sound_model_through_updates(qtmodeltester, view, ctx):
    qtmodeltester.check(view.model)
    first = view.model.rows[0]["id"]
    run_op(ctx, view, incidents.change_level, first, "III", "积水扩大")
    run_op(ctx, view, incidents.open_incident, title="新积水点", type_code="N.flood", level="IV")
    qtmodeltester.check(view.model)
    assert titles(view)[0] == "新积水点"
    assert view.model.data(view.model.index(view.model.row_of(first), 3)) == "Ⅲ级"
