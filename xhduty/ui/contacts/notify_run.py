"""The notification run window: who is next, by which number, and one key per result.

Keys on the member list: 1 已通知, 2 已确认, 3 未接通, 4 留言 (recorded for the selected member by their
next option; the selection then moves to the next member still to be confirmed).  ←/→ first pick another
of the member's options — their own number when they call back after being passed to the AB角, the unit's
duty phone, the AB角's — shown in 下一步联系/号码 until a result is recorded.  Ctrl+Shift+N starts a
run, Ctrl+P prints its record.  E-mail and SMS go out on a worker thread; offline they fail once, quietly.
"""

from __future__ import annotations

from xhduty.core.contacts import contacts
from xhduty.core.contacts import notify
from xhduty.core.incidents import incidents
from xhduty.core.store import StoreError
from xhduty.ui.contacts.finder import finder_for
from xhduty.ui.contacts.form import lay_out, run_form, submit
from xhduty.ui.forms import creates_once
from xhduty.ui.tables import Column, RowsModel, field
from xhduty.ui.pdf_preview import print_in_background
from xhduty.ui.contacts.groups import GroupDialog
from xhduty.ui.contacts.messaging_settings import MessagingSettingsDialog
from xhduty.ui.qt import (
    QT_TRANSLATE_NOOP, QAbstractItemView, QColor, QComboBox, QDialog,
    QFormLayout, QHBoxLayout, QHeaderView, QKeySequence, QLabel, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QShortcut, QSplitter, Qt, QTableView, QTimer,
    QVBoxLayout, QWidget, translate,
)
from xhduty.ui.ops import run_op, run_op_in_background

KEYS = {Qt.Key_1: "reached", Qt.Key_2: "confirmed", Qt.Key_3: "no-answer", Qt.Key_4: "message"}
TABLES = {"notify_runs", "notify_attempts", "notify_groups", "notify_members", "people"}
_STATUS_COLOURS = {"confirmed": "#D4EDDA", "reached": "#E8F0FE", "message": "#FFF3CD", "sent": "#E8F0FE",
                   "no-answer": "#FDE2E1"}


def _next_contact(m: dict) -> str:
    """Who to try next for a member, and how (their deputy, named, once they are the one to call)."""
    nxt = m["next"] if m["status"] != "confirmed" else None
    if nxt:
        return nxt["label"] if nxt["contact_id"] == m["person_id"] else \
            translate("RunModel", "AB角 {name} {how}").format(name=nxt["contact_name"], how=nxt["label"])
    return "" if m["status"] == "confirmed" else translate("RunModel", "已无其他联系方式")


def _state(m: dict) -> str:
    return m["status_label"] + (translate("RunModel", "（超时）") if m["overdue"] else "") \
        + (translate("RunModel", "（超时 {n} 分钟）").format(n=m["late_minutes"]) if m["late_minutes"] else "") \
        + (translate("RunModel", "（已转AB角）") if m["escalated"] else "")


def _attempts(m: dict) -> str | None:
    return "\n".join(f"{a['at'][11:16]} {notify.method_label(a['method'])} {a['address']} "
                     f"{notify.RESULTS[a['result']]} {a['detail']}" for a in m["attempts"]) or None


def _status_colour(m: dict) -> QColor | None:
    if m["overdue"]:
        return QColor("#F8C9C5")
    colour = _STATUS_COLOURS.get(m["status"])
    return QColor(colour) if colour else None


RUN_COLUMNS = [Column(header, value, tooltip=_attempts) for header, value in (
    (QT_TRANSLATE_NOOP("RunModel", "序"), field("position")),
    (QT_TRANSLATE_NOOP("RunModel", "姓名"), field("name")),
    (QT_TRANSLATE_NOOP("RunModel", "单位"), field("unit")),
    (QT_TRANSLATE_NOOP("RunModel", "职务"), field("post")),
    (QT_TRANSLATE_NOOP("RunModel", "状态"), _state),
    (QT_TRANSLATE_NOOP("RunModel", "下一步联系"), _next_contact),
    (QT_TRANSLATE_NOOP("RunModel", "号码"),
     lambda m: m["next"]["value"] if m["next"] and m["status"] != "confirmed" else ""),
    (QT_TRANSLATE_NOOP("RunModel", "确认时限"), lambda m: "" if m["status"] == "confirmed" else m["deadline"][11:16]),
)]


def incident_title(store, incident_id: str) -> str:
    """The incident's title; one not (yet) synced to this station is named as such, not by its id."""
    incident = incidents.get_incident(store, incident_id)
    return incident["title"] if incident else translate("notify", "（事件尚未同步到本站）")


