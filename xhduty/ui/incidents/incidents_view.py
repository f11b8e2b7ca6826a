"""突发事件: the incident list with its reporting clock, and the selected incident's whole story.

Left, every incident with its state and the next report's countdown (amber when close, red when
overdue).  Right, the selected incident: its deadlines ticking each second, then its timeline (every log
entry about it, level changes, reports, tasks), its reports (printable) and its tasks.
Keyboard: Ctrl+Shift+N 立案, Ctrl+R 报送, Ctrl+G 调整级别, Ctrl+T 交办, Ctrl+Shift+P 打印报告.
"""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.changes import Changes
from xhduty.core.incidents import deadlines
from xhduty.core.incidents.deadlines import moment_text
from xhduty.core.incidents import incidents
from xhduty.core.incidents import assignments
from xhduty.ui.flow_layout import FlowLayout
from xhduty.ui.incidents.incident_dialog import IncidentDialog
from xhduty.ui.incidents.level_dialog import LevelDialog
from xhduty.ui.incidents.incident_model import INCIDENT_ROLE, STATE_TEXT_COLOURS, IncidentListModel
from xhduty.ui.incidents.report_dialog import ReportDialog
from xhduty.ui.incidents.rules_dialog import RulesDialog
from xhduty.ui.incidents.assignment_dialog import TaskDialog
from xhduty.ui.pdf_preview import print_in_background
from xhduty.ui.tables import Column, RowsModel, field, read_only_table
from xhduty.ui.qt import (
    QCheckBox, QGridLayout, QGroupBox, QInputDialog,
    QKeySequence, QLabel, QMessageBox, QPushButton, QShortcut, QSplitter,
    Qt, QTabWidget, QTimer, QVBoxLayout, QWidget, QT_TRANSLATE_NOOP, translate,
)
from xhduty.ui.ops import run_op

TABLES = {"incidents", "incident_reports", "incident_tasks", "incident_level_changes", "log_entries",
          "report_rules", "shifts"}
LIST_TABLES = {"incidents", "incident_reports", "incident_level_changes", "report_rules"}  # what the list shows
MAX_UPDATED = 200   # more incidents written at once (a sync): reading the whole list again is quicker
MAX_ROW_HEIGHT = 66  # px, three lines: a long timeline entry is cut there, its whole text in the tooltip


# what an incident's three tabs list (headers translated in View's context, as the tabs' own strings)
TIMELINE = [Column(QT_TRANSLATE_NOOP("View", "时间"), lambda e: moment_text(e["at"])),
            Column(QT_TRANSLATE_NOOP("View", "类型"), field("kind_name")),
            Column(QT_TRANSLATE_NOOP("View", "内容"), field("text")),
            Column(QT_TRANSLATE_NOOP("View", "记录人"), field("author"))]
REPORTS = [Column(QT_TRANSLATE_NOOP("View", "报送时间"), lambda r: moment_text(r["at"])),
           Column(QT_TRANSLATE_NOOP("View", "报告"), field("label")),
           Column(QT_TRANSLATE_NOOP("View", "签发"), field("signed_by")),
           Column(QT_TRANSLATE_NOOP("View", "内容"), field("text")),
           Column(QT_TRANSLATE_NOOP("View", "记录人"), field("author"))]
TASKS = [Column(QT_TRANSLATE_NOOP("View", "交办时间"), lambda t: moment_text(t["given_at"])),
         Column(QT_TRANSLATE_NOOP("View", "承办"), field("owner")),
         Column(QT_TRANSLATE_NOOP("View", "交办内容"), field("instruction")),
         Column(QT_TRANSLATE_NOOP("View", "时限"), lambda t: moment_text(t["due_at"])),
         Column(QT_TRANSLATE_NOOP("View", "状态"), field("status_name"))]


