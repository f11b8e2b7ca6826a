"""What every sub-command shares: opening the station's store, printing JSON, an importer's command."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable

from xhduty import paths
from xhduty.core.store import Store, StoreError, open_store
from xhduty.core.tabular import Preview, show_preview, warn


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


def add_import(parent, help: str, preview: Callable[[argparse.Namespace], Preview],
               write: Callable[[argparse.Namespace], str]) -> argparse.ArgumentParser:
    """The ``import FILE [--dry-run]`` sub-command of an importer (roster, contacts, resources), under the
    sub-parsers ``parent``; returned, for an importer's own options.  The file (``args.file``) is previewed
    first (read and checked, nothing written): with ``--dry-run`` the whole preview is printed (exit 1 when
    it has errors); without it a file with errors is refused with every problem, else its warnings go to
    stderr and ``write(args)`` imports it and returns the line saying what was imported."""
    command = parent.add_parser("import", help=help)
    command.add_argument("file", type=Path)
    command.add_argument("--dry-run", action="store_true",
                         help="只预览：显示找到的表头行、列的对应、前几行、警告和错误，不导入")

    def run(args) -> int:
        seen = preview(args)
        if args.dry_run or not seen.ok:
            return show_preview(seen, args.dry_run)
        warn(seen)
        print(write(args))
        return 0

    command.set_defaults(handler=run)
    return command
