"""The hazard area through its widgets: registering with a photo checked on a worker, the workflow steps
from the register, a refused file named in a message and not stored, the lists and the trend charts.

Screenshots are saved to /tmp/hazards-*.png (示例数据) to look at the layouts at 1366×768.
"""

from __future__ import annotations


from xhduty.core import attachments
from xhduty.core.hazards import hazards, lists
from xhduty.ui.hazards.hazard_form import HazardDialog, StepDialog
from xhduty.ui.hazards.hazards_view import View
from xhduty.ui.qt import Qt


def photo(path, color=(150, 80, 60)):
    from PIL import Image

    Image.new("RGB", (1200, 900), color).save(path, "JPEG")
    return path




def fill(dialog: HazardDialog, **values) -> None:
    for field, value in values.items():
        w = dialog.widgets[field]
        if hasattr(w, "findData"):
            w.setCurrentIndex(w.findData(value))
        elif hasattr(w, "setPlainText"):
            w.setPlainText(value)
        else:
            w.setText(value)


def test_register_with_a_photo_then_every_step_from_the_view(qtbot, ctx, tmp_path, warnings):
    view = View(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    dialog = HazardDialog(ctx, officer="李值班", parent=view)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, finder="网格员张敏", found_by="网格上报", division="longhua", address="龙华中路 100 号（示例数据）",
         category="燃气", level="重大", description="违规使用液化气瓶")
    dialog.photos.add_files([photo(tmp_path / "before.jpg")])
    qtbot.waitUntil(lambda: bool(dialog.photos.pending), timeout=10000)  # checked and stored on a worker
    qtbot.keyClick(dialog.widgets["finder"], Qt.Key_Return)
    assert warnings == []
    hid = dialog.hazard_id
    h = hazards.show(ctx.store, hid)
    assert (h["finder"], h["division"], h["level"], [a["role"] for a in h["attachments"]]) == \
        ("网格员张敏", "longhua", "重大", ["before"])
    assert h["steps"][0]["by_whom"] == "李值班"

    view.refresh({"hazards"})
    view.register.select(hid)
    assert view.register.detail.hazard["id"] == hid
    assert [a["name"] for a in view.register.detail.before.items()] == ["before.jpg"]
    view.grab().save("/tmp/hazards-register.png")

    step = StepDialog(ctx, view.register.detail.hazard, officer="王整改", parent=view)
    assert step.step == "start" and step.photos is None
    step.save()
    step = StepDialog(ctx, hazards.show(ctx.store, hid), officer="王整改", parent=view)
    assert step.step == "rectified"
    step.save()  # no after-photo yet: refused, the form stays
    assert "整改完成须附整改后照片" in warnings[-1] and hazards.get(ctx.store, hid)["state"] == "rectifying"
    step.photos.add_files([photo(tmp_path / "after.jpg", (60, 150, 80))])
    qtbot.waitUntil(lambda: bool(step.photos.pending), timeout=10000)
    step.save.__wrapped__(step)  # a refused save re-arms; call the real save again as Enter would
    assert hazards.get(ctx.store, hid)["state"] == "rectified"
    view.refresh({"hazards", "attachments"})
    view.register.select(hid)
    assert [a["name"] for a in view.register.detail.after.items()] == ["after.jpg"]
    qtbot.wait(100)  # let the layout settle before the picture
    view.grab().save("/tmp/hazards-before-after.png")
    StepDialog(ctx, hazards.show(ctx.store, hid), officer="赵复核", parent=view).save()
    assert [s["step"] for s in hazards.show(ctx.store, hid)["steps"]] == ["register", "start", "rectified", "closed"]


