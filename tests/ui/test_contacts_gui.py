"""The contacts area driven through its widgets: search as you type, copy a number, tree, person form,
import in the background, and a notification run recorded with the keys 1–4."""

from __future__ import annotations

from openpyxl import Workbook

from xhduty.core.contacts import contacts
from xhduty.core.duty import duty
from xhduty.core.contacts import notify
from xhduty.ui.context import AppContext
from xhduty.ui.contacts.model import NUMBER_COLUMN
from xhduty.ui.contacts.person import PersonDialog
from xhduty.ui.qt import QApplication, QPushButton, Qt
from xhduty.ui.contacts.contacts_view import View


def _view(qtbot, store):
    contacts.load_demo(store)
    ctx = AppContext(store)
    view = View(ctx)
    ctx.data_changed.connect(view.refresh)
    qtbot.addWidget(view)
    view.resize(1300, 740)
    view.show()
    qtbot.waitUntil(lambda: view.contacts.finder.index is not None, timeout=5000)   # built in a worker
    return view, ctx


def _names(panel):
    return [panel.model.data(panel.model.index(r, 0)) for r in range(panel.model.rowCount())]


def test_search_by_initials_and_click_copies_number(qtbot, on_duty):
    view, ctx = _view(qtbot, on_duty)
    panel = view.contacts
    qtbot.keyClicks(panel.search, "zw")
    qtbot.waitUntil(lambda: _names(panel) == ["张伟"])   # searched once typing paused
    messages = []
    ctx.status_message.connect(messages.append)
    index = panel.model.index(0, NUMBER_COLUMN)
    panel.table.clicked.emit(index)
    assert QApplication.clipboard().text() == "13900000000"
    assert "已复制 张伟 的号码 13900000000" in messages[-1]
    panel.search.clear()
    qtbot.keyClicks(panel.search, "shanx")           # 单 read shàn as a surname
    qtbot.waitUntil(lambda: _names(panel) == ["单雄"])


def test_typing_fast_searches_once_when_typing_pauses_and_enter_searches_at_once(qtbot, on_duty):
    view, _ = _view(qtbot, on_duty)
    panel = view.contacts
    searched = []
    original = panel.reload_people
    panel.reload_people = lambda: (searched.append(panel.search.text()), original())
    qtbot.keyClicks(panel.search, "zhangwei")        # faster than the pause: one search, for the whole name
    qtbot.waitUntil(lambda: searched == ["zhangwei"])
    assert _names(panel) == ["张伟"]
    panel.search.clear()
    qtbot.waitUntil(lambda: len(searched) == 2)
    qtbot.keyClicks(panel.search, "shanx")
    qtbot.keyClick(panel.search, Qt.Key_Return)       # Enter does not wait for the pause
    assert searched[-1] == "shanx" and _names(panel) == ["单雄"]


def test_tree_unit_shows_duty_phone_and_on_duty_person(qtbot, on_duty):
    view, _ = _view(qtbot, on_duty)
    panel = view.contacts
    unit_id = contacts.find_unit(on_duty, contacts.find_unit(on_duty, contacts.find_unit(on_duty, None, "区应急委"),
                                                             "成员单位"), "区水务局")
    assert all(i.text(0) for i in _items(panel.tree))     # every unit named, with or without people
    item = next(i for i in _items(panel.tree) if i.data(0, Qt.UserRole + 2) == unit_id)
    panel.tree.setCurrentItem(item)
    assert sorted(_names(panel)) == sorted(p["name"] for p in contacts.people(on_duty, unit_id=unit_id))
    assert "值班电话 021-00000000" in panel.unit_info.text() and "今日值班：单雄" in panel.unit_info.text()
    on_duty_column = [panel.model.data(panel.model.index(r, 5)) for r in range(panel.model.rowCount())]
    assert on_duty_column.count("值班") == 1


def _items(tree):
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        yield item
        stack.extend(item.child(i) for i in range(item.childCount()))


