"""What every sub-command shares: opening the station's store and printing JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

from xhduty import paths
from xhduty.core.store import Store, StoreError, open_store


def station_store() -> Store:
    """The station database, which must already have its identity (`xhduty init`).

    Raises StoreError when there is none yet, without creating an empty database on the way (only
    `xhduty init` and the window's first-run dialog create one)."""
    if not paths.database_path().exists():
        raise StoreError(f"本站尚未初始化（{paths.database_path()} 不存在）：请先运行 "
                         "xhduty init --station 站点代码 --name 名称 --role centre|street|unit，或启动窗口按提示设置")
    store = open_store()
    _ = store.station  # raises a StoreError in Chinese when not initialised
    return store


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
    sys.stdout.flush()
