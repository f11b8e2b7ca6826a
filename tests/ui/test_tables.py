"""The one row model of every list: what a cell shows, and a list updated row by row after a write."""

from __future__ import annotations

from collections.abc import Sequence

from xhduty.ui.qt import QColor, Qt
from xhduty.ui.tables import ROW_ROLE, Column, RowsModel, field


def _model(**kw) -> RowsModel:
    return RowsModel([Column("储备库", field("name")), Column("数量", field("qty"), numeric=True,
                                                              foreground=lambda r: QColor("red") if r["qty"] < 0 else None)],
                     **kw)


def _names(model: RowsModel) -> list[str]:
    return [model.data(model.index(at, 0)) for at in range(model.rowCount())]


def test_a_cut_name_can_be_read_whole_in_its_tooltip_and_numbers_align_right(qtbot):
    model = _model()
    model.set_rows([{"id": "a", "name": "田林街道应急物资储备点（示例数据，很长的名称）", "qty": -5}])
    assert model.data(model.index(0, 0), Qt.ToolTipRole) == "田林街道应急物资储备点（示例数据，很长的名称）"
    assert model.data(model.index(0, 1), Qt.ToolTipRole) is None
    assert model.data(model.index(0, 1)) == "-5"
    assert model.data(model.index(0, 1), Qt.TextAlignmentRole) & Qt.AlignRight
    assert model.data(model.index(0, 1), Qt.ForegroundRole).color() == QColor("red")
    assert model.data(model.index(0, 0), Qt.ForegroundRole) is None
    assert model.data(model.index(0, 0), ROW_ROLE)["id"] == "a"


def test_upsert_replaces_a_row_in_place_and_inserts_a_new_one_where_the_order_puts_it(qtbot):
    model = _model(order=lambda r: r["id"])
    model.set_rows([{"id": "a", "name": "甲", "qty": 1}, {"id": "c", "name": "丙", "qty": 3}])
    changed, inserted = [], []
    model.dataChanged.connect(lambda top, bottom, *_: changed.append((top.row(), bottom.row())))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))

    assert model.upsert({"id": "c", "name": "丙", "qty": 30}) == 1
    assert changed == [(1, 1)] and model.data(model.index(1, 1)) == "30"
    at = model.upsert({"id": "b", "name": "乙", "qty": 2})
    assert inserted == [(1, 1)] and at == 1 and _names(model) == ["甲", "乙", "丙"]
    assert model.row_of("c") == 2
    assert model.remove("a") and not model.remove("a")
    assert "甲" not in _names(model) and model.row_of("a") == -1
    assert resets == []   # nothing was reloaded: only the rows written changed


def test_a_new_row_goes_last_without_an_order_and_rows_may_be_tuples(qtbot):
    model = RowsModel([Column("名称", lambda r: r[1])], key=lambda r: r[0])
    model.set_rows((("x", "一"), ("y", "二")))      # any sequence; edited as a list
    model.upsert(("z", "三"))
    assert _names(model) == ["一", "二", "三"] and model.row_of("y") == 1


def test_a_long_list_pages_by_key_as_it_is_scrolled(qtbot):
    everyone = [{"id": f"{n:03d}", "name": f"{n:03d}", "qty": n} for n in range(250)]
    asked = []

    def after(last: dict) -> list[dict]:   # keyset paging: the 100 after the last row shown
        asked.append(last["id"])
        return [r for r in everyone if r["id"] > last["id"]][:100]

    model = _model()
    model.set_rows(everyone[:100], more=after)
    assert model.rowCount() == 100 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 250 and asked == ["099", "199"]
    model.fetchMore()                      # the page after the last is empty: no more to fetch
    assert not model.canFetchMore() and model.rowCount() == 250
    assert model.row_of("249") == 249


def test_a_lazy_list_given_its_keys_is_looked_up_without_building_its_rows(qtbot):
    built = []

    class Lazy(Sequence):    # like stock.Inventory: a row is made when it is read
        def __init__(self, ids):
            self.ids = ids

        def __len__(self):
            return len(self.ids)

        def __getitem__(self, at):
            built.append(at)
            return {"id": self.ids[at], "name": "甲", "qty": 1}

    model = _model()
    model.set_rows(Lazy(["a", "b", "c"]), keys=["a", "b", "c"])
    assert model.row_of("c") == 2 and built == []
    model.upsert({"id": "b", "name": "乙", "qty": 2})
    model.remove("a")
    assert model.row_of("c") == 1 and _names(model) == ["乙", "甲"]
