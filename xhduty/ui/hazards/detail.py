"""One hazard in full beside the register: its fields, its before and after photos, the steps with who and
when, 督办, 回潮, and the actions that fit its state."""

from __future__ import annotations

from html import escape

from xhduty.core.hazards import hazards
from xhduty.core.store import StoreError
from xhduty.ui.attachments import AttachmentsStrip
from xhduty.ui.qt import QGroupBox, QHBoxLayout, QLabel, QScrollArea, Qt, QVBoxLayout, QWidget, translate

class HazardDetail(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.hazard: dict | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.RichText)
        self.summary.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.before = AttachmentsStrip(ctx, "hazards", None, role="before", parent=self)
        self.after = AttachmentsStrip(ctx, "hazards", None, role="after", parent=self, shortcut=False)
        photos = QHBoxLayout()  # before and after side by side, as they are compared
        for title, strip in ((self.tr("整改前"), self.before), (self.tr("整改后"), self.after)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(strip)
            photos.addWidget(box)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.RichText)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.summary)
        layout.addWidget(self.history)
        layout.addLayout(photos)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.show_hazard(None)

    def show_hazard(self, hazard_id: str | None) -> None:
        try:
            self.hazard = hazards.show(self.ctx.store, hazard_id) if hazard_id else None
        except StoreError:
            self.hazard = None
        h = self.hazard
        self.before.setEnabled(h is not None)
        self.after.setEnabled(h is not None)
        if h is None:
            self.summary.setText(self.tr("选中台账中的一条隐患查看详情"))
            self.history.clear()
            self.before.set_record("hazards", None)
            self.after.set_record("hazards", None)
            return
        self._show_photos(h)
        shown = ((h["supervised"], "#FFE0B2", self.tr("挂牌督办")), (h["overdue"], "#F8D7DA", self.tr("逾期未整改")),
                 (h["recurs"], "#E0E7FF", self.tr("回潮")))
        flags = [f"<span style='background:{colour}'>{escape(text)}</span>" for on, colour, text in shown if on]
        rows = "".join(
            f"<tr><td style='color:#555;padding-right:8px'>{escape(translate('labels', label))}</td>"
            f"<td>{escape(str(h['division_name'] if f == 'division' else h[f] or '—'))}</td></tr>"
            for f, label in hazards.LABELS.items())
        self.summary.setText(
            f"<h3>{escape(h['division_name'])} {escape(h['address'])}</h3>"
            f"<p><b>{escape(translate('labels', hazards.STATES[h['state']]))}</b> {' '.join(flags)}</p>"
            f"<table>{rows}</table>")
        events = [(s["at"], translate("labels", hazards.STEP_LABELS[s["step"]]), s) for s in h["steps"]]
        events += [(s["at"], self.tr("摘牌") if s["lifted"] else self.tr("挂牌督办"), s) for s in h["supervisions"]]
        events.sort(key=lambda e: e[0])  # stable: steps of the same second keep their order
        lines = [f"{at[:16].replace('T', ' ')} {escape(what)} · {escape(s['by_whom'])} {escape(s['note'])}"
                 for at, what, s in events]
        if h["recurs"]:
            earlier = "、".join(r["found_on"] for r in h["recurs"])
            lines.append(self.tr("回潮：同一地址同类隐患此前于 {dates} 登记").format(dates=earlier))
        title = self.tr("办理经过")
        self.history.setText(f"<b>{escape(title)}</b><br>" + "<br>".join(lines))

    def _show_photos(self, h: dict) -> None:
        """Before-photos are those attached at registration (and any other file); after-photos those of
        整改完成.  Each strip adds new files with its own role."""
        self.before.set_record("hazards", h["id"])
        self.after.set_record("hazards", h["id"])
        self.before.only_roles(("before", ""))
        self.after.only_roles(("after",))
