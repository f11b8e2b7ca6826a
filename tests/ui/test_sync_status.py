"""The sync corner of the status bar, the settings dialog and the 冲突 view, driven like a user would."""

from __future__ import annotations

from datetime import timedelta

import pytest

from test_sync_support import enrol, log, make_station, running_hub, two_centres
from xhduty.core import clock
from xhduty.sync import state
from xhduty.sync.client import run_sync
from xhduty.ui.context import AppContext
from xhduty.ui.main_window import MainWindow
from xhduty.ui.qt import QDialog, QDialogButtonBox, QMessageBox, Qt
from xhduty.ui.sync.settings import SyncSettingsDialog
from xhduty.ui.sync import conflicts_view as conflicts_view


def _window_with_status(qtbot, store):
    """The main window with the sync corner in its status bar."""
    ctx = AppContext(store)
    window = MainWindow(ctx)
    status = window.sync_status
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window, status


def _wait_for_sync(qtbot, status):
    status.sync_now()
    qtbot.waitUntil(lambda: not status.running, timeout=15000)


def test_offline_then_online_with_changes_waiting(qtbot, tmp_path):
    s1 = make_station(tmp_path, "S1")
    for text in ("示例数据：接报一", "示例数据：接报二", "示例数据：接报三"):
        log(s1, text)
    state.configure(s1, "http://127.0.0.1:9", "xh_unreachable")        # nothing listens there
    window, status = _window_with_status(qtbot, s1)
    _wait_for_sync(qtbot, status)
    assert "离线" in status.state_label.text() and status.pending_label.text() == "待上传 3 条"
    assert "无法连接同步中心" in status.state_label.toolTip()
    window.grab().save(str(tmp_path.parent / "sync-status-offline.png"))
    status.grab().save("/tmp/sync-status-offline.png")
    window.statusBar().grab().save("/tmp/sync-statusbar-offline.png")

    with running_hub(tmp_path) as hub:
        enrol(hub, s1, "street", "xujiahui")
        _wait_for_sync(qtbot, status)
        assert "在线" in status.state_label.text() and status.pending_label.text() == "待上传 0 条"
        assert status.last_label.text().startswith("上次同步 ") and "从未" not in status.last_label.text()
        log(s1, "示例数据：同步后新写的")
        log(s1, "示例数据：又一条")
        status.ctx.changed({"log_entries"})                              # what a view does after writing
        assert status.pending_label.text() == "待上传 2 条"
        window.statusBar().grab().save("/tmp/sync-statusbar-online.png")
        window.grab().save("/tmp/sync-window-online.png")
        qtbot.keyClick(status, Qt.Key_F9)                                 # F9 syncs now, in the background
        qtbot.waitUntil(lambda: not status.running and status.pending_label.text() == "待上传 0 条", timeout=15000)
    assert status.timer.isActive() and status.timer.interval() == 5 * 60_000
    with s1.write() as tx:                                  # as if the hub had refused one change for good
        tx.put_local("sync_refused", {"change_id": "X", "status": 403, "reason": "示例数据：无权修改",
                                      "refused_at": clock.now_iso()})
    status.refresh()
    assert "中心拒收 1 条" in status.pending_label.text() and "无权修改" in status.pending_label.toolTip()
    s1.close()


def test_the_corner_is_never_green_while_the_hub_holds_a_change_back(qtbot, tmp_path):
    """Issue 12: a sync that leaves a change waiting says so — amber state, the reason in the tooltip, and
    同步未完成 rather than 同步完成 in the status bar."""
    with running_hub(tmp_path) as hub:
        c0, s1 = make_station(tmp_path, "C0", "centre"), make_station(tmp_path, "S1")
        enrol(hub, c0, "centre")
        enrol(hub, s1, "street", "xujiahui")
        with c0.write() as tx:
            depot = tx.insert("depots", {"name": "示例数据：徐家汇储备点", "kind": "储备点", "division": "xujiahui"})
        [created] = c0.query("SELECT * FROM changes WHERE record_id = ?", (depot,))
        with s1.write() as tx:          # S1 has the centre's depot before the hub does (as after a hub restore)
            tx.apply(dict(created))
        with s1.write() as tx:
            tx.update("depots", depot, {"keeper": "示例保管员"})
        window, status = _window_with_status(qtbot, s1)
        messages = []
        status.ctx.status_message.connect(messages.append)
        _wait_for_sync(qtbot, status)
        assert "有变更未能上传" in status.state_label.text() and "#d68910" in status.state_label.text()
        assert "尚未到达中心" in status.state_label.toolTip() and "同步未完成" in messages[-1]
        window.statusBar().grab().save("/tmp/sync-statusbar-waiting.png")
        run_sync(c0)                                                   # the depot reaches the hub
        _wait_for_sync(qtbot, status)
        assert status.state_label.text().endswith("在线") and "#2e8b3d" in status.state_label.text()
        c0.close(), s1.close()


