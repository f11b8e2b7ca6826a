"""The ``xhduty`` command.  With no sub-command it starts the GUI.

Sub-commands live in :mod:`xhduty.commands`, one module per area of the duty room; each module has a
``register(subparsers)`` function.  :data:`xhduty.commands.COMMANDS` names which module registers which
command, so a run imports only the module of the command it runs (``xhduty log add`` never loads the
pinyin dictionaries, openpyxl or httpx) and ``xhduty --help`` imports none.  A test checks the table against
what the modules register.

Output to a closed pipe (``xhduty log list | head``) ends quietly; a window asked for where there is no
display is refused with a Chinese message before Qt is loaded (Qt's xcb plugin would abort the process).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys

from xhduty import __version__
from xhduty.commands import COMMANDS


# argparse's own messages, in the order it can produce them (CPython 3.11–3.13 Lib/argparse.py)
_MESSAGES = [
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.*)\)", r"参数 \1：没有“\2”这一项，可选：\3"),
    (r"invalid choice: '?([^']*)'? \(choose from (.*)\)", r"没有“\1”这一项，可选：\2"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面要写一个值"),
    (r"argument (\S+): expected at least one argument", r"参数 \1 后面至少要写一个值"),
    (r"argument (\S+): invalid (\w+) value: '?([^']*)'?", r"参数 \1 的值“\3”格式不对"),
    (r"argument (\S+): not allowed with argument (\S+)", r"参数 \1 不能和 \2 同时使用"),
    (r"one of the arguments (.*) is required", r"以下参数必须给出其中一个：\1"),
    (r"argument (\S+): (.*)", r"参数 \1：\2"),
]


def chinese_message(message: str) -> str:
    """argparse's English error text in Chinese (the option names and values stay as typed)."""
    for pattern, replacement in _MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help headings and errors are Chinese; its sub-parsers are too."""

    def __init__(self, *args, **kwargs):
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese_message(message)}\n")


def build_parser(command: str | None = None, everything: bool = False) -> argparse.ArgumentParser:
    """The parser, with the full sub-parsers of `command`'s module and one help line for every other
    command (enough for ``xhduty --help`` and for argparse's choice check); ``everything`` imports every
    command module instead (tests, documentation)."""
    parser = ChineseArgumentParser(prog="xhduty", description="徐汇应急值守 — 值班值守工作站")
    parser.add_argument("--version", action="version", version=f"xhduty {__version__}", help="显示版本并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    if everything:
        modules = sorted({module for module, _ in COMMANDS.values()})
    else:
        modules = [COMMANDS[command][0]] if command in COMMANDS else []
    for module in modules:
        importlib.import_module(f"xhduty.commands.{module}").register(sub)
    registered = set(sub.choices)
    for name, (_, help_text) in COMMANDS.items():
        if name not in registered:
            sub.add_parser(name, help=help_text, add_help=False)
    return parser


def _command_word(argv: list[str]) -> str | None:
    """The sub-command named in argv (its first word that is not an option), or None."""
    return next((a for a in argv if not a.startswith("-")), None)


def display_problem(environ=os.environ, platform: str = sys.platform) -> str | None:
    """Why a window cannot open here, in Chinese, or None.  Only X11/Wayland systems can lack a display:
    with neither DISPLAY nor WAYLAND_DISPLAY nor a QT_QPA_PLATFORM chosen, Qt's xcb plugin aborts (exit 134)."""
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    if environ.get("QT_QPA_PLATFORM") or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return ("无法打开窗口：这台机器没有可用的显示器（未设置 DISPLAY 或 WAYLAND_DISPLAY）。\n"
            "请在桌面环境中启动 xhduty；通过 SSH 登录时可用 ssh -X，或在图形终端里运行。\n"
            "没有显示器也能用命令行做全部工作（xhduty --help）；要把窗口画成图片，请运行\n"
            "  QT_QPA_PLATFORM=offscreen xhduty screenshot --out 窗口.png")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        return _run(argv)
    except BrokenPipeError:
        # the reader (head, less) closed the pipe: stop quietly, and keep Python's final flush from
        # raising again at exit (https://docs.python.org/3/library/signal.html#note-on-sigpipe)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run(argv: list[str]) -> int:
    from xhduty.core.store import StoreError

    parser = build_parser(_command_word(argv))
    args = parser.parse_args(argv)
    if args.command is None:
        problem = display_problem()
        if problem:
            print(problem, file=sys.stderr)
            return 2
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
