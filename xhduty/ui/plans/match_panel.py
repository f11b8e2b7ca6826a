"""事件匹配: from an incident (or the signals in force) to the plans that apply, and the response checklist.

Pick an open incident (or type the type, level and words), and the plans that apply are listed best
first with why and at which level.  Ctrl+Enter starts the selected plan's response at the chosen level;
its actions become a checklist whose every tick is logged with time and person.  The plan's notify
groups are buttons (a notification run through the contacts area when it is installed) and its resource
categories are listed for the next steps.
"""

from __future__ import annotations

from xhduty.core import refdata
from xhduty.core.duty import duty
from xhduty.core.plans import matching
from xhduty.core.plans import plans
from xhduty.core.duty import warning_signals
from xhduty.core.plans.plan_file import LEVEL_NAMES, LEVELS
from xhduty.core.store import StoreError
from xhduty.ui.ops import run_op
from xhduty.ui.tables import Column, RowsModel, field, read_only_table
from xhduty.ui.qt import (
    QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QKeySequence, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QMessageBox, QPushButton, QShortcut, QSplitter, Qt, QT_TRANSLATE_NOOP,
    QVBoxLayout, QWidget, translate,
)

TABLES = {"plans", "plan_responses", "response_ticks", "weather_signals", "incidents"}


def _level(proposal: dict) -> str:
    """The response level a proposal suggests, flagged when it was inferred from a document."""
    if not proposal["level"]:
        return translate("MatchPanel", "（未结构化）")
    inferred = translate("MatchPanel", "（推断）") if "levels" in proposal["inferred"] else ""
    return LEVEL_NAMES[proposal["level"]] + inferred


PROPOSALS = [Column(QT_TRANSLATE_NOOP("MatchPanel", "适用预案"), field("title")),
             Column(QT_TRANSLATE_NOOP("MatchPanel", "建议响应"), _level),
             Column(QT_TRANSLATE_NOOP("MatchPanel", "匹配理由"), lambda m: "；".join(m["reasons"]))]


