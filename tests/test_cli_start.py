"""How the `xhduty` command starts: only what a command needs is imported, a closed pipe ends quietly,
argparse speaks Chinese, nothing is created before `init`, and no window is attempted without a display."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from xhduty import cli
from xhduty.commands import COMMANDS

HEAVY = ("pypinyin", "openpyxl", "numpy", "httpx", "pydantic", "fastapi", "reportlab", "pyqtgraph", "PySide6")


def _run(args: list[str], home, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "XHDUTY_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    env.update(kw.pop("env", {}))
    return subprocess.run([sys.executable, "-m", "xhduty", *args], env=env, capture_output=True, text=True,
                          timeout=60, **kw)


def _imported_by(code: str, home) -> set[str]:
    """Top-level packages that `code` imports, run in a fresh interpreter."""
    probe = f"import sys\n{code}\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    env = {**os.environ, "XHDUTY_HOME": str(home)}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60,
                         check=True).stdout
    return set(out.split())


def test_the_command_table_names_what_each_module_registers():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    registered = {}
    for module in sorted({m for m, _ in COMMANDS.values()}):
        before = set(sub.choices)
        __import__(f"xhduty.commands.{module}", fromlist=["register"]).register(sub)
        registered.update({name: module for name in set(sub.choices) - before})
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert registered == {name: module for name, (module, _) in COMMANDS.items()}
    assert helps == {name: help_text for name, (_, help_text) in COMMANDS.items()}


def test_help_imports_no_command_module_and_log_add_no_heavy_library(home):
    loaded = _imported_by("from xhduty.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
                          home)
    assert not loaded & set(HEAVY)
    assert "xhduty" in loaded
    code = ("from xhduty.cli import build_parser\nbuild_parser('log')\n"
            "import xhduty.commands.duty, xhduty.core.duty.duty")
    loaded = _imported_by(code, home)
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_the_window_does_not_load_the_sync_libraries_until_the_first_sync(home):
    loaded = _imported_by("import xhduty.ui.app, xhduty.ui.main_window", home)
    assert "PySide6" in loaded
    assert not loaded & {"httpx", "pydantic", "fastapi", "pypinyin", "openpyxl"}


def test_a_closed_pipe_ends_quietly_for_every_command(store, home):
    from xhduty.core.duty import duty

    duty.start_shift(store, "王带班", ["李值班"])
    with store.write() as tx:
        for i in range(3000):
            duty.append_entry(tx, text=f"第{i}条记录，足够长，使输出超过管道的缓冲区。" * 2)
    # the reader takes one line and closes the pipe, as `| head -1` does
    for args in (["log", "list"], ["--help"], *([name, "--help"] for name in COMMANDS)):
        proc = subprocess.Popen([sys.executable, "-m", "xhduty", *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env={**os.environ, "XHDUTY_HOME": str(home)})
        proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8", "replace")
        assert proc.wait(timeout=60) == 0, (args, err)
        assert "Traceback" not in err and "BrokenPipe" not in err, (args, err)


def test_argparse_errors_and_help_are_chinese(home):
    result = _run(["nosuch"], home)
    assert result.returncode == 2
    assert "错误" in result.stderr and "没有“nosuch”这一项" in result.stderr
    assert "invalid choice" not in result.stderr and "usage" not in result.stderr
    result = _run(["log", "add"], home)
    assert "缺少必需的参数：--text" in result.stderr and "required" not in result.stderr
    text = _run(["log", "add", "--help"], home).stdout
    assert "用法：" in text and "显示本帮助并退出" in text and "show this help" not in text


def test_a_command_before_init_creates_nothing(tmp_path):
    home = tmp_path / "fresh"
    result = _run(["log", "list"], home)
    assert result.returncode == 2
    assert "本站尚未初始化" in result.stderr and "xhduty init" in result.stderr
    assert not home.exists()
    assert _run(["init", "--station", "XH-NEW", "--name", "新站", "--role", "street", "--division", "龙华"], home).returncode == 0
    assert (home / "xhduty.db").exists()


@pytest.mark.parametrize("environ, platform, refused", [
    ({}, "linux", True),
    ({"DISPLAY": ":0"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({}, "win32", False),
])
def test_no_display_is_named_before_qt_loads(environ, platform, refused):
    assert (cli.display_problem(environ, platform) is not None) is refused


def test_the_window_without_a_display_says_what_to_do(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XHDUTY_HOME"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "xhduty"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "没有可用的显示器" in result.stderr and "QT_QPA_PLATFORM=offscreen xhduty screenshot" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_handover_reader_does_not_load_pypinyin(home):
    """Its worker imports every area's handover section, contacts among them: pypinyin's dictionaries load
    only when a name is spelt, or the window's thread freezes while they do."""
    loaded = _imported_by("import xhduty.core.duty.handover, xhduty.core.carryover, xhduty.core.contacts.contacts\n"
                          "from xhduty.core import carryover\ncarryover._providers()", home)
    assert "pypinyin" not in loaded


def test_a_screenshot_of_a_view_with_background_work_ends_cleanly(store, home):
    """The contacts area builds its name index in the background: `xhduty screenshot` waits for that work
    before it ends (before, its result met Qt objects already deleted: a traceback after 已保存)."""
    from xhduty.core.contacts import contacts

    with store.write() as tx:
        unit = contacts.ensure_unit_path(tx, "区应急委/成员单位/区水务局")
        for i in range(2000):
            contacts.put_person(tx, {"unit_id": unit, "name": f"王{i}芳", "methods": [("mobile", f"139{i:08d}")]})
    result = _run(["screenshot", "--out", str(home / "shot.png"), "--view", "contacts"], home,
                  env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert "已保存" in result.stdout and (home / "shot.png").exists()
    assert "Traceback" not in result.stderr and "Signal source" not in result.stderr, result.stderr
