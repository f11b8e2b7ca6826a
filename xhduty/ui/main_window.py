"""The main window: navigation on the left, one area at a time on the right, the duty state at the bottom.

Ctrl+N writes a log entry from anywhere; Ctrl+1…9 jump between areas.  Alerts raised by the scheduled
checks appear in a bar above the areas and in the system tray, whichever area is open.
"""

from __future__ import annotations

from xhduty.core import jobs
from xhduty.core.duty import duty
from xhduty.core.duty import warning_signals
from xhduty.core.store import read_only_error
from xhduty.ui.context import AppContext
from xhduty.ui.labels import ElidedLabel
from xhduty.ui.plans.search_box import PlanSearchBox
from xhduty.ui.sync.status import SyncStatus
from xhduty.ui.qt import (
    QFrame, QHBoxLayout, QKeySequence, QLabel, QListWidget, QListWidgetItem, QMainWindow, QPushButton, QShortcut,
    QScrollArea, QStackedWidget, QStyle, QSystemTrayIcon, Qt, QTimer, QVBoxLayout, QWidget,
)
from xhduty.ui.areas import AREAS
from xhduty.ui.tasks import holding_exit


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


class AlertBar(QWidget):
    """Active alerts, most urgent first; hidden when there are none."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("alertBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        self.setAttribute(Qt.WA_StyledBackground, True)  # a plain QWidget paints no stylesheet background
        self.setStyleSheet("#alertBar { background: #FDECEA; border: 1px solid #E0A0A0; }")
        self.refresh()

    def refresh(self) -> None:
        alerts = jobs.active_alerts(self.ctx.store)
        if not alerts:
            self.hide()
            return
        # coloured dots rather than emoji: the bundled CJK font has ● but no colour emoji
        colours = {"overdue": "#C00000", "warning": "#E07000", "info": "#1E5AA8"}
        lines = [f"<span style='color:{colours.get(a['level'], '#555')}'>●</span> {_esc(a['text'])}"
                 for a in alerts[:3]]
        if len(alerts) > 3:
            lines.append(self.tr("……另有 {n} 条提醒").format(n=len(alerts) - 3))
        self.label.setText("<br/>".join(lines))
        self.show()


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        store = ctx.store
        # Qt appends the application's display name (徐汇应急值守, app.py) to a title not ending with it;
        # naming the app here too showed it twice
        self.setWindowTitle(store.meta("station_name", ""))
        self.resize(1366, 768)

        self.nav = QListWidget()
        self.nav.setFixedWidth(132)
        self.nav.setStyleSheet("QListWidget { font-size: 15px; } QListWidget::item { padding: 8px 6px; }")
        self.stack = QStackedWidget()
        # areas are built when first opened, so start-up does not grow with the number of areas
        self.areas = AREAS
        self.views = {}
        for i, area in enumerate(self.areas):
            self.stack.addWidget(QWidget())  # placeholder until the area is first opened
            item = QListWidgetItem(area.title())
            # every area answers to Ctrl+<its position> (first nine), and to its own shortcut if it has one
            keys = [f"Ctrl+{i + 1}"] if i < 9 else []
            if area.shortcut and area.shortcut not in keys:
                keys.append(area.shortcut)
            for key in keys:
                QShortcut(QKeySequence(key), self, activated=lambda i=i: self.open_row(i))
            item.setToolTip(" / ".join(keys))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_view)

        self.alert_bar = AlertBar(ctx)
        self.plan_search = PlanSearchBox(self.show_view)
        QShortcut(QKeySequence("F3"), self, activated=self.plan_search.setFocus)
        self.plan_search.setToolTip(self.tr("查预案（F3）"))
        self.signals_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.plan_search, 2)
        top.addWidget(self.signals_label, 3)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(top)
        right.addWidget(self.alert_bar)
        if store.read_only:   # read-only media: say so once, for good, above every area
            banner = QLabel(self.tr("只读：{reason}").format(reason=str(read_only_error(store.path))))
            banner.setObjectName("readOnlyBanner")
            banner.setWordWrap(True)
            banner.setStyleSheet("#readOnlyBanner { background: #FFF3CD; border: 1px solid #E0C070; padding: 4px; }")
            right.addWidget(banner)
        right.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)

        self.shift_label = ElidedLabel()
        self.station_label = QLabel(f"{store.station} · {store.meta('station_name', '')}")
        self.statusBar().addWidget(self.shift_label, 1)
        self.sync_status = SyncStatus(ctx)
        self.statusBar().addPermanentWidget(self.sync_status)
        self.statusBar().addPermanentWidget(self.station_label)
        new_entry = QPushButton(self.tr("记一笔 Ctrl+N"))
        new_entry.setFlat(True)
        new_entry.clicked.connect(self.new_entry)
        self.statusBar().addPermanentWidget(new_entry)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_entry)

        self.tray = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(self.style().standardIcon(QStyle.SP_MessageBoxWarning), self)
            self.tray.setToolTip(self.tr("徐汇应急值守"))
            self.tray.show()

        ctx.data_changed.connect(self._data_changed)
        ctx.alerts_raised.connect(self._alerts_raised)
        ctx.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._leaving = False          # asked to close while work the officer started was running
        self._leave_when_done = QTimer(self, interval=200)
        self._leave_when_done.timeout.connect(self._close_if_done)
        self.nav.setCurrentRow(0)
        self._update_shift_label()
        self._update_signals()

    def closeEvent(self, event) -> None:
        """The window stays open while something the officer started is still running (an import, an
        export, notices being sent: :func:`tasks.holding_exit`), so its outcome — the rows not imported, the
        file not written — is seen; it closes by itself once they are done.  Closing again leaves at once
        (the work still finishes before the program ends; only its outcome is not shown)."""
        if holding_exit() and not self._leaving:
            event.ignore()
            self._leaving = True
            self.statusBar().showMessage(self.tr("还有 {n} 项操作正在进行（导入、导出或发送），完成后窗口自动关闭；"
                                                 "再关闭一次则立即退出").format(n=holding_exit()))
            self._leave_when_done.start()
            return
        self._leave_when_done.stop()
        super().closeEvent(event)

    def _close_if_done(self) -> None:
        if not holding_exit():
            self.close()

    def _view_at(self, row: int):
        name = self.areas[row].name
        if name not in self.views:
            view = self.areas[row].module().View(self.ctx)
            # an area wider or taller than the screen (1366×768 at 125 % or 150 % scaling leaves 1092×614 or
            # 910×512 logical pixels) scrolls inside its page instead of pushing the window off the screen;
            # a QStackedWidget is as wide as its widest page, so without this one wide area widens them all
            page = QScrollArea()
            page.setWidgetResizable(True)
            page.setFrameShape(QFrame.NoFrame)
            page.setWidget(view)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.views[name] = view
        return self.views[name]

    def _show_view(self, row: int) -> None:
        self._view_at(row)
        self.stack.setCurrentIndex(row)

    def open_row(self, row: int) -> None:
        """An area's shortcut: open it, and let it put the cursor where work starts (even if already open)."""
        self.nav.setCurrentRow(row)
        view = self._view_at(row)
        if hasattr(view, "activate"):
            view.activate()

    def show_view(self, name: str):
        """Open the area called ``name`` (its module name, e.g. 'log') and return its widget."""
        row = [a.name for a in self.areas].index(name)
        self.nav.setCurrentRow(row)
        return self._view_at(row)

    def new_entry(self) -> None:
        self.show_view("log").new_entry()

    def _data_changed(self, tables: set) -> None:
        for view in self.views.values():
            view.refresh(tables)
        if tables & {"shifts", "alerts", "log_entries"}:
            self._update_shift_label()
            self.alert_bar.refresh()
        if "weather_signals" in tables:
            self._update_signals()

    def _alerts_raised(self, alerts: list) -> None:
        self.alert_bar.refresh()
        if self.tray and alerts:
            self.tray.showMessage(self.tr("值班提醒"), "\n".join(a.text for a in alerts[:3]),
                                  QSystemTrayIcon.Warning, 15000)

    def _update_signals(self) -> None:
        """Weather warning signals in force, in their colours, always in sight."""
        active = warning_signals.active_signals(self.ctx.store)
        colours = {"蓝": "#1E5AA8", "黄": "#C9A000", "橙": "#E07000", "红": "#C00000"}
        chips = [f"<span style='color:white; background:{colours.get(s['colour'], '#555')};'>"
                 f"&nbsp;{warning_signals.label(s)}&nbsp;</span>" for s in active]
        self.signals_label.setText(self.tr("生效预警：") + "&nbsp;".join(chips) if chips else self.tr("无生效预警信号"))

    def _update_shift_label(self) -> None:
        shift = duty.current_shift(self.ctx.store)
        if shift:
            self.shift_label.setText(self.tr("在岗：带班领导 {leader}　值班员 {officers}　（{start} 起）").format(
                leader=shift["leader"], officers="、".join(shift["officers"]), start=shift["started_at"][5:16].replace("T", " ")))
        else:
            self.shift_label.setText(self.tr("当前没有在岗班次"))
