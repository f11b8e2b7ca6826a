"""What a hub administrator can tune: clock tolerance, request size, and how often one station may call.

Given on the command line (``xhduty hub serve --max-clock-ahead-hours … --max-body-mb … --rate …
--keep-refusals-days …``); the
defaults fit a district of a few dozen stations syncing every few minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

from xhduty.core import clock


@dataclass(frozen=True)
class HubSettings:
    max_ahead_ms: int = clock.MAX_AHEAD_MS   # a change stamped further ahead of the hub's clock is refused (422)
    max_body_bytes: int = 32 * 1024 * 1024   # a larger request is refused (413) before its body is read
    rate_per_second: float = 50.0            # requests one token may make per second, on average …
    rate_burst: int = 200                    # … and at once (429 beyond that)
    keep_refusals_days: float = 180          # refusals older than this are pruned (0: kept for ever)
