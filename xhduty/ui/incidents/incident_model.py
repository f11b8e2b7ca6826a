"""The incident list as a table: state, level, and the next report's live countdown, amber or red.

Rows come from :func:`incidents.list_incidents` (reloaded when incident data changes); the countdown
column is recomputed from the stored deadline each second by :meth:`tick`, without touching the database.
"""

from __future__ import annotations

from xhduty.core import clock
from xhduty.core.incidents import deadlines
from xhduty.core.incidents import incidents
from xhduty.ui.qt import QT_TRANSLATE_NOOP, QAbstractTableModel, QBrush, QColor, QModelIndex, Qt, translate

INCIDENT_ROLE = Qt.UserRole + 1
STATE_COLOURS = {"overdue": QColor("#F8D7DA"), "soon": QColor("#FFE8A3")}
STATE_TEXT_COLOURS = {"overdue": QColor("#B00020"), "soon": QColor("#8A5300"), "done": QColor("#2E7D32")}


class IncidentListModel(QAbstractTableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("IncidentListModel", "接报时间"), QT_TRANSLATE_NOOP("IncidentListModel", "事件"),
               QT_TRANSLATE_NOOP("IncidentListModel", "类别"), QT_TRANSLATE_NOOP("IncidentListModel", "级别"),
               QT_TRANSLATE_NOOP("IncidentListModel", "状态"), QT_TRANSLATE_NOOP("IncidentListModel", "下一报告"),
               QT_TRANSLATE_NOOP("IncidentListModel", "倒计时"))
    COUNTDOWN = 6

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.rows: list[dict] = []
        self.open_only = False

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = incidents.list_incidents(self.store, open_only=self.open_only)
        self.endResetModel()

    def tick(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, self.COUNTDOWN - 1), self.index(len(self.rows) - 1, self.COUNTDOWN))

    def row_of(self, incident_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r["id"] == incident_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def _state(self, inc: dict) -> tuple[str, str]:
        """The incident's worst state now (any overdue deadline makes it red) and its next countdown."""
        now = clock.now()
        states = [deadlines.live(d, now)[0] for d in inc["deadlines"]]
        nxt = inc["next_deadline"]
        count = deadlines.live(nxt, now)[1] if nxt else ""
        for worst in ("overdue", "soon"):
            if worst in states:
                return worst, count
        return (deadlines.live(nxt, now)[0] if nxt else "done"), count

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        inc = self.rows[index.row()]
        col = index.column()
        if role == INCIDENT_ROLE:
            return inc
        if role == Qt.DisplayRole:
            if col == 0:
                return inc["taken_at"][5:16].replace("T", " ")
            if col == 1:
                return inc["title"]
            if col == 2:
                return inc["type_name"]
            if col == 3:
                return inc["level_name"]
            if col == 4:
                return translate("labels", inc["status_name"])
            nxt = inc["next_deadline"]
            if col == 5:
                return f"{nxt['label']} {nxt['due'][11:16]}" if nxt else ""
            state, count = self._state(inc)
            return count or (self.tr("已超时") if state == "overdue" else "")
        if role == Qt.BackgroundRole and col >= self.COUNTDOWN - 1:
            colour = STATE_COLOURS.get(self._state(inc)[0])
            return QBrush(colour) if colour else None
        if role == Qt.ForegroundRole and col >= self.COUNTDOWN - 1:
            colour = STATE_TEXT_COLOURS.get(self._state(inc)[0])
            return QBrush(colour) if colour else None
        if role == Qt.ToolTipRole and col == 1:
            return inc["title"]
        if role == Qt.ToolTipRole and col >= self.COUNTDOWN - 1 and inc["overdue"]:
            return self.tr("已超时：") + "、".join(inc["overdue_reports"])
        return None
