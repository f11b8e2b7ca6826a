"""The ``xhduty`` command.  With no sub-command it starts the GUI.

Sub-commands live in :mod:`xhduty.commands`, one module per area of the duty room; each module has a
``register(subparsers)`` function.  They are found by walking the package, so adding an area means adding
a module, not editing this file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from xhduty import __version__, commands
from xhduty.core.store import StoreError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xhduty", description="徐汇应急值守 — 值班值守工作站")
    parser.add_argument("--version", action="version", version=f"xhduty {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from xhduty.ui.app import run_gui

        return run_gui()
    try:
        return args.handler(args) or 0
    except StoreError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
