"""The plans area through its widgets: search and open a plan, a signal proposing the flood plan, and a
response started with one click whose ticks land in the duty log."""

from __future__ import annotations

from xhduty.core.duty import duty
from xhduty.core.plans import matching
from xhduty.core.duty import warning_signals
from xhduty.ui.context import AppContext
from xhduty.ui.qt import QFileDialog, Qt
from xhduty.core.plans import plans
from xhduty.ui.plans.plan_dialog import PlanDialog
from xhduty.ui.plans.plans_view import View


def _view(qtbot, store):
    ctx = AppContext(store)
    view = View(ctx)
    ctx.data_changed.connect(view.refresh)
    qtbot.addWidget(view)
    view.resize(1300, 740)
    view.show()
    return view, ctx


def test_search_highlights_and_opens_the_plan_at_the_section(qtbot, on_duty):
    view, _ = _view(qtbot, on_duty)
    assert view.model.rowCount() == 14  # the sample library is loaded on first open
    assert "示例数据" in view.count_label.text()
    assert view.focusWidget() is view.search  # the search box takes focus when the area is shown
    view.search.setText("地下车库进水怎么办")  # QTest cannot type Chinese; the officer would use an IME
    qtbot.keyClick(view.search, Qt.Key_Return)
    assert view.left.currentWidget() is view.hits and view.hits.count() >= 2
    first = view.hits.itemWidget(view.hits.item(0)).text()
    assert "防汛防台" in first and '<b style="color:#B00020;">地下车库进水</b>' in first
    reader = view.reader
    assert reader.plan["code"] == "XH-ZX-FLOOD"
    assert reader.outline.currentItem().text(0) == "（二）响应措施"
    assert '<span style=" background-color:#ffe58f;">地下车库进水</span>' in reader.text.toHtml()
    view.search.clear()
    qtbot.waitUntil(lambda: view.left.currentWidget() is view.table)


