"""Expired stock does not go out by the form: 账面现有 says how much of what is on hand has expired and
will not be issued, an issue through the form (keyboard only) books unexpired lots, and 出库 on the
inventory's line of an expired lot (listed first) does not carry that lot into the form."""

from __future__ import annotations

from datetime import timedelta

import pytest

from xhduty.core import clock
from xhduty.core.resources import assets, stock
from xhduty.ui.qt import Qt
from xhduty.ui.resources.dialogs import MovementDialog


@pytest.fixture
def blankets(ctx):
    """A depot with 10 blankets in lot OLD, expired yesterday, and 50 in lot NEW, good for two years."""
    store = ctx.store
    depot = assets.save(store, "depots", {"name": "田林街道储备点", "kind": "储备点", "division": "tianlin"})[0]
    item = assets.save(store, "items", {"name": "棉被", "class_code": "1020100", "unit": "条"})[0]
    today = clock.now().date()
    with store.write() as tx:
        stock.receive(tx, depot, item, 10, lot="OLD", expires=today - timedelta(days=1))
        stock.receive(tx, depot, item, 50, lot="NEW", expires=today + timedelta(days=700))
    return depot, item


def test_the_issue_form_names_expired_stock_and_books_unexpired_lots(qtbot, ctx, blankets):
    dialog = MovementDialog(ctx, "issue", *blankets)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.on_hand.text() == "60（其中已过期 10，不出库）"
    dialog.lot.setText("OLD")                      # a lot named on purpose: its own quantity, nothing passed over
    assert dialog.on_hand.text() == "10"
    dialog.lot.clear()
    dialog.qty.setValue(12)
    dialog.party.setText("田林街道安置点")
    qtbot.keyClick(dialog.party, Qt.Key_Return)
    assert [(m["lot"], m["qty"]) for m in dialog.moved] == [("NEW", -12)]
    write_off = MovementDialog(ctx, "writeoff", *blankets)
    qtbot.addWidget(write_off)
    assert write_off.on_hand.text() == "48"   # a write-off takes expired lots too


def test_issuing_from_a_selected_expired_line_takes_the_good_lots(qtbot, monkeypatch, ctx, blankets):
    from xhduty.ui.resources.resources_view import InventoryPane

    pane = InventoryPane(ctx)
    qtbot.addWidget(pane)
    assert [r["lot"] for r in pane.model.rows] == ["OLD", "NEW"]
    pane.table.selectRow(0)
    opened = []

    def book_from_the_form(dialog):
        opened.append((dialog.lot.text(), dialog.on_hand.text()))
        dialog.qty.setValue(5)
        dialog.save()

    monkeypatch.setattr(MovementDialog, "exec", book_from_the_form)   # the modal form, filled as typed
    pane.book("issue")
    assert opened == [("", "60（其中已过期 10，不出库）")]
    assert {(r["lot"], r["qty"]) for r in stock.on_hand(ctx.store)} == {("OLD", 10), ("NEW", 45)}
