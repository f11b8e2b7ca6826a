"""What every sub-command shares: opening the station's store and printing JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

from xhduty.core.store import Store, open_store


def station_store() -> Store:
    """The station database, which must already have its identity (`xhduty init`)."""
    store = open_store()
    _ = store.station  # raises a StoreError in Chinese when not initialised
    return store


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
    sys.stdout.flush()
