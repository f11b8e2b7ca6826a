"""The incident list as a table: state, level, and the next report's live countdown, amber or red.

Rows come from :func:`incidents.list_incidents`: all of them when the list as a whole changes, only the
incidents a write touched otherwise (:meth:`IncidentListModel.update`), so years of incidents do not make
every report filed wait for the whole list.  The clock columns are recomputed from the stored deadlines
each second by :meth:`IncidentListModel.tick`, without touching the database.
"""

from __future__ import annotations

from datetime import datetime

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


def moment_text(iso: str | None, now: datetime | None = None, *, short: bool = False) -> str:
    """A stored moment (ISO text) as a narrow cell or a header shows it: '12-01 20:50' in ``now``'s year
    (default clock.now()), '2025-12-20 10:05' in another — or '2025-12-20' when ``short`` (a list column
    too narrow for both; the minute is in its tooltip and the header).  '' for None."""
    if not iso:
        return ""
    when, now = clock.parse(iso), now or clock.now()
    if when.year == now.year:
        return f"{when:%m-%d %H:%M}"
    return f"{when:%Y-%m-%d}" if short else f"{when:%Y-%m-%d %H:%M}"


def due_text(iso: str | None, now: datetime | None = None) -> str:
    """A deadline as the list shows it: '08:00' when it falls on ``now``'s day (default clock.now()),
    else with its day, '12-02 08:00' — a deadline tomorrow morning is not today's — or its year
    '2025-12-20' (the countdown next to it, the incident's clock and the tooltip have the minute)."""
    if not iso:
        return ""
    when, now = clock.parse(iso), now or clock.now()
    return f"{when:%H:%M}" if when.date() == now.date() else moment_text(iso, now, short=True)


def _next_report(inc: dict) -> str:
    nxt = inc["next_deadline"]
    return f"{nxt['label']} {due_text(nxt['due'])}" if nxt else ""


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
    Column(QT_TRANSLATE_NOOP("IncidentListModel", "接报时间"), lambda inc: moment_text(inc["taken_at"], short=True),
           tooltip=lambda inc: moment_text(inc["taken_at"])),
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
