"""`xhduty check`: is the database sound, and is every station's duty log whole and unedited?"""

from __future__ import annotations

from xhduty.core import attachments
from xhduty.core.duty import clock_watch, duty
import sqlite3

from xhduty.core.store import Store, storage_error


def check(store: Store) -> list[str]:
    """Every problem found, each a Chinese sentence naming where; a database too damaged to read
    further yields one problem that says how to recover instead of an exception."""
    try:
        return _problems(store)
    except sqlite3.DatabaseError as exc:
        return [str(storage_error(exc, store.path))]


def _problems(store: Store) -> list[str]:
    problems: list[str] = []
    result = [r[0] for r in store.query("PRAGMA integrity_check")]
    if result != ["ok"]:
        problems.extend(f"数据库完整性检查：{r}" for r in result[:20])
    for row in store.query("PRAGMA foreign_key_check"):
        problems.append(f"外键错误：表 {row[0]} 第 {row[1]} 行引用 {row[2]} 中不存在的记录")
    problems.extend(_log_chain_problems(store))
    problems.extend(clock_watch.inversions(store))
    problems.extend(attachments.verify(store))
    return problems


def _log_chain_problems(store: Store) -> list[str]:
    problems = []
    stations = [r[0] for r in store.query("SELECT DISTINCT station FROM log_entries ORDER BY station")]
    for station in stations:
        expected_seq, prev_hash = 1, duty.GENESIS
        cur = store.con.execute("SELECT * FROM log_entries WHERE station = ? ORDER BY seq", (station,))
        for row in cur:
            entry = dict(row)
            where = f"站点 {station} 第 {entry['seq']} 条值班记录（{entry['at'][:16]}）"
            if entry["seq"] != expected_seq:
                problems.append(f"站点 {station} 的值班记录缺少第 {expected_seq}–{entry['seq'] - 1} 条（序号不连续）")
            elif entry["prev_hash"] != prev_hash:
                problems.append(f"{where} 与前一条记录的哈希不衔接：前一条被改动或删除")
            if duty.entry_hash(entry) != entry["hash"]:
                problems.append(f"{where} 的内容与其哈希不符：该记录被改动过")
            expected_seq, prev_hash = entry["seq"] + 1, entry["hash"]
    return problems