def test_a_refused_file_is_named_and_nothing_is_stored(qtbot, ctx, tmp_path, warnings):
    hid = hazards.register(ctx.store, dict(found_on="2026-11-02", finder="张敏", found_by="巡查", division="田林街道",
                                           address="田林路 1 号", category="消防", level="一般",
                                           deadline="2026-11-20"), "李值班")
    view = View(ctx)
    qtbot.addWidget(view)
    view.register.select(hid)
    (tmp_path / "scan.jpg").write_bytes(b"%PDF-1.4\n")
    strip = view.register.detail.before
    strip.add_files([tmp_path / "scan.jpg"])
    qtbot.waitUntil(lambda: strip.busy == 0, timeout=10000)
    assert "scan.jpg：扩展名表明是JPEG 图片，但文件内容是PDF 文档" in warnings[-1]
    assert attachments.of_record(ctx.store, "hazards", hid) == []
    strip.add_files([photo(tmp_path / "ok.jpg")])  # an existing record: attached at once, on the worker
    qtbot.waitUntil(lambda: len(strip.items()) == 1, timeout=10000)
    assert [a["role"] for a in attachments.of_record(ctx.store, "hazards", hid)] == ["before"]


def test_lists_and_trends_tabs(qtbot, ctx):
    hazards.register(ctx.store, dict(found_on="2026-11-02", finder="张敏", found_by="巡查", division="田林街道",
                                     address="田林路 1 号", category="消防", level="一般", deadline="2026-11-20"), "李")
    lists.add(ctx.store, "task", "群租整治（示例数据）", "龙华街道", "2026-12-31", division="龙华街道")
    view = View(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.tabs.setCurrentWidget(view.lists)
    assert view.lists.model.item(0, 0).text() == "群租整治（示例数据）"
    view.tabs.setCurrentWidget(view.trends)
    assert sum(view.trends.trend.found) >= 1
    view.trends.by.setCurrentIndex(view.trends.by.findData("category"))
    assert view.trends.trend.labels == list(hazards.CATEGORIES)
    view.grab().save("/tmp/hazards-trends.png")


def test_a_list_line_is_added_and_moved_on_from_the_lists_tab(qtbot, ctx, warnings, monkeypatch):
    """新增事项 and 标为… write through the one operation path and the tab shows what they wrote."""
    from xhduty.ui.hazards import lists_pane

    view = View(ctx)
    view.ctx.data_changed.connect(view.refresh)     # as the main window connects every view
    qtbot.addWidget(view)
    view.show()
    view.tabs.setCurrentWidget(view.lists)
    monkeypatch.setattr(lists_pane.LineDialog, "exec", lambda dialog: (
        dialog.title.setText("燃气软管更换（示例数据）"), dialog.owner.setText("龙华街道"), dialog.save()))
    view.lists.add_line()
    pane = view.lists
    assert pane.model.rowCount() == 1 and pane.model.item(0, 0).text() == "燃气软管更换（示例数据）"
    pane.table.selectRow(0)
    pane.set_state("进行中")
    assert pane.model.item(0, 3).text() == "进行中"
    assert [line["state"] for line in lists.lines(ctx.store, "task")] == ["进行中"]
    assert warnings == []


def test_a_long_register_opens_on_one_page_and_reads_on_by_key_as_it_scrolls(qtbot, ctx):
    from datetime import date, timedelta

    from xhduty.core import clock
    from xhduty.core.hazards import listing

    with ctx.store.write() as tx:  # 450 hazards, several found on each day: the key is (found_on, id)
        for i in range(450):
            fields, _ = hazards.clean(ctx.store, dict(
                found_on=date(2026, 11, 1) - timedelta(days=i // 3), finder="示例数据", found_by="巡查",
                division="田林街道", address=f"田林路 {i} 号", category="消防", level="一般", deadline=clock.now().date() + timedelta(days=30)))
            hazards.insert_checked(tx, fields, "李")
    view = View(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    model = view.register.model
    assert (model.total, model.rowCount()) == (450, listing.PAGE)
    assert view.register.count.text().startswith("共 450 条")
    while model.canFetchMore():
        view.register.table.scrollToBottom()  # as the officer scrolls: Qt asks for the next page
        qtbot.wait(10)
    assert model.ids == listing.ids(ctx.store)  # every hazard once, in the register's order
    view.register.state.setCurrentIndex(view.register.state.findData("overdue"))
    assert model.total == 0 and model.rowCount() == 0
