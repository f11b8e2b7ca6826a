"""`xhduty hub add-station|stations`, `xhduty sync --json` and `xhduty status --json`, run in-process."""

from __future__ import annotations

import json

from test_sync_support import log
from xhduty.cli import main
from xhduty.core.store import open_store
from xhduty.hub.server import HubThread


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_register_sync_and_status_from_the_command_line(tmp_path, home, capsys):
    hub_home = tmp_path / "hubhome"
    code, token, _ = run(capsys, "hub", "add-station", "S1", "--role", "street", "--division", "xujiahui",
                         "--home", str(hub_home))
    token = token.strip()
    assert code == 0 and token.startswith("xh_") and len(token) > 40
    code, _, err = run(capsys, "hub", "add-station", "S2", "--role", "street", "--home", str(hub_home))
    assert code == 2 and "辖区" in err
    code, _, err = run(capsys, "hub", "add-station", "S3", "--role", "street", "--division", "nowhere",
                       "--home", str(hub_home))
    assert code == 2 and "未知的辖区 nowhere" in err
    assert [s["code"] for s in json.loads(run(capsys, "hub", "stations", "--json", "--home", str(hub_home))[1])] == ["S1"]

    assert run(capsys, "init", "--station", "S1", "--name", "徐家汇街道", "--role", "street", "--division", "xujiahui")[0] == 0
    store = open_store()
    log(store, "示例数据：命令行同步")
    store.close()
    code, _, err = run(capsys, "sync", "--json")
    assert code == 2 and "尚未配置同步中心" in err

    with HubThread(hub_home) as served:
        code, out, _ = run(capsys, "sync", "--hub", served.url, "--token", token, "--json")
        assert code == 0
        assert json.loads(out) == {"pushed": 1, "pulled": 0, "refused": [], "waiting": [], "conflicts": 0,
                                   "mismatch": [], "recovered": None,
                                   "files": {"uploaded": [], "fetched": [], "failed": [], "queued": 0,
                                             "not_fetched": 0, "summary": ""}}
        code, out, _ = run(capsys, "sync", "--json")                     # remembered
        assert json.loads(out)["pushed"] == 0
        status = json.loads(run(capsys, "status", "--json")[1])
        assert (status["hub"], status["pending"], status["online"]) == (served.url, 0, True)
        assert status["last_sync"]
        code, out, _ = run(capsys, "status")
        assert "在线" in out and "待上传变更：0 条" in out


def test_sync_on_a_terminal_shows_its_progress_on_one_line(tmp_path, home, capsys, monkeypatch):
    """On a terminal, `xhduty sync` counts what it sends and receives on one line written over itself, and
    clears it before the result; piped (or --json) it writes none of that."""
    import sys

    hub_home = tmp_path / "hubhome"
    token = run(capsys, "hub", "add-station", "S1", "--role", "street", "--division", "xujiahui",
                "--home", str(hub_home))[1].strip()
    assert run(capsys, "init", "--station", "S1", "--name", "徐家汇街道", "--role", "street", "--division", "xujiahui")[0] == 0
    store = open_store()
    for i in range(3):
        log(store, f"示例数据：第 {i} 条")
    store.close()
    with HubThread(hub_home) as served:
        code, out, err = run(capsys, "sync", "--hub", served.url, "--token", token)      # not a terminal
        assert code == 0 and "正在同步" not in err and out.startswith("已上传 3 条变更")
        log_store = open_store()
        log(log_store, "示例数据：第 4 条")
        log_store.close()
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        code, out, err = run(capsys, "sync")
        assert code == 0 and out.startswith("已上传 1 条变更")
        assert "\r正在同步… 上传 1/1" in err and err.endswith("\r" + " " * 48 + "\r")
