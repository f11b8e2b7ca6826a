"""Scheduled checks run at their own interval; alerts are raised once and logged."""

from __future__ import annotations

from datetime import datetime, timedelta

from xhduty.core import clock, jobs
from xhduty.core.alerts import Alert
from xhduty.core.duty import duty

T0 = datetime(2026, 11, 29, 9, 0, tzinfo=clock.SHANGHAI)


def test_checks_run_by_their_own_interval(on_duty, monkeypatch):
    runs = []

    def fake_checks():
        return [jobs.Check("minutely", 60, lambda s: runs.append("m") or []),
                jobs.Check("daily", 24 * 3600, lambda s: runs.append("d") or [])]

    monkeypatch.setattr(jobs, "checks", fake_checks)
    with clock.frozen(T0):
        jobs.run_due(on_duty)
        assert runs == ["m", "d"]
        clock.advance(timedelta(seconds=61))
        jobs.run_due(on_duty)
        assert runs == ["m", "d", "m"]
        jobs.run_due(on_duty, force=True)
        assert runs == ["m", "d", "m", "m", "d"]
        clock.advance(timedelta(days=1))
        jobs.run_due(on_duty)
        assert runs[-2:] == ["m", "d"]


def test_alert_raised_once_logged_and_cleared(on_duty, monkeypatch):
    holding = [Alert("demo:1", "demo", "warning", "示例提醒：某事项即将到期")]
    monkeypatch.setattr(jobs, "checks", lambda: [jobs.Check("demo", 60, lambda s: list(holding))])
    with clock.frozen(T0):
        assert [a.key for a in jobs.run_due(on_duty)] == ["demo:1"]
        clock.advance(timedelta(minutes=1))
        assert jobs.run_due(on_duty) == []
        assert [a["key"] for a in jobs.active_alerts(on_duty)] == ["demo:1"]
        holding.clear()
        clock.advance(timedelta(minutes=1))
        jobs.run_due(on_duty)
        assert jobs.active_alerts(on_duty) == []
    logged = duty.list_entries(on_duty, duty.LogFilter(kinds=["alert"]))
    assert [e["text"] for e in logged] == ["示例提醒：某事项即将到期"]
