"""The duty log and handover, driven through the widgets with the keyboard and mouse."""

from __future__ import annotations

from openpyxl import Workbook

from xhduty.core.duty import duty
from xhduty.core.duty import roster
from xhduty.core.store import open_store
from xhduty.ui.context import AppContext
from xhduty.ui.first_run import FirstRunDialog
from xhduty.ui.duty.log_model import LogModel
from xhduty.ui.main_window import MainWindow
from xhduty.ui.qt import QApplication, QMessageBox, Qt, QTimer


def _window(qtbot, store):
    window = MainWindow(AppContext(store))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # window shortcuts (Ctrl+N) fire only in the active window
        window.show()
        window.activateWindow()
    return window


def ime(widget, text: str) -> None:
    """Type Chinese as an input method does: a committed string (QTest's key clicks are ASCII only)."""
    from PySide6.QtGui import QInputMethodEvent

    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _when_modal(qtbot, act):
    """Run ``act(dialog)`` as soon as a modal dialog is open (exec() blocks the test otherwise)."""
    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
        else:
            act(dialog)
    QTimer.singleShot(0, poll)


def test_keyboard_entry_appears_in_the_log(qtbot, on_duty):
    window = _window(qtbot, on_duty)

    def type_entry(dialog):
        ime(dialog.text, "漕溪北路下立交积水约30厘米，已通知排水公司")
        qtbot.keyClick(dialog.text, Qt.Key_Return)

    _when_modal(qtbot, type_entry)
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)
    entries = duty.list_entries(on_duty, duty.LogFilter(text="漕溪北路"))
    assert [(e["text"], e["kind"]) for e in entries] == [("漕溪北路下立交积水约30厘米，已通知排水公司", "note")]
    view = window.views["log"]
    texts = [view.model.data(view.model.index(r, 2)) for r in range(view.model.rowCount())]
    assert any("漕溪北路下立交积水" in t for t in texts)
    assert view.model.data(view.table.currentIndex().siblingAtColumn(2)).startswith("漕溪北路")


def test_intake_entry_form_records_call_fields(qtbot, on_duty):
    window = _window(qtbot, on_duty)

    def fill(dialog):
        dialog.set_kind("intake")
        ime(dialog.intake["caller_unit"], "龙华街道值班室")
        ime(dialog.intake["place"], "龙华中路")
        ime(dialog.text, "小区地下车库进水")
        qtbot.keyClick(dialog.intake["place"], Qt.Key_Return)

    _when_modal(qtbot, fill)
    window.new_entry()
    [entry] = duty.list_entries(on_duty, duty.LogFilter(kinds=["intake"]))
    assert entry["details"]["caller_unit"] == "龙华街道值班室" and entry["text"] == "小区地下车库进水"


def test_empty_entry_is_refused_and_nothing_saved(qtbot, on_duty, monkeypatch):
    from xhduty.ui.duty import entry_form

    warnings = []
    monkeypatch.setattr(entry_form.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    before = duty.count_entries(on_duty, duty.LogFilter())
    dialog = entry_form.EntryDialog(on_duty)
    qtbot.addWidget(dialog)
    dialog._save()
    assert warnings and "不能为空" in warnings[0]
    assert duty.count_entries(on_duty, duty.LogFilter()) == before


def test_filters_narrow_the_log(qtbot, on_duty):
    duty.add_entry(on_duty, "收到区防汛办明传电报", kind="document")
    duty.add_entry(on_duty, "普通记录")
    window = _window(qtbot, on_duty)
    view = window.views["log"]
    ime(view.search, "明传")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() > 1, timeout=2000)  # the debounced filter has run
    view.only_significant.setChecked(True)
    assert view.model.rowCount() == 0


def _handover(qtbot, window):
    """The handover area shown, once it has read the shift on its worker."""
    view = window.show_view("handover")
    qtbot.waitUntil(view.ready, timeout=5000)
    return view


def test_walk_a_handover(qtbot, on_duty):
    duty.add_entry(on_duty, "区领导指示：加强值守", kind="instruction")
    item = duty.add_entry(on_duty, "待回电确认", open_item=True)
    window = _window(qtbot, on_duty)
    view = _handover(qtbot, window)
    assert "加强值守" in view.summary.toPlainText() and "待回电确认" in view.summary.toPlainText()
    ime(view.incoming1, "赵强")
    view.notes.setPlainText("传真机缺纸")
    qtbot.mouseClick(view.confirm_button, Qt.LeftButton)
    qtbot.mouseClick(view.confirm_button, Qt.LeftButton)  # a second click while it works: ignored
    qtbot.waitUntil(lambda: view.pdf.document.pageCount() > 0, timeout=10000)
    shift = duty.current_shift(on_duty)
    assert shift["officers"] == ["赵强"]
    assert on_duty.one("SELECT count(*) FROM handovers")[0] == 1
    assert [e["id"] for e in duty.open_items(on_duty)] == [item]
    assert "赵强" in window.shift_label.text()
    qtbot.waitUntil(view.ready, timeout=5000)
    assert view.past_model.rowCount() == 1 and "赵强" in view.summary.toPlainText()