def test_person_form_names_the_bad_method_line_and_saves_good_ones(qtbot, on_duty):
    contacts.seed_skeleton(on_duty)
    unit = contacts.find_unit(on_duty, None, "区应急委")
    dialog = PersonDialog(on_duty, unit_id=unit)
    qtbot.addWidget(dialog)
    dialog.name.setText("曾小明")
    dialog.methods.setPlainText("手机 13900000001\n电话 021-123")
    dialog.save()
    assert "联系方式第 2 行" in dialog.error.text() and dialog.result() == 0
    assert contacts.people(on_duty) == []
    dialog.methods.setPlainText("办公电话 021-64001234\n手机　１３９０００００００１")   # an IME in full-width mode
    dialog.unit.setEditText("不存在的单位")
    dialog.save()
    assert "没有单位“不存在的单位”" in dialog.error.text() and contacts.people(on_duty) == []
    completer = dialog.unit.completer()
    completer.setCompletionPrefix("龙华")                              # typing a part of the path offers the unit
    assert completer.currentCompletion() == "区应急委/街道（镇）/龙华街道"
    dialog.unit.setEditText(completer.currentCompletion())
    dialog.save()
    saved = contacts.person(on_duty, dialog.saved_id)
    assert [(m["kind"], m["value"]) for m in saved["methods"]] == [("office", "021-64001234"),
                                                                   ("mobile", "13900000001")]
    assert saved["unit_path"] == "区应急委/街道（镇）/龙华街道"
    assert contacts.search(on_duty, "zxm")[0]["name"] == "曾小明"


def test_import_runs_in_background_and_bad_file_changes_nothing(qtbot, on_duty, tmp_path, monkeypatch):
    view, _ = _view(qtbot, on_duty)
    wb = Workbook()
    wb.active.title = "人员"
    wb.active.append(["单位路径", "姓名", "手机"])
    wb.active.append(["区应急委/成员单位/区水务局", "新来的", "13900009999"])
    wb.active.append(["区应急委/成员单位/区水务局", "", "not a phone"])
    wb.save(tmp_path / "bad.xlsx")
    before = len(contacts.people(on_duty))
    failures = []
    monkeypatch.setattr("xhduty.ui.qt.QMessageBox.warning",
                        staticmethod(lambda parent, title, text: failures.append(text)))
    view.contacts.start_import(tmp_path / "bad.xlsx")
    # wait for the effect, not the signal: a fast worker may finish before a waitSignal would listen
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert "工作表「人员」第 3 行「姓名」（B 列）：不能为空" in failures[0] and "工作表「人员」第 3 行「手机」" in failures[0]
    assert len(contacts.people(on_duty)) == before

    wb.active.delete_rows(3)
    wb.save(tmp_path / "good.xlsx")
    view.contacts.start_import(tmp_path / "good.xlsx")
    qtbot.waitUntil(lambda: view.contacts.finder.index is not None and len(view.contacts.finder.index) == before + 1,
                    timeout=10000)
    qtbot.keyClicks(view.contacts.search, "xld")
    qtbot.waitUntil(lambda: _names(view.contacts) == ["新来的"])


def test_a_units_list_goes_under_the_unit_selected_in_the_tree_or_typed(qtbot, on_duty, tmp_path, monkeypatch):
    from xhduty.ui.import_preview import ImportPreviewDialog
    from xhduty.ui.qt import QDialog

    unit = "区应急委/成员单位/区水务局"
    view, _ = _view(qtbot, on_duty)
    panel = view.contacts
    wb = Workbook()
    wb.active.append(["部门", "姓名", "手机"])          # Sheet1, departments of the unit, no 单位路径
    wb.active.append(["防汛办", "新来的", "13900009999"])
    wb.save(tmp_path / "水务局.xlsx")
    water = next(uid for uid, path in panel.paths().items() if path == unit)
    panel.tree.setCurrentItem(panel._tree_items[water])
    offered = []

    def get_item(parent, title, label, items, current, editable):
        offered.append(items[current])
        return "水务", True                                # typed: a part of the name only one unit has

    monkeypatch.setattr("xhduty.ui.contacts.contacts_view.QInputDialog.getItem", get_item)
    monkeypatch.setattr(ImportPreviewDialog, "choose_file", staticmethod(lambda parent, title: tmp_path / "水务局.xlsx"))
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: QDialog.Accepted)
    panel.import_xlsx()
    qtbot.waitUntil(lambda: contacts.search(on_duty, "新来的") != [], timeout=10000)
    assert offered == [unit]
    assert contacts.search(on_duty, "新来的")[0]["unit_path"] == f"{unit}/防汛办"


