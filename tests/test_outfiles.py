"""Exports and printouts are written whole or not at all, and a refusal of the system is said in Chinese."""

import errno

import pytest

from xhduty.core import outfiles
from xhduty.core.store import StoreError


def test_a_file_is_written_and_its_folder_made(tmp_path):
    target = tmp_path / "导出" / "台账.xlsx"
    assert outfiles.write_whole(target, lambda tmp: tmp.write_text("新")) == target
    assert target.read_text() == "新" and [p.name for p in target.parent.iterdir()] == ["台账.xlsx"]


def test_a_failure_half_way_keeps_the_old_file_and_leaves_no_part(tmp_path):
    target = tmp_path / "台账.xlsx"
    target.write_text("旧")

    def full_disk(tmp):
        tmp.write_text("半")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(StoreError, match=r"无法写入 .*台账\.xlsx：磁盘已满"):
        outfiles.write_whole(target, full_disk)
    assert target.read_text() == "旧" and [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]


def test_a_folder_that_is_a_file_is_named_in_chinese(tmp_path):
    (tmp_path / "报表").write_text("一个文件")
    with pytest.raises(StoreError, match="路径中有一个同名的文件，不是文件夹") as refused:
        outfiles.write_whole(tmp_path / "报表" / "月度.pdf", lambda tmp: tmp.write_text("x"))
    assert "Errno" not in str(refused.value)


def test_a_bug_in_the_writer_is_not_dressed_as_a_disk_problem(tmp_path):
    def broken(tmp):
        tmp.write_text("半")
        raise KeyError("列")

    with pytest.raises(KeyError):
        outfiles.write_whole(tmp_path / "x.xlsx", broken)
    assert list(tmp_path.iterdir()) == []
