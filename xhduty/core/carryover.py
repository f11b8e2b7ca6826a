"""What other areas add to a handover: open incidents, tasks, active warning signals, overdue reports.

Each provider takes the store and returns a :class:`Section` or ``None``.  ``warnings`` are things that
should make the outgoing officer stop and confirm before the shift closes (an overdue report, say); they
are printed on the handover sheet too.  An area joins the handover by adding its provider to PROVIDERS.
"""

from __future__ import annotations

from typing import Callable

from xhduty.core.alerts import Section
from xhduty.core.store import Store


def _providers() -> list[Callable[[Store], Section | None]]:
    # imported here so the duty log does not depend on every other area at import time
    from xhduty.core.incidents import reminders
    from xhduty.core.contacts import notify
    from xhduty.core.resources import resources
    from xhduty.core.duty import warning_signals
    from xhduty.core.hazards import hazards

    return [reminders.handover_section, warning_signals.handover_section, notify.handover_section,
            resources.handover_section, hazards.handover_section]


def sections(store: Store) -> list[Section]:
    """What every other area adds to the handover now, in the order of the providers: a list of
    :class:`Section` (an area with nothing to hand over adds none)."""
    out = []
    for provider in _providers():
        section = provider(store)
        if section is not None:
            out.append(section)
    return out
