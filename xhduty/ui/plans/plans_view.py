"""应急预案: the plan library, its search, matching incidents to plans, and the weather signals in force.

Ctrl+Shift+F opens this area from anywhere with the search box focused: type 火灾, 有限空间 or
地下车库进水怎么办 and the plans that answer it are listed with the matched words highlighted; Enter or a
click opens the plan at that section, ↓ goes down the hits (or the library) without leaving the keyboard,
each hit opening as it is reached, and ↑ on the first goes back to the box.  With the box empty the library is listed, filtered by kind,
hazard and owner.  The other tabs match incidents to plans (with the response checklist) and record
warning signals.  The built-in 示例预案库 is loaded the first time the library is empty.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from xhduty.core import refdata, search
from xhduty.core.plans import plan_search, plans, removal
from xhduty.core.plans.plan_file import KINDS, dump
from xhduty.ui.flow_layout import FlowLayout
from xhduty.ui.plans.match_panel import TABLES as MATCH_TABLES
from xhduty.ui.plans.match_panel import MatchPanel
from xhduty.ui.plans.import_report import ImportReportDialog
from xhduty.ui.plans.plan_dialog import PlanDialog
from xhduty.ui.plans.reader import PlanReader
from xhduty.ui.tables import Column, RowsModel, field, read_only_table
from xhduty.ui.qt import (
    QComboBox, QEvent, QFileDialog, QHBoxLayout, QKeySequence, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QMessageBox, QPushButton, QShortcut, QSize, QSplitter, QStackedWidget,
    Qt, QT_TRANSLATE_NOOP, QTabWidget, QTimer, QVBoxLayout, QWidget, translate,
)
from xhduty.ui.duty.signal_panel import TABLES as SIGNAL_TABLES
from xhduty.ui.duty.signal_panel import SignalPanel
from xhduty.ui.forms import confirm_removal
from xhduty.ui.ops import run_op, run_op_in_background

TABLES = {"plans"} | MATCH_TABLES | SIGNAL_TABLES
PLAN_ROLE = Qt.UserRole + 1   # of a search hit: the plan it is in
SECTION_ROLE = Qt.UserRole + 2


def _title(plan: dict) -> str:
    """A plan's title, flagged when what it holds was inferred from a document or is not structured."""
    if plan["inferred"]:
        return plan["title"] + translate("View", "（推断）")
    return plan["title"] + ("" if plan["structured"] else translate("View", "（未结构化）"))


LIBRARY = [Column(QT_TRANSLATE_NOOP("View", "预案"), _title),
           Column(QT_TRANSLATE_NOOP("View", "类别"), field("kind")),
           Column(QT_TRANSLATE_NOOP("View", "编制单位"), field("owner")),
           Column(QT_TRANSLATE_NOOP("View", "评估到期"), lambda p: p["review_due"] or "")]



def _hit_html(hit: dict) -> str:
    snippet = search.marked(hit["excerpt"], hit["spans"], "\x00", "\x01")
    snippet = escape(snippet).replace("\x00", '<b style="color:#B00020;">').replace("\x01", "</b>")
    section = escape(hit["section"] or "")
    reasons = "".join(f"<br/><span style='color:#1565C0;'>{escape(r)}</span>" for r in hit.get("reasons", []))
    return f"<b>{escape(hit['title'])}</b>　<span style='color:#555;'>{section}</span><br/>{snippet}{reasons}"


