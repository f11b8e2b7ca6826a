"""Storage that is not a normal disk (issue 19, item 7): read-only media, a damaged schema, a full disk.

Each case must end in a Chinese message that names the real cause, and lose nothing already saved."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest

from xhduty import cli
from xhduty.core import integrity
from xhduty.core.duty import duty
from xhduty.core.store import StoreError, open_store


def _count(store) -> int:
    return store.one("SELECT count(*) FROM log_entries")[0]


@pytest.fixture
def read_only_home(on_duty, tmp_path, monkeypatch):
    """The station's folder bind-mounted read-only (root ignores chmod, not a read-only mount)."""
    duty.add_entry(on_duty, "只读介质上的已有记录")
    on_duty.close()
    mnt = tmp_path.parent / (tmp_path.name + "-ro")
    mnt.mkdir()
    done = subprocess.run(["mount", "--bind", "-o", "ro", str(tmp_path), str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot bind-mount read-only here (needs root)")
    monkeypatch.setenv("XHDUTY_HOME", str(mnt))
    yield mnt
    subprocess.run(["umount", "--lazy", str(mnt)], check=True)  # the CLI leaves its store to exit


def test_read_only_media_opens_read_only_and_reads(read_only_home, capsys):
    store = open_store()
    assert store.read_only
    texts = [r[0] for r in store.query("SELECT text FROM log_entries ORDER BY seq")]
    assert "只读介质上的已有记录" in texts
    store.close()
    assert cli.main(["log", "list"]) == 0
    out, err = capsys.readouterr()
    assert "只读介质上的已有记录" in out
    assert "损坏" not in err


def test_write_on_read_only_media_says_read_only_not_restore(read_only_home, capsys):
    store = open_store()
    with pytest.raises(StoreError) as raised:
        duty.add_entry(store, "写不进去")
    message = str(raised.value)
    assert "只读介质" in message and "请勿用备份覆盖" in message
    assert "损坏" not in message
    store.close()
    assert cli.main(["log", "add", "--text", "写不进去"]) == 2
    assert "只读介质" in capsys.readouterr().err


def test_read_only_media_keeps_the_file_untouched(read_only_home):
    before = (read_only_home / "xhduty.db").read_bytes()
    store = open_store()
    assert integrity.check(store) == []
    store.close()
    assert (read_only_home / "xhduty.db").read_bytes() == before
    assert not (read_only_home / "xhduty.db-wal").exists()


def test_new_database_in_a_read_only_folder_says_read_only(read_only_home):
    with pytest.raises(StoreError, match="只读介质"):
        open_store(read_only_home / "new.db")
    assert not (read_only_home / "new.db").exists()


def _damage_schema(path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = 'CREATE TABLE log_entries(' WHERE name = 'log_entries'")
    con.commit()
    con.close()


def test_check_reports_damaged_schema_in_chinese_with_recovery(on_duty, home, capsys):
    on_duty.close()
    _damage_schema(home / "xhduty.db")
    assert cli.main(["check"]) == 2
    err = capsys.readouterr().err
    assert "已损坏" in err and "log_entries" in err and "备份" in err
    assert "Traceback" not in err and "malformed" not in err


def test_integrity_check_turns_a_damaged_schema_into_a_problem(on_duty, home):
    """A store opened before the damage (the window's, say): check() returns the Chinese problem."""
    _damage_schema(home / "xhduty.db")
    on_duty.con.close()
    on_duty.con = sqlite3.connect(home / "xhduty.db", isolation_level=None)
    problems = integrity.check(on_duty)
    assert len(problems) == 1 and "已损坏" in problems[0] and "备份" in problems[0]


def test_full_disk_gets_chinese_message_and_loses_nothing(on_duty):
    duty.add_entry(on_duty, "磁盘满之前的记录")
    before = _count(on_duty)
    pages = on_duty.one("PRAGMA page_count")[0]
    on_duty.con.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError) as raised:
        duty.add_entry(on_duty, "大" * 200_000)
    assert "磁盘已满" in str(raised.value) and "撤销" in str(raised.value)
    assert not on_duty.con.in_transaction
    on_duty.con.execute("PRAGMA max_page_count = 1073741823")
    assert _count(on_duty) == before
    duty.add_entry(on_duty, "清理空间后的记录")
    assert _count(on_duty) == before + 1
    assert integrity.check(on_duty) == []


def test_a_programming_error_is_not_dressed_as_a_storage_problem(store):
    with pytest.raises(sqlite3.OperationalError):
        with store.write() as tx:
            tx.execute_local("meta", "SELECT * FROM no_such_table")


def test_the_window_on_read_only_media_says_so_above_every_area(read_only_home, qtbot):
    from xhduty.ui.context import AppContext
    from xhduty.ui.main_window import MainWindow
    from xhduty.ui.qt import QLabel

    store = open_store()
    window = MainWindow(AppContext(store))
    qtbot.addWidget(window)
    window.show()
    banner = window.findChild(QLabel, "readOnlyBanner")
    assert banner is not None and banner.isVisible()
    assert "只读" in banner.text() and "请勿用备份覆盖" in banner.text()
    window.show_view("handover")
    assert banner.isVisible()
    window.close()
    store.close()
