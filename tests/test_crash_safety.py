"""A process adding entries is killed with SIGKILL: every entry whose `log add` returned survives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from xhduty.core.integrity import check
from xhduty.core.store import open_store

WRITER = r"""
import sys
from xhduty.core.duty import duty
from xhduty.core.store import open_store
store = open_store()
i = 0
while True:
    entry_id = duty.add_entry(store, f"压力记录 {i}")
    print(entry_id, flush=True)   # printed only after the transaction committed
    i += 1
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_writer_loses_no_returned_entry(on_duty, home):
    env = {**os.environ, "XHDUTY_HOME": str(home)}
    for round_ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER], env=env, stdout=subprocess.PIPE, text=True)
        returned = []
        deadline = time.monotonic() + 20
        while len(returned) < 40 + 17 * round_ and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line:
                returned.append(line.strip())
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        returned.extend(l.strip() for l in proc.stdout.read().splitlines() if l.strip())
        assert len(returned) >= 40, f"the writer produced only {len(returned)} entries"
        store = open_store()
        present = {r[0] for r in store.query("SELECT id FROM log_entries")}
        missing = [e for e in returned if e not in present]
        assert not missing, f"entries acknowledged but lost after SIGKILL: {missing[:5]}"
        assert check(store) == []
        store.close()