class _HitList(QListWidget):
    """Search hits, each a word-wrapped label exactly as tall as its text at the list's width (refitted
    when the list is resized).  A label's own sizeHint wraps it at a width of its choosing: the hits
    stood apart with empty space between them, fewer of them on the screen, and the 20 hints took
    ~90 ms of every search on the GUI thread."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        # a scroll bar coming and going would change the width, hence the heights, hence the scroll bar
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)
        self.setVerticalScrollMode(QListWidget.ScrollPerPixel)

    def add_hit(self, html: str) -> QListWidgetItem:
        """Append a hit showing ``html``; returns its item (for the caller's data roles)."""
        item = QListWidgetItem()
        label = QLabel(html)
        label.setWordWrap(True)
        label.setContentsMargins(4, 4, 4, 4)
        self.addItem(item)
        self.setItemWidget(item, label)
        self._fit(item)
        return item

    def _fit(self, item: QListWidgetItem) -> None:
        width = self.viewport().width()
        item.setSizeHint(QSize(width, self.itemWidget(item).heightForWidth(width)))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        for row in range(self.count()):
            self._fit(self.item(row))


class View(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.tabs = QTabWidget()
        self.tabs.addTab(self._library_tab(), self.tr("预案库"))
        self.match = MatchPanel(ctx)
        self.tabs.addTab(self.match, self.tr("事件匹配"))
        self.signals = SignalPanel(ctx)
        self.tabs.addTab(self.signals, self.tr("预警信号"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        for i, key in enumerate(("Alt+1", "Alt+2", "Alt+3")):
            QShortcut(QKeySequence(key), self, activated=lambda i=i: self.tabs.setCurrentIndex(i))
        QShortcut(QKeySequence("Ctrl+O"), self, activated=self.import_files)
        QShortcut(QKeySequence("Ctrl+Shift+O"), self, activated=self.import_folder)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.edit_plan)
        # SHORTCUT itself belongs to the main window (a second one here would make it ambiguous); showing
        # the area puts the cursor in the search box
        if self.store.meta("station_role") == "centre" and not plans.list_plans(self.store):
            # first run at the district centre: the sample library, which syncs to the streets from there
            # (loaded on every station it would arrive twice under one code)
            plans.import_builtin(self.store)
        self.reload_library()

    # ------------------------------------------------------------------------------------ library
    def _library_tab(self) -> QWidget:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("检索预案：火灾、有限空间、地下车库进水怎么办……"))
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=150, timeout=self.run_search)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.search.returnPressed.connect(self.open_first_hit)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("全部类别"), None)
        for kind in KINDS:
            self.kind.addItem(kind, kind)
        self.hazard = QComboBox()
        self.hazard.addItem(self.tr("全部事件类型"), None)
        for t in refdata.event_types(self.store):
            self.hazard.addItem(("　" if t["parent"] else "") + t["name"], t["code"])
        self.owner = QComboBox()
        for combo in (self.kind, self.hazard, self.owner):
            combo.currentIndexChanged.connect(self.reload_library)
        import_button = QPushButton(self.tr("导入 Ctrl+O"))
        import_button.clicked.connect(self.import_files)
        folder_button = QPushButton(self.tr("导入目录 Ctrl+Shift+O"))
        folder_button.clicked.connect(self.import_folder)
        edit_button = QPushButton(self.tr("适用范围 Ctrl+E"))
        edit_button.setToolTip(self.tr("修改打开的预案的适用事件类型、编制单位和类别，或确认导入时推断的内容"))
        edit_button.clicked.connect(self.edit_plan)
        export_button = QPushButton(self.tr("导出预案文件"))
        export_button.setToolTip(self.tr("把打开的预案写成 .toml 预案文件：文档导入的预案可补写响应分级后再导入"))
        export_button.clicked.connect(self.export_plan)
        remove_button = QPushButton(self.tr("删除预案 Delete"))
        remove_button.setToolTip(self.tr("从预案库删除打开的预案（重复的、标题导入错误的）；已启动的响应仍保留"))
        remove_button.clicked.connect(self.remove_plan)
        self.undo_button = QPushButton(self.tr("撤销删除 Ctrl+Z"))
        self.undo_button.clicked.connect(self.restore_plan)
        self.undo_button.hide()   # shown once a plan was removed here
        self.removed: dict | None = None   # the plan last removed in this window, for 撤销删除
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.kind)
        bar.addWidget(self.hazard)
        bar.addWidget(self.owner, 1)
        actions = FlowLayout()   # wraps on a narrow (scaled) screen
        for button in (import_button, folder_button, edit_button, export_button, remove_button, self.undo_button):
            actions.addWidget(button)

        self.model = RowsModel(LIBRARY, context="View", parent=self)
        self.table = read_only_table(self.model, stretch=0)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.hits = _HitList()
        self.hits.currentItemChanged.connect(self._open_hit)
        self.search.installEventFilter(self)
        self.hits.installEventFilter(self)
        # Delete and Ctrl+Z from the lists only: in the search box they edit the text typed
        for listing in (self.table, self.hits):
            QShortcut(QKeySequence(Qt.Key_Delete), listing, activated=self.remove_plan, context=Qt.WidgetShortcut)
            QShortcut(QKeySequence.Undo, listing, activated=self.restore_plan, context=Qt.WidgetShortcut)
        self.left = QStackedWidget()
        self.left.addWidget(self.table)
        self.left.addWidget(self.hits)
        self.count_label = QLabel()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.left, 1)
        ll.addWidget(self.count_label)
        self.reader = PlanReader(self.store)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(self.reader)
        split.setSizes([620, 600])   # the list wide enough for its titles; the reader takes the rest
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        return tab

    def reload_library(self) -> None:
        owner = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(self.tr("全部编制单位"), None)
        for name in plans.owners(self.store):
            self.owner.addItem(name, name)
        self.owner.setCurrentIndex(max(0, self.owner.findData(owner)))
        self.owner.blockSignals(False)
        rows = plans.list_plans(self.store, kind=self.kind.currentData(), hazard=self.hazard.currentData(),
                                owner=self.owner.currentData())
        self.model.set_rows(rows)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(3)
        self.table.setColumnWidth(2, min(self.table.sizeHintForColumn(2), 120))   # the title gets the rest
        sample = any(p["sample"] for p in rows)
        if rows:
            self.count_label.setText(self.tr("共 {n} 个预案").format(n=len(rows))
                                     + (self.tr("（含示例数据：示例预案库）") if sample else ""))
        elif self.kind.currentData() or self.hazard.currentData() or self.owner.currentData():
            self.count_label.setText(self.tr("没有符合条件的预案"))
        else:
            self.count_label.setText(self.tr("预案库为空：预案由区中心同步而来，也可按 Ctrl+O 导入预案文件或文档"))

    # ------------------------------------------------------------------------------------- search
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.tabs.currentIndex() == 0:
            self.search.setFocus()

    def run_search(self) -> None:
        query = self.search.text().strip()
        if not query:
            self.left.setCurrentWidget(self.table)
            self.reload_library()
            return
        found = plan_search.search_plans(self.store, query, limit=20)
        self.hits.blockSignals(True)
        self.hits.clear()
        for hit in found:
            item = self.hits.add_hit(_hit_html(hit))
            item.setData(PLAN_ROLE, hit["plan_id"])
            item.setData(SECTION_ROLE, hit["section_no"])
        self.hits.blockSignals(False)
        self.left.setCurrentWidget(self.hits)
        self.count_label.setText(self.tr("“{q}”找到 {n} 个预案").format(q=query, n=len(found)) if found
                                 else self.tr("没有找到“{q}”").format(q=query))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        """↓ in the search box goes to the hits (or the library list) at their first row; ↑ on the first
        hit goes back to the box, as in a browser's address bar."""
        if event.type() == QEvent.KeyPress and not event.modifiers():
            if watched is self.search and event.key() == Qt.Key_Down:
                if self._debounce.isActive():  # typed a moment ago: the list must answer what is typed
                    self._debounce.stop()
                    self.run_search()
                listing = self.left.currentWidget()
                if listing is self.hits and self.hits.count():
                    self.hits.setFocus()
                    self.hits.setCurrentRow(max(0, self.hits.currentRow()))
                elif listing is self.table and self.model.rowCount():
                    self.table.setFocus()
                    self.table.selectRow(max(0, self.table.currentIndex().row()))
                return True
            if watched is self.hits and event.key() == Qt.Key_Up and self.hits.currentRow() <= 0:
                self.search.setFocus()
                return True
        return super().eventFilter(watched, event)

    def match_incident(self, incident_id: str) -> None:
        """Open the 事件匹配 tab on ``incident_id`` (the incidents area's 匹配预案 button)."""
        self.tabs.setCurrentWidget(self.match)
        self.match.select_incident(incident_id)

    def search_for(self, query: str) -> None:
        """Show the library tab with ``query`` searched and its best plan open (the global search box)."""
        self.tabs.setCurrentIndex(0)
        self.search.setText(query)
        self.open_first_hit()

    def open_first_hit(self) -> None:
        self._debounce.stop()
        self.run_search()
        if self.hits.count():
            self.hits.setCurrentRow(0)
            self.reader.text.setFocus()

    def _row_chosen(self, current, _previous=None) -> None:
        if current.isValid():
            self.open_plan(self.model.row(current.row())["id"])

    def _open_hit(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.open_plan(item.data(PLAN_ROLE), item.data(SECTION_ROLE), self.search.text())

    def open_plan(self, plan_id: str, section_no: int | None = None, query: str = "") -> None:
        self.reader.show_plan(plan_id, section_no, query)

    # ------------------------------------------------------------------------------------- import
    def import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("导入预案"), "", self.tr("预案文件和文档 (*.toml *.docx *.doc *.wps *.pdf *.txt *.md)"))
        if files:
            self.start_import(files)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("导入目录中的预案"))
        if folder:
            self.start_import([folder])

    def edit_plan(self) -> None:
        """The open plan's hazard types, owner and kind, and its inferred fields to confirm."""
        if self.reader.plan is None:
            self.ctx.status_message.emit(self.tr("请先打开一个预案"))
            return
        dialog = PlanDialog(self.ctx, self.reader.plan, self)
        if dialog.exec():
            self.reader.show_plan(dialog.plan["id"])

    def start_import(self, files: list[str]):
        """Import in the background; the report (what was imported, every error) is shown when done."""
        self.ctx.status_message.emit(self.tr("正在导入 {n} 个文件……").format(n=len(files)))
        run_op_in_background(self.ctx, self, plans.import_paths, files, refused=self.tr("导入预案"),
                             done=self._imported)

    def export_plan(self) -> None:
        plan = self.reader.plan
        if plan is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出预案文件"), f"{plan['code']}.toml",
                                              self.tr("预案文件 (*.toml)"))
        if path:
            Path(path).write_text(dump(plan), encoding="utf-8")
            self.ctx.status_message.emit(self.tr("已导出 {path}").format(path=path))

    def _imported(self, done) -> None:
        if not done.ok:
            return
        report = done.result
        inferred = {i["id"]: plans.get_plan(self.store, i["id"])["inferred"] for i in report.imported}
        self.report_dialog = ImportReportDialog(report, inferred, self)
        self.report_dialog.open()

    def remove_plan(self) -> None:
        """Remove the open plan after the officer confirms it by name (取消 is the default: Enter keeps it);
        a station that may not remove plans is told so at once, without being asked."""
        plan = self.reader.plan
        if plan is None:
            self.ctx.status_message.emit(self.tr("请先选择一个预案"))
            return
        refusal = removal.removal_refusal(self.store, plan["id"])
        if refusal:
            QMessageBox.warning(self, self.tr("未删除"), refusal)
            return
        if not confirm_removal(self, self.tr("删除预案"), self.tr(
                "从预案库删除{plan}？\n\n删除后检索和事件匹配不再列出它；已启动的响应仍保留其步骤。"
                "删错了可按 Ctrl+Z 撤销。").format(plan=removal.described(plan))):
            return
        listing = self.left.currentWidget()
        row = self.table.currentIndex().row() if listing is self.table else self.hits.currentRow()
        if run_op(self.ctx, self, removal.remove_plan, plan["id"], refused=self.tr("未删除")).ok:
            self.removed = plan
            self.undo_button.show()
            self.ctx.status_message.emit(self.tr("已从预案库删除{plan}；按 Ctrl+Z 或“撤销删除”恢复").format(
                plan=removal.described(plan)))
            self._select_near(listing, row)

    def _select_near(self, listing, row: int) -> None:
        """Keep the officer on the list after a removal: the row that took the removed one's place opens."""
        count = self.model.rowCount() if listing is self.table else self.hits.count()
        listing.setFocus()
        if count:
            (self.table.selectRow if listing is self.table else self.hits.setCurrentRow)(min(max(row, 0), count - 1))

    def restore_plan(self) -> None:
        """Undo the last removal made in this window (the plan is back in the library, and opened)."""
        plan = self.removed
        if plan is None:
            return
        if run_op(self.ctx, self, removal.restore_plan, plan["id"], refused=self.tr("未恢复")).ok:
            self.removed = None
            self.undo_button.hide()
            self.open_plan(plan["id"])
            self.ctx.status_message.emit(self.tr("已恢复{plan}到预案库").format(plan=removal.described(plan)))

    def refresh(self, tables: set) -> None:
        if "plans" in tables:
            self.reader.forget_removed()
            self.reload_library() if not self.search.text().strip() else self.run_search()
        if tables & MATCH_TABLES:
            self.match.refresh(tables)
        if tables & SIGNAL_TABLES:
            self.signals.reload()