def test_import_in_the_background_reports_every_file_and_export_the_open_plan(qtbot, on_duty, tmp_path,
                                                                             monkeypatch):
    monkeypatch.setenv("XHDUTY_SOFFICE", "")
    view, _ = _view(qtbot, on_duty)
    folder = tmp_path / "预案"
    folder.mkdir()
    (folder / "街道预案.txt").write_text("某街道高温应急预案\n一、总则\n关心独居老人防暑。\n", encoding="utf-8")
    (folder / "README.md").write_text("# 说明\n", encoding="utf-8")
    (folder / "旧.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    view.start_import([str(folder)])   # wait for the effect: a fast worker may finish before waitSignal listens
    qtbot.waitUntil(lambda: getattr(view, "report_dialog", None) is not None, timeout=10000)
    dialog = view.report_dialog
    rows = dialog.rows()
    assert rows[0] == ("街道预案.txt", "新增", "某街道高温应急预案；推断了：适用事件类型（请核对）")
    assert ("README.md", "跳过", "说明文件，不是预案") in rows
    assert rows[-1][:2] == ("旧.doc", "未导入") and "LibreOffice" in rows[-1][2]
    assert dialog.summary.text() == "共导入 1 个预案，跳过 1 个非预案文件，1 处错误（有错的文件未导入）"
    dialog.close()
    assert view.model.rowCount() == 15
    row = next(r for r in range(15) if view.model.data(view.model.index(r, 0)) == "某街道高温应急预案（推断）")
    view.table.selectRow(row)
    out = tmp_path / "out.toml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(out), ""))
    view.export_plan()
    assert 'title = "某街道高温应急预案"' in out.read_text(encoding="utf-8")


def test_an_imported_plan_shows_what_was_inferred_and_the_officer_confirms_it(qtbot, on_duty, tmp_path):
    doc = tmp_path / "燃气.txt"
    doc.write_text("某区燃气事故应急预案\n一、总则\n本预案由区燃气管理处负责解释。\n二、Ⅲ级响应\n"
                   "造成3人以上死亡时启动。关阀断气。\n", encoding="utf-8")
    plan_id = plans.import_paths(on_duty, [doc]).imported[0]["id"]
    view, _ = _view(qtbot, on_duty)
    view.open_plan(plan_id)
    text = view.reader.text.toPlainText()
    assert "编制单位 区燃气管理处 推断" in text and "适用事件类型 燃气事故（A.gas） 推断" in text
    assert "Ⅲ级响应 — 牵头：区燃气管理处 推断" in text
    dialog = PlanDialog(view.ctx, view.reader.plan, view)
    qtbot.addWidget(dialog)
    assert dialog.checked_hazards() == ["A.gas"] and dialog.confirm_button.isEnabled()
    with qtbot.waitSignal(view.ctx.data_changed) as announced:
        dialog.confirm()
    assert plans.get_plan(on_duty, plan_id)["inferred"] == []
    assert announced.args[0].ids("plans") == [plan_id]          # exactly what was written, announced


def test_a_search_hit_found_through_the_thesaurus_says_why(qtbot, on_duty):
    view, _ = _view(qtbot, on_duty)
    view.search.setText("电梯困人找谁")
    qtbot.keyClick(view.search, Qt.Key_Return)
    first = view.hits.itemWidget(view.hits.item(0)).text()
    assert "特种设备" in first and "“电梯困人”属于特种设备事故" in first


def test_filter_library_by_kind_and_hazard(qtbot, on_duty):
    view, _ = _view(qtbot, on_duty)
    view.kind.setCurrentIndex(view.kind.findData("总体"))
    assert view.model.rowCount() == 1 and "总体" in view.model.data(view.model.index(0, 0))
    view.kind.setCurrentIndex(0)
    view.hazard.setCurrentIndex(view.hazard.findData("A.gas"))
    assert [view.model.data(view.model.index(r, 0)) for r in range(view.model.rowCount())] == ["徐汇区燃气事故专项应急预案（示例）"]


def test_signal_typed_in_a_few_keys_proposes_flood_plan_and_response_is_logged(qtbot, on_duty):
    view, _ = _view(qtbot, on_duty)
    view.tabs.setCurrentWidget(view.signals)
    view.signals.spec.setText("暴雨橙")
    qtbot.keyClick(view.signals.spec, Qt.Key_Return)
    assert [warning_signals.label(s) for s in warning_signals.active_signals(on_duty)] == ["暴雨橙色预警"]
    assert view.signals.model.item(0, 0).text() == "暴雨橙色预警"
    panel = view.match
    view.tabs.setCurrentWidget(panel)
    assert panel.model.data(panel.model.index(0, 0)) == "徐汇区防汛防台专项应急预案（示例）"
    assert panel.model.data(panel.model.index(0, 1)) == "Ⅱ级"
    assert panel.start_level.currentData() == "II"
    qtbot.mouseClick(panel.start_button, Qt.LeftButton)
    assert panel.steps.count() == 5
    assert [panel.notify_box.itemAtPosition(0, i).widget().text() for i in (1, 2)] == [
        "区防汛指挥部成员单位", "各街镇防汛分指挥部"]
    panel.steps.item(1).setCheckState(Qt.Checked)
    state = matching.checklist(on_duty, panel.response_id)
    assert state["steps"][1]["done"] and state["steps"][1]["person"] == "李值班"
    assert "✓" in panel.steps.item(1).text()
    texts = [e["text"] for e in duty.list_entries(on_duty, duty.LogFilter())]
    assert any("发布暴雨橙色预警信号" in t for t in texts)
    assert any(t.startswith("启动《徐汇区防汛防台专项应急预案（示例）》Ⅱ级响应") for t in texts)
    assert any("Ⅱ级响应第 2 步已完成" in t for t in texts)


def test_a_street_station_waits_for_the_centre_library(qtbot, home):
    from xhduty.core.store import init_station, open_store

    street = open_store()
    init_station(street, "XH-LH", "龙华街道", "street")
    view, _ = _view(qtbot, street)
    assert view.model.rowCount() == 0
    assert "预案由区中心同步而来" in view.count_label.text()
    street.close()


def test_the_search_box_at_hand_opens_the_plans_area_with_the_answer(qtbot, on_duty):
    from xhduty.ui.plans.search_box import PlanSearchBox

    view, _ = _view(qtbot, on_duty)
    view.tabs.setCurrentWidget(view.signals)
    opened = []
    box = PlanSearchBox(lambda name: opened.append(name) or view)
    qtbot.addWidget(box)
    box.setText("有限空间")
    qtbot.keyClick(box, Qt.Key_Return)
    assert opened == ["plans"] and box.text() == ""
    assert view.tabs.currentIndex() == 0 and view.reader.plan["code"] == "XH-ZX-CONFINED"


def test_plans_titled_alike_are_told_apart_in_the_report_and_the_reader(qtbot, on_duty, tmp_path):
    for street in ("龙华街道", "徐家汇街道"):
        (tmp_path / f"{street}.txt").write_text(f"防汛防台应急预案\n一、总则\n本预案适用于{street}。\n", encoding="utf-8")
    view, _ = _view(qtbot, on_duty)
    view.start_import([str(tmp_path)])
    qtbot.waitUntil(lambda: getattr(view, "report_dialog", None) is not None, timeout=10000)
    rows = view.report_dialog.rows()
    assert ("龙华街道.txt", "同名", "库中已有同名预案《防汛防台应急预案》（导入自 徐家汇街道.txt），本文件已作为另一个预案导入，"
            "原有预案未改动；如是同一预案的新版本，请以原文件名导入，即更新原预案") in rows
    view.report_dialog.close()
    shown = []
    for plan in (p for p in plans.list_plans(on_duty) if p["title"] == "防汛防台应急预案"):
        view.open_plan(plan["id"])
        shown.append(view.reader.text.toPlainText())
    assert sorted(t.split("导入自 ")[1].split("\n")[0].strip() for t in shown) == ["徐家汇街道.txt", "龙华街道.txt"]


def test_a_started_level_with_no_measures_says_so_instead_of_an_empty_checklist(qtbot, on_duty, tmp_path):
    path = tmp_path / "高温.txt"
    path.write_text("某街道高温天气应急预案\n一、分级响应\nⅣ级响应：发布高温黄色预警时启动。\n", encoding="utf-8")
    plan_id = plans.import_paths(on_duty, [path]).imported[0]["id"]
    view, _ = _view(qtbot, on_duty)
    panel = view.match
    panel._show_checklist(matching.start_response(on_duty, plan_id, "IV"))
    assert [panel.steps.item(r).text() for r in range(panel.steps.count())] == [
        "本级响应在预案中没有列出处置措施，请按预案正文处置"]
    assert not panel.steps.item(0).flags() & Qt.ItemIsUserCheckable
