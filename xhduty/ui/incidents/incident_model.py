"""The incident list as a table: state, level, and the next report's live countdown, amber or red.

Rows come from :func:`incidents.list_incidents`: all of them when the list as a whole changes, only the
incidents a write touched otherwise (:meth:`IncidentListModel.update`), so years of incidents do not make
every report filed wait for the whole list.  The clock columns are recomputed from the stored deadlines
each second by :meth:`IncidentListModel.tick`, without touching the database.
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
    return f"{nxt['label']} {deadlines.time_text(nxt['due'], short=True)}" if nxt else ""


def _countdown(inc: dict) -> str:
    worst, count = state(inc)
    return count or (translate("IncidentListModel", "已超时") if worst == "overdue" else "")


def _overdue_reports(inc: dict) -> str | None:
    """The reports overdue now (counted live: the list is not reloaded as the clock passes a deadline)."""
    now = clock.now()
    late = [d["label"] for d in inc["deadlines"] if deadlines.live(d, now)[0] == "overdue"]
    return translate("IncidentListModel", "已超时：") + "、".join(late) if late else None


def _deadline_column(header: str, value) -> Column:
    """A column of the report clock: amber when a report is due soon, red when one is overdue."""
    return Column(header, value, tooltip=_overdue_reports,
                  background=lambda inc: STATE_COLOURS.get(state(inc)[0]),
                  foreground=lambda inc: STATE_TEXT_COLOURS.get(state(inc)[0]))


COLUMNS = [
    Column(QT_TRANSLATE_NOOP("IncidentListModel", "接报时间"), lambda inc: deadlines.moment_text(inc["taken_at"], short=True),
           tooltip=lambda inc: deadlines.moment_text(inc["taken_at"])),
    Column(QT_TRANSLATE_NOOP("IncidentListModel", "事件"), field("title")),
    Column(QT_TRANSLATE_NOOP("IncidentListModel", "类别"), field("type_name")),
    Column(QT_TRANSLATE_NOOP("IncidentListModel", "级别"), field("level_name")),
    Column(QT_TRANSLATE_NOOP("IncidentListModel", "状态"), lambda inc: translate("labels", inc["status_name"])),
    _deadline_column(QT_TRANSLATE_NOOP("IncidentListModel", "下一报告"), _next_report),
    _deadline_column(QT_TRANSLATE_NOOP("IncidentListModel", "倒计时"), _countdown),
]


def _newest_first(inc: dict) -> float:
    return -clock.parse(inc["taken_at"]).timestamp()


class IncidentListModel(RowsModel):
    """Incidents as :func:`incidents.list_incidents` gives them (all, or only the open ones), newest first."""

    COUNTDOWN = 6

    def __init__(self, store, parent=None):
        super().__init__(COLUMNS, order=_newest_first, context="IncidentListModel", parent=parent)
        self.store = store
        self.open_only = False

    def reload(self) -> None:
        """Read every incident again (thousands take about a second: for a whole-list change only)."""
        self.set_rows(incidents.list_incidents(self.store, open_only=self.open_only))

    def update(self, incident_ids) -> None:
        """Read only the incidents ``incident_ids`` again: each is repainted in place, inserted where it
        belongs when new, and taken out when deleted (or closed, while only open ones are listed)."""
        fresh = {inc["id"]: inc for inc in incidents.list_incidents(self.store, open_only=self.open_only,
                                                                    ids=incident_ids)}
        for incident_id in incident_ids:
            if incident_id in fresh:
                self.upsert(fresh[incident_id])
            else:
                self.remove(incident_id)

    def tick(self) -> None:
        """Repaint the report-clock columns (the countdown moves on without a write)."""
        if self.rows:
            self.dataChanged.emit(self.index(0, self.COUNTDOWN - 1), self.index(len(self.rows) - 1, self.COUNTDOWN))
