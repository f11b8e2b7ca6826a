-- hub_log keeps only what the hub reads from it: each hub_seq's change, station and table, looked up by
-- hub_seq (the pull, the digest, hello).  Gone, with their cost on every change a hub receives (a tenth of
-- its SQL on a push, bench/sync_speed.py):
--
--   UNIQUE (change_id)   a change id is the primary key of `changes`, written in the same transaction,
--                        and only changes the merge stored new are numbered;
--   AUTOINCREMENT        hub_seq is still max + 1: no row of hub_log is ever deleted, so no number is
--                        handed out twice, and the numbers already handed out (the stations' pull cursors)
--                        stay as they are;
--   hub_log_table        no query reads hub_log by table.
CREATE TABLE hub_log_lean (
    hub_seq   INTEGER PRIMARY KEY,
    change_id TEXT NOT NULL,
    station   TEXT NOT NULL,
    tbl       TEXT NOT NULL
);
INSERT INTO hub_log_lean (hub_seq, change_id, station, tbl) SELECT hub_seq, change_id, station, tbl FROM hub_log;
DROP TABLE hub_log;
ALTER TABLE hub_log_lean RENAME TO hub_log;
DELETE FROM sqlite_sequence WHERE name = 'hub_log';
