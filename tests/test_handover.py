"""The handover as a record: its sheet is made before it commits, stored with it, and reprinted as it was."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from xhduty.cli import main
from xhduty.core.duty import duty
from xhduty.core.duty import handover
from xhduty.core.store import StoreError
from xhduty.reports import handover_sheet

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
NOTICE = "关于做好寒潮防御工作的紧急通知。"  # 16 characters


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _counts(store) -> tuple:
    return tuple(store.one(f"SELECT count(*) FROM {t}")[0] for t in ("log_entries", "handovers", "shifts", "changes"))


@needs_poppler
def test_an_entry_of_20000_characters_prints_whole(on_duty, tmp_path):
    duty.add_entry(on_duty, NOTICE * 1250, kind="document")
    old = duty.current_shift(on_duty)["id"]
    record = handover.hand_over(on_duty, ["赵接班"], render=handover_sheet.sheet_pdf)
    path = tmp_path / "sheet.pdf"
    path.write_bytes(record["rendered"])
    text = "".join(pdf_text(path).split())
    # without the page footers, repeated table headers and the author cell beside its first line
    # the entry reads through whole, in order
    text = re.sub(r"测试站·值班交接班单第\d+页·交接于[\d:-]+|时间类型内容记录人|李值班", "", text)
    assert text.count(NOTICE) == 1250 and NOTICE * 1250 in text
    assert handover_sheet.write_handover_sheet(on_duty, old, tmp_path / "again.pdf").exists()


def test_a_sheet_that_cannot_be_made_commits_nothing(on_duty):
    duty.add_entry(on_duty, "区领导指示：加强值守", kind="instruction")
    shift = duty.current_shift(on_duty)
    before = _counts(on_duty)

    def broken(model):
        raise ValueError("Flowable <Table> too large on page 2")

    with pytest.raises(StoreError) as caught:
        handover.hand_over(on_duty, ["赵接班"], render=broken)
    message = str(caught.value)
    assert "交接班单未能生成" in message and "本班仍在岗" in message and "Flowable" not in message
    assert _counts(on_duty) == before
    assert duty.current_shift(on_duty) == shift


def test_the_sheet_is_rendered_from_the_model_it_is_stored_with(on_duty):
    duty.add_entry(on_duty, "传真机缺纸，已报修", kind="equipment")
    seen = []
    record = handover.hand_over(on_duty, ["赵接班", "钱接班"], leader="孙带班", notes="钥匙两把已交",
                                render=seen.append)
    stored = handover.last_handover(on_duty, record["shift_id"])["summary"]["sheet"]
    assert seen == [stored] == [record["sheet"]]
    equipment = next(s for s in stored["sections"] if s["title"] == handover.EQUIPMENT)
    assert equipment["title"] == "设备情况及其他交接事项"
    assert equipment["lines"][-1] == "钥匙两把已交" and "传真机缺纸，已报修" in equipment["lines"][0]
    assert stored["handover"]["incoming"] == ["赵接班", "钱接班"] and stored["handover"]["leader"] == "孙带班"


@needs_poppler
def test_a_past_sheet_reprints_as_first_printed_after_later_entries(on_duty, tmp_path):
    item = duty.add_entry(on_duty, "待物业回电确认排水完成", open_item=True)
    duty.add_entry(on_duty, "龙华中路地下车库进水", kind="intake", significant=True)
    old = duty.current_shift(on_duty)["id"]
    first = tmp_path / "first.pdf"
    first.write_bytes(handover.hand_over(on_duty, ["赵接班"], render=handover_sheet.sheet_pdf)["rendered"])
    # what happens afterwards changes the live summary of the old shift, not its sheet
    duty.close_item(on_duty, item, "物业回电：已排完")
    duty.mark_significant(on_duty, item)
    duty.add_entry(on_duty, "接班后的新记录")
    handover.hand_over(on_duty, ["孙接班"], outgoing_confirmed_by="赵接班")
    again = handover_sheet.write_handover_sheet(on_duty, old, tmp_path / "again.pdf")
    text = pdf_text(again)
    assert text == pdf_text(first)
    assert "（待办）" in text and "接班后的新记录" not in text and "已办结" not in text


@needs_poppler
def test_the_sheet_names_both_shifts_and_has_signature_lines(on_duty, tmp_path):
    record = handover.hand_over(on_duty, ["赵接班", "钱接班"], leader="孙带班")
    path = handover_sheet.write_handover_sheet(on_duty, record["shift_id"], tmp_path / "s.pdf")
    text = pdf_text(path)
    for words in ("交班人签字", "接班人签字", "带班领导签字", "李值班", "赵接班、钱接班", "王带班", "孙带班"):
        assert words in text


def test_a_handover_recorded_before_sheets_were_stored_is_rebuilt_and_says_so(on_duty):
    record = handover.hand_over(on_duty, ["赵接班"])
    row = handover.last_handover(on_duty, record["shift_id"])
    legacy = {k: v for k, v in row["summary"].items() if k != "sheet"}
    on_duty.con.execute("UPDATE handovers SET summary = ? WHERE id = ?", (json.dumps(legacy), record["id"]))
    model = handover.stored_sheet(on_duty, record["shift_id"])
    assert model["rebuilt"] and model["handover"]["incoming"] == ["赵接班"]
    texts = " ".join(f.text for f in handover_sheet.build_story(model) if hasattr(f, "text"))
    assert "据现有日志重建" in texts


def test_reprint_of_a_shift_not_handed_over_is_refused_in_chinese(on_duty, home):
    shift = duty.current_shift(on_duty)["id"]
    with pytest.raises(StoreError, match="尚未交接"):
        handover.stored_sheet(on_duty, shift)
    with pytest.raises(StoreError, match="没有编号为 nope 的班次"):
        handover.stored_sheet(on_duty, "nope")


# ------------------------------------------------------------------------------------------ name rules

def test_the_same_officer_twice_is_refused(store):
    with pytest.raises(StoreError, match="李四 填写了两次"):
        duty.start_shift(store, "王带班", ["李四", " 李四 "])
    assert duty.current_shift(store) is None


def test_the_duty_leader_cannot_also_be_an_officer(store):
    with pytest.raises(StoreError, match="王带班 不能既是带班领导又是值班员"):
        duty.start_shift(store, "王带班", ["王带班", "李四"])


def test_handing_over_to_the_officer_on_duty_is_refused(on_duty):
    before = _counts(on_duty)
    with pytest.raises(StoreError, match="李值班 正是本班在岗值班员"):
        handover.hand_over(on_duty, ["李值班"])
    with pytest.raises(StoreError, match="赵 填写了两次"):
        handover.hand_over(on_duty, ["赵", "赵"])
    with pytest.raises(StoreError, match="不能既是带班领导又是值班员"):
        handover.hand_over(on_duty, ["王带班"])  # the leader stays 王带班 by default
    assert _counts(on_duty) == before


def test_name_rules_hold_inside_the_write_transaction(on_duty):
    """A second window that checked before the first one handed over still cannot hand over again."""
    shift, *_ = handover.check_names(on_duty, ["赵接班"])
    handover.hand_over(on_duty, ["赵接班"])
    with pytest.raises(StoreError, match="交班确认人 李值班 不是本班值班员"):
        handover.hand_over(on_duty, ["钱接班"], outgoing_confirmed_by=shift["officers"][0])


def test_the_command_refuses_a_duplicate_officer_in_chinese(home, capsys):
    assert main(["init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street", "--division", "龙华"]) == 0
    assert main(["shift", "start", "--leader", "王建国", "--officer", "李四", "--officer", "李四"]) == 2
    assert "错误：值班员 李四 填写了两次" in capsys.readouterr().err


@needs_poppler
def test_the_command_lists_and_reprints_past_shifts(home, capsys, tmp_path):
    for argv in (["init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street", "--division", "龙华"],
                 ["shift", "start", "--leader", "王建国", "--officer", "李明"],
                 ["log", "add", "--text", "龙华中路地下车库进水"],
                 ["handover", "--to", "赵强", "--pdf", str(tmp_path / "first.pdf")]):
        assert main(argv) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["handover", "list", "--json"]) == 0
    past = json.loads(capsys.readouterr().out)
    assert [(p["outgoing"], p["incoming"]) for p in past] == [(["李明"], ["赵强"])]
    assert main(["handover", "print", "--shift", past[0]["shift_id"], "--pdf", str(tmp_path / "again.pdf")]) == 0
    assert pdf_text(tmp_path / "again.pdf") == pdf_text(tmp_path / "first.pdf")
    assert main(["handover"]) == 2
    assert "请用 --to 写明接班值班员" in capsys.readouterr().err


def test_a_corrected_open_item_carries_over_as_corrected(on_duty):
    """The next shift acts on the open items the sheet lists: one corrected since (a correction is a new
    entry; the original stays open) is listed with its last correction, through a correction of a
    correction, whichever shift made it."""
    item = duty.add_entry(on_duty, "龙华中路12号居民反映燃气味，待燃气公司回电", open_item=True)
    handover.hand_over(on_duty, ["赵接班"])
    first = duty.correct_entry(on_duty, item, "龙华西路12号居民反映燃气味，待燃气公司回电")
    duty.correct_entry(on_duty, first, "龙华西路112号居民反映燃气味，待燃气公司回电（号码 64870000）")
    marked = duty.add_entry(on_duty, "区领导指示：今晚加强巡查", significant=True)
    duty.correct_entry(on_duty, marked, "区领导指示：今晚22时前加强巡查")

    model = handover.sheet(on_duty, duty.current_shift(on_duty)["id"])
    lines = {s["title"]: s["lines"] for s in model["sections"]}
    [carried] = lines[handover.OPEN_ITEMS]
    assert carried.endswith("龙华中路12号居民反映燃气味，待燃气公司回电"
                            "（已更正为：龙华西路112号居民反映燃气味，待燃气公司回电（号码 64870000））")
    assert any(line.endswith("（已更正为：区领导指示：今晚22时前加强巡查）") for line in lines[handover.SIGNIFICANT])
    record = handover.hand_over(on_duty, ["钱接班"])
    assert "龙华西路112号" in "".join(s["lines"][0] for s in record["sheet"]["sections"]
                                      if s["title"] == handover.OPEN_ITEMS)


@needs_poppler
def test_the_signatures_are_never_split_across_pages(tmp_path):
    """Whatever the number of entries, 交班人签字 and 带班领导签字 are printed on the same page."""
    model = {"title": handover.SHEET_TITLE, "station": "XH-LH", "station_name": "龙华街道值班室",
             "day": "2026年12月01日", "counts": [], "warnings": [], "sections": [],
             "shift": {"id": "s", "start": "12-01 08:00", "end": "12-02 08:00", "leader": "王建国",
                       "officers": ["李明"]},
             "handover": {"at": "12-02 08:00", "incoming": ["赵强"], "leader": "王建国", "notes": "",
                          "confirmed_by": "李明"}}
    for n in range(20, 45):   # on this layout 29 and 30 entries put the page break inside the signatures
        model["entries"] = [{"at": "12-01 09:00", "kind": "其他记录", "text": "记录内容" * (1 + i % 3),
                             "author": "李明", "significant": False} for i in range(n)]
        pages = pdf_text(handover_sheet.write_sheet(model, tmp_path / f"{n}.pdf")).split("\f")
        assert [i for i, p in enumerate(pages) if "交班人签字" in p] == \
            [i for i, p in enumerate(pages) if "带班领导签字" in p], n
