"""Dialogs of the resources area: a register record form built from the field description in core, a stock
movement form (入库/出库/调拨/盘点/归还/报废), and the stock card of an item.

Enter saves, Esc cancels.  A form that cannot be saved says why in Chinese and keeps what was typed.
"""

from __future__ import annotations

from xhduty.core.resources import assets
from xhduty.core.resources import resources
from xhduty.core.resources import stock
from xhduty.core import attachments
from xhduty.ui.attachments import AttachmentsStrip
from xhduty.ui.pdf_preview import print_in_background
from xhduty.ui.forms import creates_once, save_cancel_buttons
from xhduty.ui.ops import run_op
from xhduty.ui.qt import (
    QAbstractItemView, QComboBox, QDialog, QFormLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox, QTableView, QVBoxLayout, QT_TRANSLATE_NOOP,
    translate,
)
from xhduty.ui.resources.models import amount
from xhduty.ui.tables import Column, RowsModel, field
from xhduty.ui.resources.widgets import combo_value, division_combo, record_combo, select_data

BIG = 1_000_000_000


def _refuse(dialog: QDialog, message: str) -> None:
    QMessageBox.warning(dialog, translate("dialog", "未保存"), message)


class RecordDialog(QDialog):
    """Add or edit one record of a register; the widgets follow the field kinds of core's description."""

    def __init__(self, ctx, kind_name: str, record: dict | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.kind_name, self.record = ctx, kind_name, record
        self.record_id = record["id"] if record else None
        rk = assets.kind(kind_name)
        self.setMinimumWidth(460)
        self.setWindowTitle(self.tr("编辑{what}").format(what=translate("labels", rk.label)) if record
                            else self.tr("新增{what}").format(what=translate("labels", rk.label)))
        form = QFormLayout(self)
        self.widgets = {}
        for f in rk.fields:
            value = record.get(f.key) if record else None
            if f.kind == "int":
                w = QSpinBox()
                w.setRange(0, BIG)
                w.setValue(int(value or (1 if f.key == "pack_size" else 0)))
            elif f.kind == "choice":
                w = QComboBox()
                w.addItems(list(f.choices))
                if value:
                    w.setCurrentText(value)
            elif f.kind == "division":
                w = division_combo(ctx.store, blank="" if not f.required else None)
                select_data(w, value)
            else:
                w = QLineEdit(value or "")
                if f.kind == "date":
                    w.setPlaceholderText("YYYY-MM-DD")
                if f.kind == "class_code":
                    w.setPlaceholderText(self.tr("7 位：1 生活保障 / 2 应急装备 / 3 工程材料与机械"))
            self.widgets[f.key] = w
            form.addRow(self.tr(f.label) + (" *" if f.required else ""), w)
        self.files = None
        if kind_name in attachments.ATTACHABLE:  # shelters and teams: photos, plans, certificates
            self.files = AttachmentsStrip(ctx, kind_name, self.record_id, parent=self, compact=True)
            form.addRow(self.tr("附件 Ctrl+Shift+A"), self.files)
        form.addRow(save_cancel_buttons(self, self.save))

    def values(self) -> dict:
        out = {}
        for k, w in self.widgets.items():
            if isinstance(w, QSpinBox):
                out[k] = w.value()
            elif isinstance(w, QComboBox):
                out[k] = w.currentData() if w.currentData() is not None else w.currentText()
            else:
                out[k] = w.text()
        return out

    @creates_once
    def save(self) -> str | None:
        if self.files is not None and self.files.busy:
            _refuse(self, self.tr("附件仍在检查保存中，完成后再保存"))
            return None
        try:   # a bad field is named and focused before anything is written
            assets.clean(self.ctx.store, self.kind_name, self.values())
        except assets.FieldError as exc:
            _refuse(self, str(exc))
            self.widgets[exc.field.key].setFocus()
            return None
        done = run_op(self.ctx, self, assets.save, self.kind_name, self.values(), self.record_id,
                      files=self.files.pending if self.files else ())
        if not done.ok:
            return None
        self.record_id = done.result[0]
        self.accept()
        return self.record_id


MOVEMENT_TITLES = {"receive": "入库", "issue": "出库", "transfer": "调拨", "count": "盘点", "return": "归还",
                   "writeoff": "报废核销"}


class MovementDialog(QDialog):
    """Book one stock movement.  Issuing more than is on hand asks first, then books it (shown in red).

    An issue or transfer opened on an expired lot (the line selected in the inventory, where a depot's
    expired lots come first) does not carry that lot: it takes the good lots, first-expiring first, and
    账面现有 says how much has expired.  Typing the lot issues from it on purpose."""

    def __init__(self, ctx, kind: str, depot_id=None, item_id=None, lot=None, incident_id=None, parent=None):
        super().__init__(parent)
        self.ctx, self.kind, self.moved = ctx, kind, []
        store = ctx.store
        if lot and depot_id and item_id and kind in ("issue", "transfer") and \
                lot not in {l.lot for l in stock.unexpired_lots(store.con, depot_id, item_id)[0]}:
            lot = None
        self.setWindowTitle(self.tr(MOVEMENT_TITLES[kind]))
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.depot = record_combo(store, "depots")
        select_data(self.depot, depot_id)
        form.addRow(self.tr("调出储备库") if kind == "transfer" else self.tr("储备库"), self.depot)
        self.to_depot = record_combo(store, "depots")
        if kind == "transfer":
            form.addRow(self.tr("调入储备库"), self.to_depot)
        self.item = record_combo(store, "items", label=lambda r: f"{r['name']} {r['spec']}（{r['unit']}）".replace(
            " （", "（"))
        select_data(self.item, item_id)
        form.addRow(self.tr("物资"), self.item)
        self.lot = QLineEdit(lot or "")
        if kind in ("issue", "transfer", "writeoff"):
            self.lot.setPlaceholderText(self.tr("不填则先到期的批次先出"))
        form.addRow(self.tr("批次"), self.lot)
        self.expires = QLineEdit()
        self.expires.setPlaceholderText("YYYY-MM-DD")
        if kind in ("receive", "count"):
            form.addRow(self.tr("有效期至"), self.expires)
        self.qty = QSpinBox()
        self.qty.setRange(0 if kind == "count" else 1, BIG)
        form.addRow(self.tr("实盘数量") if kind == "count" else self.tr("数量"), self.qty)
        self.on_hand = QLabel()
        form.addRow(self.tr("账面现有"), self.on_hand)
        self.party = QLineEdit()
        if kind in ("receive", "issue", "return"):
            form.addRow({"receive": self.tr("来源单位"), "issue": self.tr("领用单位/人"),
                         "return": self.tr("归还单位/人")}[kind], self.party)
        self.incident = QComboBox()
        self.incident.addItem(self.tr("（不关联事件）"), None)
        for iid, title in resources.open_incidents(store):
            self.incident.addItem(title, iid)
        select_data(self.incident, incident_id)
        if kind in ("issue", "return"):
            form.addRow(self.tr("关联事件"), self.incident)
        self.person = QLineEdit(resources.on_duty_name(store))
        form.addRow(self.tr("经办人"), self.person)
        self.reason = QLineEdit()
        form.addRow(self.tr("原因（必填）") if kind == "writeoff" else self.tr("原因/备注"), self.reason)
        form.addRow(save_cancel_buttons(self, self.save))
        for w in (self.depot, self.item):
            w.currentIndexChanged.connect(self._show_on_hand)
        self.lot.textChanged.connect(self._show_on_hand)
        self._show_on_hand()

    def _show_on_hand(self, *_):
        depot, item = combo_value(self.depot), combo_value(self.item)
        if not depot or not item:
            self.on_hand.setText("")
            return
        lots = stock.lots(self.ctx.store.con, depot, item)
        lot = self.lot.text().strip()
        if lot or self.kind in ("receive", "return", "count"):
            lots = [l for l in lots if l.lot == lot]
        total = sum(l.qty for l in lots)
        expired = 0 if lot or self.kind not in ("issue", "transfer") else \
            stock.unexpired_lots(self.ctx.store.con, depot, item)[1]
        self.on_hand.setText(self.tr("{0}（其中已过期 {1}，不出库）").format(total, expired) if expired else str(total))
        self.on_hand.setStyleSheet("color: #C62828;" if total < 0 else "")

    @creates_once
    def save(self) -> list | None:
        return self._save(confirm=False)

    def _save(self, confirm: bool) -> list | None:
        depot, item = combo_value(self.depot), combo_value(self.item)
        if not depot or not item:
            _refuse(self, self.tr("请选择储备库和物资（可输入名称查找）"))
            return None
        done = run_op(self.ctx, self, self._book, depot, item, confirm)
        if not done.ok or done.result is None:
            return None
        self.moved = done.result
        self.accept()
        return self.moved

    def _book(self, store, depot: str, item: str, confirm: bool) -> list | None:
        """Book the movement; taking more than is on hand asks first (None: the officer said no)."""
        kind = self.kind
        try:
            return resources.book(store, kind, depot, item, self.qty.value(), lot=self.lot.text().strip(),
                                  expires=self.expires.text() if kind in ("receive", "count") else None,
                                  party=self.party.text().strip() if kind in ("receive", "issue", "return") else "",
                                  person=self.person.text().strip(), reason=self.reason.text().strip(),
                                  to_depot=combo_value(self.to_depot) if kind == "transfer" else None,
                                  incident_id=self.incident.currentData() if kind in ("issue", "return") else None,
                                  confirm=confirm)
        except stock.Shortage as exc:
            if confirm or QMessageBox.question(self, self.tr("库存不足"), str(exc) + self.tr("\n\n仍然出库？"),
                                               QMessageBox.Yes | QMessageBox.No, QMessageBox.No) != QMessageBox.Yes:
                return None
            return self._book(store, depot, item, confirm=True)


CARD_COLUMNS = [
    Column(QT_TRANSLATE_NOOP("labels", "日期时间"), lambda m: m["at"][:16].replace("T", " ")),
    Column(QT_TRANSLATE_NOOP("labels", "储备库"), field("depot_name")),
    Column(QT_TRANSLATE_NOOP("labels", "类型"), field("kind_name")),
    Column(QT_TRANSLATE_NOOP("labels", "批次"), field("lot")),
    Column(QT_TRANSLATE_NOOP("labels", "有效期至"), field("expires")),
    amount(QT_TRANSLATE_NOOP("labels", "数量"), "qty"),
    amount(QT_TRANSLATE_NOOP("labels", "结存"), "balance"),
    Column(QT_TRANSLATE_NOOP("labels", "经办人"), field("person")),
    Column(QT_TRANSLATE_NOOP("labels", "对方单位"), field("party")),
    Column(QT_TRANSLATE_NOOP("labels", "原因/备注"),
           lambda m: m["reason"] + (f"（实盘 {m['counted']}）" if m["kind"] == "count" else "")),
]


class StockCardDialog(QDialog):
    """物资库存卡: every movement of an item with time, person and reason; printable."""

    def __init__(self, ctx, item_id: str, depot_id: str | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.item_id = ctx, item_id
        item = assets.get(ctx.store, "items", item_id)
        self.setWindowTitle(self.tr("物资库存卡 — {name}").format(name=item["name"]))
        self.resize(1100, 560)
        self.depot = record_combo(ctx.store, "depots", blank=self.tr("全部储备库"))
        select_data(self.depot, depot_id)
        self.depot.currentIndexChanged.connect(self.reload)
        self.summary = QLabel()
        printing = QPushButton(self.tr("打印库存卡… (Ctrl+P)"))
        printing.setShortcut("Ctrl+P")
        printing.clicked.connect(self.print_card)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("储备库")))
        top.addWidget(self.depot)
        top.addWidget(self.summary, 1)
        top.addWidget(printing)
        self.model = RowsModel(CARD_COLUMNS, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(len(CARD_COLUMNS) - 1, QHeaderView.Stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.reload()

    def reload(self, *_):
        item = assets.get(self.ctx.store, "items", self.item_id)
        card = stock.stock_card(self.ctx.store, self.item_id, self.depot.currentData())
        self.model.set_rows(card)
        self.table.resizeColumnsToContents()
        balance = card[-1]["balance"] if card else 0
        colour = "#C62828" if balance < 0 else "#000"
        self.summary.setText(self.tr("{cls} {code}　规格 {spec}　共 {n} 笔　结存 <b style='color:{c}'>{b}</b> {unit}").format(
            cls=assets.class_name(self.ctx.store, item["class_code"]), code=item["class_code"], spec=item["spec"] or "—",
            n=len(card), c=colour, b=balance, unit=item["unit"]))

    def print_card(self) -> None:
        from xhduty.reports.inventory import write_stock_card

        item_id, depot_id = self.item_id, self.depot.currentData()
        print_in_background(self, self.ctx.store, self.tr("物资库存卡"), f"库存卡-{item_id}",
                            lambda store, path: write_stock_card(store, path, item_id, depot_id))
