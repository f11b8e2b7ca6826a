"""What areas hand to the shared machinery: an :class:`Alert` a scheduled check raises, and a
:class:`Section` an area adds to the handover.

This module imports no area, so every area can import it at the top while :mod:`xhduty.core.jobs` and
:mod:`xhduty.core.carryover` import the areas (lazily, in their registries) without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Alert:
    """A condition a check found.  Raised once by its key until it stops holding (jobs.record_alerts)."""
    key: str          # stable identity of the condition
    source: str       # the check that found it
    level: str        # info | warning | overdue
    text: str         # what the officer reads, in Chinese
    incident_id: str | None = None  # puts the alert on that incident's timeline too


@dataclass
class Section:
    """One block of the handover summary: its title, one line per row, and the warnings the outgoing
    officer must confirm before the shift closes (printed on the handover sheet too)."""
    title: str
    rows: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
