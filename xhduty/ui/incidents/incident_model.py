"""The incident list as a table: state, level, and the next report's live countdown, amber or red.

Rows come from :func:`incidents.list_incidents` (reloaded when incident data changes); the countdown
column is recomputed from the stored deadline each second by :meth:`IncidentListModel.tick`, without
touching the database.
"""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.incidents import deadlines
from xhduty.core.incidents import incidents
from xhduty.ui.qt import QT_TRANSLATE_NOOP, QColor, translate
from xhduty.ui.tables import ROW_ROLE, Column, RowsModel, field

INCIDENT_ROLE = ROW_ROLE
STATE_COLOURS = {"overdue": QColor("#F8D7DA"), "soon": QColor("#FFE8A3")}
STATE_TEXT_COLOURS = {"overdue": QColor("#B00020"), "soon": QColor("#8A5300"), "done": QColor("#2E7D32")}


def state(inc: dict) -> tuple[str, str]:
    """The incident's worst state now (any overdue deadline makes it red) and its next countdown."""
    now = clock.now()
    states = [deadlines.live(d, now)[0] for d in inc["deadlines"]]
    nxt = inc["next_deadline"]
    count = deadlines.live(nxt, now)[1] if nxt else ""
    for worst in ("overdue", "soon"):
        if worst in states:
            return worst, count
    return (deadlines.live(nxt, now)[0] if nxt else "done"), count


def _next_report(inc: dict) -> str:
    nxt = inc["next_deadline"]
    return f"{nxt['label']} {nxt['due'][11:16]}" if nxt else ""


def _countdown(inc: dict) -> str:
    worst, count = state(inc)
    return count or (translate("IncidentListModel", "已超时") if worst == "overdue" else "")


def _overdue_reports(inc: dict) -> str | None:
    return translate("IncidentListModel", "已超时：") + "、".join(inc["overdue_reports"]) if inc["overdue"] else None


def _deadline_column(header: str, value) -> Column:
    """A column of the report clock: amber when a report is due soon, red when one is overdue."""
    return Column(header, value, tooltip=_overdue_reports,
                  background=lambda inc: STATE_COLOURS.get(state(inc)[0]),
                  foreground=lambda inc: STATE_TEXT_COLOURS.get(state(inc)[0]))


COLUMNS = [
    Column(QT_TRANSLATE_NOOP("IncidentListModel", "接报时间"), lambda inc: inc["taken_at"][5:16].replace("T", " ")),
    Column(QT_TRANSLATE_NOOP("IncidentListModel", "事件"), field("title")),
    Column(QT_TRANSLATE_NOOP("IncidentListModel", "类别"), field("type_name")),
    Column(QT_TRANSLATE_NOOP("IncidentListModel", "级别"), field("level_name")),
    Column(QT_TRANSLATE_NOOP("IncidentListModel", "状态"), lambda inc: translate("labels", inc["status_name"])),
    _deadline_column(QT_TRANSLATE_NOOP("IncidentListModel", "下一报告"), _next_report),
    _deadline_column(QT_TRANSLATE_NOOP("IncidentListModel", "倒计时"), _countdown),
]


class IncidentListModel(RowsModel):
    """Incidents as :func:`incidents.list_incidents` gives them (all, or only the open ones)."""

    COUNTDOWN = 6

    def __init__(self, store, parent=None):
        super().__init__(COLUMNS, context="IncidentListModel", parent=parent)
        self.store = store
        self.open_only = False

    def reload(self) -> None:
        self.set_rows(incidents.list_incidents(self.store, open_only=self.open_only))

    def tick(self) -> None:
        """Repaint the report-clock columns (the countdown moves on without a write)."""
        if self.rows:
            self.dataChanged.emit(self.index(0, self.COUNTDOWN - 1), self.index(len(self.rows) - 1, self.COUNTDOWN))
