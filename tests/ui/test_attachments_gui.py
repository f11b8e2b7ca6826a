"""Attachments in every form the issue names — log entry, incident, shelter, team: a file comes in by the
file dialog (Ctrl+Shift+A), a drop, or a paste into the form's text; a record being created gets its files
in the transaction that creates it, and a refused save records none of them.

Screenshots go to /tmp/attachments-*.png (示例数据) to look at the forms at their size.
"""

from __future__ import annotations


from xhduty.core import attachments
from xhduty.core.resources import assets
from xhduty.core.store import StoreError
from xhduty.ui.context import AppContext
from xhduty.ui.qt import QApplication, QFileDialog, QMessageBox, QPoint, Qt, QUrl
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage


def photo(path, color=(150, 80, 60)):
    from PIL import Image

    Image.new("RGB", (800, 600), color).save(path, "JPEG")
    return path


def count(store, table: str, where: str = "1") -> int:
    return store.one(f"SELECT count(*) FROM {table} WHERE {where}")[0]




def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # a window shortcut (Ctrl+Shift+A) needs its window active
    return dialog


def drop(widget, *paths) -> None:
    """Drag files from a file manager onto ``widget`` and drop them (the events a real drag sends)."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(widget, QDropEvent(QPoint(5, 5), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier))


def pending(qtbot, strip, n: int) -> None:
    qtbot.waitUntil(lambda: len(strip.pending) == n and not strip.busy, timeout=10000)


def test_log_entry_gets_a_photo_by_shortcut_and_a_pasted_screenshot_with_the_entry(qtbot, on_duty, tmp_path,
                                                                                    monkeypatch, warnings):
    from xhduty.ui.duty.entry_form import EntryDialog

    dialog = shown(qtbot, EntryDialog(on_duty))
    assert not dialog.files.list.isVisible()  # compact: one line while nothing is attached
    chosen = photo(tmp_path / "现场.jpg")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(chosen)], ""))
    qtbot.keyClick(dialog.text, Qt.Key_A, Qt.ControlModifier | Qt.ShiftModifier)
    pending(qtbot, dialog.files, 1)
    screenshot = QImage(64, 48, QImage.Format_RGB32)
    screenshot.fill(Qt.red)
    QApplication.clipboard().setImage(screenshot)
    qtbot.keyClick(dialog.text, Qt.Key_V, Qt.ControlModifier)  # a picture pasted into the text is attached
    pending(qtbot, dialog.files, 2)
    assert dialog.text.toPlainText() == "" and dialog.files.list.isVisible()
    assert count(on_duty, "attachments") == 0  # nothing recorded before the entry is saved
    dialog.text.setPlainText("龙华中路地下车库进水，现场照片见附件（示例数据）")
    dialog.resize(dialog.width(), dialog.sizeHint().height())
    dialog.grab().save("/tmp/attachments-entry.png")
    qtbot.keyClick(dialog.text, Qt.Key_Return)
    assert warnings == []
    rows = attachments.of_record(on_duty, "log_entries", dialog.entry_id)
    assert [(r["name"], r["kind"]) for r in rows] == [("现场.jpg", "jpeg"), ("粘贴的图片.png", "png")]


def test_a_refused_entry_records_none_of_its_files(qtbot, on_duty, tmp_path, monkeypatch, warnings):
    from xhduty.ui.duty.entry_form import EntryDialog

    dialog = shown(qtbot, EntryDialog(on_duty))
    drop(dialog.text.viewport(), photo(tmp_path / "a.jpg"))  # dropped on the text box
    pending(qtbot, dialog.files, 1)
    qtbot.keyClick(dialog.text, Qt.Key_Return)  # no text: refused
    assert warnings == ["未保存：记录内容不能为空"] and dialog.entry_id is None
    entries = count(on_duty, "log_entries")

    def broken(tx, *args, **kwargs):  # the file's record fails after the entry's row was written
        raise StoreError("附件记录写入失败（测试）")

    monkeypatch.setattr(attachments, "record", broken)
    dialog.text.setPlainText("有附件的记录")
    qtbot.keyClick(dialog.text, Qt.Key_Return)
    assert warnings[-1] == "未保存：附件记录写入失败（测试）"
    assert count(on_duty, "log_entries") == entries and count(on_duty, "attachments") == 0  # nothing half-stored
    monkeypatch.undo()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    qtbot.keyClick(dialog.text, Qt.Key_Return)
    assert [r["name"] for r in attachments.of_record(on_duty, "log_entries", dialog.entry_id)] == ["a.jpg"]


def test_incident_gets_files_pasted_from_a_file_manager_and_dropped(qtbot, ctx, tmp_path, warnings):
    from xhduty.ui.incidents.incident_dialog import IncidentDialog

    announced = []
    ctx.data_changed.connect(announced.append)
    dialog = shown(qtbot, IncidentDialog(ctx))
    scan = tmp_path / "文电.pdf"
    scan.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")
    copied = QMimeData()
    copied.setUrls([QUrl.fromLocalFile(str(scan))])
    QApplication.clipboard().setMimeData(copied)  # the clipboard owns it now
    qtbot.keyClick(dialog.description, Qt.Key_V, Qt.ControlModifier)
    QApplication.clipboard().clear()  # (deleting it at exit after Python did crashes the process)
    drop(dialog.files, photo(tmp_path / "现场.jpg"))
    pending(qtbot, dialog.files, 2)
    (tmp_path / "fake.jpg").write_bytes(b"%PDF-1.4\n")
    drop(dialog.files, tmp_path / "fake.jpg")
    qtbot.waitUntil(lambda: not dialog.files.busy, timeout=10000)
    assert warnings == ["未附加：fake.jpg：扩展名表明是JPEG 图片，但文件内容是PDF 文档，未保存"]
    dialog.title.setText("龙华中路燃气泄漏（示例数据）")
    dialog.grab().save("/tmp/attachments-incident.png")
    qtbot.keyClick(dialog.title, Qt.Key_Return)
    rows = attachments.of_record(ctx.store, "incidents", dialog.incident_id)
    assert sorted(r["name"] for r in rows) == ["文电.pdf", "现场.jpg"]
    assert set(announced[-1].ids("attachments")) == {r["id"] for r in rows}  # announced with the incident
    assert announced[-1].ids("incidents") == [dialog.incident_id]


def test_a_new_shelter_gets_its_photo_and_a_saved_team_attaches_at_once(qtbot, ctx, tmp_path, warnings):
    from xhduty.ui.resources.dialogs import RecordDialog

    dialog = shown(qtbot, RecordDialog(ctx, "shelters"))
    assert RecordDialog(ctx, "items").files is None  # only the registers the issue names
    drop(dialog.files, photo(tmp_path / "入口.jpg"))
    pending(qtbot, dialog.files, 1)
    dialog.widgets["name"].setText("徐家汇公园避难场所（示例数据）")
    dialog.widgets["address"].setText("肇嘉浜路 1 号")
    dialog.widgets["capacity"].setValue(500)
    dialog.grab().save("/tmp/attachments-shelter.png")
    dialog.save()
    assert warnings == []
    assert [r["name"] for r in attachments.of_record(ctx.store, "shelters", dialog.record_id)] == ["入口.jpg"]

    team, _ = assets.save(ctx.store, "teams", {"name": "区消防救援支队（示例数据）", "readiness": "待命",
                                                 "division": "longhua"})
    announced = []
    ctx.data_changed.connect(announced.append)
    edit = shown(qtbot, RecordDialog(ctx, "teams", assets.get(ctx.store, "teams", team)))
    drop(edit.files, photo(tmp_path / "装备.jpg", (10, 90, 30)))
    qtbot.waitUntil(lambda: not edit.files.busy and bool(edit.files.items()), timeout=10000)
    [row] = attachments.of_record(ctx.store, "teams", team)
    assert edit.files.pending == [] and announced[-1].ids("attachments") == [row["id"]]


def test_a_file_not_here_shows_as_not_downloaded_and_is_fetched_from_a_loopback_hub(qtbot, tmp_path, warnings):
    from test_sync_support import enrol, make_station, running_hub
    from xhduty.core.hazards import hazards
    from xhduty.sync import state
    from xhduty.sync.client import run_sync
    from xhduty.ui.attachments import AttachmentsStrip

    with running_hub(tmp_path) as hub:
        lh, other = make_station(tmp_path, "S-LH", "street"), make_station(tmp_path, "S-LH2", "street")
        enrol(hub, lh, "street", "longhua")
        enrol(hub, other, "street", "longhua")
        hid = hazards.register(lh, dict(found_on="2026-11-02", finder="张敏", found_by="巡查", division="龙华街道",
                                        address="龙华中路 1 号（示例数据）", category="燃气", level="一般",
                                        deadline="2026-11-20"), "李值班")
        attachments.attach(lh, photo(tmp_path / "现场.jpg"), "hazards", hid, role="before")
        assert run_sync(lh)["files"]["uploaded"] == ["现场.jpg"]
        assert run_sync(other)["files"]["not_fetched"] == 1  # a street fetches on demand

        strip = AttachmentsStrip(AppContext(other), "hazards", hid)
        qtbot.addWidget(strip)
        strip.resize(600, 180)
        strip.show()
        [item] = strip.items()
        assert not item["present"] and "未下载" in strip.list.item(0).text()
        assert strip.fetch_button.isVisible() and strip.fetch_button.text() == "下载未下载的 1 个文件"
        strip.grab().save("/tmp/attachments-not-downloaded.png")

        good_hub = state.get(other, "hub_url")
        state.configure(other, hub="http://127.0.0.1:9")  # nobody listens there
        qtbot.mouseClick(strip.fetch_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: not strip.fetching, timeout=20000)
        assert len(warnings) == 1 and "现场.jpg：无法连接同步中心" in warnings[0]
        assert strip.fetch_button.isVisible()  # still 未下载, still offered

        state.configure(other, hub=good_hub)
        qtbot.mouseClick(strip.fetch_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: not strip.fetching, timeout=20000)
        assert len(warnings) == 1
        [item] = strip.items()
        assert item["present"] and not strip.fetch_button.isVisible()
        assert (tmp_path / "现场.jpg").read_bytes() == attachments.file_path(other, item["sha256"]).read_bytes()
        lh.close()
        other.close()


def test_the_windows_background_sync_says_what_became_of_the_files(qtbot, tmp_path):
    from test_sync_support import enrol, make_station, running_hub
    from xhduty.core.hazards import hazards
    from xhduty.sync.client import run_sync
    from xhduty.ui.sync.status import SyncStatus

    with running_hub(tmp_path) as hub:
        lh = make_station(tmp_path, "S-LH", "street")
        enrol(hub, lh, "street", "longhua")
        hid = hazards.register(lh, dict(found_on="2026-11-02", finder="张敏", found_by="巡查", division="龙华街道",
                                        address="龙华中路 1 号（示例数据）", category="燃气", level="一般",
                                        deadline="2026-11-20"), "李值班")
        attachments.attach(lh, photo(tmp_path / "现场.jpg"), "hazards", hid)
        status = SyncStatus(AppContext(lh))
        qtbot.addWidget(status)
        messages = []
        status.ctx.status_message.connect(messages.append)
        status.sync_now()  # on a worker, as the timer and F9 start it
        qtbot.waitUntil(lambda: not status.running, timeout=20000)
        assert messages[-1].startswith("同步完成") and messages[-1].endswith("；附件文件：上传 1 个，下载 0 个")

        from xhduty.sync import files

        centre = make_station(tmp_path, "C1", "centre")
        enrol(hub, centre, "centre")
        files.set_policy(centre, "demand")
        run_sync(centre)  # the record is here, its file 未下载
        files.set_policy(centre, "all")  # the next sync fetches it, and nothing else: the views must hear of it
        status = SyncStatus(AppContext(centre))
        qtbot.addWidget(status)
        announced = []
        status.ctx.data_changed.connect(announced.append)
        status.sync_now()
        qtbot.waitUntil(lambda: not status.running, timeout=20000)
        assert "attachments" in announced[-1] and attachments.of_record(centre, "hazards", hid)[0]["present"]
        lh.close()
        centre.close()
