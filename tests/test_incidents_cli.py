"""The reporting clock from the command line, as an officer uses it after a restart: incidents named by
the short id `incident list` shows or by a part of the title, a phone 首报 and a level raise recorded
after the call, and `incident task --due` naming the typed forms it reads."""

from __future__ import annotations

import json

import pytest

from xhduty import cli
from xhduty.core import clock
from xhduty.core.incidents import assignments, incidents


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def underpass(on_duty, capsys) -> str:
    with clock.frozen(clock.parse("2026-12-01T15:12")):
        code, out, _ = run(capsys, "incident", "new", "--title", "漕溪北路下立交积水", "--type", "N.flood",
                           "--level", "III", "--at", "下午3点10分", "--json")
        assert code == 0
        run(capsys, "incident", "new", "--title", "龙华路积水", "--type", "N.flood", "--at", "15:11")
    return json.loads(out)["id"]


def test_the_list_shows_the_id_to_type_and_every_command_takes_it(underpass, on_duty, capsys):
    short = underpass[-incidents.SHORT_ID:]
    with clock.frozen(clock.parse("2026-12-01T15:50")):
        _, listed, _ = run(capsys, "incident", "list")
        assert next(line for line in listed.splitlines() if "漕溪北路" in line).startswith(f"{short} 2026-12-01 15:10")
        # the phone 首报 went at 15:30, within its 30 minutes; it is written down at 15:50
        code, out, err = run(capsys, "incident", "report", short, "--stage", "first", "--channel", "phone",
                             "--text", "已电话报区总值班室", "--at", "下午3点30分")
        assert code == 0, err
        assert out.startswith("已报送 首报（电话）（2026-12-01 15:30）")
        assert run(capsys, "incident", "level", short[-4:].lower(), "--level", "II", "--reason", "多车被困")[0] == 0
        code, out, _ = run(capsys, "incident", "show", "漕溪北路", "--json")
    shown = json.loads(out)
    assert (shown["id"], shown["level"]) == (underpass, "II")
    phone = next(d for d in shown["deadlines"] if d["label"] == "首报（电话）")
    assert (phone["done_at"], phone["state"]) == ("2026-12-01T15:30:00+08:00", "done")
    assert run(capsys, "incident", "task", "漕溪北路", "--to-unit", "区排水公司", "--text", "调泵车抽排")[0] == 0
    assert [t["owner_unit"] for t in assignments.list_tasks(on_duty, incident_id=underpass)] == ["区排水公司"]


def test_an_ambiguous_or_unknown_name_is_refused_naming_the_candidates(underpass, on_duty, capsys):
    before = on_duty.one("SELECT count(*) FROM changes")[0]
    code, _, err = run(capsys, "incident", "report", "积水", "--stage", "first", "--channel", "phone",
                       "--text", "电话")
    assert code != 0 and "“积水”对应的事件不止一个，请写编号：" in err
    assert underpass[-incidents.SHORT_ID:] in err and "漕溪北路下立交积水" in err and "龙华路积水" in err
    code, _, err = run(capsys, "incident", "show", "徐家汇")
    assert code != 0 and "没有编号或名称为“徐家汇”的事件" in err and "Traceback" not in err
    assert on_duty.one("SELECT count(*) FROM changes")[0] == before


def test_a_report_time_in_the_future_is_refused(underpass, on_duty, capsys):
    with clock.frozen(clock.parse("2026-12-01T15:50")):
        code, _, err = run(capsys, "incident", "report", underpass, "--stage", "first", "--channel", "written",
                           "--text", "书面首报", "--at", "2026-12-02 15:30")
    assert code != 0 and "报送时间 2026-12-02 15:30 晚于现在（2026-12-01 15:50）" in err
    assert incidents.reports(on_duty, underpass) == []


# `incident level --at`: a level decided on the phone and recorded afterwards keeps its time (it was stamped
# with the moment typed, moving the clock of the reports owed at the new level); a time later than now,
# before the call or before the last change is refused in Chinese.
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
