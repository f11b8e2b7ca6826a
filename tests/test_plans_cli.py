"""Plans and warning signals through the `xhduty` command, as scripts and the automated checks use it."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from xhduty.cli import main


def run(capsys, *argv, code: int = 0) -> str:
    assert main(list(argv)) == code
    return capsys.readouterr().out


def test_import_search_match_respond_and_hand_over(home, capsys, tmp_path):
    run(capsys, "init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street")
    run(capsys, "shift", "start", "--leader", "王建国", "--officer", "李明")
    assert "共导入 14 个预案" in run(capsys, "plans", "import")
    listed = json.loads(run(capsys, "plans", "list", "--json", "--kind", "总体"))
    assert [p["code"] for p in listed] == ["XH-ZT-00"]
    hits = json.loads(run(capsys, "plans", "search", "有限空间", "--limit", "2", "--json"))
    assert [set(h) for h in hits] == [{"plan_id", "title", "section", "score", "snippet"}] * 2
    assert hits[0]["title"].startswith("徐汇区有限空间作业事故") and "【有限空间】" in hits[0]["snippet"]

    signal_id = run(capsys, "signal", "add", "暴雨橙色").strip()
    incident = json.loads(run(capsys, "incident", "new", "--title", "龙华中路地下车库进水", "--type", "N.flood",
                              "--level", "III", "--json"))["id"]
    found = json.loads(run(capsys, "plans", "match", "--incident", incident, "--json"))
    assert (found[0]["code"], found[0]["level"]) == ("XH-ZX-FLOOD", "II")
    by_words = json.loads(run(capsys, "plans", "match", "--type", "A.gas", "--text", "燃气泄漏", "--json"))
    assert by_words[0]["code"] == "XH-ZX-GAS"
    response = json.loads(run(capsys, "plans", "respond", "XH-ZX-FLOOD", "--level", "II", "--incident", incident,
                              "--json"))
    run(capsys, "plans", "tick", response["id"], "2", "--person", "李明")
    state = json.loads(run(capsys, "plans", "checklist", "--incident", incident, "--json"))[0]
    assert [s["done"] for s in state["steps"]][:3] == [False, True, False]
    assert "暴雨橙色预警" in run(capsys, "signal", "list")
    if shutil.which("pdftotext"):
        pdf = tmp_path / "交接班单.pdf"
        run(capsys, "handover", "--to", "赵强", "--pdf", str(pdf))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "暴雨橙色预警" in text
    run(capsys, "signal", "lift", signal_id)
    assert "当前没有生效的预警信号" in run(capsys, "signal", "list")


def test_bad_plan_file_reports_every_error_and_exit_code(home, capsys, tmp_path):
    run(capsys, "init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street")
    bad = tmp_path / "坏.toml"
    bad.write_text('id = "X1"\ntitle = "t"\nkind = "专门"\n', encoding="utf-8")
    assert main(["plans", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "坏.toml 第 3 行，字段 kind：应为 总体、专项、部门、基层单位、重大活动 之一" in err
    assert "坏.toml 第 1 行，字段 owner：缺少此字段" in err
    assert json.loads(run(capsys, "plans", "list", "--json")) == []


@pytest.mark.parametrize("spec", ["暴雨紫色", "高温蓝色"])
def test_bad_signal_is_refused_with_reason(home, capsys, spec):
    run(capsys, "init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street")
    assert main(["signal", "add", spec]) == 2
    assert "预警信号只有" in capsys.readouterr().err
