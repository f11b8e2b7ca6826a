"""`xhduty hazard` and `xhduty attach` as an officer types them, and the 隐患台账 workbook out and in."""

from __future__ import annotations

import json

import pytest

from xhduty.cli import main
from xhduty.core import attachments
from xhduty.core.hazards import hazards


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def photo(path, color=(120, 90, 60)):
    from PIL import Image

    Image.new("RGB", (640, 480), color).save(path, "JPEG")
    return path


ADD = ("hazard", "add", "--finder", "网格员张敏", "--found-by", "网格上报", "--division", "龙华街道",
       "--address", "龙华中路 100 号", "--category", "燃气", "--level", "重大", "--deadline", "2026-12-10",
       "--found-on", "2026-11-30", "--unit", "某餐饮店", "--by", "李值班")


def test_the_whole_workflow_from_the_command_line(store, capsys, tmp_path):
    code, out, _ = run(capsys, *ADD, "--photo", photo(tmp_path / "before.jpg"))
    assert code == 0
    hid = out.strip()
    assert run(capsys, "hazard", "step", hid, "start", "--by", "王整改")[0] == 0
    code, _, err = run(capsys, "hazard", "step", hid, "rectified", "--by", "王整改")
    assert code == 2 and "整改完成须附整改后照片" in err
    code, out, _ = run(capsys, "hazard", "step", hid[-8:], "rectified", "--by", "王整改",
                       "--photo", photo(tmp_path / "after.jpg", (60, 150, 80)))
    assert code == 0 and "整改完成" in out
    assert run(capsys, "hazard", "supervise", hid, "--by", "区应急局")[0] == 0
    code, out, _ = run(capsys, "hazard", "show", hid, "--json")
    shown = json.loads(out)
    assert [s["step"] for s in shown["steps"]] == ["register", "start", "rectified"]
    assert [a["role"] for a in shown["attachments"]] == ["before", "after"] and shown["supervised"]
    assert run(capsys, "hazard", "step", hid, "closed", "--by", "赵复核")[0] == 0
    code, out, _ = run(capsys, "hazard", "list", "--json")
    assert [(r["id"], r["state"]) for r in json.loads(out)] == [(hid, "closed")]
    code, out, _ = run(capsys, "hazard", "notice", hid, "--out", tmp_path / "n.pdf")
    assert code == 0 and (tmp_path / "n.pdf").read_bytes().startswith(b"%PDF")
    code, out, _ = run(capsys, "hazard", "monthly", "--month", "2026-11", "--out", tmp_path / "m.pdf")
    assert code == 0 and (tmp_path / "m.pdf").stat().st_size > 1000


def test_recurrence_is_said_when_registering(store, capsys):
    run(capsys, *ADD)
    code, _, err = run(capsys, *ADD)
    assert code == 0 and "回潮" in err


def test_bad_choice_is_refused_in_chinese(store, capsys):
    code = None
    with pytest.raises(SystemExit) as exit_:
        main(["hazard", "add", "--finder", "x", "--found-by", "电话", "--division", "龙华街道", "--address", "a",
              "--category", "燃气", "--deadline", "2026-12-01", "--by", "李"])
    code = exit_.value.code
    assert code == 2 and "没有“电话”这一项" in capsys.readouterr().err


def test_attach_each_file_on_its_own(store, capsys, tmp_path):
    _, out, _ = run(capsys, *ADD)
    hid = out.strip()
    (tmp_path / "fake.jpg").write_bytes(b"%PDF-1.4\n")
    code, out, err = run(capsys, "attach", "add", f"hazard:{hid}", photo(tmp_path / "a.jpg"), tmp_path / "fake.jpg")
    assert code == 2 and "a.jpg" in out and "fake.jpg：扩展名表明是JPEG 图片，但文件内容是PDF 文档" in err
    assert len(attachments.of_record(store, "hazards", hid)) == 1
    code, _, err = run(capsys, "attach", "add", "plan:x", tmp_path / "a.jpg")
    assert code == 2 and "类型:编号" in err
    code, out, _ = run(capsys, "attach", "limit", "5")
    assert "5 MB" in out


