"""The status-bar corner that says whether the station is in touch with the hub, and keeps it so.

``SyncStatus(ctx)`` shows 在线/离线 (amber, never green, while the hub holds an own change back), the time
of the last good sync and the changes waiting to go up.  It syncs in the background (``run_task``, its own
database connection) every few minutes and on F9, so the window never waits for the network; while it
syncs, it says how far it is (上传 3000/100000, then 接收 5000 条: a sync after a day offline moves tens of
thousands of changes).  Ctrl+F9 (or the ⚙ button) opens the sync settings.
"""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.changes import Changes
from xhduty.sync import state
from xhduty.ui.qt import QHBoxLayout, QKeySequence, QLabel, QPushButton, QShortcut, QTimer, QWidget
from xhduty.ui.tasks import run_task

_DOT = "<span style='color:{colour}; font-size:14px'>●</span> {text}"


class SyncStatus(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx, self.store = ctx, ctx.store
        self.running = False
        self.how_far = ""                # of the sync running, e.g. 上传 3000/100000
        self.state_label, self.last_label, self.pending_label = QLabel(), QLabel(), QLabel()
        self.sync_button = QPushButton(self.tr("同步 F9"))
        self.sync_button.setFlat(True)
        self.sync_button.clicked.connect(self.sync_now)
        self.settings_button = QPushButton("⚙")
        self.settings_button.setFlat(True)
        self.settings_button.setFixedWidth(28)
        self.settings_button.setToolTip(self.tr("同步设置（Ctrl+F9）"))
        self.settings_button.clicked.connect(self.open_settings)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for w in (self.state_label, self.last_label, self.pending_label, self.sync_button, self.settings_button):
            layout.addWidget(w)
        QShortcut(QKeySequence("F9"), self, activated=self.sync_now)
        QShortcut(QKeySequence("Ctrl+F9"), self, activated=self.open_settings)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)
        ctx.data_changed.connect(lambda tables: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        st = state.status(self.store)
        interval = st["interval_minutes"] * 60_000
        if self.timer.interval() != interval or not self.timer.isActive():
            self.timer.start(interval)
        if not st["configured"]:
            text, colour = self.tr("未配置同步"), "#999999"
        elif self.running:
            text, colour = " ".join(filter(None, [self.tr("正在同步…"), self.how_far])), "#1f6fd1"
        elif st["online"] and state.stuck(st):
            text, colour = self.tr("在线，有变更未能上传"), "#d68910"
        elif st["online"]:
            text, colour = self.tr("在线"), "#2e8b3d"
        else:
            text, colour = self.tr("离线"), "#c0392b"
        self.state_label.setText(_DOT.format(colour=colour, text=text))
        self.state_label.setToolTip(st["last_error"] or "\n".join(
            [self.tr("第 {seq} 号变更（{table}）暂未上传：{why}").format(seq=w["station_seq"], table=w["table_label"],
                                                                 why=w["reason"]) for w in st["waiting"]]
            + [st["hub"] or ""]))
        last = clock.parse(st["last_sync"]).strftime("%m-%d %H:%M") if st["last_sync"] else self.tr("从未")
        self.last_label.setText(self.tr("上次同步 {when}").format(when=last))
        self.pending_label.setText(self.tr("待上传 {n} 条").format(n=st["pending"]))
        if st["refused"]:
            self.pending_label.setText(self.pending_label.text() + self.tr("，<span style='color:#c0392b'>"
                                                                        "中心拒收 {n} 条</span>").format(n=st["refused"]))
            self.pending_label.setToolTip("\n".join(f"{r['refused_at'][5:16]} {r['reason']}"
                                                     for r in state.refusals(self.store, 10)))
        else:
            self.pending_label.setToolTip("")
        self.sync_button.setEnabled(st["configured"] and not self.running)

    def sync_now(self) -> None:
        """Start a background sync unless one is running or no hub is configured."""
        if self.running or not state.status(self.store)["configured"]:
            return
        self.running, self.how_far = True, ""
        self.refresh()
        from xhduty.sync.client import run_sync  # httpx and pydantic load at the first sync, not at start-up

        def sync(store, progress):
            with store.collect() as pulled:          # every row a pulled page wrote, for the views
                result = run_sync(store, progress=progress)
            return result, pulled.changes

        run_task(self.store, sync, done=self._done, failed=self._failed, progress=self._moved)

    def _moved(self, report: tuple) -> None:
        """How far the running sync is: ``report`` is (stage, done, total) as ``run_sync`` tells it."""
        stage, done, total = report
        if not self.running:
            return                       # a report that arrived after the sync's end
        self.how_far = (self.tr("上传 {done}/{total}").format(done=done, total=total) if stage == "push"
                        else self.tr("接收 {done} 条").format(done=done))
        self.refresh()

    def _done(self, outcome: tuple) -> None:
        self.running = False
        result, changes = outcome
        if result["files"]["fetched"]:  # files that were 未下载 are here now: strips show them
            changes = (changes or Changes()) | Changes.of_tables({"attachments"})
        if changes:
            self.ctx.changed(changes)
        message = self.tr("同步完成：上传 {up} 条，接收 {down} 条").format(up=result["pushed"], down=result["pulled"])
        if result["conflicts"]:
            message += self.tr("，冲突 {n} 处（见“冲突”）").format(n=result["conflicts"])
        if result["refused"]:
            message += self.tr("，中心拒收 {n} 条").format(n=len(result["refused"]))
        if result["files"]["summary"]:  # attachment files: sent, fetched, failed (xhduty.sync.files)
            message += "；" + result["files"]["summary"]
        if result["waiting"]:
            message = self.tr("同步未完成：{n} 条变更暂未上传（{why}）").format(
                n=state.pending(self.store), why=result["waiting"][0]["reason"])
        self.ctx.status_message.emit(message)
        self.refresh()

    def _failed(self, message: str) -> None:
        self.running = False
        self.ctx.status_message.emit(self.tr("同步未完成：{why}").format(why=message))
        self.refresh()

    def open_settings(self) -> None:
        from xhduty.ui.sync.settings import SyncSettingsDialog

        if SyncSettingsDialog(self.ctx, self).exec():
            self.refresh()
            self.sync_now()
