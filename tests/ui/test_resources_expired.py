"""The issue form says how much of what is on hand has expired and will not go out, and an issue through
the form (keyboard only) books unexpired lots: the officer sees before saving why 60 on the books is 50
to give."""

from __future__ import annotations

from datetime import timedelta

from xhduty.core import clock
from xhduty.core.resources import assets, stock
from xhduty.ui.qt import Qt
from xhduty.ui.resources.dialogs import MovementDialog


def test_the_issue_form_names_expired_stock_and_books_unexpired_lots(qtbot, ctx):
    store = ctx.store
    depot = assets.save(store, "depots", {"name": "田林街道储备点", "kind": "储备点", "division": "tianlin"})[0]
    item = assets.save(store, "items", {"name": "棉被", "class_code": "1020100", "unit": "条"})[0]
    today = clock.now().date()
    with store.write() as tx:
        stock.receive(tx, depot, item, 10, lot="OLD", expires=today - timedelta(days=1))
        stock.receive(tx, depot, item, 50, lot="NEW", expires=today + timedelta(days=700))

    dialog = MovementDialog(ctx, "issue", depot, item)
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
    write_off = MovementDialog(ctx, "writeoff", depot, item)
    qtbot.addWidget(write_off)
    assert write_off.on_hand.text() == "48"   # a write-off takes expired lots too
