"""`xhduty screenshot`: render the main window to PNG without a screen, and say whether Chinese renders.

Used to check an installation or a PyInstaller bundle on a machine with no CJK font configured, and to
produce the screenshots the documentation shows.
"""

from __future__ import annotations

import os
from pathlib import Path

from xhduty.commands._common import print_json, station_store

PROBE = "徐汇应急值守值班日志交接班"


def register(sub) -> None:
    p = sub.add_parser("screenshot", help="把主窗口画成 PNG（无需显示器），并检查中文字形")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--view", default=None, help="先打开的区域（模块名，如 log、handover、roster）")
    p.add_argument("--size", default="1366x768")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_screenshot)


def _screenshot(args) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from xhduty.ui.app import load_cjk_font
    from xhduty.ui.context import AppContext
    from xhduty.ui.main_window import MainWindow
    from xhduty.ui.qt import QApplication, QFontMetrics
    from xhduty.ui.tasks import wind_down

    app = QApplication.instance() or QApplication([])
    family = load_cjk_font(app)
    window = MainWindow(AppContext(station_store()))
    width, height = (int(v) for v in args.size.lower().split("x"))
    window.resize(width, height)
    window.show()
    if args.view:
        window.show_view(args.view)
    app.processEvents()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    saved = window.grab().save(str(args.out))
    metrics = QFontMetrics(app.font())
    missing = [ch for ch in PROBE if not metrics.inFontUcs4(ord(ch))]
    result = {"file": str(args.out), "saved": bool(saved), "font_family": family,
              "chinese_ok": not missing, "missing_glyphs": "".join(missing)}
    if args.json:
        print_json(result)
    else:
        print(f"{'已保存' if saved else '保存失败'} {args.out}；字体 {family}；"
              + ("中文字形完整" if not missing else f"缺少字形：{''.join(missing)}"))
    window.close()
    wind_down()                  # the views' background counts end before the program does
    return 0 if saved and not missing else 1
