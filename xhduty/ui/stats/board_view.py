"""值班态势: the situation board for the duty room's wall screen — who is on duty, weather signals and the
responses they start, open incidents by level with their next report, what is overdue, notifications
under way and stock below minimum.

The snapshot is taken by ``core.stat_board`` on a worker thread (its own connection) every 30 seconds and
whenever the data changes; the GUI thread only sets a few labels, so the officer's window never waits.
Ctrl+Shift+B opens the board; F11 there shows it full screen on its own (large type for a wall screen);
Esc or F11 closes that.
"""

from __future__ import annotations

from html import escape

from xhduty.core import clock
from xhduty.core.stats import board
from xhduty.ui.qt import (
    QFrame, QGridLayout, QHBoxLayout, QKeySequence, QLabel, QPushButton, QShortcut, Qt, QTimer, QVBoxLayout,
    QWidget, translate,
)
from xhduty.ui.tasks import run_task

REFRESH_MS = 30_000
TABLES = {"shifts", "incidents", "incident_reports", "incident_tasks", "weather_signals", "notify_runs",
          "notify_attempts", "stock_movements", "stock_minimums", "alerts", "hazards", "hazard_supervisions"}
SIGNAL_COLOURS = {"蓝": "#3D7BE0", "黄": "#E5C100", "橙": "#F08C00", "红": "#E03131"}
LEVEL_COLOURS = {"I": "#E03131", "II": "#F08C00", "III": "#E5C100", "IV": "#3D7BE0", "U": "#AAAAAA"}
MOST_LINES = 8
STYLE = """
#board { background: #0F1E33; }
#board QLabel { color: #F1F3F5; }
#panel { background: #17304F; border-radius: 6px; }
#panelTitle { font-size: %(title)dpx; font-weight: bold; color: #9EC5FE; }
#panelBody { font-size: %(body)dpx; }
#boardHeader { font-size: %(header)dpx; font-weight: bold; }
"""



def _hm(iso: str | None) -> str:
    return clock.parse(iso).strftime("%m-%d %H:%M") if iso else ""


def _lines(rows: list[str], empty: str) -> str:
    if not rows:
        return f"<span style='color:#8CE99A'>{escape(empty)}</span>"
    shown = rows[:MOST_LINES]
    more = [translate("board", "……另有 {n} 项").format(n=len(rows) - MOST_LINES)] if len(rows) > MOST_LINES else []
    return "<br/>".join(shown + more)


def render(snap: dict) -> dict[str, str]:
    """The board's panels as rich text, from a snapshot (plain strings: cheap to set on the GUI thread).
    Names, levels and report labels come from the data and the core as they are stored (Chinese)."""
    shift = snap["shift"]
    duty = (translate("board", "带班领导 <b>{leader}</b>　值班员 <b>{officers}</b>").format(
                leader=escape(shift["leader"]), officers=escape("、".join(shift["officers"])))
            + "<br/><span style='font-size:70%'>"
            + translate("board", "{time} 接班").format(time=_hm(shift["started_at"]))
            + "</span>" if shift else "<span style='color:#FF8787'>" + translate("board", "当前没有在岗班次") + "</span>")
    signals = [f"<span style='color:{SIGNAL_COLOURS.get(s['colour'], '#FFFFFF')}'>■</span> {escape(s['label'])}"
               + (f"　→ <b>{escape(s['response'])}</b>" if s["response"] else "") for s in snap["signals"]]
    levels = "　".join(f"{escape(name)} <b>{count}</b>" for name, count in snap["per_level"].items())
    late = " <span style='color:#FF8787'>" + translate("board", "已超时") + "</span>"
    incidents = [f"<span style='color:{LEVEL_COLOURS.get(i['level'], '#FFFFFF')}'>●</span> {escape(i['title'])}"
                 f"（{escape(i['division_name'] or '—')}，{escape(translate('labels', i['status_name']))}）"
                 + ("<br/>&nbsp;&nbsp;&nbsp;&nbsp;" + translate("board", "下一报告 {label} {due}").format(
                     label=escape(i["next_label"]), due=_hm(i["next_due"]))
                    + (late if i["next_state"] == "overdue" else "") if i["next_label"] else "")
                 for i in snap["incidents"]]
    overdue = ([translate("board", "报告：{what}").format(what=escape(x)) for x in snap["overdue_reports"]]
               + [translate("board", "交办：{what}").format(what=escape(x)) for x in snap["overdue_tasks"]]
               + [translate("board", "隐患：{what}").format(what=escape(x)) for x in snap["overdue_hazards"]])
    runs = [translate("board", "{group}　已确认 {confirmed}/{total}（{time} 启动）").format(
                group=escape(r["group_name"]), confirmed=r["confirmed"], total=r["total"], time=_hm(r["started_at"]))
            for r in snap["runs"]]
    stock = [f"{escape(r['depot_name'])}「{escape(r['item_name'])}」{r['total']}/{r['minimum']}{escape(r['unit'])}"
             for r in snap["low_stock"]]
    return {
        "header": translate("board", "{station} 值班态势　{time}").format(
            station=escape(snap["station"]), time=_hm(snap["at"])),
        "duty": duty,
        "signals": _lines(signals, translate("board", "无生效的预警信号")),
        "incidents": f"{levels}<br/>" + _lines(incidents, translate("board", "无未结事件")),
        "overdue": (f"<span style='color:#FF8787'>{_lines(overdue, '')}</span>" if overdue
                    else _lines([], translate("board", "无超时未报告、未办结事项"))),
        "runs": _lines(runs, translate("board", "无进行中的通知")),
        "stock": _lines(stock, translate("board", "无低于最低库存的物资")),
    }