def test_unconfigured_station_does_not_try(qtbot, store):
    window, status = _window_with_status(qtbot, store)
    status.sync_now()
    assert not status.running and "未配置同步" in status.state_label.text()
    assert not status.sync_button.isEnabled()


def test_settings_dialog_saves_on_enter_and_refuses_a_bad_address(qtbot, store, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    dialog = SyncSettingsDialog(AppContext(store))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.hub.setText("hub.example")                                   # no scheme
    dialog.token.setText("xh_abc")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    assert warnings and "地址" in warnings[-1] and state.get(store, "hub_url") is None
    dialog.hub.setText("https://hub.example:8730")
    dialog.interval.setValue(10)
    qtbot.keyClick(dialog.hub, Qt.Key_Return)
    assert dialog.result() == QDialog.Accepted
    assert (state.get(store, "hub_url"), state.get(store, "token"), state.interval_minutes(store)) == (
        "https://hub.example:8730", "xh_abc", 10)
    again = SyncSettingsDialog(AppContext(store))                                   # the token is not shown again
    qtbot.addWidget(again)
    assert again.token.text() == "" and "已设置" in again.token.placeholderText()
    again.show()
    again.grab().save("/tmp/sync-settings.png")
    qtbot.keyClick(again.hub, Qt.Key_Escape)
    assert again.result() == QDialog.Rejected


@pytest.fixture
def conflicted(tmp_path):
    """Two centre workstations that changed the same unit's duty phone before they met."""
    with running_hub(tmp_path) as hub:
        c0, c1 = two_centres(tmp_path, hub)
        with c0.write() as tx:
            unit = tx.insert("units", {"name": "示例数据：区应急管理局", "duty_phone": "64870000"})
            other = tx.insert("units", {"name": "示例数据：区水务局", "fax": "64000001"})
        run_sync(c0), run_sync(c1)
        with c0.write() as tx:
            tx.update("units", unit, {"duty_phone": "64871111"})
            tx.update("units", other, {"fax": "64000002"})
        with clock.frozen(clock.now() + timedelta(minutes=5)), c1.write() as tx:
            tx.update("units", unit, {"duty_phone": "64872222"})
            tx.update("units", other, {"fax": "64000003"})
        run_sync(c1), run_sync(c0)
        yield c0, unit
        c0.close(), c1.close()


def test_conflicts_view_shows_both_values_and_applies_the_other(qtbot, conflicted):
    c0, unit = conflicted
    ctx = AppContext(c0)
    view = conflicts_view.View(ctx)
    ctx.data_changed.connect(view.refresh)   # the main window does this for every area
    qtbot.addWidget(view)
    view.resize(1180, 480)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    view.table.setFocus()
    model = view.model
    shown = {model.data(model.index(r, 3)): [model.data(model.index(r, c)) for c in range(len(conflicts_view.COLUMNS))]
             for r in range(model.rowCount())}
    assert shown["值班电话"][1:] == ["单位", "示例数据：区应急管理局", "值班电话", "64872222（C1）",
                                  "64871111（C0）", "待处理"]
    view.grab().save("/tmp/sync-conflicts.png")
    changed = []
    ctx.data_changed.connect(changed.append)
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 3)) == "值班电话")
    view.table.selectRow(row)
    qtbot.keyClick(view.table, Qt.Key_Return, Qt.ControlModifier)      # 采用另一值
    assert c0.get("units", unit)["duty_phone"] == "64871111"
    assert changed and "units" in changed[-1]
    assert [model.data(model.index(r, 3)) for r in range(model.rowCount())] == ["传真"]
    qtbot.keyClick(view.table, Qt.Key_Delete)                            # 保留现值
    assert model.rowCount() == 0
    view.show_handled.setChecked(True)
    assert model.rowCount() == 2 and {model.data(model.index(r, 6)) for r in range(2)} == {"已处理"}


def test_the_corner_says_how_far_a_long_sync_is(qtbot, tmp_path):
    """While a sync of thousands of changes runs, the corner counts them (上传 n/total), as reported from the
    syncing thread; a report arriving after the sync ended changes nothing."""
    from xhduty.core.duty import duty

    with running_hub(tmp_path) as hub:
        s1 = make_station(tmp_path, "S1")
        enrol(hub, s1, "street", "xujiahui")
        with s1.write() as tx:
            for i in range(2100):
                duty.append_entry(tx, text=f"示例数据：第 {i} 条")
        window, status = _window_with_status(qtbot, s1)
        shown, refresh = [], status.refresh
        status.refresh = lambda: (refresh(), shown.append(status.state_label.text()))
        _wait_for_sync(qtbot, status)
        moving = [t for t in shown if "正在同步" in t]
        assert [t for t in moving if "上传" in t][-1].endswith("正在同步… 上传 2100/2100")
        assert any("上传 1000/2100" in t for t in moving)
        status._moved(("push", 5, 10))                       # late: the sync is over
        assert "正在同步" not in status.state_label.text()
        s1.close()

