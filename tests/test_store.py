"""The store: migrations, the single write path and its outbox, merges of remote changes."""

from __future__ import annotations

import contextlib
import json
from datetime import timedelta
import sqlite3

import pytest

from xhduty.core import clock
from xhduty.core.duty import duty
from xhduty.core.store import StoreError, init_station, known_migrations, migrate, open_store


def test_insert_records_change_in_same_transaction(store):
    with store.write() as tx:
        rid = tx.insert("roster", {"duty_date": "2026-11-29", "shift": "白班", "leader": "王",
                                   "officers": json.dumps(["李"])})
    change = store.one("SELECT * FROM changes WHERE record_id = ?", (rid,))
    assert change["tbl"] == "roster" and change["op"] == "insert" and change["station"] == "XH-TEST"
    assert json.loads(change["fields"])["leader"] == "王"


def test_failed_transaction_leaves_neither_row_nor_change(store):
    before = store.one("SELECT count(*) FROM changes")[0]
    with pytest.raises(RuntimeError):
        with store.write() as tx:
            tx.insert("roster", {"duty_date": "2026-11-29", "shift": "白班", "leader": "王", "officers": "[]"})
            raise RuntimeError("power cut")
    assert store.one("SELECT count(*) FROM roster")[0] == 0
    assert store.one("SELECT count(*) FROM changes")[0] == before


def test_update_records_only_changed_fields_with_previous_stamp(store):
    with store.write() as tx:
        rid = tx.insert("roster", {"duty_date": "2026-11-29", "shift": "白班", "leader": "王", "officers": "[]"})
    with store.write() as tx:
        assert tx.update("roster", rid, {"leader": "张", "shift": "白班"})
        assert not tx.update("roster", rid, {"leader": "张"})
    change = store.query("SELECT * FROM changes WHERE record_id = ? ORDER BY station_seq", (rid,))[-1]
    assert set(json.loads(change["fields"])) == {"leader", "updated_at"}
    insert_stamp = store.query("SELECT hlc FROM changes WHERE record_id = ? ORDER BY station_seq", (rid,))[0][0]
    assert json.loads(change["prev"])["leader"] == insert_stamp


def test_append_only_tables_refuse_updates(on_duty):
    entry = duty.add_entry(on_duty, "接报：漕溪北路积水")
    with pytest.raises(StoreError, match="只能追加"):
        with on_duty.write() as tx:
            tx.update("log_entries", entry, {"text": "改过"})


def test_station_sequence_is_gapless(on_duty):
    for i in range(5):
        duty.add_entry(on_duty, f"记录 {i}")
    seqs = [r[0] for r in on_duty.query("SELECT station_seq FROM changes ORDER BY station_seq")]
    assert seqs == list(range(1, len(seqs) + 1))