def test_run_recorded_with_number_keys(qtbot, on_duty):
    view, ctx = _view(qtbot, on_duty)
    run = notify.start_run(on_duty, "防汛防台指挥部成员（示例）", incident_id="INC-2")
    ctx.changed({"notify_runs"})
    view.setCurrentIndex(1)
    panel = view.notify
    assert panel.progress.text().startswith("防汛防台指挥部成员（示例）：已确认 0 / 5 人")
    panel.table.setFocus()
    panel.table.selectRow(0)
    number = panel.model.index(0, 6)
    assert panel.model.data(number) == "13900000000"
    qtbot.keyClick(panel.table, Qt.Key_3)                       # 未接通 → next method
    assert panel.model.data(panel.model.index(0, 5)) == "办公电话"
    assert panel.model.data(panel.model.index(0, 4)) == "未接通"
    qtbot.keyClick(panel.table, Qt.Key_2)                       # 已确认 → selection moves on
    assert panel.progress.text().startswith("防汛防台指挥部成员（示例）：已确认 1 / 5 人")
    assert panel.table.currentIndex().row() == 1
    qtbot.keyClick(panel.table, Qt.Key_4)
    assert panel.model.data(panel.model.index(1, 4)) == "已留言"
    panel.runs.item(0).setData(Qt.UserRole + 1, "kept")       # a key read the run again, not the list of runs
    panel.table.selectRow(2)
    qtbot.keyClick(panel.table, Qt.Key_3)
    assert panel.runs.item(0).data(Qt.UserRole + 1) == "kept" and panel.model.data(panel.model.index(2, 4)) == "未接通"
    results = [a["result"] for a in notify.attempts(on_duty, run)]
    assert results == ["no-answer", "confirmed", "message", "no-answer"]
    timeline = duty.list_entries(on_duty, duty.LogFilter(incident_id="INC-2"))
    assert len(timeline) == 5


def test_left_right_choose_the_number_a_member_called_back_from(qtbot, on_duty):
    """Passed to his AB角 after the timeout, 张伟 calls back: ←/→ pick his own mobile, 2 confirms as him."""
    from datetime import datetime, timedelta

    from xhduty.core import clock, jobs

    view, ctx = _view(qtbot, on_duty)
    with clock.frozen(datetime(2026, 6, 3, 15, 0, tzinfo=clock.SHANGHAI)):
        run = notify.start_run(on_duty, "防汛防台指挥部成员（示例）")
        zhang = notify.run_status(on_duty, run)["members"][0]["person_id"]
        clock.advance(timedelta(minutes=11))
        jobs.run_due(on_duty, only="notify")
        ctx.changed({"notify_runs"})
        view.setCurrentIndex(1)
        panel = view.notify
        panel.table.setFocus()
        panel.table.selectRow(0)

        def cell(column):
            return panel.model.data(panel.model.index(0, column))

        assert (cell(5), cell(6)) == ("AB角 王芳 手机", "13900000001")
        for _ in range(4):                                   # back past his unit phone, e-mail, office phone
            qtbot.keyClick(panel.table, Qt.Key_Left)
        assert (cell(5), cell(6)) == ("手机", "13900000000")
        qtbot.keyClick(panel.table, Qt.Key_Right)
        assert (cell(5), cell(6)) == ("办公电话", "021-00000010")
        qtbot.keyClick(panel.table, Qt.Key_Left)
        qtbot.keyClick(panel.table, Qt.Key_2)                # 张伟 himself, on his mobile: 已确认
        status = notify.run_status(on_duty, run)
    attempt = notify.attempts(on_duty, run)[-1]
    assert (attempt["contact_id"], attempt["address"], attempt["result"]) == (zhang, "13900000000", "confirmed")
    assert status["members"][0]["status"] == "confirmed" and not panel.chosen
    assert panel.table.currentIndex().row() == 1


