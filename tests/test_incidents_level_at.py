"""`incident level --at`: a level decided on the phone and recorded afterwards keeps its time (it was stamped
with the moment it was typed, moving the clock of the reports owed at the new level); a time later than
now, before the call or before the last change is refused in Chinese.  And `incident task --due` says the
typed forms it reads."""

from __future__ import annotations

import json

import pytest

from xhduty import cli
from xhduty.core import clock
from xhduty.core.incidents import incidents


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def underpass(on_duty, capsys) -> str:
    with clock.frozen(clock.parse("2026-12-01T15:12")):
        code, out, err = run(capsys, "incident", "new", "--title", "漕溪北路下立交积水", "--type", "N.flood",
                             "--level", "III", "--at", "15:10", "--json")
        assert code == 0, err
    return json.loads(out)["id"]


def test_a_raise_recorded_later_keeps_its_time(underpass, on_duty, capsys):
    with clock.frozen(clock.parse("2026-12-01T15:50")):
        code, out, err = run(capsys, "incident", "level", "漕溪北路", "--level", "II", "--reason", "多车被困",
                             "--at", "下午3点30分")
        assert code == 0, err
        assert "现为Ⅱ级" in out and "2026-12-01 15:30" in out
        assert [c["at"] for c in incidents.level_changes(on_duty, underpass)] == ["2026-12-01T15:30:00+08:00"]
        entry = next(e for e in incidents.timeline(on_duty, underpass) if e["text"].startswith("级别调整"))
        assert entry["at"] == "2026-12-01T15:30:00+08:00"


@pytest.mark.parametrize(("typed", "said"), [
    ("2026-12-01 16:30", "调整时间 2026-12-01 16:30 晚于现在（2026-12-01 15:50）"),
    ("2026-12-01 15:00", "调整时间 12-01 15:00 不能早于接报时间 12-01 15:10"),
    ("明天", "调整时间“明天”不是有效的时间"),
])
def test_a_raise_at_an_impossible_time_is_refused(underpass, on_duty, capsys, typed, said):
    with clock.frozen(clock.parse("2026-12-01T15:50")):
        code, _, err = run(capsys, "incident", "level", "漕溪北路", "--level", "II", "--at", typed)
    assert code != 0 and said in err and "Traceback" not in err
    assert incidents.level_changes(on_duty, underpass) == []


def test_a_raise_before_the_last_change_is_refused(underpass, on_duty, capsys):
    with clock.frozen(clock.parse("2026-12-01T15:50")):
        assert run(capsys, "incident", "level", "漕溪北路", "--level", "II", "--at", "15:40")[0] == 0
        code, _, err = run(capsys, "incident", "level", "漕溪北路", "--level", "I", "--at", "15:20")
    assert code != 0 and "早于上次级别调整（12-01 15:40 调整为Ⅱ级）" in err
    assert [c["to_level"] for c in incidents.level_changes(on_duty, underpass)] == ["II"]


def test_task_due_help_names_the_typed_forms(capsys):
    with pytest.raises(SystemExit):
        cli.main(["incident", "task", "--help"])
    out = capsys.readouterr().out
    assert "ISO" not in out and "下午5点" in out and "17:00" in out