def test_every_table_declares_its_merge_kind(store):
    tables = {r[0] for r in store.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")}
    shadow = {t for t in tables if any(t.startswith(v + "_") for v in _virtual_tables(store))}
    undeclared = tables - shadow - set(store.kinds())
    assert not undeclared, f"tables without a merge kind in table_kinds: {sorted(undeclared)}"


def _virtual_tables(store):
    return [r[0] for r in store.query("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]


def test_synced_tables_carry_the_columns_the_write_path_fills(store):
    for table, kind in store.kinds().items():
        cols = set(store.columns(table))
        if kind in ("append", "mutable"):
            assert {"id", "station", "created_at"} <= cols, table
        if kind == "mutable":
            assert {"updated_at", "deleted"} <= cols, table


def test_newer_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "x.db"
    open_store(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 9999")
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="比本程序支持的版本"):
        open_store(path)
    assert path.read_bytes() == before


def test_migration_takes_a_backup_first(tmp_path):
    path = tmp_path / "x.db"
    migrations = known_migrations()
    migrate(path, migrations[:1])
    assert not (tmp_path / "backups").exists()  # a new database needs no backup
    migrate(path, migrations)
    backups = list((tmp_path / "backups").glob("before-migration-v1-*.db"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1


def test_failed_migration_rolls_back(tmp_path):
    path = tmp_path / "x.db"
    migrations = known_migrations()
    migrate(path, migrations[:1])
    bad = tmp_path / "9998_broken.sql"
    bad.write_text("CREATE TABLE ok_table (x); THIS IS NOT SQL;", encoding="utf-8")
    from xhduty.core.store import Migration

    with pytest.raises(StoreError, match="已回滚"):
        migrate(path, migrations[:1] + [Migration(9998, bad)])
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ok_table'").fetchone()[0] == 0


def test_station_identity_is_validated(home):
    st = open_store()
    with pytest.raises(StoreError, match="站点代码"):
        init_station(st, "徐汇", "x", "centre")
    with pytest.raises(StoreError, match="站点类型"):
        init_station(st, "XH01", "x", "county")
    init_station(st, "XH01", "区总值班室", "centre")
    with pytest.raises(StoreError, match="已属于站点"):
        init_station(st, "XH02", "x", "centre")


def _remote_change(store, **kw):
    base = {"change_id": "R1", "station": "XH-OTHER", "station_seq": 1, "hlc": "9999999999999.00000.XH-OTHER",
            "op": "update", "prev": None}
    base.update(kw)
    return base


def test_apply_is_idempotent_and_last_writer_wins(store):
    with store.write() as tx:
        rid = tx.insert("roster", {"duty_date": "2026-11-29", "shift": "白班", "leader": "王", "officers": "[]"})
    insert_stamp = store.one("SELECT hlc FROM changes WHERE record_id = ?", (rid,))[0]
    remote = _remote_change(store, tbl="roster", record_id=rid, fields={"leader": "赵"},
                            prev={"leader": insert_stamp})
    with store.write() as tx:
        assert tx.apply(remote) == "applied"
        assert tx.apply(remote) == "duplicate"
    assert store.get("roster", rid)["leader"] == "赵"
    assert store.one("SELECT count(*) FROM conflicts")[0] == 0


def test_one_record_created_twice_converges_whichever_creation_comes_first(tmp_path):
    """A creation keeps one field_clock row for the fields it named (store.CREATED); a field it did not name
    has no stamp.  Two creations of one record, naming different fields, then meet in either order: both
    stations end with the same values, and a later edit of a field still follows its creation's stamp."""
    def creation(change_id, station, ms, fields):
        stamp = f"{ms:013d}.00000.{station}"
        return {"change_id": change_id, "station": station, "station_seq": 1, "hlc": stamp, "tbl": "roster",
                "record_id": "R", "op": "insert", "prev": None,
                "fields": {"id": "R", "station": station, "created_at": "2026-11-29T08:00:00",
                           "updated_at": "2026-11-29T08:00:00", "deleted": 0, "duty_date": "2026-11-29",
                           "shift": "白班", "leader": "王", "officers": "[]", **fields}}
    early = creation("C1", "XH-A", 1_000, {"leader": "甲", "phone": "64000000"})
    late = creation("C2", "XH-B", 2_000, {"leader": "乙", "note": "后"})          # names no phone
    edit = {"change_id": "C3", "station": "XH-A", "station_seq": 2, "hlc": "0000000001500.00000.XH-A",
            "tbl": "roster", "record_id": "R", "op": "update", "fields": {"note": "甲改"}, "prev": {"note": None}}
    results = []
    for order in ([early, late, edit], [late, early, edit], [early, edit, late]):
        store = open_store(tmp_path / f"{len(results)}.db")
        init_station(store, f"XH-{len(results)}", "站", "centre")
        for change in order:
            with store.write() as tx:
                tx.apply(change)
        results.append({k: store.get("roster", "R")[k] for k in ("leader", "phone", "note")})
        store.close()
    assert results[0] == results[1] == results[2] == {"leader": "乙", "phone": "64000000", "note": "后"}


def test_concurrent_writes_keep_the_loser_in_conflicts(store):
    with store.write() as tx:
        rid = tx.insert("roster", {"duty_date": "2026-11-29", "shift": "白班", "leader": "王", "officers": "[]"})
    insert_stamp = store.one("SELECT hlc FROM changes WHERE record_id = ?", (rid,))[0]
    with store.write() as tx:
        tx.update("roster", rid, {"leader": "孙"})  # local write the remote had not seen
    # the remote write is older than ours: ours stays, theirs is kept as a conflict
    older = _remote_change(store, tbl="roster", record_id=rid, fields={"leader": "赵"},
                           prev={"leader": insert_stamp}, hlc="0000000000001.00000.XH-OTHER")
    with store.write() as tx:
        assert tx.apply(older) == "conflict"
    assert store.get("roster", rid)["leader"] == "孙"
    conflict = store.one("SELECT * FROM conflicts")
    assert json.loads(conflict["lost_value"]) == "赵" and json.loads(conflict["kept_value"]) == "孙"


def test_a_write_follows_stamps_applied_through_another_connection(store):
    """A background sync on its own connection applies a stamp from a fast clock; the GUI's next edit of
    the same field must still come after it, or the officer's edit would silently lose."""
    with store.write() as tx:
        rid = tx.insert("roster", {"duty_date": "2026-11-29", "shift": "白班", "leader": "王", "officers": "[]"})
    other = open_store(store.path)
    insert_stamp = other.one("SELECT hlc FROM changes WHERE record_id = ?", (rid,))[0]
    ahead = f"{clock.wall_ms() + 3 * 3_600_000}.00000.XH-FAST"   # hours fast (days ahead is never adopted)
    with other.write() as tx:
        tx.apply(_remote_change(other, change_id="FAST1", station="XH-FAST", hlc=ahead, tbl="roster",
                                record_id=rid, fields={"leader": "赵"}, prev={"leader": insert_stamp}))
    other.close()
    with store.write() as tx:
        tx.update("roster", rid, {"leader": "孙"})
    mine = store.query("SELECT hlc FROM changes WHERE record_id = ? ORDER BY hlc", (rid,))[-1][0]
    assert mine > ahead and mine.endswith("XH-TEST")


def _entry_change(seq: int, created_at: str, **extra) -> dict:
    """A duty-log entry of station XH-OTHER as pulled (fields as a dict, as from the wire)."""
    rid = f"E{seq}"
    fields = {"id": rid, "station": "XH-OTHER", "seq": seq, "created_at": created_at, "at": created_at,
              "kind": "note", "text": f"示例数据：第 {seq} 条", "prev_hash": "0", "hash": "0", **extra}
    return _remote_change(None, change_id=f"C{seq}", station_seq=seq, hlc=f"{1764560000000 + seq}.00000.XH-OTHER",
                          tbl="log_entries", record_id=rid, op="insert", fields=fields)


def test_a_batch_inserts_a_tables_rows_in_the_order_received_whatever_columns_they_name(store):
    """The log's order (log_order, kept by a trigger) of an entry depends on the entries before it: a batch
    must insert them in sequence even when they name different columns (here: one gives its author)."""
    changes = [_entry_change(1, "2026-12-01T11:00:00+08:00"),
               _entry_change(2, "2026-12-01T11:00:05+08:00", author="值班员甲"),
               _entry_change(3, "2026-12-01T10:00:10+08:00")]           # its station's clock was stepped back
    with store.write() as tx:
        assert tx.apply_many(changes) == ["applied"] * 3
    recorded = dict(store.query("SELECT entry_id, recorded FROM log_order"))
    assert recorded["E3"] == recorded["E2"] == "2026-12-01T11:00:05+08:00"


def test_fields_given_as_json_text_are_kept_as_they_are(store):
    text = '{"id": "E9", "station": "XH-OTHER", "seq": 9, "created_at": "2026-12-01T11:00:00+08:00",' \
           ' "at": "2026-12-01T11:00:00+08:00", "kind": "note", "text": "示例数据", "prev_hash": "0", "hash": "0"}'
    change = {**_entry_change(9, "2026-12-01T11:00:00+08:00"), "fields": text}
    with store.write() as tx:
        assert tx.apply_many([change, _entry_change(8, "2026-12-01T10:59:00+08:00")]) == ["applied"] * 2
    assert store.one("SELECT fields FROM changes WHERE change_id = 'C9'")[0] == text
    assert json.loads(store.one("SELECT fields FROM changes WHERE change_id = 'C8'")[0])["seq"] == 8
    assert store.get("log_entries", "E9")["text"] == "示例数据"


def test_a_batch_adopts_its_newest_stamp_that_is_not_absurdly_far_ahead(store):
    with store.write() as tx:
        rid = tx.insert("roster", {"duty_date": "2026-11-29", "shift": "白班", "leader": "王", "officers": "[]"})
    hours_fast = f"{clock.wall_ms() + 3 * 3_600_000}.00000.XH-OTHER"
    broken = "9999999999999.00000.XH-OTHER"                     # refused by the hub; never adopted here either
    with store.write() as tx:
        tx.apply_many([_remote_change(store, change_id="A", station_seq=1, hlc=hours_fast, tbl="roster",
                                      record_id=rid, fields={"leader": "赵"}),
                       _remote_change(store, change_id="B", station_seq=2, hlc=broken, tbl="roster",
                                      record_id=rid, fields={"shift": "夜班"})])
    with store.write() as tx:
        tx.update("roster", rid, {"leader": "孙"})
    mine = store.one("SELECT hlc FROM changes WHERE station = 'XH-TEST' ORDER BY station_seq DESC")[0]
    assert hours_fast < mine < broken


def test_a_page_of_pulled_entries_gets_the_log_order_the_trigger_gives_one_by_one(store, tmp_path):
    """Sync fills log_order and log_shift_sizes for a page at once (bulk_statements, migration 0075); the
    origin's trigger filled them entry by entry.  Same entries, clock stepped back twice: same order."""
    origin = open_store(tmp_path / "origin" / "xhduty.db")
    init_station(origin, "XH-ORIGIN", "示例数据：来源站", "centre")
    start = clock.now()
    times = [0, 60, 3600, 3610, 30, 40, 3620, 50]                 # seconds after start: two steps back
    for n, offset in enumerate(times):
        with clock.frozen(start + timedelta(seconds=offset)), origin.write() as tx:
            duty.append_entry(tx, text=f"示例数据：第 {n} 条", shift_id=f"SHIFT{n % 2}")
    pages = [[dict(r) for r in origin.query("SELECT * FROM changes ORDER BY station_seq")]]
    pages = [pages[0][:3], pages[0][3:]]                            # an earlier page is here already
    for page in pages:
        with store.write() as tx:
            tx.apply_many(page)

    def order(s):
        return (s.query("SELECT entry_id, shift_id, recorded, pos FROM log_order ORDER BY pos"),
                s.query("SELECT shift_id, entries FROM log_shift_sizes ORDER BY shift_id"))
    mine, theirs = order(store), order(origin)
    assert [tuple(r) for r in mine[0]] == [tuple(r) for r in theirs[0]] and len(mine[0]) == len(times)
    assert [tuple(r) for r in mine[1]] == [tuple(r) for r in theirs[1]] == [("SHIFT0", 4), ("SHIFT1", 4)]
    assert store.one("SELECT count(*) FROM deferred_triggers")[0] == 0
    origin.close()


def test_checkpoints_resume_after_a_sync_however_it_ends(store):
    for failing in (False, True):
        with pytest.raises(RuntimeError) if failing else contextlib.nullcontext():
            with store.checkpoint_after():
                assert store.one("PRAGMA wal_autocheckpoint")[0] == 0
                with store.write() as tx:
                    duty.append_entry(tx, text="示例数据：同步中写入")
                if failing:
                    raise RuntimeError("the hub went away")
        assert store.one("PRAGMA wal_autocheckpoint")[0] == 1000
        busy, log, done = store.one("PRAGMA wal_checkpoint(PASSIVE)")
        assert busy == 0 and log == done                 # everything written is in the database file


def test_replayable_commits_skip_the_fsync_and_only_inside(store):
    """Store.replayable (a pulled page): synchronous NORMAL inside, FULL again after, also after an error."""
    level = lambda: store.one("PRAGMA synchronous")[0]        # noqa: E731 — 1 NORMAL, 2 FULL
    assert level() == 2
    with pytest.raises(RuntimeError):
        with store.replayable():
            assert level() == 1
            raise RuntimeError
    assert level() == 2