class View(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.model = IncidentListModel(self.store, self)

        buttons = FlowLayout()   # wraps on a narrow (scaled) screen instead of scrolling sideways
        self.actions = {}
        for key, text, shortcut, slot in (
            ("new", QT_TRANSLATE_NOOP("View", "立案"), "Ctrl+Shift+N", self.new_incident),
            ("report", QT_TRANSLATE_NOOP("View", "报送"), "Ctrl+R", self.report),
            ("level", QT_TRANSLATE_NOOP("View", "调整级别"), "Ctrl+G", self.change_level),
            ("task", QT_TRANSLATE_NOOP("View", "交办"), "Ctrl+T", self.give_task),
            ("print", QT_TRANSLATE_NOOP("View", "打印报告"), "Ctrl+Shift+P", self.print_report),
            ("plans", QT_TRANSLATE_NOOP("View", "匹配预案"), "Ctrl+Shift+M", self.match_plans),
            ("dispatch", QT_TRANSLATE_NOOP("View", "调派资源"), "Ctrl+Shift+D", self.dispatch),
        ):
            button = QPushButton(f"{self.tr(text)} ({shortcut})")
            button.clicked.connect(slot)
            QShortcut(QKeySequence(shortcut), self, activated=slot)
            buttons.addWidget(button)
            self.actions[key] = button
        rules = QPushButton(self.tr("时限规则…"))
        rules.clicked.connect(self.edit_rules)
        self.open_only = QCheckBox(self.tr("只看未结束"))
        self.open_only.toggled.connect(self._toggle_open_only)
        buttons.addWidget(self.open_only)
        buttons.addWidget(rules)

        self.table = read_only_table(self.model, 1, word_wrap=False)  # titles elided, whole in the tooltip
        wide = self.table.fontMetrics().horizontalAdvance   # times sized to their longest usual text
        for col, width in ((0, wide("12-01 20:50") + 14), (2, 100), (3, 52), (4, 56),
                           (5, wide("首报（电话） 12-01 20:50") + 14), (6, 92)):
            self.table.setColumnWidth(col, width)
        self.table.verticalHeader().setDefaultSectionSize(26)

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.RichText)
        self.clock_box = QGroupBox(self.tr("报告时限"))
        self.clock_grid = QGridLayout(self.clock_box)
        self._clock_rows: list[tuple[dict, QLabel, QLabel]] = []

        self.timeline_model = RowsModel(TIMELINE, context="View", parent=self)
        self.reports_model = RowsModel(REPORTS, context="View", parent=self)
        self.tasks_model = RowsModel(TASKS, context="View", parent=self)
        self.timeline = read_only_table(self.timeline_model, 2)
        self.reports = read_only_table(self.reports_model, 3)
        self.tasks = read_only_table(self.tasks_model, 2)
        self.reports.doubleClicked.connect(self.print_report)
        for view in (self.timeline, self.reports, self.tasks):
            view.setColumnWidth(0, wide("2026-12-01 20:50") + 14)
        self.task_done = QPushButton(self.tr("办结所选事项"))
        self.task_done.clicked.connect(self.finish_task)
        tasks_page = QWidget()
        tasks_layout = QVBoxLayout(tasks_page)
        tasks_layout.setContentsMargins(0, 0, 0, 0)
        tasks_layout.addWidget(self.tasks, 1)
        tasks_layout.addWidget(self.task_done, 0, Qt.AlignRight)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, self.tr("时间线"))
        self.tabs.addTab(self.reports, self.tr("报告"))
        self.tabs.addTab(tasks_page, self.tr("交办事项"))

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.clock_box)
        right_layout.addWidget(self.tabs, 1)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 6)
        split.setStretchFactor(1, 5)
        split.setSizes([770, 550])   # the list first: its titles are what the officer scans

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_selected())
        self.ticker = QTimer(self, interval=1000)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        self.refresh(TABLES)

    # ------------------------------------------------------------------ state
    def refresh(self, tables: set) -> None:
        """Show what ``tables`` (a :class:`Changes`, or bare table names) changed: only the incidents a
        write touched are read again, the whole list only when that is not known; a log entry or a task
        (every alert the minute check raises writes one) reads only the selected incident's story."""
        if not tables & TABLES:
            return
        touched = self._touched(tables) if tables & LIST_TABLES else set()
        selected = self.selected()
        if touched is None or len(touched) > MAX_UPDATED:
            self.model.reload()
        elif touched:
            self.model.update(touched)
        if not self.table.currentIndex().isValid():
            row = self.model.row_of(selected["id"]) if selected else -1
            if row < 0 and self.model.rowCount():
                row = 0
            if row >= 0:
                self.table.selectRow(row)
        self.show_selected()

    def _touched(self, tables: set) -> set | None:
        """The incidents ``tables`` wrote, or None when that is not known (a table rebuilt, another
        program's write) or when every incident's clock may have moved (the report rules changed)."""
        if not isinstance(tables, Changes) or "report_rules" in tables \
                or any(t in tables and t not in tables.rows for t in LIST_TABLES):
            return None
        touched = set(tables.ids("incidents"))
        for table in ("incident_reports", "incident_level_changes"):
            if table in tables:
                touched |= incidents.incident_ids_of(self.store, table, tables.ids(table))
        return touched

    def _toggle_open_only(self, on: bool) -> None:
        self.model.open_only = on
        self.refresh({"incidents"})

    def tick(self) -> None:
        """Each second the countdowns move and the colours follow (deadlines move only when data does)."""
        self.model.tick()
        now = clock.now()
        for d, state_label, count_label in self._clock_rows:
            state, count = deadlines.live(d, now)
            self._paint(state_label, count_label, state, count)

    def selected(self) -> dict | None:
        index = self.table.currentIndex()
        return self.model.data(index, INCIDENT_ROLE) if index.isValid() else None

    def select(self, incident_id: str) -> None:
        row = self.model.row_of(incident_id)
        if row >= 0:
            self.table.selectRow(row)

    def show_selected(self) -> None:
        inc = self.selected()
        for key in ("report", "level", "task", "print", "plans", "dispatch"):
            self.actions[key].setEnabled(inc is not None)
        self._show_clock(inc)
        if inc is None:
            self.header.setText(self.tr("还没有事件。来电接报后按 Ctrl+Shift+N 立案。"))
            for model in (self.timeline_model, self.reports_model, self.tasks_model):
                model.set_rows([])
            return
        place = " ".join(x for x in (inc["division_name"], inc["place"]) if x)
        self.header.setText(
            f"<b style='font-size:15px'>{_esc(inc['title'])}</b>　{translate('labels', inc['status_name'])}<br/>"
            + " · ".join(_esc(x) for x in (inc["type_name"], inc["level_name"], place) if x) + "<br/>"
            + self.tr("接报 {taken}　事发 {occurred}　来源 {source}").format(
                taken=moment_text(inc["taken_at"]), occurred=moment_text(inc["occurred_at"]) or "—",
                source=_esc(inc["source"]) or "—")
            + ("<br/>" + self.tr("伤亡/损失：{what}").format(
                what=_esc("；".join(x for x in (inc["casualties"], inc["losses"]) if x)))
               if inc["casualties"] or inc["losses"] else ""))
        self.timeline_model.set_rows(incidents.timeline(self.store, inc["id"]))
        self.reports_model.set_rows(incidents.reports(self.store, inc["id"]))
        self.tasks_model.set_rows(assignments.list_tasks(self.store, incident_id=inc["id"]))
        for view in (self.timeline, self.reports, self.tasks):
            view.resizeRowsToContents()
            for row in range(view.model().rowCount()):
                if view.rowHeight(row) > MAX_ROW_HEIGHT:
                    view.setRowHeight(row, MAX_ROW_HEIGHT)

    def _show_clock(self, inc: dict | None) -> None:
        while self.clock_grid.count():
            old = self.clock_grid.takeAt(0).widget()
            old.hide()  # deleteLater waits for the event loop; it must not show meanwhile
            old.deleteLater()
        self._clock_rows = []
        if inc is None:
            return
        now = clock.now()
        for row, d in enumerate(inc["deadlines"]):
            when = (self.tr("于 {t} 报送").format(t=moment_text(d["done_at"])) if d["done_at"]
                    else self.tr("书面首报后首个 {times}（最迟 {t}）").format(times=d["after_first"],
                                                                         t=moment_text(d["due"]))
                    if d["after_first"]
                    else moment_text(d["due"]) + self.tr(" 前") if d["due"] else self.tr("未设时限"))
            state_label, count_label = QLabel(), QLabel()
            self._paint(state_label, count_label, *deadlines.live(d, now))
            for col, widget in enumerate((QLabel(d["label"]), QLabel(when), state_label, count_label)):
                self.clock_grid.addWidget(widget, row, col)
            self._clock_rows.append((d, state_label, count_label))

    def _paint(self, state_label: QLabel, count_label: QLabel, state: str, count: str) -> None:
        colour = STATE_TEXT_COLOURS.get(state)
        style = f"color:{colour.name()};font-weight:bold" if colour and state != "done" else (
            f"color:{colour.name()}" if colour else "")
        state_label.setText(translate("labels", deadlines.STATE_NAMES[state]))
        count_label.setText(count)
        for label in (state_label, count_label):
            label.setStyleSheet(style)

    # ---------------------------------------------------------------- actions
    def new_incident(self, entry_id: str | None = None) -> None:
        dialog = IncidentDialog(self.ctx, entry_id=entry_id or None, parent=self)
        if dialog.exec():
            self.select(dialog.incident_id)

    def report(self) -> None:
        inc = self.selected()
        if not inc:
            return
        nxt = inc["next_deadline"]
        dialog = ReportDialog(self.ctx, inc["id"], nxt["stage"] if nxt else "followup", self,
                              nxt["channel"] if nxt else "written")
        if dialog.exec():
            self.select(inc["id"])
            if dialog.print_after.isChecked():
                self.print_report(report_id=dialog.report_id)

    def change_level(self) -> None:
        inc = self.selected()
        if inc and LevelDialog(self.ctx, inc, self).exec():
            self.select(inc["id"])

    def give_task(self) -> None:
        inc = self.selected()
        if inc and TaskDialog(self.ctx, inc["id"], self).exec():
            self.tabs.setCurrentIndex(2)
            self.select(inc["id"])

    def finish_task(self) -> None:
        index = self.tasks.currentIndex()
        if not index.isValid():
            return
        task_id = self.tasks_model.row(index.row())["id"]
        result, ok = QInputDialog.getText(self, self.tr("办结交办事项"), self.tr("办理结果："))
        if ok:
            inc = self.selected()
            if run_op(self.ctx, self, assignments.finish_task, task_id, result).ok and inc:
                self.select(inc["id"])

    def match_plans(self) -> None:
        """The plans that apply to the selected incident, in the plans area, ready for one-click response."""
        inc = self.selected()
        window = self.window()
        if inc and hasattr(window, "show_view"):
            window.show_view("plans").match_incident(inc["id"])

    def dispatch(self) -> None:
        """调派资源: stock and teams nearest the incident's division first; dispatches land on its timeline."""
        from xhduty.ui.resources.available import DispatchDialog

        inc = self.selected()
        if inc:
            DispatchDialog(self.ctx, inc["id"], self).exec()   # it announces what it dispatched

    def edit_rules(self) -> None:
        RulesDialog(self.ctx, self).exec()

    def print_report(self, *_args, report_id: str | None = None) -> None:
        """The selected report (or the latest one) as a PDF, made off the GUI thread, shown for printing."""
        if report_id is None:
            index = self.reports.currentIndex()
            row = index.row() if index.isValid() else self.reports_model.rowCount() - 1
            if row < 0:
                QMessageBox.information(self, self.tr("打印报告"), self.tr("该事件还没有报送过报告。"))
                return
            report_id = self.reports_model.row(row)["id"]
        from xhduty.reports.incident_report import write_incident_report

        self.ctx.status_message.emit(self.tr("正在生成报告 PDF…"))
        print_in_background(self, self.store, self.tr("值班信息"), f"值班信息-{report_id}",
                            lambda store, target: write_incident_report(store, report_id, target))


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;")