def test_handover_area_reads_the_shift_off_the_gui_thread(qtbot, on_duty, monkeypatch):
    """The sheet asks every area (≈170 ms with demo data): the window shows that it is reading meanwhile."""
    import threading

    from xhduty.core.duty import handover

    threads = []
    real = handover.sheet
    monkeypatch.setattr(handover, "sheet", lambda *a, **k: threads.append(threading.current_thread()) or real(*a, **k))
    duty.add_entry(on_duty, "区领导指示：加强值守", kind="instruction")
    window = _window(qtbot, on_duty)
    view = window.show_view("handover")
    assert "正在读取" in view.summary.toPlainText() and not view.confirm_button.isEnabled()
    qtbot.waitUntil(view.ready, timeout=5000)
    assert "加强值守" in view.summary.toPlainText() and view.confirm_button.isEnabled()
    assert threads and threading.main_thread() not in threads


def test_log_model_is_a_sound_qt_model(qtmodeltester, on_duty):
    for i in range(30):
        duty.add_entry(on_duty, f"记录 {i}", significant=i % 7 == 0, open_item=i % 5 == 0)
    model = LogModel(on_duty)
    model.reload()
    qtmodeltester.check(model)


def test_first_run_asks_for_the_station(qtbot, home, monkeypatch, tmp_path):
    store = open_store()
    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    ime(dialog.code, "XH-LONGHUA")
    ime(dialog.name, "龙华街道值班室")
    dialog.role.setCurrentIndex(dialog.role.findData("street"))
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: told.append(text))
    dialog._save()
    assert told == ["街镇站请选择所属街镇"] and not store.initialized
    dialog.division.setCurrentIndex(dialog.division.findData("longhua"))
    dialog._save()
    assert store.station == "XH-LONGHUA" and store.meta("station_role") == "street"
    # 立案 defaults to the station's own 街镇, and its monthly report is about it, not 全区
    from xhduty.ui.incidents.incident_dialog import IncidentDialog
    from xhduty.reports.monthly_stats import write_monthly
    import subprocess

    incident = IncidentDialog(AppContext(store))
    qtbot.addWidget(incident)
    assert incident.division.currentData() == "longhua"
    text = subprocess.run(["pdftotext", str(write_monthly(store, tmp_path / "m.pdf", "2026-11")), "-"],
                          capture_output=True, text=True, check=True).stdout
    subtitle = next(line for line in text.splitlines() if line.startswith("龙华街道值班室 ·"))
    assert subtitle.endswith("，龙华街道") and "全区" not in subtitle


def test_roster_import_runs_in_the_background(qtbot, store, tmp_path):
    wb = Workbook()
    wb.active.append(["日期", "班次", "带班领导", "值班员"])
    wb.active.append(["2026-12-01", "白班", "王建国", "李明、张伟"])
    wb.save(tmp_path / "r.xlsx")
    window = _window(qtbot, store)
    view = window.show_view("roster")
    view.start_import(tmp_path / "r.xlsx")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10000)
    assert roster.entries(store)[0]["leader"] == "王建国"


def test_ctrl_i_opens_an_incident_from_the_selected_intake_entry(qtbot, on_duty):
    duty.add_entry(on_duty, "徐家汇某商场电梯困人", kind="intake", details={"place": "虹桥路1号"})
    window = _window(qtbot, on_duty)
    view = window.views["log"]
    view.table.selectRow(view.model.rowCount() - 1)
    seen = {}

    def inspect(dialog):
        seen["place"] = dialog.place.text()
        seen["entry"] = dialog.entry_id
        dialog.reject()

    _when_modal(qtbot, inspect)
    qtbot.keyClick(view.table, Qt.Key_I, Qt.ControlModifier)
    assert seen["place"] == "虹桥路1号" and seen["entry"] == view.selected()["id"]


def test_date_range_filter(qtbot, on_duty):
    from datetime import datetime

    from xhduty.core import clock
    from xhduty.ui.qt import QDate

    duty.add_entry(on_duty, "上周的记录", at=datetime(2026, 11, 20, 9, 0, tzinfo=clock.SHANGHAI))
    duty.add_entry(on_duty, "前天的记录", at=datetime(2026, 11, 27, 23, 59, tzinfo=clock.SHANGHAI))
    window = _window(qtbot, on_duty)
    view = window.views["log"]
    view.scope.setCurrentIndex(view.scope.findData("range"))
    assert view.since.isVisible() and view.until.isVisible()
    view.since.setDate(QDate(2026, 11, 27))
    view.until.setDate(QDate(2026, 11, 27))
    texts = [view.model.data(view.model.index(r, 2)) for r in range(view.model.rowCount())]
    assert texts == ["前天的记录"]