class StartRunDialog(QDialog):
    """Pick a group, optionally an incident, and the notice text; Enter starts."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.run_id: str | None = None
        self.setWindowTitle(self.tr("启动通知"))
        self.group = QComboBox()
        for g in contacts.groups(store):
            self.group.addItem(self.tr("{name}（{n} 人，{m} 分钟内确认）").format(
                name=g["name"], n=g["size"], m=g["timeout_minutes"]), g["name"])
        self.incident = QComboBox()  # by title: an officer never types or reads an incident's id
        self.incident.addItem(self.tr("（不关联事件）"), None)
        for inc in incidents.list_incidents(store, open_only=True):
            self.incident.addItem(inc["title"], inc["id"])
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("通知内容：电话中宣读，邮件和短信发送此内容"))
        self.text.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow(self.tr("通知组"), self.group)
        form.addRow(self.tr("关联事件"), self.incident)
        form.addRow(self.tr("通知内容"), self.text)
        lay_out(self, form, on_save=self.start, save_text=self.tr("开始通知"))
        self.resize(520, 300)

    @creates_once
    def start(self) -> str | None:
        submit(self, self._start)
        return self.run_id

    def _start(self) -> None:
        if self.group.currentData() is None:
            raise StoreError("还没有通知组：请先用“通知组…”建立，或导入含“通知组”工作表的通讯录")
        self.run_id = notify.start_run(self.store, self.group.currentData(),
                                       incident_id=self.incident.currentData(),
                                       text=self.text.toPlainText())


class NotifyPanel(QWidget):
    """Runs on the left (newest first), the selected run's members on the right."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx, self.store = ctx, ctx.store
        self.status: dict | None = None
        self.chosen: dict[str, int] = {}   # person id → the option picked with ←/→ for their next result
        self.runs = QListWidget()
        self.runs.currentItemChanged.connect(lambda *_: self.show_run())
        start = QPushButton(self.tr("启动通知 Ctrl+Shift+N"))
        start.clicked.connect(self.start_run)
        edit_groups = QPushButton(self.tr("通知组…"))
        edit_groups.clicked.connect(self.edit_groups)
        left = QVBoxLayout()
        left.addWidget(start)
        left.addWidget(edit_groups)
        settings = QPushButton(self.tr("邮件/短信设置…"))
        settings.clicked.connect(lambda: run_form(self.ctx, MessagingSettingsDialog(self.store, self)))
        left.addWidget(settings)
        left.addWidget(self.runs, 1)
        left_box = QWidget()
        left_box.setLayout(left)

        self.progress = QLabel()
        self.progress.setStyleSheet("font-size: 16px; font-weight: bold")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.model = RowsModel(RUN_COLUMNS, key="person_id", paint=_status_colour, context="RunModel", parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        for col, width in ((0, 34), (1, 70), (3, 90), (4, 160), (5, 150), (6, 180), (7, 64)):
            self.table.setColumnWidth(col, width)
        self.table.installEventFilter(self)
        hint = QLabel(self.tr("选中一人按键记录：1 已通知　2 已确认　3 未接通（转下一种方式/AB角）　4 留言"
                              "　←/→ 换联系方式（如本人回电）"))
        hint.setStyleSheet("color: #555")
        hint.setWordWrap(True)   # a scaled screen (150 %) has no room for it on one line
        buttons = QHBoxLayout()
        self.action_buttons = []
        for label, slot in ((self.tr("发邮件"), lambda: self.send("email")),
                            (self.tr("发短信"), lambda: self.send("sms")),
                            (self.tr("打印记录 Ctrl+P"), self.print_record)):
            b = QPushButton(label)
            b.clicked.connect(slot)
            buttons.addWidget(b)
            self.action_buttons.append(b)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.progress)
        right.addWidget(self.notice)
        right.addWidget(self.table, 1)
        right.addWidget(hint)
        right.addLayout(buttons)
        right_box = QWidget()
        right_box.setLayout(right)

        split = QSplitter(Qt.Horizontal)
        split.addWidget(left_box)
        split.addWidget(right_box)
        split.setSizes([260, 1000])
        QVBoxLayout(self).addWidget(split)
        # deadlines pass without any write: re-read the run so 超时 shows up on time
        self.clock = QTimer(self, interval=30_000, timeout=lambda: self.isVisible() and self.show_run())
        self.clock.start()
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, activated=self.start_run)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_record)
        self.reload_runs()

    # ------------------------------------------------------------------------------------ loading
    def reload_runs(self, select: str | None = None) -> None:
        select = select or (self.status["id"] if self.status else None)
        self.runs.blockSignals(True)
        self.runs.clear()
        for r in notify.runs(self.store):
            item = QListWidgetItem(f"{r['created_at'][5:16].replace('T', ' ')}  {r['group_name']}")
            item.setData(Qt.UserRole, r["id"])
            about = incident_title(self.store, r["incident_id"]) if r["incident_id"] else ""
            item.setToolTip("\n".join(x for x in (item.text(), about, r["text"]) if x))  # the list cuts long names
            self.runs.addItem(item)
            if r["id"] == select:
                self.runs.setCurrentItem(item)
        if self.runs.currentItem() is None and self.runs.count():
            self.runs.setCurrentRow(0)
        self.runs.blockSignals(False)
        self.show_run()

    def show_run(self) -> None:
        item = self.runs.currentItem()
        row = self.table.currentIndex().row()
        if self.status and (not item or self.status["id"] != item.data(Qt.UserRole)):
            self.chosen = {}
        self.status = notify.run_status(self.store, item.data(Qt.UserRole)) if item else None
        self.model.set_rows([self._shown(m) for m in self.status["members"]] if self.status else [])
        for b in self.action_buttons:
            b.setEnabled(self.status is not None)
        if not self.status:
            self.progress.setText(self.tr("尚无通知任务：按 Ctrl+Shift+N 启动"))
            self.notice.clear()
            return
        s = self.status
        overdue = sum(1 for m in s["members"] if m["overdue"])
        progress = self.tr("{group}：已确认 {n} / {m} 人").format(group=s["group_name"], n=s["confirmed"], m=s["total"])
        self.progress.setText(progress + (self.tr("　超时未确认 {k} 人").format(k=overdue) if overdue else "")
                              + (self.tr("　超时确认 {k} 人").format(k=s["confirmed_late"]) if s["confirmed_late"] else ""))
        self.notice.setText(self.tr("通知内容：{text}").format(text=s["text"] or self.tr("（无）"))
                            + (self.tr("　关联事件 {title}").format(title=incident_title(self.store, s["incident_id"]))
                               if s["incident_id"] else ""))
        self.table.selectRow(max(row, 0) if row < self.model.rowCount() else 0)

    def _shown(self, member: dict) -> dict:
        """The member as listed: with the option picked with ←/→ as the one to call next."""
        at = self.chosen.get(member["person_id"])
        return member if at is None or at >= len(member["options"]) else {**member, "next": member["options"][at]}

    def refresh(self, tables: set) -> None:
        """A new run (here or by sync) lists the runs again; anything else — an attempt, a key pressed
        while on the phone — re-reads only the run shown (a list of thousands of runs took 0.25 s)."""
        if "notify_runs" in tables:
            self.reload_runs()
        elif tables & TABLES:
            self.show_run()

    # ------------------------------------------------------------------------------------ actions
    def eventFilter(self, obj, event):
        if obj is self.table and event.type() == event.Type.KeyPress \
                and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            if event.key() in KEYS:
                self.record(KEYS[event.key()])
                return True
            if event.key() in (Qt.Key_Left, Qt.Key_Right):
                self.choose(-1 if event.key() == Qt.Key_Left else 1)
                return True
        return super().eventFilter(obj, event)

    def choose(self, step: int) -> None:
        """Pick the selected member's previous/next option (wrapping) for the result recorded next."""
        row = self.table.currentIndex().row()
        if self.status is None or row < 0:
            return
        member = self.status["members"][row]
        if not member["options"]:
            return
        shown = self._shown(member)["next"]
        at = member["options"].index(shown) if shown in member["options"] else -1 if step > 0 else 0
        self.chosen[member["person_id"]] = (at + step) % len(member["options"])
        self.model.set_rows([self._shown(m) for m in self.status["members"]])
        self.table.selectRow(row)

    def record(self, result: str) -> None:
        row = self.table.currentIndex().row()
        if self.status is None or row < 0:
            return
        member = self.status["members"][row]
        option = self.chosen.get(member["person_id"])
        if not run_op(self.ctx, self, notify.record_attempt, self.status["id"], member["person_id"], result,
                      option=option, refused=self.tr("未记录")).ok:
            return
        self.chosen.pop(member["person_id"], None)
        if result == "confirmed":   # go on with the next member still to be confirmed
            rest = [i for i, m in enumerate(self.status["members"]) if m["status"] != "confirmed" and i != row]
            later = [i for i in rest if i > row] or rest
            if later:
                self.table.selectRow(later[0])

    def start_run(self) -> None:
        dialog = StartRunDialog(self.store, self)
        if run_form(self.ctx, dialog).result and dialog.run_id:
            self.reload_runs(select=dialog.run_id)
            self.table.setFocus()

    def edit_groups(self) -> None:
        run_form(self.ctx, GroupDialog(self.store, self, finder=finder_for(self.ctx)))

    def send(self, channel: str) -> None:
        if not self.status:
            return
        run_id = self.status["id"]
        self.ctx.status_message.emit(self.tr("正在发送……"))

        def done(outcome) -> None:
            if not outcome.ok:
                return
            result = outcome.result
            message = self.tr("已发送 {s}，失败 {f}，无地址 {w}").format(
                s=result["sent"], f=result["failed"], w=result["without_address"])
            if result["error"]:
                message += self.tr("。{e}，请改用电话通知").format(e=result["error"])
            self.ctx.status_message.emit(message)

        run_op_in_background(self.ctx, self, notify.send_notices, run_id, channel, refused=self.tr("发送失败"),
                             done=done)

    def print_record(self) -> None:
        if not self.status:
            return
        from xhduty.reports.contact_sheet import write_run_record

        run_id = self.status["id"]
        print_in_background(self, self.store, self.tr("通知记录"), f"通知记录-{run_id}",
                            lambda store, path: write_run_record(store, run_id, path))