# panel: its place in the grid (row, column, rows, columns)
PANELS = {"duty": (0, 0, 1, 1), "signals": (1, 0, 1, 1), "runs": (2, 0, 1, 1), "incidents": (0, 1, 3, 1),
          "overdue": (0, 2, 1, 1), "stock": (1, 2, 2, 1)}


class BoardPanel(QWidget):
    """The board itself; ``scale`` enlarges the type for the full-screen wall display."""

    def __init__(self, store, scale: float = 1.0, parent=None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("board")
        self.setAttribute(Qt.WA_StyledBackground, True)
        self.setStyleSheet(STYLE % {"title": 18 * scale, "body": 16 * scale, "header": 24 * scale})
        self.header = QLabel()
        self.header.setObjectName("boardHeader")
        self.bodies: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        titles = {"duty": self.tr("在岗人员"), "signals": self.tr("预警信号与响应"), "runs": self.tr("进行中的通知"),
                  "incidents": self.tr("未结事件（按等级）"), "overdue": self.tr("超时未报告、未办结"),
                  "stock": self.tr("低于最低库存")}
        for key, (row, col, rows, cols) in PANELS.items():
            frame = QFrame()
            frame.setObjectName("panel")
            inner = QVBoxLayout(frame)
            heading = QLabel(titles[key])
            heading.setObjectName("panelTitle")
            body = QLabel()
            body.setObjectName("panelBody")
            body.setWordWrap(True)
            body.setTextFormat(Qt.RichText)
            body.setAlignment(Qt.AlignTop | Qt.AlignLeft)
            inner.addWidget(heading)
            inner.addWidget(body, 1)
            self.bodies[key] = body
            grid.addWidget(frame, row, col, rows, cols)
        for col in range(3):
            grid.setColumnStretch(col, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(grid, 1)
        self.snapshot: dict | None = None
        self._busy = self._again = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.reload)
        self.timer.start(REFRESH_MS)
        self.reload()

    def reload(self) -> None:
        """Ask a worker for a new snapshot (one at a time; a request while busy runs right after)."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        run_task(self.store, lambda store, _progress: board.snapshot(store),
                 done=self.show_snapshot, failed=self._failed)

    def _failed(self, message: str) -> None:
        self._busy = False
        self.header.setText(self.tr("值班态势暂时无法刷新：{m}").format(m=message))

    def show_snapshot(self, snap: dict) -> None:
        self._busy = False
        self.snapshot = snap
        texts = render(snap)
        for key, text in texts.items():   # only what changed: no repaint, no work for an unchanged panel
            label = self.header if key == "header" else self.bodies[key]
            if label.text() != text:
                label.setText(text)
        if self._again:
            self._again = False
            self.reload()


class FullScreenBoard(BoardPanel):
    """The board alone on a screen, in large type; Esc or F11 closes it."""

    def __init__(self, store):
        super().__init__(store, scale=1.6)
        self.setWindowTitle(self.tr("值班态势"))
        for key in ("Esc", "F11"):
            QShortcut(QKeySequence(key), self, activated=self.close)


class View(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.board = BoardPanel(ctx.store)
        self.full: FullScreenBoard | None = None
        full = QPushButton(self.tr("全屏显示（F11，Esc 退出）"))
        full.clicked.connect(self.show_full_screen)
        QShortcut(QKeySequence("F11"), self, activated=self.show_full_screen)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(full)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.board, 1)

    def show_full_screen(self) -> FullScreenBoard:
        if self.full is None or not self.full.isVisible():
            self.full = FullScreenBoard(self.ctx.store)
            self.full.setAttribute(Qt.WA_DeleteOnClose)
            self.full.destroyed.connect(lambda: setattr(self, "full", None))
        self.full.showFullScreen()
        return self.full

    def refresh(self, tables: set) -> None:
        if tables & TABLES:
            self.board.reload()
            if self.full is not None:
                self.full.reload()
