"""Removing a plan in the window, by keyboard: Delete on the selected plan asks by name (取消 the default),
the plan leaves the library and the search hits, the officer is told and can undo with Ctrl+Z; a
station that may not write plans is told so at once; a response's checklist says its plan was removed."""

from __future__ import annotations

from xhduty.core.plans import matching, plans
from xhduty.core.store import init_station, open_store
from xhduty.sync import state
from xhduty.ui.context import AppContext
from xhduty.ui.plans.plans_view import View
from xhduty.ui.qt import Qt


def _view(qtbot, store):
    ctx = AppContext(store)
    view = View(ctx)
    ctx.data_changed.connect(view.refresh)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)   # shortcuts answer keys in the active window only
    return view, ctx


def _row_of(view, code: str) -> int:
    return next(r for r in range(view.model.rowCount()) if view.model.row(r)["code"] == code)


def test_delete_asks_by_name_removes_and_ctrl_z_restores(qtbot, on_duty, answering, warnings):
    view, ctx = _view(qtbot, on_duty)
    messages = []
    ctx.status_message.connect(messages.append)
    asked = answering(["取消", "删除"])
    flood = plans.get_plan(on_duty, "XH-ZX-FLOOD")
    view.table.setFocus()
    view.table.selectRow(_row_of(view, "XH-ZX-FLOOD"))
    assert view.reader.plan["id"] == flood["id"]
    qtbot.keyClick(view.table, Qt.Key_Delete)                           # 取消: nothing happens
    assert asked[0].text().startswith("从预案库删除《徐汇区防汛防台专项应急预案（示例）》（编号 "
                                      + flood["id"][-6:] + "，XH-ZX-FLOOD，")
    assert asked[0].defaultButton().text() == "取消" and asked[0].escapeButton().text() == "取消"
    assert on_duty.get("plans", flood["id"])["deleted"] == 0 and view.model.rowCount() == 14
    qtbot.keyClick(view.table, Qt.Key_Delete)                           # 删除
    assert on_duty.get("plans", flood["id"])["deleted"] == 1
    assert view.model.rowCount() == 13 and "XH-ZX-FLOOD" not in {view.model.row(r)["code"] for r in range(13)}
    assert messages[-1].startswith("已从预案库删除《徐汇区防汛防台专项应急预案（示例）》") and "Ctrl+Z" in messages[-1]
    assert view.focusWidget() is view.table and view.reader.plan["id"] != flood["id"]   # the next plan is open
    assert view.undo_button.isVisible() and warnings == []
    view.search.setText("地下车库进水")
    view.run_search()
    hits = [view.hits.item(i).data(Qt.UserRole + 1) for i in range(view.hits.count())]
    assert hits and flood["id"] not in hits
    view.search.clear()
    qtbot.waitUntil(lambda: view.left.currentWidget() is view.table)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key_Z, Qt.ControlModifier)           # 撤销删除
    assert on_duty.get("plans", flood["id"])["deleted"] == 0 and view.model.rowCount() == 14
    assert view.reader.plan["id"] == flood["id"] and messages[-1].startswith("已恢复《徐汇区防汛防台专项应急预案")
    assert not view.undo_button.isVisible()


def test_delete_from_the_search_hits_and_the_reader_forgets_the_plan(qtbot, on_duty, answering):
    view, _ = _view(qtbot, on_duty)
    answering(["删除"])
    view.search.setText("地下车库进水")
    qtbot.keyClick(view.search, Qt.Key_Return)
    first = view.reader.plan
    view.hits.setFocus()
    view.hits.setCurrentRow(0)
    qtbot.keyClick(view.hits, Qt.Key_Delete)
    assert on_duty.get("plans", first["id"])["deleted"] == 1
    hits = [view.hits.item(i).data(Qt.UserRole + 1) for i in range(view.hits.count())]
    assert first["id"] not in hits and view.hits.currentRow() == 0 and view.reader.plan["id"] == hits[0]


def test_a_street_station_is_refused_before_being_asked(qtbot, tmp_path, answering, warnings):
    street = open_store(tmp_path / "S1" / "xhduty.db")
    init_station(street, "S1", "徐家汇街道", "street")
    plans.import_builtin(street)
    state.configure(street, "http://127.0.0.1:9", "t" * 32)
    asked = answering([])
    view, _ = _view(qtbot, street)
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key_Delete)
    assert asked == [] and len(warnings) == 1 and "应急预案只能由区中心修改" in warnings[0]
    assert street.one("SELECT count(*) FROM plans WHERE deleted = 1")[0] == 0
    street.close()


def test_the_checklist_of_a_response_says_its_plan_was_removed(qtbot, on_duty, monkeypatch):
    view, _ = _view(qtbot, on_duty)
    flood = plans.get_plan(on_duty, "XH-ZX-FLOOD")
    response = matching.start_response(on_duty, flood["id"], "II")
    from xhduty.core.plans.removal import remove_plan
    remove_plan(on_duty, flood["id"])
    view.match._show_checklist(response)
    title = view.match.checklist_title.text()
    assert title.startswith("《徐汇区防汛防台专项应急预案（示例）》Ⅱ级响应") and "该预案已从预案库删除" in title
    assert view.match.steps.count() == len(matching.checklist(on_duty, response)["steps"]) > 0
