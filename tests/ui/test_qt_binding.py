"""The Qt binding itself must not corrupt Python's reference counts.

PySide6 6.12.0 on Python 3.11 released a reference to None on every call of a Qt method returning
nothing; after a few thousand calls (seconds of painting a chart) the interpreter aborted with
"deallocating None".  pyproject.toml excludes that version; this test catches any binding that does it.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(50_000):
    label.setText("徐汇")
print(sys.getrefcount(None) - before)
"""


def test_void_calls_keep_none_alive():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"Qt binding aborted the interpreter: {result.stderr[-500:]}"
    assert abs(int(result.stdout.strip().splitlines()[-1])) < 100
