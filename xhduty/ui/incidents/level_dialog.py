"""调整级别: an incident's new level, why, and when it was decided.

The time starts as now; a level decided on the phone and recorded afterwards is given its time as typed
(15:20, 下午3点20分), so the reports owed at the new level are counted from then.  Enter saves, Esc cancels;
a time later than now, before the call or before the last change is refused by the core, naming it.
"""

from __future__ import annotations

from xhduty.core import clock, refdata
from xhduty.core.incidents import incidents
from xhduty.ui.forms import creates_once, save_cancel_buttons
from xhduty.ui.incidents.incident_dialog import time_field
from xhduty.ui.ops import run_op
from xhduty.ui.qt import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout


class LevelDialog(QDialog):
    """The form for :func:`incidents.change_level` on ``incident`` (as :func:`incidents.get_incident` gives
    it); ``change_id`` is the level change made once accepted."""

    def __init__(self, ctx, incident: dict, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.incident = incident
        self.change_id: str | None = None
        self.setWindowTitle(self.tr("调整级别"))
        self.setMinimumWidth(460)
        self.level = QComboBox()
        levels = [lv["code"] for lv in refdata.levels(ctx.store)]     # gravest first, 未定级 last
        for lv in refdata.levels(ctx.store):
            if lv["code"] != incident["level"]:
                self.level.addItem(f"{lv['name']}（{lv['label']}）" if lv["code"] != "U" else lv["name"], lv["code"])
        # it starts one step graver than now (未定级 → Ⅳ级, Ⅲ级 → Ⅱ级; Ⅰ级 → Ⅱ级), never at Ⅰ级 by default:
        # an Enter pressed too soon must not set the gravest level and its 15-minute reports
        here = levels.index(incident["level"]) if incident["level"] in levels else len(levels)
        self.set_level(levels[here - 1] if here > 0 else levels[here + 1])
        self.reason = QLineEdit()
        self.at = time_field(clock.now(), self.tr("如 15:20、下午3点20分、6月3日 15:20；空为现在"))
        form = QFormLayout()
        form.addRow(QLabel(self.tr("{title}（现为{level}）").format(title=incident["title"],
                                                                  level=incident["level_name"])))
        form.addRow(self.tr("调整为(&L)"), self.level)
        form.addRow(self.tr("调整原因(&R)"), self.reason)
        form.addRow(self.tr("调整时间(&T)"), self.at)
        for edit in (self.reason, self.at):
            edit.returnPressed.connect(self._save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        buttons = save_cancel_buttons(self, self._save)
        buttons.button(QDialogButtonBox.Save).setText(self.tr("调整 (Enter)"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消 (Esc)"))
        layout.addWidget(buttons)
        self.level.setFocus()

    def set_level(self, code: str) -> None:
        self.level.setCurrentIndex(self.level.findData(code))

    @creates_once
    def _save(self) -> str | None:
        done = run_op(self.ctx, self, incidents.change_level, self.incident["id"], self.level.currentData(),
                      self.reason.text(), at=self.at.text().strip() or None, refused=self.tr("未调整级别"))
        if not done.ok:
            return None
        self.change_id = done.result
        self.accept()
        return self.change_id
