"""Importing a unit's own contact list in the window: it is placed under the unit the officer names."""

from __future__ import annotations

from openpyxl import Workbook

from xhduty.core.contacts import contacts
from xhduty.ui.context import AppContext
from xhduty.ui.contacts.contacts_view import View
from xhduty.ui.import_preview import ImportPreviewDialog
from xhduty.ui.qt import QDialog

UNIT = "区应急委/成员单位/区水务局"


def test_a_units_list_goes_under_the_unit_selected_in_the_tree_or_typed(qtbot, on_duty, tmp_path, monkeypatch):
    contacts.load_demo(on_duty)
    ctx = AppContext(on_duty)
    view = View(ctx)
    ctx.data_changed.connect(view.refresh)
    qtbot.addWidget(view)
    panel = view.contacts
    wb = Workbook()
    wb.active.append(["部门", "姓名", "手机"])          # Sheet1, departments of the unit, no 单位路径
    wb.active.append(["防汛办", "新来的", "13900009999"])
    wb.save(tmp_path / "水务局.xlsx")
    water = next(uid for uid, path in panel.paths().items() if path == UNIT)
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
    assert offered == [UNIT]
    assert contacts.search(on_duty, "新来的")[0]["unit_path"] == f"{UNIT}/防汛办"
