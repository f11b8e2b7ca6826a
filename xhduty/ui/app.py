"""Starting the GUI: fonts, translations, the station database, the first-run dialog, the scheduler.

The scheduler (APScheduler's QtScheduler) runs the core's checks every minute and an hourly backup.  Its
jobs run on worker threads with their own database connection; what they find reaches the window through
a queued Qt signal, so no widget is touched off the GUI thread.
"""

from __future__ import annotations

import sys

from xhduty import paths
from xhduty.core import clock, jobs
from xhduty.core.store import Store, StoreError, open_store
from xhduty.fonts import FontNotFound, find_cjk_font
from xhduty.ui.context import AppContext
from xhduty.ui.qt import QApplication, QFont, QFontDatabase, QMessageBox

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
        raised = jobs.run_due(store)
    finally:
        store.close()
    if raised:
        ctx.alerts_raised.emit(raised)


def _backup_in_worker(db_path) -> None:
    store = open_store(db_path)
    try:
        jobs.rotate_backups(store)
    finally:
        store.close()


def start_scheduler(ctx: AppContext):
    from apscheduler.schedulers.qt import QtScheduler

    scheduler = QtScheduler(timezone="Asia/Shanghai")
    path = ctx.store.path
    scheduler.add_job(_check_in_worker, "interval", seconds=CHECK_SECONDS, args=(path, ctx),
                      id="checks", max_instances=1, coalesce=True, next_run_time=clock.now())
    scheduler.add_job(_backup_in_worker, "interval", seconds=BACKUP_SECONDS, args=(path,),
                      id="backup", max_instances=1, coalesce=True)
    scheduler.start()
    return scheduler


def open_station() -> Store | None:
    """Open the database, asking for the station's identity on first start.  None when the user gives up."""
    from xhduty.ui.first_run import FirstRunDialog

    try:
        store = open_store()
    except StoreError as exc:
        QMessageBox.critical(None, "徐汇应急值守", str(exc))
        return None
    if not store.initialized:
        dialog = FirstRunDialog(store)
        if not dialog.exec():
            return None
    return store


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
    window.show()
    scheduler = start_scheduler(ctx)
    try:
        return app.exec()
    finally:
        scheduler.shutdown(wait=False)
        store.close()
