"""Plans and warning signals through the `xhduty` command, as scripts and the automated checks use it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from xhduty.cli import main


def run(capsys, *argv, code: int = 0) -> str:
    assert main(list(argv)) == code
    return capsys.readouterr().out


def test_import_search_match_respond_and_hand_over(home, capsys, tmp_path):
    run(capsys, "init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street", "--division", "龙华")
    run(capsys, "shift", "start", "--leader", "王建国", "--officer", "李明")
    assert "共导入 14 个预案" in run(capsys, "plans", "import")
    listed = json.loads(run(capsys, "plans", "list", "--json", "--kind", "总体"))
    assert [p["code"] for p in listed] == ["XH-ZT-00"]
    hits = json.loads(run(capsys, "plans", "search", "有限空间", "--limit", "2", "--json"))
    assert [set(h) for h in hits] == [{"plan_id", "title", "section", "score", "snippet", "reasons"}] * 2
    assert hits[0]["title"].startswith("徐汇区有限空间作业事故") and "【有限空间】" in hits[0]["snippet"]

    signal_id = re.search(r"编号 (\w+)", run(capsys, "signal", "add", "暴雨橙色")).group(1)
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
    run(capsys, "init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street", "--division", "龙华")
    bad = tmp_path / "坏.toml"
    bad.write_text('id = "X1"\ntitle = "t"\nkind = "专门"\n', encoding="utf-8")
    assert main(["plans", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "坏.toml 第 3 行，字段 kind：应为 总体、专项、部门、基层单位、重大活动 之一" in err
    assert "坏.toml 第 1 行，字段 owner：缺少此字段" in err
    assert json.loads(run(capsys, "plans", "list", "--json")) == []


@pytest.mark.parametrize("spec", ["暴雨紫色", "高温蓝色"])
def test_bad_signal_is_refused_with_reason(home, capsys, spec):
    run(capsys, "init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street", "--division", "龙华")
    assert main(["signal", "add", spec]) == 2
    assert "预警信号只有" in capsys.readouterr().err


def test_list_labels_a_sample_plan_once(home, capsys):
    run(capsys, "init", "--station", "XH-C", "--name", "区中心", "--role", "centre")
    run(capsys, "plans", "import")
    listed = run(capsys, "plans", "list")
    assert "（示例）（示例）" not in listed
    assert "徐汇区特种设备（电梯）事故专项应急预案（示例）" in listed


def test_folder_import_prints_what_it_skipped_and_inferred_fields_are_edited(home, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XHDUTY_SOFFICE", "")
    run(capsys, "init", "--station", "XH-C", "--name", "区中心", "--role", "centre")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "gas.txt").write_text("某区燃气事故应急预案\n一、总则\n本预案由区燃气管理处负责解释。\n", encoding="utf-8")
    (folder / "README.md").write_text("# 说明\n", encoding="utf-8")
    (folder / "old.wps").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    assert main(["plans", "import", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "跳过  README.md：说明文件，不是预案" in out
    assert "共导入 1 个预案，跳过 1 个非预案文件，1 处错误（有错的文件未导入）" in out
    assert "错误：old.wps：.wps 文件需要 LibreOffice 转换，本机未安装 LibreOffice" in err
    assert "（推断）" in run(capsys, "plans", "list")
    code = json.loads(run(capsys, "plans", "list", "--json"))[0]["code"]
    shown = run(capsys, "plans", "show", code)
    assert "区燃气管理处（推断）" in shown and "适用事件类型：A.gas（推断）" in shown
    out = run(capsys, "plans", "edit", code, "--hazards", "A.gas,A.fire")
    assert "适用事件类型 A.gas、A.fire" in out and "仍为推断：编制单位" in out
    run(capsys, "plans", "edit", code, "--confirm")
    assert "（推断）" not in run(capsys, "plans", "show", code)


def test_thesaurus_check_names_file_line_and_field(home, capsys, tmp_path):
    run(capsys, "init", "--station", "XH-C", "--name", "区中心", "--role", "centre")
    (tmp_path / "district").mkdir()
    bad = tmp_path / "district" / "thesaurus.toml"
    bad.write_text('[[scenario]]\ntype = "A.fire"\nname = "火灾"\neveryday = ["冒烟"]\nterms = ["火"]\n', encoding="utf-8")
    assert main(["plans", "thesaurus", "--check", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert "错误：thesaurus.toml 第 5 行，字段 scenario[1].terms：“火”太短：每个词至少 2 个字" in err
    assert "thesaurus.toml：0 个情景，1 处错误（本文件不会被使用）" in out
    listed = run(capsys, "plans", "thesaurus")
    assert "A.elevator      特种设备事故：电梯困人" in listed


def test_every_command_that_takes_a_plan_takes_a_part_of_its_title(home, capsys, tmp_path):
    """show, edit, export and respond name a plan as remove does: by code, record id or its end, or a part
    of its title only one plan has; a part several plans share lists them and does nothing."""
    run(capsys, "init", "--station", "XH-C", "--name", "区中心", "--role", "centre")
    run(capsys, "plans", "import")
    assert "徐汇区防汛防台专项应急预案（示例）" in run(capsys, "plans", "show", "防汛防台")
    assert "已更新《徐汇区防汛防台专项应急预案（示例）》" in run(capsys, "plans", "edit", "防汛防台", "--owner", "区防汛办")
    assert "title" in run(capsys, "plans", "export", "防汛防台")
    run(capsys, "shift", "start", "--leader", "王带班", "--officer", "李值班")
    assert "防汛防台" in run(capsys, "plans", "respond", "防汛防台", "--level", "IV")
    assert main(["plans", "show", "专项应急预案"]) == 2
    assert "个预案与“专项应急预案”相符" in capsys.readouterr().err
