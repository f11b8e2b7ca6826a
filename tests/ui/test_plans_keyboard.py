"""The plan search as an officer on the phone uses it: typed words, ↓ into the hits, each hit opening as
it is reached, ↑ back to the box; and hits as tall as their text, so a screen holds as many as it can."""

from __future__ import annotations

from xhduty.ui.context import AppContext
from xhduty.ui.plans.plans_view import View
from xhduty.ui.qt import Qt


def _view(qtbot, store):
    ctx = AppContext(store)
    view = View(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_down_goes_from_the_search_box_through_the_hits_and_up_comes_back(qtbot, on_duty):
    view = _view(qtbot, on_duty)
    view.search.setText("小区地下车库进水了")   # QTest cannot type Chinese; the IME would commit it
    assert view._debounce.isActive()           # ↓ pressed before the search ran answers the words typed
    qtbot.keyClick(view.search, Qt.Key_Down)
    assert view.focusWidget() is view.hits and view.hits.currentRow() == 0
    first = view.reader.plan["code"]
    assert first == "XH-ZX-FLOOD"
    qtbot.keyClick(view.hits, Qt.Key_Down)
    assert view.hits.currentRow() == 1 and view.reader.plan["code"] != first
    assert view.focusWidget() is view.hits               # reading the next hit keeps the cursor in the list
    qtbot.keyClick(view.hits, Qt.Key_Up)
    qtbot.keyClick(view.hits, Qt.Key_Up)
    assert view.focusWidget() is view.search and view.search.text() == "小区地下车库进水了"
    view.search.clear()
    qtbot.keyClick(view.search, Qt.Key_Down)  # with the box empty, ↓ goes into the library list
    assert view.focusWidget() is view.table and view.table.currentIndex().row() == 0


def test_each_hit_is_as_tall_as_its_text_at_the_width_of_the_list(qtbot, on_duty):
    view = _view(qtbot, on_duty)
    view.search.setText("地下")
    qtbot.keyClick(view.search, Qt.Key_Return)
    hits = view.hits
    assert hits.count() >= 5

    def fitted():
        width = hits.viewport().width()
        return [(hits.item(r).sizeHint().width(), hits.item(r).sizeHint().height()) for r in range(hits.count())] \
            == [(width, hits.itemWidget(hits.item(r)).heightForWidth(width)) for r in range(hits.count())]
    assert fitted()
    view.resize(1000, 700)          # a narrower window wraps the hits into more lines: they grow with it
    qtbot.waitUntil(fitted)
    tallest = max(hits.item(r).sizeHint().height() for r in range(hits.count()))
    assert tallest < hits.viewport().height() / 2
