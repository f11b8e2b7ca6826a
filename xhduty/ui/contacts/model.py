"""The people list of the contacts view: a :class:`~xhduty.ui.tables.RowsModel` over people from core."""

from __future__ import annotations

from xhduty.core.contacts import contacts
from xhduty.ui.qt import QT_TRANSLATE_NOOP, QColor, translate
from xhduty.ui.tables import ROW_ROLE, Column, RowsModel, field

PERSON_ROLE = ROW_ROLE
NUMBER_COLUMN = 3
STALE = QColor("#FFF3CD")
ON_DUTY = QColor("#0B6E2E")


def first_method(person: dict) -> str:
    """The preferred way to reach a person as the list shows it: '手机 13900000000'."""
    first = person["methods"][0] if person["methods"] else None
    return f"{contacts.METHOD_KINDS[first['kind']]} {first['value']}" if first else ""


def reach(person: dict) -> str:
    """The tooltip of a person's line: the unit's whole path, then every contact method."""
    return "\n".join([person["unit_path"]] + [f"{contacts.METHOD_KINDS[m['kind']]} {m['value']}"
                                              for m in person["methods"]])


class PeopleModel(RowsModel):
    """Rows are people as :func:`contacts.people` returns them; ``on_duty`` (person ids on duty today) and
    ``stale`` (ids not verified within 180 days) mark them."""

    def __init__(self, parent=None):
        self.on_duty: set[str] = set()
        self.stale: set[str] = set()
        on_duty_text, unverified_text = translate("PeopleModel", "值班"), translate("PeopleModel", "未核实")
        super().__init__([
            Column(QT_TRANSLATE_NOOP("PeopleModel", "姓名"), field("name"), tooltip=reach),
            Column(QT_TRANSLATE_NOOP("PeopleModel", "单位"), field("unit"), tooltip=reach),
            Column(QT_TRANSLATE_NOOP("PeopleModel", "职务"), field("post"), tooltip=reach),
            Column(QT_TRANSLATE_NOOP("PeopleModel", "首选联系方式"), first_method, tooltip=reach),
            Column(QT_TRANSLATE_NOOP("PeopleModel", "AB角"), field("deputy_name"), tooltip=reach),
            Column(QT_TRANSLATE_NOOP("PeopleModel", "今日值班"),
                   lambda p: on_duty_text if p["id"] in self.on_duty else "", tooltip=reach,
                   foreground=lambda p: ON_DUTY if p["id"] in self.on_duty else None),
            Column(QT_TRANSLATE_NOOP("PeopleModel", "核实"), lambda p: p["verified_on"] or unverified_text,
                   tooltip=reach, background=lambda p: STALE if p["id"] in self.stale else None),
        ], context="PeopleModel", parent=parent)

    def set_people(self, rows: list[dict], on_duty: set[str], stale: set[str], more=None) -> None:
        self.on_duty, self.stale = on_duty, stale
        self.set_rows(rows, more)
