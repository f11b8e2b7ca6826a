"""`xhduty sync`, `xhduty sync status` and `xhduty status`: exchange changes with the district hub, and see
how that stands — including every own change the hub holds back or refused, and why."""

from __future__ import annotations

import sys

from xhduty.commands._common import print_json, station_store


def register(sub) -> None:
    p = sub.add_parser("sync", help="与同步中心交换数据（地址和令牌记住，下次不必再写）；sync status 查看待传和拒收")
    p.add_argument("what", nargs="?", choices=["status"], help="status：列出等待上传和被中心拒收的变更及原因")
    p.add_argument("--hub", help="同步中心地址，如 https://hub.example:8443")
    p.add_argument("--token", help="本站令牌（管理员用 xhduty hub add-station 生成）")
    p.add_argument("--proxy", help="连接同步中心用的代理：none（直连）、system（系统代理，默认；内网地址直连）"
                                   "或代理地址，如 http://10.1.1.1:8080、socks5://127.0.0.1:1080；记住")
    p.add_argument("--ca-file", help="同步中心的 CA 证书文件（PEM 或 DER，如信息部门发的 .cer）；记住，空字符串取消")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_sync)

    p = sub.add_parser("status", help="同步状态：待上传变更、上次同步、同步中心")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_status)


def _sync(args) -> int:
    """Exit 0 when everything own is at the hub or explained as refused; 1 when changes still wait (or the
    digests disagree), with the reason on stdout."""
    from xhduty.sync import state

    store = station_store()
    if args.proxy is not None or args.ca_file is not None:   # local network settings: kept even while offline
        state.configure(store, proxy=args.proxy, ca_file=args.ca_file)
    if args.what == "status":
        return _status(args, detailed=True)
    from xhduty.sync.client import run_sync

    shown = _on_terminal(sys.stderr) if not args.json and sys.stderr.isatty() else None
    try:
        result = run_sync(store, args.hub, args.token, progress=shown)
    finally:
        if shown:
            sys.stderr.write("\r" + " " * 48 + "\r")            # the progress line goes; the result follows
    if args.json:
        print_json({k: result[k] for k in ("pushed", "pulled", "refused", "waiting", "conflicts", "mismatch",
                                           "recovered", "files")})
    else:
        print(f"已上传 {result['pushed']} 条变更，已接收 {result['pulled']} 条，冲突 {result['conflicts']} 处。")
        if result["recovered"]:
            r = result["recovered"]
            print(f"本站曾从备份恢复：已从中心取回本站 {r['returned']} 条变更，恢复后新写的 {r['renumbered']} 条已重新编号上传。")
        for r in result["refused"]:
            print(f"- 中心拒收 {r['change_id']}（{r['status']}）：{r['reason']}")
        for w in result["waiting"]:
            print(f"- 暂未上传（中心暂不接收 {w['change_id']}，其后的变更随之等待）：{w['reason']}")
        for m in result["mismatch"]:
            print(f"- 核对不一致：{m}")
        if result["files"]["summary"]:
            print(result["files"]["summary"])
    return 0 if not (result["mismatch"] or result["waiting"]) else 1


def _on_terminal(stream):
    """A sync's progress written over itself on one line of a terminal (正在同步… 上传 3000/100000, then
    接收 5000 条); a pipe or a log file gets none of it."""
    def show(stage: str, done: int, total: int | None) -> None:
        text = f"上传 {done}/{total}" if stage == "push" else f"接收 {done} 条"
        stream.write(f"\r正在同步… {text}" + " " * 8)
        stream.flush()
    return show


def _status(args, detailed: bool = False) -> int:
    from xhduty.sync import state

    store = station_store()
    st = state.status(store)
    refused = state.refusals(store, 1000) if detailed else []
    if args.json:
        print_json({**st, "refusals": refused} if detailed else st)
        return 0
    print(f"同步中心：{st['hub'] or '未配置'}（{'在线' if st['online'] else '离线'}）；代理：{st['proxy']}"
          f"；CA 证书文件：{st['ca_file'] or '未设置（使用系统证书）'}")
    print(f"上次成功同步：{st['last_sync'] or '从未'}；待上传变更：{st['pending']} 条；未处理冲突：{st['conflicts']} 处"
          f"；中心拒收：{st['refused']} 条")
    if st["last_error"]:
        print(f"上次同步失败：{st['last_error']}")
    for w in st["waiting"]:
        print(f"等待中：第 {w['station_seq']} 号变更（{w['table_label']} {w['record_id']}）及其后 {st['pending'] - 1} 条：{w['reason']}")
    if detailed:
        if st["pending"] and not st["waiting"]:
            print(f"待上传的 {st['pending']} 条变更将在下次同步时上传。")
        for r in refused:
            print(f"拒收：{r['refused_at'][:16]} {r['table_label']} {r['record_id']}（{r['status']}）：{r['reason']}")
        if not (st["pending"] or refused):
            print("本站所有变更均已到达同步中心。")
    return 0