def test_hidden_handover_area_catches_up_when_shown(qtbot, on_duty):
    window = _window(qtbot, on_duty)
    view = _handover(qtbot, window)
    window.show_view("log")
    duty.add_entry(on_duty, "区领导指示：今晚加强巡查", kind="instruction")
    window.ctx.changed({"log_entries"})
    assert "今晚加强巡查" not in view.summary.toPlainText() and not view.ready()  # not read while hidden
    _handover(qtbot, window)
    assert "今晚加强巡查" in view.summary.toPlainText()


def test_screen_and_sheet_show_the_same_sections(qtbot, on_duty):
    from xhduty.core.duty import handover

    duty.add_entry(on_duty, "传真机缺纸，已报修", kind="equipment")
    window = _window(qtbot, on_duty)
    view = _handover(qtbot, window)
    model = handover.sheet(on_duty, duty.current_shift(on_duty)["id"])
    shown = view.summary.toPlainText()
    assert [s["title"] for s in model["sections"]] == ["设备情况及其他交接事项"]
    assert "设备情况及其他交接事项" in shown and "传真机缺纸，已报修" in shown


def test_name_rules_are_checked_before_any_question(qtbot, on_duty, monkeypatch):
    from xhduty.core.alerts import Section
    from xhduty.core import carryover
    from xhduty.ui.qt import QMessageBox

    monkeypatch.setattr(carryover, "sections", lambda store: [Section("须注意", ["甲"], ["首报已超时未报"])])
    asked, told = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: told.append(text))
    window = _window(qtbot, on_duty)
    view = _handover(qtbot, window)
    for incoming, message in (([], "每班应有 1–2 名值班员"), (["李值班"], "李值班 正是本班在岗值班员"),
                              (["赵强", "赵强"], "赵强 填写了两次"), (["王带班"], "不能既是带班领导又是值班员")):
        view.incoming1.setText(incoming[0] if incoming else "")
        view.incoming2.setText(incoming[1] if len(incoming) > 1 else "")
        view.confirm()
        assert message in told.pop()
        assert not asked
    assert duty.current_shift(on_duty)["officers"] == ["李值班"]


def test_past_shifts_are_listed_and_reprinted_as_handed_over(qtbot, on_duty):
    from xhduty.core.duty import handover

    duty.add_entry(on_duty, "龙华中路地下车库进水", significant=True)
    handover.hand_over(on_duty, ["赵强", "钱敏"], leader="孙带班")
    duty.add_entry(on_duty, "接班后的记录")
    window = _window(qtbot, on_duty)
    window.resize(1366, 768)
    view = _handover(qtbot, window)
    qtbot.keyClick(view, Qt.Key_H, Qt.AltModifier)
    assert view.tabs.currentWidget() is view.past and view.past_model.rowCount() == 1
    assert view.past_model.index(0, 3).data() == "赵强、钱敏"
    qtbot.keyClick(view.past, Qt.Key_Return)
    qtbot.waitUntil(lambda: view.pdf.document.pageCount() > 0, timeout=10000)
    window.grab().save("/tmp/handover-past-shifts.png")


def test_officer_at_the_keyboard_is_recorded_and_switched_with_one_key(qtbot, store):
    duty.start_shift(store, "王带班", ["李值班", "张值班"])
    window = _window(qtbot, store)
    view = window.show_view("log")
    assert view.officer.currentText() == "李值班"
    qtbot.keyClick(view.table, Qt.Key_F2)
    assert view.officer.currentText() == "张值班"

    def type_entry(dialog):
        assert dialog.author.currentText() == "张值班" and dialog.kind.currentData() == "note"
        dialog.set_kind("intake")
        ime(dialog.text, "漕溪北路下立交积水")
        qtbot.keyClick(dialog.text, Qt.Key_Return)

    _when_modal(qtbot, type_entry)
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)
    [entry] = duty.list_entries(store, duty.LogFilter(text="漕溪北路"))
    assert (entry["author"], entry["kind"]) == ("张值班", "intake")

    from xhduty.ui.duty.entry_form import EntryDialog

    dialog = EntryDialog(store, author=view.officer.currentText())
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.kind.currentData() == "note"  # the last entry's kind is not carried over
    qtbot.keyClick(dialog.text, Qt.Key_F2)
    assert dialog.author.currentText() == "李值班"
    dialog.author.setEditText("赵局长（来访）")  # someone outside the roster
    ime(dialog.text, "区领导到值班室检查")
    qtbot.keyClick(dialog.text, Qt.Key_Return)
    [entry] = duty.list_entries(store, duty.LogFilter(text="区领导到值班室"))
    assert entry["author"] == "赵局长（来访）"
    assert view.officer.currentText() == "张值班"  # the window still knows who is at the keyboard