def test_unit_dialog_saves_numbers_and_today_on_duty(qtbot, on_duty):
    from xhduty.ui.contacts.unit import UnitDialog

    contacts.seed_skeleton(on_duty)
    root = contacts.find_unit(on_duty, None, "区应急委")
    dialog = UnitDialog(on_duty, parent_id=root)
    qtbot.addWidget(dialog)
    dialog.name.setText("区消防救援支队")
    dialog.duty_phone.setText("值班室")
    dialog.save()
    assert "值班电话“值班室”格式不正确" in dialog.error.text()
    dialog.duty_phone.setText("021-64000119")
    dialog.duty_name.setText("王值班")
    dialog.duty_person_phone.setText("13900000119")
    dialog.save()
    unit = on_duty.get("units", dialog.saved_id)
    assert (unit["name"], unit["parent_id"], unit["duty_phone"]) == ("区消防救援支队", root, "021-64000119")
    assert contacts.on_duty(on_duty)[dialog.saved_id][0]["name"] == "王值班"


def test_group_dialog_orders_members_and_saves(qtbot, on_duty):
    from xhduty.ui.contacts.groups import GroupDialog

    contacts.load_demo(on_duty)
    dialog = GroupDialog(on_duty)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.finder.index is not None)   # built on a worker
    dialog.name.setCurrentText("街镇值班室")
    assert dialog.members.count() == 0
    dialog.show()
    dialog.search.setFocus()
    for query in ("zw", "zengmin"):                          # Enter adds the first found; it does not save
        qtbot.keyClicks(dialog.search, query)
        qtbot.keyClick(dialog.search, Qt.Key_Return)
    qtbot.keyClicks(dialog.search, "l")                      # ↓ to those found, ↓ to the second, Enter adds it
    second = dialog.found.item(1).data(Qt.UserRole)
    qtbot.keyClick(dialog.search, Qt.Key_Down)
    qtbot.keyClick(dialog.found, Qt.Key_Down)
    qtbot.keyClick(dialog.found, Qt.Key_Return)
    assert dialog.isVisible() and "街镇值班室" not in {g["name"] for g in contacts.groups(on_duty)}   # not saved
    assert dialog.member_ids()[2] == second and dialog.focusWidget() is dialog.search
    dialog.members.takeItem(2)
    dialog.members.setCurrentRow(1)
    dialog.move(-1)
    dialog.save()
    group = contacts.group_by_name(on_duty, "街镇值班室")
    assert [p["name"] for p in contacts.people(on_duty, contacts.group_members(on_duty, group["id"]))] == ["曾敏", "张伟"]


def test_run_window_shows_overdue_when_the_deadline_passes(qtbot, on_duty):
    from datetime import datetime, timedelta

    from xhduty.core import clock

    view, ctx = _view(qtbot, on_duty)
    view.setCurrentIndex(1)
    with clock.frozen(datetime(2026, 7, 1, 9, 0, tzinfo=clock.SHANGHAI)):
        notify.start_run(on_duty, "成员单位值班室（示例）")
        ctx.changed({"notify_runs"})
        assert "超时" not in view.notify.progress.text()
        clock.advance(timedelta(minutes=6))
        view.notify.clock.timeout.emit()
        assert "超时未确认 5 人" in view.notify.progress.text()
        assert view.notify.model.data(view.notify.model.index(0, 4)) == "待通知（超时）"


def test_messaging_settings_dialog_saves_and_refuses_bad_numbers(qtbot, store):
    from xhduty.core.contacts import messaging
    from xhduty.ui.contacts.messaging_settings import MessagingSettingsDialog

    dialog = MessagingSettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.edits["smtp.port"].setText("abc")
    dialog.save()
    assert "smtp.port 应为数字" in dialog.error.text()
    dialog.edits["smtp.port"].setText("587")
    dialog.edits["smtp.host"].setText("mail.example.org")
    dialog.edits["sms.url"].setText("http://127.0.0.1:9/send")
    dialog.save()
    assert messaging.load(store, messaging.SmtpSettings).port == 587
    assert messaging.load(store, messaging.SmsSettings).url == "http://127.0.0.1:9/send"


