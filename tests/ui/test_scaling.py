"""The window on a 1366×768 screen at 125 % and 150 % display scaling (1092×614 and 910×512 logical
pixels): it fits the screen in every area and no area needs to scroll sideways (issue 19: at least
1238 px were needed before).  An area that would be wider than its page scrolls inside it.

Qt reads QT_SCALE_FACTOR when the application starts, so each scale runs in its own process.
Screenshots: /tmp/scaled-<area>-<percent>.png."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

CHILD = r"""
import json, os, sys
from xhduty.core import demo
from xhduty.core.duty import duty
from xhduty.core.store import init_station, open_store
from xhduty.ui.qt import QApplication
from xhduty.ui.app import load_cjk_font
from xhduty.ui.context import AppContext
from xhduty.ui.main_window import MainWindow

app = QApplication([])
load_cjk_font(app)
store = open_store()
init_station(store, "XH-SCALE", "缩放测试站", "centre")
demo.load(store)
if duty.current_shift(store) is None:
    duty.start_shift(store, "王带班", ["李值班"])
scale = float(os.environ["QT_SCALE_FACTOR"])
screen = (round(1366 / scale), round(768 / scale))
window = MainWindow(AppContext(store))
window.resize(*screen)
window.show()
out = {"screen": screen, "areas": {}}
for area in window.areas:
    view = window.show_view(area.name)
    app.processEvents()
    window.grab().save(f"/tmp/scaled-{area.name}-{round(scale * 100)}.png")
    hint = window.minimumSizeHint()
    status = window.sync_status
    clipped = [w.text() for w in (status.state_label, status.last_label, status.pending_label, window.station_label)
               if w.width() < w.sizeHint().width()]
    out["areas"][area.name] = {"window": [hint.width(), hint.height()], "size": [window.width(), window.height()],
                               "view": view.minimumSizeHint().width(), "page": window.stack.width(),
                               "clipped": clipped}
print(json.dumps(out))
"""


@pytest.mark.parametrize("scale", ["1.25", "1.5"])
def test_every_area_fits_a_scaled_1366x768_screen(tmp_path, scale):
    env = {**os.environ, "QT_SCALE_FACTOR": scale, "XHDUTY_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    width, height = found["screen"]
    for name, area in found["areas"].items():
        assert area["window"][0] <= width and area["window"][1] <= height, (name, area, found["screen"])
        assert area["size"] == [width, height], (name, area)   # the window kept the screen's size
        assert area["clipped"] == [], (name, area)              # the shift line gives way, not the sync state
    # and no area needs to scroll sideways: its button rows wrap (FlowLayout)
    sideways = {n: (a["view"], a["page"]) for n, a in found["areas"].items() if a["view"] > a["page"]}
    assert not sideways, f"scale {scale}: these areas are wider than their page: {sideways}"
