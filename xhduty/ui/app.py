"""Starting the GUI: fonts, translations, the station database, the first-run dialog, the scheduler.

The scheduler (APScheduler's QtScheduler) runs the core's checks every minute and an hourly backup.  Its
jobs run on worker threads with their own database connection; what they find reaches the window through
a queued Qt signal, so no widget is touched off the GUI thread.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Callable

from xhduty import paths
from xhduty.core import clock, jobs
from xhduty.core.store import Store, StoreError, open_store
from xhduty.fonts import FontNotFound, find_cjk_font, find_fallback_fonts
from xhduty.ui.context import AppContext
from xhduty.ui.qt import QApplication, QEvent, QFont, QFontDatabase, QMessageBox, QObject, QTimer
from xhduty.ui.tasks import wind_down

CHECK_SECONDS = 60
BACKUP_SECONDS = 3600


def load_cjk_font(app: QApplication) -> str:
    """Load the CJK font into Qt itself, so Chinese renders on machines without a configured CJK font."""
    font_file = find_cjk_font()
    font_id = QFontDatabase.addApplicationFont(str(font_file.path))
    if font_id < 0:
        raise FontNotFound(f"无法加载中文字体 {font_file.path}")
    families = QFontDatabase.applicationFontFamilies(font_id)
    family = families[min(font_file.index, len(families) - 1)]
    fallbacks = []   # rare characters of names (䶮, 𠮷 …) the main font lacks: xhduty.fonts
    for fallback in find_fallback_fonts():
        fallback_id = QFontDatabase.addApplicationFont(str(fallback.path))
        fallbacks += QFontDatabase.applicationFontFamilies(fallback_id) if fallback_id >= 0 else []
    if fallbacks:
        QFont.insertSubstitutions(family, fallbacks)
    font = QFont(family, 10)
    app.setFont(font)
    return family


def load_translations(app: QApplication) -> list:
    """Install the catalogues for the UI language XHDUTY_LANG (zh_CN by default, or en); return them.

    Source strings are Chinese, so zh_CN needs no catalogue of ours, only Qt's own (standard buttons such
    as 确定/取消); en loads resources/i18n/xhduty_en.qm.  An unknown language or a missing catalogue is said
    on stderr and the UI stays Chinese rather than refusing to start.
    """
    import os

    from PySide6.QtCore import QLibraryInfo, QTranslator

    languages = ("zh_CN", "en")  # Chinese is the source language
    lang = os.environ.get("XHDUTY_LANG", "") or "zh_CN"
    if lang not in languages:
        print(f"XHDUTY_LANG={lang} 不是可用的界面语言（可用：{'、'.join(languages)}），界面使用中文。",
              file=sys.stderr)
        lang = "zh_CN"
    catalogues = [("qtbase_" + lang, QLibraryInfo.path(QLibraryInfo.TranslationsPath))]
    if lang != "zh_CN":
        catalogues.append(("xhduty_" + lang, str(paths.resources_dir() / "i18n")))
    installed = []
    for name, directory in catalogues:
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            print(f"找不到界面翻译文件 {name}.qm（目录 {directory}）。", file=sys.stderr)
    return installed


def _check_in_worker(db_path, ctx: AppContext) -> None:
    store = open_store(db_path)
    try:
        with store.collect() as written:      # alerts and the log entries of deadlines passed
            raised = jobs.run_due(store)
    finally:
        store.close()
    if written.changes:
        ctx.changed(written.changes)          # a queued signal: the views update on the GUI thread
    if raised:
        ctx.alerts_raised.emit(raised)


def _backup_in_worker(db_path) -> None:
    store = open_store(db_path)
    try:
        jobs.rotate_backups(store)
    finally:
        store.close()


@dataclass(frozen=True)
class Job:
    """A job of the window's scheduler and what happens when its time passes unnoticed.

    APScheduler's default grace time is 1 s: a run missed while the laptop slept (or the process was
    stopped) by more is skipped until its next slot, so the hourly backup could come up to 59 minutes late
    and deadline checks would wait too.  Each job therefore declares its misfire policy: with
    ``misfire_grace_time=None`` and coalescing, missed runs collapse into ONE run as soon as the machine
    wakes — never a burst, never a wait for the next slot."""
    id: str
    seconds: int
    run: Callable
    at_start: bool = False                 # also run at once when the window opens
    misfire_grace_time: int | None = None  # seconds late a run may still start; None: however late


def jobs_for(ctx: AppContext) -> list[tuple[Job, tuple]]:
    """The window's scheduled jobs with their arguments: the checks every minute, the hourly backup."""
    path = ctx.store.path
    return [(Job("checks", CHECK_SECONDS, _check_in_worker, at_start=True), (path, ctx)),
            (Job("backup", BACKUP_SECONDS, _backup_in_worker), (path,))]


def add_jobs(scheduler, jobs: list[tuple[Job, tuple]]) -> None:
    """Add each job to an APScheduler 3 scheduler with its own misfire policy."""
    for job, args in jobs:
        extra = {"next_run_time": clock.now()} if job.at_start else {}
        scheduler.add_job(job.run, "interval", seconds=job.seconds, args=args, id=job.id, max_instances=1,
                          coalesce=True, misfire_grace_time=job.misfire_grace_time, **extra)


def start_scheduler(ctx: AppContext):
    from apscheduler.schedulers.qt import QtScheduler

    scheduler = QtScheduler(timezone="Asia/Shanghai")
    add_jobs(scheduler, jobs_for(ctx))
    scheduler.start()
    return scheduler


def open_station() -> Store | None:
    """Open the database, asking for the station's identity on first start.  None when the user gives up."""
    try:
        store = open_store()
    except StoreError as exc:
        QMessageBox.critical(None, "徐汇应急值守", str(exc))
        return None
    if not store.initialized:
        from xhduty.ui.first_run import FirstRunDialog  # and the demo data's modules: only on first start

        dialog = FirstRunDialog(store)
        if not dialog.exec():
            return None
    return store


class _FirstPaint(QObject):
    def __init__(self, widget, then: Callable[[], None]):
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # after this paint has reached the screen
        return False


def after_first_paint(widget, then: Callable[[], None]) -> None:
    """Call `then` once, on the GUI thread, right after `widget` has painted for the first time."""
    _FirstPaint(widget, then)


def run_gui() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("xhduty")
    app.setApplicationDisplayName("徐汇应急值守")
    try:
        load_cjk_font(app)
    except FontNotFound as exc:
        QMessageBox.critical(None, "徐汇应急值守", str(exc))
        return 2
    load_translations(app)
    store = open_station()
    if store is None:
        return 1
    from xhduty.ui.main_window import MainWindow

    ctx = AppContext(store)
    window = MainWindow(ctx)
    started = []  # the scheduler (APScheduler's import alone is ~0.2 s) starts once the window is painted
    if not store.read_only:   # on read-only media the checks cannot record alerts nor backups be written
        after_first_paint(window, lambda: started.append(start_scheduler(ctx)))
    window.show()
    try:
        return app.exec()
    finally:
        for scheduler in started:
            scheduler.shutdown(wait=False)
        wind_down()            # background work ends (or, if the officer started it, finishes) first
        store.close()
