"""Every form that creates something makes one record, however fast Enter is pressed (issue 14).

Each test presses Return in a form; a second Return arrives while the first save is still running (the
nested event loop of a question box, or a busy machine, lets queued keys through), and a third after the
form has saved but before it is gone.  One record must come of it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from xhduty.core import clock
from xhduty.core.contacts import contacts, notify
from xhduty.core.duty import duty
from xhduty.core.incidents import assignments, incidents
from xhduty.core.resources import assets, resources, stock
from xhduty.ui.context import AppContext
from xhduty.ui.qt import QDialogButtonBox, QMessageBox, Qt


def count(store, table: str, where: str = "1") -> int:
    return store.one(f"SELECT count(*) FROM {table} WHERE {where}")[0]


def three_returns(qtbot, monkeypatch, widget, owner, name: str) -> None:
    """Press Return in ``widget`` three times: the second while ``owner.name`` (the save's write) runs."""
    three_presses(monkeypatch, lambda: qtbot.keyClick(widget, Qt.Key_Return), owner, name)


def three_presses(monkeypatch, press, owner, name: str) -> None:
    """``press()`` three times: the second while ``owner.name`` (the save's write) runs."""
    real = getattr(owner, name)
    nested = []

    def save_under_a_second_press(*args, **kwargs):
        if not nested:
            nested.append(True)
            press()
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, save_under_a_second_press)
    press()
    press()
    assert nested, "the save was never reached"


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture(autouse=True)
def no_refusals(monkeypatch):
    """A form that refuses would wait in a modal box; here a refusal fails the test with its message."""
    def refused(parent, title, text, *args, **kwargs):
        raise AssertionError(f"{title}：{text}")
    monkeypatch.setattr(QMessageBox, "warning", refused)



def test_log_entry(qtbot, monkeypatch, on_duty):
    from xhduty.ui.duty.entry_form import EntryDialog

    dialog = shown(qtbot, EntryDialog(on_duty))
    dialog.text.setPlainText("龙华中路地下车库进水")
    three_returns(qtbot, monkeypatch, dialog.text, duty, "add_entry")
    assert count(on_duty, "log_entries", "text = '龙华中路地下车库进水'") == 1


def test_incident(qtbot, monkeypatch, ctx):
    from xhduty.ui.incidents.incident_dialog import IncidentDialog

    dialog = shown(qtbot, IncidentDialog(ctx))
    dialog.title.setText("地铁站大客流")
    three_returns(qtbot, monkeypatch, dialog.title, incidents, "open_incident")
    assert count(ctx.store, "incidents") == 1


def test_report(qtbot, monkeypatch, ctx):
    from xhduty.ui.incidents.report_dialog import ReportDialog

    iid = incidents.open_incident(ctx.store, title="地铁站大客流", type_code="A.crowd", level="III",
                                  taken_at=clock.now() - timedelta(minutes=10))
    dialog = shown(qtbot, ReportDialog(ctx, iid, "first"))
    dialog.text.setPlainText("示例数据 地铁站大客流，已疏导")
    dialog.signed_by.setText("王带班")
    # a report cannot be taken back: Enter moves on, only Ctrl+Enter sends — it clicks 报送, pressed here
    send = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Save)
    three_presses(monkeypatch, send.click, incidents, "submit_report")
    assert count(ctx.store, "incident_reports") == 1


def test_assignment(qtbot, monkeypatch, ctx):
    from xhduty.ui.incidents.assignment_dialog import TaskDialog

    dialog = shown(qtbot, TaskDialog(ctx))
    dialog.owner_unit.setText("轨交公安")
    dialog.instruction.setPlainText("每小时报客流")
    three_returns(qtbot, monkeypatch, dialog.owner_unit, assignments, "give_task")
    assert count(ctx.store, "incident_tasks") == 1


def test_shift_start(qtbot, monkeypatch, store):
    from xhduty.ui.duty.shift_dialog import ShiftDialog

    dialog = shown(qtbot, ShiftDialog(store))
    dialog.leader.setText("王带班")
    dialog.officer1.setText("李值班")
    three_returns(qtbot, monkeypatch, dialog.leader, duty, "start_shift")
    assert count(store, "shifts") == 1


def test_roster_day(qtbot, monkeypatch, store):
    from xhduty.core.duty import roster
    from xhduty.ui.duty.roster_view import RosterDialog

    dialog = shown(qtbot, RosterDialog(store))
    dialog.fields["shift"].setText("白班")
    dialog.fields["leader"].setText("王带班")
    dialog.fields["officers"].setText("李值班")
    three_returns(qtbot, monkeypatch, dialog.fields["leader"], roster, "save")
    assert count(store, "roster") == 1


