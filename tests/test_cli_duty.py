"""The duty room through the `xhduty` command, as the automated checks and scripts use it."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess

import pytest

from xhduty.cli import main


def run(capsys, *argv) -> str:
    code = main(list(argv))
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@needs_poppler
def test_a_shift_from_init_to_printed_handover(home, capsys, tmp_path):
    run(capsys, "init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street", "--division", "龙华")
    run(capsys, "shift", "start", "--leader", "王建国", "--officer", "李明", "--officer", "张伟")
    said = run(capsys, "log", "add", "--text", "龙华中路地下车库进水约二十厘米", "--kind", "intake", "--significant")
    entry_id = re.search(r"完整编号 (\w+)", said).group(1)
    assert said.startswith(f"已记入值班日志：记录 {entry_id[-6:]}")
    run(capsys, "log", "add", "--text", "待物业回电确认排水完成", "--open")
    entries = json.loads(run(capsys, "log", "list", "--json"))
    mine = [e for e in entries if e["id"] == entry_id][0]
    assert mine["kind"] == "intake" and mine["significant"] and mine["at"].endswith("+08:00")
    kinds = {k["code"] for k in json.loads(run(capsys, "log", "kinds", "--json"))}
    assert {"intake", "instruction", "note"} <= kinds

    pdf = tmp_path / "交接班单.pdf"
    run(capsys, "handover", "--to", "赵强", "--pdf", str(pdf))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "龙华中路地下车库进水约二十厘米" in text and "待物业回电确认排水完成" in text and "赵强" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    font_rows = fonts.splitlines()[2:]
    assert font_rows and all(" yes " in row for row in font_rows), fonts

    entries = json.loads(run(capsys, "log", "list", "--json"))
    assert [e["text"] for e in entries][0].startswith("接班")
    assert json.loads(run(capsys, "check", "--json")) == {"ok": True, "problems": []}


def test_check_reports_tampering_in_json(home, capsys):
    run(capsys, "init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street", "--division", "龙华")
    run(capsys, "shift", "start", "--leader", "王", "--officer", "李")
    entry_id = re.search(r"完整编号 (\w+)", run(capsys, "log", "add", "--text", "原文")).group(1)
    con = sqlite3.connect(home / "xhduty.db")
    con.execute("UPDATE log_entries SET text = '改文' WHERE id = ?", (entry_id,))
    con.commit()
    assert main(["check", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and any("改动" in p for p in report["problems"])


def test_backup_is_a_consistent_copy(home, capsys, tmp_path):
    run(capsys, "init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street", "--division", "龙华")
    run(capsys, "shift", "start", "--leader", "王", "--officer", "李")
    run(capsys, "log", "add", "--text", "备份前的记录")
    run(capsys, "backup", "--out", str(tmp_path / "copy.db"))
    con = sqlite3.connect(tmp_path / "copy.db")
    assert con.execute("SELECT count(*) FROM log_entries WHERE text = '备份前的记录'").fetchone()[0] == 1
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_uninitialised_station_gets_a_clear_message(home, capsys):
    assert main(["log", "add", "--text", "x"]) == 2
    assert "尚未初始化" in capsys.readouterr().err


def test_rotating_backups_keep_the_newest(store, tmp_path):
    from datetime import datetime, timedelta

    from xhduty.core import clock, jobs

    with clock.frozen(datetime(2026, 11, 29, 8, 0, tzinfo=clock.SHANGHAI)):
        for _ in range(5):
            jobs.rotate_backups(store, tmp_path / "b", keep=3)
            clock.advance(timedelta(hours=1))
    kept = sorted(p.name for p in (tmp_path / "b").glob("hourly-*.db"))
    assert kept == ["hourly-20261129-100000.db", "hourly-20261129-110000.db", "hourly-20261129-120000.db"]


def test_a_short_id_from_log_list_closes_an_item_and_opens_an_incident(home, capsys):
    run(capsys, "init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street", "--division", "龙华")
    run(capsys, "shift", "start", "--leader", "王", "--officer", "李")
    run(capsys, "log", "add", "--text", "待物业回电确认排水完成", "--open")
    run(capsys, "log", "add", "--text", "来电：龙华中路地下车库进水", "--kind", "intake")
    lines = run(capsys, "log", "list").splitlines()
    short = {line.split("  ")[0]: line for line in lines}
    item = next(s for s, line in short.items() if "待物业回电" in line)
    intake = next(s for s, line in short.items() if "地下车库进水" in line)
    assert len(item) == 6
    assert "已办结待办事项 " + item in run(capsys, "log", "close", item.lower(), "--text", "物业已回电")
    run(capsys, "incident", "new", "--title", "龙华中路地下车库进水", "--type", "N.flood", "--from-entry", intake)
    assert main(["log", "close", "abc"]) == 2
    assert "太短" in capsys.readouterr().err


def test_an_ambiguous_short_id_lists_the_candidates(store, monkeypatch):
    from xhduty.core.duty import duty
    from xhduty.core.store import StoreError

    duty.start_shift(store, "王", ["李"])
    made = iter(["01AAAAAAAAAAAAAAAAAAA0QWERT", "01AAAAAAAAAAAAAAAAAAA1QWERT"])
    real = duty.new_id
    monkeypatch.setattr(duty, "new_id", lambda: next(made, None) or real())   # the entries' ids
    first, second = duty.add_entry(store, "第一条"), duty.add_entry(store, "第二条")
    assert first.endswith("QWERT") and second.endswith("QWERT")
    with pytest.raises(StoreError) as raised:
        duty.find_entry(store, "qwert")
    assert first in str(raised.value) and second in str(raised.value) and "不止一条" in str(raised.value)
    assert duty.find_entry(store, "0qwert")["text"] == "第一条"


def test_a_typed_time_past_midnight_and_month_end(home, capsys):
    """`log add --at` reads times as officers type them; at 00:10 on 1 June a call taken at 23:50 is
    logged on 31 May, not a day ahead; what is not a time gets a Chinese message, not a traceback."""
    from datetime import datetime

    from xhduty.core import clock

    run(capsys, "init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street", "--division", "龙华")
    with clock.frozen(datetime(2026, 6, 1, 0, 10, tzinfo=clock.SHANGHAI)):
        run(capsys, "shift", "start", "--leader", "王", "--officer", "李")
        said = run(capsys, "log", "add", "--text", "来电：漕溪路积水", "--at", "23:50")
        assert "发生时间 2026-05-31 23:50" in said
        run(capsys, "log", "add", "--text", "续报", "--at", "０：１５")   # within the watches' slack: today
        run(capsys, "log", "add", "--text", "补记", "--at", "2026年5月30日 下午3点")
        assert main(["log", "add", "--text", "x", "--at", "刚才"]) == 2
        err = capsys.readouterr().err
        assert "发生时间“刚才”不是有效的时间" in err and "Traceback" not in err
        at = {e["text"]: e["at"] for e in json.loads(run(capsys, "log", "list", "--json"))}
    assert at["来电：漕溪路积水"] == "2026-05-31T23:50:00+08:00"
    assert at["续报"] == "2026-06-01T00:15:00+08:00"
    assert at["补记"] == "2026-05-30T15:00:00+08:00"
    assert "x" not in at


def test_the_next_shift_sees_the_open_items_carried_over(home, capsys):
    """After `xhduty handover` the new shift's `log list` holds only its 接班 entry: it says open items
    came over, `log list --open` lists them (corrected ones as corrected) and they go once closed."""
    run(capsys, "init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street", "--division", "龙华")
    run(capsys, "shift", "start", "--leader", "王建国", "--officer", "李明")
    gas = re.search(r"记录 (\w{6})", run(capsys, "log", "add", "--text", "龙华中路燃气味待回电", "--open")).group(1)
    done = re.search(r"记录 (\w{6})", run(capsys, "log", "add", "--text", "物业待回电", "--open")).group(1)
    run(capsys, "log", "close", done)
    run(capsys, "log", "correct", gas, "--text", "龙华西路燃气味待回电")
    run(capsys, "handover", "--to", "赵强")

    listed = run(capsys, "log", "list")
    assert "接班" in listed and "燃气" not in listed and "另有往班带入的未办结事项 1 条：xhduty log list --open" in listed
    [line] = run(capsys, "log", "list", "--open").splitlines()
    assert line.startswith(gas) and line.endswith("龙华中路燃气味待回电（已更正为：龙华西路燃气味待回电）（待办）")
    assert f"{done} " in run(capsys, "log", "list", "--all") and "（已办结）" in run(capsys, "log", "list", "--all")
    run(capsys, "log", "close", gas, "--text", "燃气公司已处置")
    assert run(capsys, "log", "list", "--open") == ""
    assert "往班带入" not in run(capsys, "log", "list")
