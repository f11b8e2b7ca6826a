"""`xhduty jobs run-due`: run the scheduled checks once (what the app's scheduler does every minute)."""

from __future__ import annotations

from dataclasses import asdict

from xhduty.commands._common import print_json, station_store
from xhduty.core import jobs


def register(sub) -> None:
    p = sub.add_parser("jobs", help="定时检查")
    job_sub = p.add_subparsers(dest="jobs_command", required=True, metavar="操作")
    s = job_sub.add_parser("run-due", help="运行一次各项检查，打印新提醒（新提醒同时写入值班日志）")
    s.add_argument("--only", choices=[c.name for c in jobs.checks()], help="只运行这一项检查")
    s.add_argument("--all", action="store_true", help="不论是否到期，运行全部检查")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_run_due)
    s = job_sub.add_parser("alerts", help="当前未解除的提醒")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=_alerts)


def _run_due(args) -> int:
    raised = jobs.run_due(station_store(), only=args.only, force=args.all)
    if args.json:
        print_json([asdict(a) for a in raised])
    else:
        for alert in raised:
            print(f"[{alert.level}] {alert.text}")
        if not raised:
            print("没有新的提醒")
    return 0


def _alerts(args) -> int:
    active = jobs.active_alerts(station_store())
    if args.json:
        print_json(active)
    else:
        for alert in active:
            print(f"{alert['raised_at'][:16].replace('T', ' ')} [{alert['level']}] {alert['text']}")
    return 0
