"""What the lists of the resources area show: the columns of the registers, the colours of what needs action.

Every list of this area (inventory, stock card, registers, nearby resources) is a
:class:`xhduty.ui.tables.RowsModel` over rows of dicts from a core function; this module says which
columns each shows and how a line is coloured.
"""

from __future__ import annotations

from xhduty.core.resources import assets
from xhduty.ui.qt import QT_TRANSLATE_NOOP, QColor
from xhduty.ui.tables import Column, field

# the colours of what needs action, shared by the legend and the rows
EXPIRED = QColor("#F8D7DA")
LOW = QColor("#FFE0B2")
EXPIRING = QColor("#FFF3CD")
NEGATIVE = QColor("#C62828")


def amount(header: str, name: str) -> Column:
    """A quantity column: right-aligned, red when the amount is below zero (an overdrawn ledger)."""
    return Column(header, field(name), numeric=True,
                  foreground=lambda row: NEGATIVE if (row.get(name) or 0) < 0 else None)


def inventory_paint(row: dict) -> QColor | None:
    if row["expired"]:
        return EXPIRED
    if row["low"]:
        return LOW
    if row["expiring"]:
        return EXPIRING
    return None


def register_columns(kind_name: str) -> list[Column]:
    """The columns of a register: its fields as described in core (the division shown by name)."""
    columns = []
    for f in assets.kind(kind_name).fields:
        if f.key == "note":
            continue
        getter = field("division_name") if f.kind == "division" else field(f.key)
        columns.append(Column(f.label, getter, numeric=f.kind == "int"))
    if kind_name == "shelters":
        columns.append(Column(QT_TRANSLATE_NOOP("labels", "可再安置"), lambda r: max(r["capacity"] - r["occupancy"], 0), numeric=True))
    return columns