def test_notification_start(qtbot, monkeypatch, on_duty):
    from xhduty.ui.contacts.notify_run import StartRunDialog

    contacts.load_demo(on_duty)
    people = [p["id"] for p in contacts.people(on_duty)[:2]]
    contacts.save_group(on_duty, "街镇值班室", people)
    dialog = shown(qtbot, StartRunDialog(on_duty))
    dialog.text.setPlainText("示例数据 防汛四级响应")
    dialog.incident.setFocus()
    three_returns(qtbot, monkeypatch, dialog.incident, notify, "start_run")
    assert count(on_duty, "notify_runs") == 1


@pytest.fixture
def depot_item(on_duty):
    depot = assets.save(on_duty, "depots", {"name": "示例数据 龙华街道储备点", "kind": "储备点", "division": "longhua"})[0]
    item = assets.save(on_duty, "items", {"name": "编织袋（沙袋）", "class_code": "3010100", "unit": "条"})[0]
    with on_duty.write() as tx:
        stock.receive(tx, depot, item, 300, lot="2026-01")
    return depot, item


def test_stock_issue(qtbot, monkeypatch, ctx, depot_item):
    from xhduty.ui.resources.dialogs import MovementDialog

    dialog = shown(qtbot, MovementDialog(ctx, "issue", *depot_item))
    dialog.qty.setValue(20)
    dialog.party.setText("龙华街道")
    before = count(ctx.store, "stock_movements")
    three_returns(qtbot, monkeypatch, dialog.party, dialog, "_book")
    assert count(ctx.store, "stock_movements") == before + 1


def test_register_record(qtbot, monkeypatch, ctx):
    from xhduty.ui.resources.dialogs import RecordDialog

    dialog = shown(qtbot, RecordDialog(ctx, "teams"))
    dialog.widgets["name"].setText("示例数据 龙华街道防汛抢险队")
    three_returns(qtbot, monkeypatch, dialog.widgets["name"], assets, "save")
    assert count(ctx.store, "teams") == 1


def test_dispatch_team(qtbot, monkeypatch, ctx):
    from xhduty.ui.resources.available import AvailablePane

    team = assets.save(ctx.store, "teams", {"name": "示例数据 龙华街道防汛抢险队", "size": 24, "division": "longhua",
                                           "readiness": "待命"})[0]
    iid = incidents.open_incident(ctx.store, title="龙华中路积水", type_code="N.flood", division="longhua")
    pane = shown(qtbot, AvailablePane(ctx))
    pane.choose_incident(iid)
    assert [r["id"] for r in pane.models["teams"].rows] == [team]
    pane.tables["teams"].selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    real = resources.dispatch_team
    nested = []

    def dispatch_under_a_second_press(*args, **kwargs):
        if not nested:
            nested.append(True)
            pane.dispatch_team()
        return real(*args, **kwargs)

    monkeypatch.setattr(resources, "dispatch_team", dispatch_under_a_second_press)
    pane.dispatch_team()
    assert nested and count(ctx.store, "team_dispatches") == 1


def test_notification_names_its_incident_by_title(qtbot, on_duty):
    from xhduty.ui.contacts.notify_run import NotifyPanel, StartRunDialog

    contacts.load_demo(on_duty)
    contacts.save_group(on_duty, "街镇值班室", [p["id"] for p in contacts.people(on_duty)[:2]])
    iid = incidents.open_incident(on_duty, title="龙华中路积水", type_code="N.flood")
    dialog = shown(qtbot, StartRunDialog(on_duty))
    dialog.incident.setCurrentIndex(dialog.incident.findText("龙华中路积水"))
    dialog.text.setPlainText("示例数据 防汛四级响应")
    dialog.start()
    assert notify.run_status(on_duty, dialog.run_id)["incident_id"] == iid
    panel = NotifyPanel(AppContext(on_duty))
    qtbot.addWidget(panel)
    panel.reload_runs()
    assert "关联事件 龙华中路积水" in panel.notice.text() and iid not in panel.notice.text()
    assert panel.runs.item(0).toolTip().splitlines()[1:] == ["龙华中路积水", "示例数据 防汛四级响应"]


def test_dispatch_pane_sets_neighbours_itself(qtbot, monkeypatch, ctx):
    from xhduty.ui.resources.available import AvailablePane, NeighboursDialog

    pane = shown(qtbot, AvailablePane(ctx))
    pane.division.setCurrentIndex(pane.division.findData("longhua"))
    assert "xhduty" not in pane.neighbours.text()   # no command line to run: the button does it

    def tick(dialog):
        for i in range(dialog.list.count()):
            if dialog.list.item(i).text() == "长桥街道":
                dialog.list.item(i).setCheckState(Qt.Checked)
        dialog.save()

    monkeypatch.setattr(NeighboursDialog, "exec", lambda dialog: tick(dialog) or dialog.result())
    pane.neighbours_button.click()
    assert resources.neighbours(ctx.store, "changqiao") and "longhua" in resources.neighbours(ctx.store, "changqiao")
    assert "长桥街道" in pane.neighbours.text().split("再列相邻街镇")[1]