class MatchPanel(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.found: list[dict] = []
        self.response_id: str | None = None

        self.incident = QComboBox()
        self.incident.currentIndexChanged.connect(self._incident_chosen)
        self.type = QComboBox()
        self.type.addItem(self.tr("（不限类型）"), None)
        for t in refdata.event_types(self.store):
            self.type.addItem(("　" if t["parent"] else "") + f"{t['name']}（{t['code']}）", t["code"])
        self.level = QComboBox()
        self.level.addItem(self.tr("（未定级）"), None)
        for code in LEVELS:
            self.level.addItem(LEVEL_NAMES[code], code)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("事件描述，如 地下车库进水、3人受伤"))
        self.text.returnPressed.connect(self.run_match)
        match = QPushButton(self.tr("匹配"))
        match.clicked.connect(self.run_match)
        for combo in (self.incident, self.type):   # long titles do not widen the row past a scaled screen
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        top = QHBoxLayout()
        for label, widget, stretch in ((self.tr("事件"), self.incident, 2), (self.tr("类型"), self.type, 1),
                                       (self.tr("级别"), self.level, 0), (self.tr("描述"), self.text, 2)):
            top.addWidget(QLabel(label))
            top.addWidget(widget, stretch)
        top.addWidget(match)
        self.signals_label = QLabel()

        self.model = RowsModel(PROPOSALS, key="plan_id", context="MatchPanel", parent=self)
        self.table = read_only_table(self.model, stretch=2)
        self.table.setColumnWidth(0, 200)
        self.table.selectionModel().currentRowChanged.connect(self._proposal_chosen)
        self.start_level = QComboBox()
        self.start_button = QPushButton(self.tr("一键启动响应 Ctrl+Enter"))
        self.start_button.clicked.connect(self.start)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.start)
        start_row = QHBoxLayout()
        start_row.addStretch(1)
        start_row.addWidget(QLabel(self.tr("响应级别")))
        start_row.addWidget(self.start_level)
        start_row.addWidget(self.start_button)

        self.checklist_title = QLabel(self.tr("尚未启动响应"))
        self.checklist_title.setWordWrap(True)
        self.steps = QListWidget()
        self.steps.setWordWrap(True)
        self.steps.itemChanged.connect(self._step_changed)
        self.notify_box = QGridLayout()  # the plan's notify groups as buttons, three a row
        self.resources_label = QLabel()
        self.resources_label.setWordWrap(True)
        response = QGroupBox(self.tr("响应核对清单（勾选即记入值班日志）"))
        rl = QVBoxLayout(response)
        rl.addWidget(self.checklist_title)
        rl.addWidget(self.steps, 1)
        rl.addLayout(self.notify_box)
        rl.addWidget(self.resources_label)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.table, 1)
        ll.addLayout(start_row)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(response)
        split.setSizes([660, 560])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.signals_label)
        layout.addWidget(split, 1)
        self._load_incidents()
        self._stale = True  # matched when first shown: opening the plans area should not wait for it

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.run_match()

    # ---------------------------------------------------------------------------------- inputs
    def _load_incidents(self) -> None:
        self.incident.blockSignals(True)
        current = self.incident.currentData()
        self.incident.clear()
        self.incident.addItem(self.tr("（不选事件：按预警信号和描述）"), None)
        if "incidents" in self.store.kinds():
            from xhduty.core.incidents import incidents  # another area's core; present once its tables are

            for inc in incidents.list_incidents(self.store, open_only=True):
                self.incident.addItem(f"{inc['title']}（{inc['taken_at'][5:16].replace('T', ' ')}）", inc["id"])
        self.incident.setCurrentIndex(max(0, self.incident.findData(current)))
        self.incident.blockSignals(False)

    def select_incident(self, incident_id: str) -> None:
        self._load_incidents()
        self.incident.setCurrentIndex(max(0, self.incident.findData(incident_id)))

    def _incident_chosen(self) -> None:
        incident_id = self.incident.currentData()
        if incident_id:
            inc = matching.incident(self.store, incident_id)
            self.type.setCurrentIndex(max(0, self.type.findData(inc["type_code"])))
            self.level.setCurrentIndex(max(0, self.level.findData(inc["level"])))
            self.text.setText(matching.incident_text(inc))
        self.run_match()
        self._show_checklist(self._latest_response(incident_id))

    def _latest_response(self, incident_id: str | None) -> str | None:
        found = matching.responses(self.store, incident_id=incident_id) if incident_id else []
        return found[-1]["id"] if found else None

    # --------------------------------------------------------------------------------- matching
    def run_match(self) -> None:
        active = warning_signals.active_signals(self.store)
        self.signals_label.setText(self.tr("生效中的预警信号：") + ("、".join(warning_signals.label(s) for s in active)
                                                            or self.tr("无")))
        self._stale = False
        try:
            self.found = matching.match(self.store, self.type.currentData(), self.level.currentData(),
                                          self.text.text(), active=active)
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("匹配预案"), str(exc))
            return
        self.model.set_rows(self.found)
        self.table.resizeRowsToContents()
        if self.found:
            self.table.selectRow(0)

    def _proposal_chosen(self, current, _previous=None) -> None:
        self.start_level.clear()
        if not current.isValid():
            return
        proposal = self.found[current.row()]
        for lv in plans.get_plan(self.store, proposal["plan_id"])["levels"]:
            self.start_level.addItem(LEVEL_NAMES[lv["level"]], lv["level"])
        self.start_level.setCurrentIndex(max(0, self.start_level.findData(proposal["level"])))

    # -------------------------------------------------------------------------------- responding
    def start(self) -> None:
        row = self.table.currentIndex().row()
        if row < 0 or self.start_level.currentData() is None:
            QMessageBox.information(self, self.tr("启动响应"), self.tr("请先选择一个有响应分级的预案"))
            return
        proposal = self.found[row]
        done = run_op(self.ctx, self, matching.start_response, proposal["plan_id"], self.start_level.currentData(),
                      incident_id=self.incident.currentData(), reason="；".join(proposal["reasons"]),
                      refused=self.tr("启动响应"))
        if done.ok:
            self.response_id = done.result
            self._show_checklist(self.response_id)

    def _show_checklist(self, response_id: str | None) -> None:
        self.response_id = response_id
        self.steps.blockSignals(True)
        self.steps.clear()
        while self.notify_box.count():
            old = self.notify_box.takeAt(0).widget()
            old.setParent(None)  # off the screen now, not at the next event loop turn
            old.deleteLater()
        if response_id is None:
            self.checklist_title.setText(self.tr("尚未启动响应"))
            self.resources_label.clear()
            self.steps.blockSignals(False)
            return
        state = matching.checklist(self.store, response_id)
        self.checklist_title.setText(self.tr("《{plan}》{level}响应　牵头：{lead}").format(
            plan=state["plan_title"], level=LEVEL_NAMES[state["level"]], lead=state["lead"])
            + (self.tr("\n该预案已从预案库删除；以下是启动响应时的步骤，响应照常进行") if state["plan_removed"] else ""))
        for s in state["steps"]:
            text = f"{s['no'] + 1}. {s['step']}（{s['unit']}{'，' + s['within'] if s['within'] else ''}）"
            if s["done"]:
                text += f"　✓ {s['at'][11:16]} {s['person']}"
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if s["done"] else Qt.Unchecked)
            item.setData(Qt.UserRole, s["no"])
            self.steps.addItem(item)
        if not state["steps"]:  # nothing to tick: say so rather than show an empty list
            note = QListWidgetItem(self.tr("本级响应在预案中没有列出处置措施，请按预案正文处置"))
            note.setFlags(Qt.ItemIsEnabled)
            self.steps.addItem(note)
        self.steps.blockSignals(False)
        self.notify_box.addWidget(QLabel(self.tr("通知：")), 0, 0)
        for n, group in enumerate(state["notify"]):
            button = QPushButton(group)
            button.setToolTip(self.tr("发起通知") if matching.notify_available() else self.tr("请按通讯录通知该组"))
            button.clicked.connect(lambda _=False, g=group: self.notify(g))
            self.notify_box.addWidget(button, n // 3, 1 + n % 3)
        self.resources_label.setText(self.tr("待准备资源：") + "、".join(state["resources"]))

    def _step_changed(self, item: QListWidgetItem) -> None:
        shift = duty.current_shift(self.store)
        person = duty.at_keyboard(self.store, shift)
        run_op(self.ctx, self, matching.tick, self.response_id, item.data(Qt.UserRole), person=person,
               done=item.checkState() == Qt.Checked, refused=self.tr("响应核对清单"))
        self._show_checklist(self.response_id)

    def notify(self, group: str) -> None:
        if not matching.notify_available():
            QMessageBox.information(self, self.tr("通知"), self.tr("请按通讯录通知：{group}").format(group=group))
            return
        if not run_op(self.ctx, self, matching.notify_group, group, self.incident.currentData(),
                      refused=self.tr("通知")).ok:
            return
        self.ctx.status_message.emit(self.tr("已发起通知：{group}").format(group=group))

    def refresh(self, tables: set) -> None:
        if tables & {"incidents"}:
            self._load_incidents()
        if tables & {"plans", "weather_signals", "incidents"}:
            self._stale = True
            if self.isVisible():
                self.run_match()