def test_a_long_shift_lists_its_newest_entries_on_screen_and_says_so(qtbot, on_duty, monkeypatch):
    from xhduty.ui.duty import handover_view

    monkeypatch.setattr(handover_view, "SCREEN_ENTRIES", 3)
    for i in range(5):
        duty.add_entry(on_duty, f"第{i}条记录")
    window = _window(qtbot, on_duty)
    shown = _handover(qtbot, window).summary.toPlainText()
    assert "本班共 6 条记录，这里列出最近 3 条" in shown
    assert "第4条记录" in shown and "第2条记录" in shown and "第1条记录" not in shown


def test_the_next_shift_is_told_of_open_items_carried_over_and_lists_them_with_alt_o(qtbot, on_duty):
    """本班 lists only the new shift's entries: the log says how many open items earlier shifts left,
    Alt+O lists them, and closing one (Ctrl+D) lowers the count at once."""
    from xhduty.core.duty import handover

    first = duty.add_entry(on_duty, "龙华中路燃气味，待燃气公司回电", open_item=True)
    duty.add_entry(on_duty, "区领导指示：加强巡查", open_item=True)
    handover.hand_over(on_duty, ["赵接班"])
    window = _window(qtbot, on_duty)
    view = window.views["log"]
    assert view.model.rowCount() == 1 and view.carried.text() == "往班带入未办结事项 2 条（Alt+O 只看待办）"
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key_O, Qt.AltModifier)
    assert view.only_open.isChecked()
    assert [view.model.entry(r)["id"] for r in range(view.model.rowCount())][0] == first
    view.table.selectRow(0)
    _when_modal(qtbot, lambda dialog: dialog.accept())   # the close's text as offered
    qtbot.keyClick(view.table, Qt.Key_D, Qt.ControlModifier)
    qtbot.waitUntil(lambda: view.carried.text() == "往班带入未办结事项 1 条（Alt+O 只看待办）", timeout=3000)


def test_a_handover_by_keyboard_alone(qtbot, on_duty):
    """Ctrl+5 puts the cursor in 接班值班员; a name and Ctrl+Enter hand over."""
    duty.add_entry(on_duty, "待回电确认", open_item=True)
    window = _window(qtbot, on_duty)
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    view = window.views["handover"]
    qtbot.waitUntil(view.ready, timeout=5000)
    assert QApplication.focusWidget() is view.incoming1
    ime(view.incoming1, "赵强")
    qtbot.keyClick(view.incoming1, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: duty.current_shift(on_duty)["officers"] == ["赵强"], timeout=10000)


def test_a_call_record_s_fields_are_corrected_like_its_text(qtbot, on_duty):
    """The caller's number mistyped on the phone: the correction form shows the call record's fields as
    recorded, the officer puts the number right, and the correction carries the fields; the original
    stays as it was (append-only)."""
    from xhduty.ui.duty.entry_form import EntryDialog

    details = {"received_at": "14:02", "caller_unit": "龙华街道", "caller_phone": "1390000123",
               "place": "龙华中路100号", "what": "地下车库进水"}
    original = duty.add_entry(on_duty, "来电：龙华中路100号地下车库进水", kind="intake", details=details)
    dialog = EntryDialog(on_duty, corrects=duty.entries_by_id(on_duty, [original])[original])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.intake_box.isVisible() and dialog.intake["caller_phone"].text() == "1390000123"
    dialog.intake["caller_phone"].setText("13900001234")
    dialog.intake["caller_phone"].setFocus()
    qtbot.keyClick(dialog.intake["caller_phone"], Qt.Key_Return)
    assert dialog.entry_id
    entries = duty.entries_by_id(on_duty, [original, dialog.entry_id])
    assert entries[dialog.entry_id]["corrects"] == original
    assert entries[dialog.entry_id]["details"] == {**details, "caller_phone": "13900001234"}
    assert entries[original]["details"]["caller_phone"] == "1390000123"


def test_a_plain_entry_s_correction_shows_no_call_fields(qtbot, on_duty):
    from xhduty.ui.duty.entry_form import EntryDialog

    original = duty.add_entry(on_duty, "巡查龙华中路，无异常")
    dialog = EntryDialog(on_duty, corrects=duty.entries_by_id(on_duty, [original])[original])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.intake_box.isVisible()
    dialog.text.setPlainText("巡查龙华中路、龙华西路，无异常")
    qtbot.keyClick(dialog.text, Qt.Key_Return)
    assert duty.entries_by_id(on_duty, [dialog.entry_id])[dialog.entry_id]["details"] is None
