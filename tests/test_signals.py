"""Weather warning signals: recorded in a few keystrokes, logged, replaced on upgrade, lifted, handed over."""

from datetime import datetime, timedelta

import pytest

from xhduty.core import carryover, clock
from xhduty.core.duty import duty
from xhduty.core.duty import warning_signals
from xhduty.core.store import StoreError

T0 = datetime(2025, 7, 20, 14, 0, tzinfo=clock.SHANGHAI)


def test_signal_spec_is_type_and_colour():
    assert warning_signals.split("暴雨橙色") == ("暴雨", "橙")
    assert warning_signals.split("台风蓝") == ("台风", "蓝")
    assert warning_signals.split("高温蓝色") is None  # 高温 is issued 黄/橙/红 only
    assert "高温预警信号只有" in warning_signals.problem("高温蓝色")
    assert "不是预警信号" in warning_signals.problem("沙尘红色")


def test_record_upgrade_and_lift_are_logged(on_duty):
    with clock.frozen(T0):
        first = warning_signals.record_signal(on_duty, "暴雨黄色")
        clock.advance(timedelta(minutes=40))
        second = warning_signals.record_signal(on_duty, "暴雨橙色", source="上海市气象台")
        warning_signals.record_signal(on_duty, "高温黄色")
        active = warning_signals.active_signals(on_duty)
        assert [s["id"] for s in active][0] == second  # most severe first
        assert first not in {s["id"] for s in active}
        assert on_duty.get("weather_signals", first)["lifted_at"] is not None
        warning_signals.lift_signal(on_duty, second)
        with pytest.raises(StoreError, match="已于"):
            warning_signals.lift_signal(on_duty, second)
    assert [warning_signals.label(s) for s in warning_signals.active_signals(on_duty)] == ["高温黄色预警"]
    texts = [e["text"] for e in duty.list_entries(on_duty, duty.LogFilter(kinds=["warning"]))]
    assert any("发布暴雨橙色预警信号（暴雨黄色预警同时解除）" in t for t in texts)
    assert any("暴雨橙色预警解除" in t for t in texts)


def test_bad_signal_writes_nothing(on_duty):
    before = duty.count_entries(on_duty, duty.LogFilter())
    with pytest.raises(StoreError, match="暴雨预警信号只有"):
        warning_signals.record_signal(on_duty, "暴雨紫色")
    assert duty.count_entries(on_duty, duty.LogFilter()) == before
    assert warning_signals.active_signals(on_duty) == []


def test_active_signals_are_on_the_handover(on_duty):
    assert all(s.title != "生效中的预警信号" for s in carryover.sections(on_duty))
    warning_signals.record_signal(on_duty, "台风蓝色")
    section = next(s for s in carryover.sections(on_duty) if s.title == "生效中的预警信号")
    assert section.rows[0].startswith("台风蓝色预警（上海市气象台")


def test_the_same_signal_recorded_at_two_stations_is_one_and_one_lift_ends_it(on_duty):
    """A street records the city's signal too; after sync both records are here, shown as one."""
    with clock.frozen(T0):
        mine = warning_signals.record_signal(on_duty, "台风黄色")
        with on_duty.write() as tx:  # the street's record, as sync applies it
            tx.insert("weather_signals", {"station": "XH-LH", "type": "台风", "colour": "黄",
                                          "issued_at": clock.iso(T0 + timedelta(minutes=3)), "source": "街道转报"})
        assert [s["station"] for s in warning_signals.active_signals(on_duty)] == ["XH-LH"]
        clock.advance(timedelta(hours=5))
        warning_signals.lift_signal(on_duty, mine)  # the centre lifts its own record
    assert warning_signals.active_signals(on_duty) == []


def test_the_names_officers_type_are_read():
    """The city's notices say 暴雨橙色预警信号; a roster-style space or a full-width one changes nothing."""
    for typed in ("暴雨橙色预警信号", "暴雨橙色预警", "暴雨橙色信号", "暴雨 橙色", "暴雨　橙"):
        assert warning_signals.split(typed) == ("暴雨", "橙"), typed
        assert warning_signals.problem(typed) is None


def test_a_lift_typed_before_the_issue_is_refused(on_duty):
    with clock.frozen(T0):
        signal = warning_signals.record_signal(on_duty, "暴雨黄色")
        with pytest.raises(StoreError, match="解除时间 07-20 13:00 早于暴雨黄色预警的发布时间 07-20 14:00"):
            warning_signals.lift_signal(on_duty, signal, lifted_at=T0 - timedelta(hours=1))
        assert [s["id"] for s in warning_signals.active_signals(on_duty)] == [signal]
        warning_signals.lift_signal(on_duty, signal, lifted_at=T0 + timedelta(hours=1))
    assert warning_signals.active_signals(on_duty) == []


def test_the_command_reads_times_past_midnight_and_says_what_it_did(home, capsys):
    from xhduty.cli import main

    assert main(["init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street",
                 "--division", "龙华"]) == 0
    with clock.frozen(datetime(2026, 7, 1, 0, 20, tzinfo=clock.SHANGHAI)):
        assert main(["signal", "add", "暴雨橙色预警信号", "--at", "23:55"]) == 0
        said = capsys.readouterr().out
        assert "已记录预警信号 暴雨橙色预警，发布时间 2026-06-30 23:55" in said
        signal_id = said.split("编号 ")[1].rstrip("）\n")
        assert main(["signal", "lift", signal_id, "--at", "23:50"]) == 2
        assert "早于暴雨橙色预警的发布时间" in capsys.readouterr().err
        assert main(["signal", "lift", signal_id, "--at", "0:15"]) == 0
        assert "已解除 暴雨橙色预警（解除时间 2026-07-01 00:15）" in capsys.readouterr().out