def test_start_run_dialog_without_groups_says_what_to_do(qtbot, store):
    from xhduty.ui.contacts.notify_run import StartRunDialog

    dialog = StartRunDialog(store)
    qtbot.addWidget(dialog)
    dialog.start()
    assert "还没有通知组" in dialog.error.text() and dialog.result() == 0
    assert notify.runs(store) == []


def _of_people(selects, store, action) -> list[str]:
    return [s for s in selects(store, action) if " people" in s]


def _by_ids(sql: str) -> bool:
    return " id IN (" in sql or " id = " in sql or "unit_id IN (" in sql


def test_a_one_person_write_updates_only_that_row_of_the_list(qtbot, on_duty, selects):
    """Edit, add and delete one person: the list changes that row in place, reading only the people written
    (and the counts of their units) — never the whole list or the whole book again."""
    from xhduty.ui.ops import run_op

    view, ctx = _view(qtbot, on_duty)
    panel = view.contacts
    resets = []
    panel.model.modelReset.connect(lambda: resets.append(1))
    before = _names(panel)
    person = panel.model.row(3)

    reads = _of_people(selects, on_duty, lambda: run_op(ctx, panel, contacts.save_person, {"post": "指挥长"},
                                                        person["id"]))
    assert reads and all(_by_ids(s) for s in reads), reads
    assert panel.model.row(3)["post"] == "指挥长" and _names(panel) == before

    reads = _of_people(selects, on_duty, lambda: run_op(ctx, panel, contacts.save_person, {
        "unit_id": person["unit_id"], "name": "阿新", "methods": [("mobile", "13900000123")]}))
    assert reads and all(_by_ids(s) for s in reads), reads
    assert _names(panel) == [p["name"] for p in contacts.people(on_duty, limit=len(before) + 1)]   # in its place

    reads = _of_people(selects, on_duty, lambda: run_op(ctx, panel, _delete, person["id"]))
    assert reads and all(_by_ids(s) for s in reads), reads
    assert person["name"] not in _names(panel) and len(_names(panel)) == len(before)
    assert resets == []                                     # never reloaded: only the rows written changed

    qtbot.keyClicks(panel.search, "zw")                     # a search shown: a new person it finds is added
    qtbot.waitUntil(lambda: _names(panel) == ["张伟"])
    resets.clear()
    run_op(ctx, panel, contacts.save_person, {"unit_id": person["unit_id"], "name": "周伟"})
    qtbot.waitUntil(lambda: _names(panel) == ["张伟", "周伟"])   # once the index has them, on a worker
    assert resets == []


def _delete(store, person_id):
    with store.write() as tx:
        tx.delete("people", person_id)


def test_a_person_written_while_a_long_search_is_shown_leaves_it_readable_on(qtbot, on_duty):
    """A search shows its first page; a person written meanwhile is not put after it (the next page is read
    by the position of the last row among the hits), and scrolling on reads every hit once."""
    from xhduty.core.changes import Changes
    from xhduty.ui.ops import run_op

    view, ctx = _view(qtbot, on_duty)
    panel = view.contacts
    unit = panel.model.row(0)["unit_id"]
    with on_duty.write() as tx:
        for n in range(70):
            contacts.put_person(tx, {"unit_id": unit, "name": f"张{n:02d}", "note": "示例数据"})
    size = len(panel.finder.index)
    ctx.changed(Changes.of_tables({"people"}))          # as after an import or a sync
    qtbot.waitUntil(lambda: len(panel.finder.index) == size + 70)
    panel.search.setText("张")
    panel._search_now()
    assert panel.model.rowCount() > 0 and panel.model.canFetchMore()
    run_op(ctx, panel, contacts.save_person, {"unit_id": unit, "name": "张新"})
    qtbot.waitUntil(lambda: len(panel.finder.index) == size + 71)
    while panel.model.canFetchMore():
        panel.model.fetchMore()
    ids = [panel.model.row(r)["id"] for r in range(panel.model.rowCount())]
    assert len(ids) == len(set(ids)) == 71                 # 张伟 and the 70: every hit of that search, once
    panel.reload_people()
    assert "张新" in _names(panel)                          # the next search finds the new one


