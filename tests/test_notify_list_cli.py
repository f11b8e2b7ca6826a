"""`xhduty notify list` shows the newest 50 runs unless told (--limit N, --all), newest first, and says how
many older runs it left out — on stderr with --json, so the JSON stays whole."""

from __future__ import annotations

import json

import pytest

from xhduty.cli import main
from xhduty.core.contacts import contacts, notify


def _runs(store, n: int) -> list[str]:
    contacts.load_demo(store)
    return [notify.start_run(store, "防汛防台指挥部成员（示例）", text=f"第 {i} 次通知") for i in range(n)]


def _ids(out: str) -> list[str]:
    return [line.split()[0] for line in out.splitlines() if "已确认" in line]


def test_notify_list_shows_the_newest_50_and_says_how_many_more(store, capsys):
    started = _runs(store, 53)
    newest_first = [r["id"] for r in notify.runs(store)]
    assert set(newest_first) == set(started)
    capsys.readouterr()
    assert main(["notify", "list"]) == 0
    out = capsys.readouterr().out
    assert _ids(out) == newest_first[:50] and "另有 3 个更早的通知任务未列出" in out
    assert main(["notify", "list", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert _ids(out) == newest_first[:2] and "另有 51 个" in out
    assert main(["notify", "list", "--all"]) == 0
    out = capsys.readouterr().out
    assert _ids(out) == newest_first and "另有" not in out
    assert main(["notify", "list", "--limit", "5", "--json"]) == 0
    captured = capsys.readouterr()
    assert [r["id"] for r in json.loads(captured.out)] == newest_first[:5] and "另有 48 个" in captured.err


def test_notify_list_of_one_incident_and_a_bad_limit(store, capsys):
    contacts.load_demo(store)
    mine = [notify.start_run(store, "防汛防台指挥部成员（示例）", incident_id="INC-7") for _ in range(3)]
    notify.start_run(store, "防汛防台指挥部成员（示例）", incident_id="INC-8")
    capsys.readouterr()
    assert main(["notify", "list", "--incident", "INC-7", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert _ids(out) == [r["id"] for r in notify.runs(store, "INC-7")][:1] and "另有 2 个" in out
    assert set(_ids(out)) <= set(mine) and notify.count_runs(store, "INC-7") == 3
    for bad in ("0", "-5", "十"):
        with pytest.raises(SystemExit):
            main(["notify", "list", "--limit", bad])
        assert "应为不小于 1 的整数" in capsys.readouterr().err
