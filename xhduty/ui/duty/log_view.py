"""值班日志: the shift's running record — filter, read, add, correct, mark, close.

The table is the lazy :class:`LogModel`; the panel on the right shows the whole selected entry, including
the fields of an intake call record.  Keyboard: Ctrl+N new entry (anywhere in the window), Ctrl+E correct,
Ctrl+M mark significant, Ctrl+D close an open item, Ctrl+I open an incident (立案) from the selected
intake entry, Ctrl+L focus the filter box.

The view also keeps the log's keyword index (core/duty/log_search.py) up to date: a worker indexes what is
new a second after the view opens and after entries are written or pulled, in small batches at half pace
so the window keeps its thread and the database.  Until it has, the filter reads the new entries by LIKE.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from xhduty.core import clock
from xhduty.core.changes import Changes
from xhduty.core.duty import duty, log_search
from xhduty.ui.duty.entry_form import EntryDialog, next_officer
from xhduty.ui.duty.log_model import ENTRY_ROLE, LogModel
from xhduty.ui.ops import run_op
from xhduty.ui.qt import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QInputDialog, QKeySequence,
    QLabel, QLineEdit, QPalette, QPushButton, QShortcut, QSplitter, Qt, QTableView, QTextEdit, QTimer,
    QVBoxLayout, QWidget,
)
from xhduty.ui.duty.shift_dialog import ShiftDialog
from xhduty.ui.tasks import run_task

TABLES = {"log_entries", "shifts"}
INDEX_AFTER_MS = 1000   # the index is brought up to date this long after the view opens or the log grows


class View(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.model = LogModel(self.store, self)

        self.banner = QLabel()
        self.banner.setObjectName("shiftBanner")
        self.start_button = QPushButton(self.tr("开始值班"))
        self.start_button.clicked.connect(self.start_shift)
        self.officer = QComboBox()  # the officer at the keyboard: recorded with each entry
        self.officer.setToolTip(self.tr("在键盘前的值班员，记入每条记录（F2 切换）"))
        QShortcut(QKeySequence("F2"), self, activated=lambda: next_officer(self.officer))
        self.officer.currentTextChanged.connect(lambda name: run_op(self.ctx, self, duty.set_at_keyboard, name))
        self.carried = QLabel()   # open items earlier shifts left: 本班 does not list them
        self.carried.setStyleSheet("color: #B00020;")
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.carried)
        top.addWidget(QLabel(self.tr("我是(F2)")))
        top.addWidget(self.officer)
        top.addWidget(self.start_button)

        self.scope = QComboBox()
        self.scope.addItem(self.tr("本班"), "shift")
        self.scope.addItem(self.tr("今日"), "today")
        self.scope.addItem(self.tr("近7天"), "week")
        self.scope.addItem(self.tr("全部"), "all")
        self.scope.addItem(self.tr("指定日期…"), "range")
        today = clock.now().date()
        self.since = QDateEdit(today, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.until = QDateEdit(today, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.until.setToolTip(self.tr("截止日期（含当日）"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("全部类型"), None)
        for k in duty.log_kinds(self.store, include_system=True):
            self.kind.addItem(k["name"], k["code"])
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("筛选：输入关键字（Ctrl+L）"))
        self.search.setClearButtonEnabled(True)
        self.only_significant = QCheckBox(self.tr("只看重要"))
        self.only_open = QCheckBox(self.tr("只看待办 Alt+O"))
        QShortcut(QKeySequence("Alt+O"), self, activated=self.only_open.toggle)
        filters = QHBoxLayout()
        for w in (self.scope, self.since, self.until, self.kind, self.search, self.only_significant,
                  self.only_open):
            filters.addWidget(w, 1 if w is self.search else 0)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        for col, width in ((0, 96), (1, 80), (3, 80), (4, 70)):
            self.table.setColumnWidth(col, width)
        self.detail = QTextEdit()
        self.detail.setReadOnly(True)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        self.new_button = QPushButton(self.tr("新增记录 (Ctrl+N)"))
        self.correct_button = QPushButton(self.tr("更正 (Ctrl+E)"))
        self.mark_button = QPushButton(self.tr("标记重要 (Ctrl+M)"))
        self.close_button = QPushButton(self.tr("办结 (Ctrl+D)"))
        self.incident_button = QPushButton(self.tr("立案 (Ctrl+I)"))
        self.count = QLabel()
        actions = QHBoxLayout()
        for b in (self.new_button, self.correct_button, self.mark_button, self.close_button, self.incident_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.count)
        self.new_button.clicked.connect(self.new_entry)
        self.correct_button.clicked.connect(self.correct_selected)
        self.mark_button.clicked.connect(self.mark_selected)
        self.close_button.clicked.connect(self.close_selected)
        self.incident_button.clicked.connect(self.open_incident)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.correct_selected)
        QShortcut(QKeySequence("Ctrl+M"), self, activated=self.mark_selected)
        QShortcut(QKeySequence("Ctrl+D"), self, activated=self.close_selected)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.search.setFocus)
        QShortcut(QKeySequence("Ctrl+I"), self, activated=self.open_incident)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(actions)

        self._filter_timer = QTimer(self, singleShot=True, interval=200)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._filter_timer.start)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.apply_filter)
        for combo in (self.scope, self.kind):
            combo.currentIndexChanged.connect(self.apply_filter)
        for box in (self.only_significant, self.only_open):
            box.toggled.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.model.counted.connect(self._counted)
        _same_colours_when_inactive(self)
        self._indexing = self._index_again = False
        self._index_timer = QTimer(self, singleShot=True, interval=INDEX_AFTER_MS)
        self._index_timer.timeout.connect(self.index_log)
        if not self.store.read_only:
            self._index_timer.start()
        self.refresh(Changes.of_tables(TABLES))

    # ----------------------------------------------------------------- state
    def refresh(self, changes: Changes) -> None:
        """Show what was written: new entries go into their rows (the log is append-only); anything else
        (a shift started or handed over, tables named without ids) rereads the banner and the log."""
        if not changes & TABLES:
            return
        if "log_entries" in changes and not self.store.read_only:
            self._index_timer.start()
        shift = duty.current_shift(self.store)
        carried = duty.carried_over(self.store, shift["id"]) if shift else 0   # a close is an insert too
        self.carried.setText(self.tr("往班带入未办结事项 {n} 条（Alt+O 只看待办）").format(n=carried) if carried else "")
        if "shifts" not in changes and changes.only_inserts("log_entries"):
            if self.model.add_entries(changes.ids("log_entries", "insert")):
                self._show_count()
                return
        if shift:
            self.banner.setText(self.tr("当前班次：{start} 起　带班领导 {leader}　值班员 {officers}").format(
                start=shift["started_at"][11:16], leader=shift["leader"], officers="、".join(shift["officers"])))
        else:
            self.banner.setText(self.tr("当前没有在岗班次。请先开始值班。"))
        self.start_button.setVisible(shift is None)
        self.officer.blockSignals(True)
        self.officer.clear()
        self.officer.addItems(shift["officers"] if shift else [])
        self.officer.setCurrentIndex(max(0, self.officer.findText(duty.at_keyboard(self.store, shift))))
        self.officer.blockSignals(False)
        self.apply_filter()

    def current_filter(self) -> duty.LogFilter:
        shift = duty.current_shift(self.store)
        scope = self.scope.currentData()
        today = datetime.combine(clock.now().date(), time(0), tzinfo=clock.SHANGHAI)
        flt = duty.LogFilter(text=self.search.text(), significant_only=self.only_significant.isChecked(),
                             open_only=self.only_open.isChecked())
        if self.kind.currentData():
            flt.kinds = [self.kind.currentData()]
        if scope == "shift" and shift and not flt.open_only:
            flt.shift_id = shift["id"]
        elif scope == "today":
            flt.since = today
        elif scope == "week":
            flt.since = today - timedelta(days=6)
        elif scope == "range":
            flt.since = datetime.combine(self.since.date().toPython(), time(0), tzinfo=clock.SHANGHAI)
            flt.until = datetime.combine(self.until.date().toPython(), time(0), tzinfo=clock.SHANGHAI) + timedelta(days=1)
        return flt

    def apply_filter(self) -> None:
        self._filter_timer.stop()   # typed words waiting for their pause are read now: not twice
        ranged = self.scope.currentData() == "range"
        self.since.setVisible(ranged)
        self.until.setVisible(ranged)
        selected = self.selected()
        self.model.set_filter(self.current_filter())
        self._show_count()
        row = self.model.row_of(selected["id"]) if selected else -1
        if row < 0:
            row = self.model.rowCount() - 1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.detail.clear()

    def _show_count(self) -> None:
        self.count.setText(self.tr("共 {n} 条").format(n="…" if self.model.counting else self.model.rowCount()))

    def _counted(self) -> None:
        """The count made on a worker arrived and the rows above the last page went in: keep the selected
        entry in sight (its row moved down by as many)."""
        self._show_count()
        current = self.table.currentIndex()
        if current.isValid():
            self.table.scrollTo(current)

    def index_log(self) -> None:
        """Bring the log's keyword index up to date on a worker (one at a time: asked again meanwhile, it
        runs once more when done)."""
        if self._indexing:
            self._index_again = True
            return
        self._indexing, self._index_again = True, False
        run_task(self.store, lambda store, _progress: log_search.index_all(store, rest=1.0),
                 done=self._indexed, failed=self._indexed)

    def _indexed(self, _outcome) -> None:
        self._indexing = False
        if self._index_again:
            self.index_log()

    def selected(self) -> dict | None:
        index = self.table.currentIndex()
        return self.model.data(index, ENTRY_ROLE) if index.isValid() else None

    def _show_detail(self, current, _previous=None) -> None:
        e = self.model.data(current, ENTRY_ROLE) if current.isValid() else None
        if not e:
            self.detail.clear()
            return
        lines = [f"<b>{clock.parse(e['at']).strftime('%Y-%m-%d %H:%M')}</b>　{e['author']}",
                 f"<p>{_html(e['text'])}</p>"]
        for key, label in duty.INTAKE_FIELDS:
            if e["details"] and e["details"].get(key):
                lines.append(f"{label}：{_html(e['details'][key])}<br/>")
        if e["corrects"]:
            lines.append(self.tr("<p><i>此条为更正记录。</i></p>"))
        if e["is_corrected"]:
            lines.append(self.tr("<p><i>此条已被更正，见后续更正记录。</i></p>"))
        lines.append("<p style='color:#888'>" + self.tr("记录于 {at}").format(at=e["created_at"][:16].replace("T", " "))
                     + f" · {e['station']} #{e['seq']}</p>")
        self.detail.setHtml("".join(lines))

    # --------------------------------------------------------------- actions
    # Every write goes through ops.run_op, which announces exactly what it wrote (refresh above puts a
    # new entry in its row); a dialog that writes is run as the operation.
    def _select(self, entry_id: str | None) -> None:
        row = self.model.row_of(entry_id) if entry_id else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def start_shift(self) -> None:
        run_op(self.ctx, self, lambda store: ShiftDialog(store, self).exec())

    def new_entry(self, kind: str | None = None) -> None:
        if duty.current_shift(self.store) is None:
            self.start_shift()
            if duty.current_shift(self.store) is None:
                return
        dialog = EntryDialog(self.store, self, author=self.officer.currentText())
        if kind:
            dialog.set_kind(kind)
        if run_op(self.ctx, self, lambda _store: dialog.exec()).result:
            self._select(dialog.entry_id)

    def correct_selected(self) -> None:
        e = self.selected()
        if not e:
            return
        dialog = EntryDialog(self.store, self, corrects=e, author=self.officer.currentText())
        if run_op(self.ctx, self, lambda _store: dialog.exec()).result:
            self._select(dialog.entry_id)

    def mark_selected(self) -> None:
        e = self.selected()
        if e and not e["is_significant"]:
            run_op(self.ctx, self, duty.mark_significant, e["id"], author=self.officer.currentText())
            self._select(e["id"])

    def close_selected(self) -> None:
        e = self.selected()
        if not e or not e["open_item"] or e["is_closed"]:
            return
        text, ok = QInputDialog.getText(self, self.tr("办结"), self.tr("办结情况："))
        if ok:
            run_op(self.ctx, self, duty.close_item, e["id"], text.strip(), author=self.officer.currentText())
            self._select(e["id"])

    def open_incident(self) -> None:
        """立案 from the selected intake entry: the incident form comes prefilled from the call record."""
        from xhduty.ui.incidents.incident_dialog import IncidentDialog

        e = self.selected()
        IncidentDialog(self.ctx, entry_id=e["id"] if e and e["kind"] == "intake" else None, parent=self).exec()
        # the dialog saves through run_op itself


def _same_colours_when_inactive(widget: QWidget) -> None:
    """Give ``widget`` and its children the active colours while the window is inactive too.  The entry
    form is a dialog over the log: when it closes, the window turns active again, and with different
    colours every row of the log would repaint — half of the time from Enter to the new row shown
    (bench/duty_gui.py).  The selected entry also stays plainly highlighted while a form is open."""
    palette = widget.palette()
    for role in QPalette.ColorRole:
        if role != QPalette.NColorRoles:
            palette.setColor(QPalette.Inactive, role, palette.color(QPalette.Active, role))
    widget.setPalette(palette)


def _html(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br/>")