def test_delete_key_removes_the_person_after_confirming_and_the_row_goes(qtbot, on_duty, answering, warnings):
    view, ctx = _view(qtbot, on_duty)
    panel = view.contacts
    zhang = contacts.find_person(on_duty, "张伟")
    asked = answering(["取消", "删除"])
    messages = []
    ctx.status_message.connect(messages.append)
    panel.table.setFocus()
    panel.table.selectRow(panel.model.row_of(zhang))
    qtbot.keyClick(panel.table, Qt.Key_Delete)                   # 取消: nothing happens
    assert asked[0].text().startswith("从通讯录删除 张伟（区应急委/成员单位/区水务局）？")
    assert asked[0].defaultButton().text() == "取消" and asked[0].escapeButton().text() == "取消"
    assert panel.model.row_of(zhang) >= 0 and on_duty.get("people", zhang)["deleted"] == 0
    water = next(i for i in _items(panel.tree) if i.text(0).startswith("区水务局"))
    assert water.text(0) == "区水务局（4）"
    qtbot.keyClick(panel.table, Qt.Key_Delete)                   # 删除
    assert on_duty.get("people", zhang)["deleted"] == 1
    assert panel.model.row_of(zhang) < 0 and "张伟" not in _names(panel)
    assert water.text(0) == "区水务局（3）"
    assert messages[-1] == "已从通讯录删除 张伟（区应急委/成员单位/区水务局）" and warnings == []
    left = len(contacts.people(on_duty))
    qtbot.waitUntil(lambda: len(panel.finder.index) == left)    # the index drops them on the announced write
    panel.search.setFocus()
    qtbot.keyClicks(panel.search, "zw")
    qtbot.keyClick(panel.search, Qt.Key_Return)
    assert "张伟" not in _names(panel) and "在全部人员中查找“zw”" in panel.unit_info.text()


def test_the_delete_button_shows_a_refusal_and_keeps_the_row(qtbot, on_duty, answering, warnings):
    view, _ = _view(qtbot, on_duty)
    panel = view.contacts
    wang = contacts.find_person(on_duty, "王芳")
    contacts.save_group(on_duty, "局领导", [wang])
    with on_duty.write() as tx:
        tx.insert("plans", {"code": "P1", "title": "区防汛防台专项应急预案", "kind": "专项", "notify": '["局领导"]'})
    answering(["删除"])
    panel.table.selectRow(panel.model.row_of(wang))
    button = next(b for b in panel.findChildren(QPushButton) if b.text() == "删除 Delete")
    button.click()
    assert warnings == ["未删除：不能删除王芳（区水务局）：此人是通知组“局领导”的唯一成员，而预案《区防汛防台专项应急预案》"
                        "要通知该组。请先为该组添加其他成员"]
    assert panel.model.row_of(wang) >= 0


def test_the_window_keeps_the_spellings_for_the_next_opening_and_the_command_line(qtbot, on_duty):
    view, _ctx = _view(qtbot, on_duty)
    live = contacts.count_people(on_duty)
    qtbot.waitUntil(lambda: on_duty.one("SELECT count(*) FROM contact_keys")[0] == live, timeout=10000)
    contacts.name_keys.cache_clear()
    reopened = contacts.ContactIndex(on_duty)        # as the next opening builds it: no name spelt again
    assert contacts.name_keys.cache_info().misses == 0
    assert reopened.search_ids("zw") == view.contacts.finder.index.search_ids("zw")


def test_unit_dialog_refusing_the_duty_part_saves_no_unit(qtbot, on_duty):
    from xhduty.ui.contacts.unit import UnitDialog

    contacts.seed_skeleton(on_duty)
    root = contacts.find_unit(on_duty, None, "区应急委")
    dialog = UnitDialog(on_duty, parent_id=root)
    qtbot.addWidget(dialog)
    dialog.name.setText("区消防救援支队")
    dialog.duty_person_phone.setText("13900000119")      # the phone typed, the name forgotten
    dialog.save()
    assert "请同时填写今日值班人员姓名" in dialog.error.text() and dialog.saved_id is None
    assert contacts.find_unit(on_duty, root, "区消防救援支队") is None
    dialog.duty_name.setText("王　值班")
    dialog.save()
    assert [d["name"] for d in contacts.on_duty(on_duty)[dialog.saved_id]] == ["王值班"]