def test_ledger_round_trip_and_a_bad_workbook(store, capsys, tmp_path):
    from openpyxl import Workbook

    run(capsys, *ADD)
    assert run(capsys, "hazard", "export", "--out", tmp_path / "t.xlsx")[0] == 0
    code, out, err = run(capsys, "hazard", "import", tmp_path / "t.xlsx", "--by", "李值班", "--json")
    result = json.loads(out)
    assert result["added"] == [] and "已存在，未重复导入" in result["skipped"][0]
    assert any("状态" in w and "未导入" in w for w in result["warnings"])  # not imported, and said so

    wb = Workbook()
    ws = wb.active
    ws.title = "隐患台账"
    ws.append(["2026年11月隐患排查台账"])  # a title above the header, as offices make them
    ws.append(["检查日期", "排查人", "隐患来源", "所属街镇", "隐患地址", "隐患类型", "隐患级别", "整改时限", "存在问题"])
    ws.append(["2026-11-03", "张敏", "巡查", "田林街道", "田林路 1 号", "消防", "一般", "2026-11-30", "通道堵塞"])
    ws.append(["2026-11-04", "张敏", "巡查", "浦东新区", "某路", "天然气", "一般", "2026-11-01", ""])
    wb.save(tmp_path / "bad.xlsx")
    before = store.one("SELECT count(*) FROM hazards")[0]
    code, _, err = run(capsys, "hazard", "import", tmp_path / "bad.xlsx", "--by", "李值班")
    assert code == 2 and "未导入任何数据" in err
    assert "工作表「隐患台账」第 4 行「街镇」（D 列）" in err and "隐患类别“天然气”无效" in err
    assert "第 4 行「整改期限」（H 列）：整改期限 2026-11-01 早于发现日期" in err
    assert store.one("SELECT count(*) FROM hazards")[0] == before
    ws.delete_rows(4)
    wb.save(tmp_path / "good.xlsx")
    code, out, _ = run(capsys, "hazard", "import", tmp_path / "good.xlsx", "--by", "李值班", "--json")
    [hid] = json.loads(out)["added"]
    h = hazards.show(store, hid)
    assert (h["division"], h["category"], h["description"], h["steps"][0]["note"]) == \
        ("tianlin", "消防", "通道堵塞", "从 good.xlsx 导入")


def test_lists_and_recur_setting(store, capsys):
    code, out, _ = run(capsys, "hazard", "task", "add", "task", "--title", "群租整治", "--owner", "龙华街道",
                       "--deadline", "2026-12-31", "--division", "龙华街道")
    tid = out.strip()
    assert run(capsys, "hazard", "task", "state", tid, "进行中")[0] == 0
    code, out, _ = run(capsys, "hazard", "task", "list", "task", "--json")
    assert [(t["title"], t["state"]) for t in json.loads(out)] == [("群租整治", "进行中")]
    code, out, _ = run(capsys, "hazard", "recur-months", "6")
    assert "6 个月" in out


def test_attach_transfer_settings_from_the_command_line(store, capsys):
    code, out, _ = run(capsys, "attach", "policy")
    assert code == 0 and "全部自动下载" in out  # the centre fetches all by default
    run(capsys, "attach", "policy", "demand")
    assert "需要时下载" in run(capsys, "attach", "policy")[1]
    code, _, err = run(capsys, "attach", "sync")
    assert code == 2 and "尚未设置同步中心" in err


def test_a_ledger_as_a_street_office_keeps_it_imports_with_what_was_left_out_said(store, capsys, tmp_path):
    """Sheet1 under a merged title, a 序号 column, categories and levels with the words offices add
    (消防安全, 重大隐患), a blank row, a 合计 row at the bottom, and a second sheet of notes."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "龙华街道2026年11月隐患排查台账"
    ws.merge_cells("A1:K1")
    ws.append(["序号", "排查日期", "检查人", "发现方式", "街道", "隐患地址", "隐患类型", "隐患级别", "存在问题",
               "整改责任单位", "整改时限"])
    ws.append([1, "2026年11月3日", "王伟", "检查", "龙华街道", "龙华中路123号", "消防安全", "一般隐患",
               "消防通道堆放杂物", "某物业", "2026.11.30"])
    ws.append([])
    ws.append([2, "2026/11/4", "李明", "群众 举报", "龙华", "龙华西路1号", "燃气", "重大隐患", "燃气管道锈蚀",
               "某餐馆", "2026-12-04"])
    ws.append(["合计", "", "", "", "", "", "", "", "2 处", "", ""])
    wb.create_sheet("填表说明")["A1"] = "本表由街道安全办填写，每月 5 日前报区应急局"
    wb.save(tmp_path / "龙华.xlsx")
    code, out, err = run(capsys, "hazard", "import", tmp_path / "龙华.xlsx", "--by", "李值班", "--json")
    assert code == 0, err
    result = json.loads(out)
    kept = [hazards.show(store, hid) for hid in result["added"]]
    assert sorted((h["category"], h["level"], h["found_by"]) for h in kept) == [("消防", "一般", "检查"),
                                                                              ("燃气", "重大", "群众举报")]
    warnings = "\n".join(result["warnings"])
    assert "工作表「Sheet」第 6 行：合计行，未导入" in warnings      # openpyxl names its first sheet Sheet
    assert "工作表「填表说明」：不是可导入的工作表，未导入" in warnings
    assert "序号" not in warnings                 # an office's numbering column is read past without a word
