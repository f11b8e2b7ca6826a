"""The PyInstaller one-folder bundle starts without a screen and shows Chinese with no system CJK font."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


# beside this Python: the README's commands run the tests as .venv/bin/python without activating the venv
PYINSTALLER = shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) or shutil.which("pyinstaller")


@pytest.mark.skipif(PYINSTALLER is None, reason="PyInstaller is in the test extra")
def test_bundle_starts_and_renders_chinese_without_system_fonts(tmp_path):
    subprocess.run([PYINSTALLER, "--noconfirm", "--log-level", "ERROR", "--distpath", str(tmp_path / "dist"),
                    "--workpath", str(tmp_path / "build"), str(ROOT / "build_installer.spec")],
                   cwd=ROOT, check=True, capture_output=True)
    exe = tmp_path / "dist" / "xhduty" / ("xhduty.exe" if os.name == "nt" else "xhduty")
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(EMPTY_FONTCONFIG.format(cache=tmp_path / "fc-cache"), encoding="utf-8")
    env = {**os.environ, "XHDUTY_HOME": str(tmp_path / "home"), "FONTCONFIG_FILE": str(fonts_conf),
           "QT_QPA_PLATFORM": "offscreen"}
    env.pop("XHDUTY_CJK_FONT", None)
    subprocess.run([str(exe), "init", "--station", "XH-BUNDLE", "--name", "打包测试站", "--role", "street", "--division", "徐家汇"],
                   env=env, check=True, capture_output=True)
    out = subprocess.run([str(exe), "screenshot", "--out", str(tmp_path / "shot.png"), "--view", "log", "--json"],
                         env=env, check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    assert result["chinese_ok"], result
    assert result["font_family"] == "WenQuanYi Micro Hei"
    assert (tmp_path / "shot.png").stat().st_size > 10_000
