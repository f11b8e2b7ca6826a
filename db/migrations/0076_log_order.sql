-- The duty log lists entries in the order they were recorded (issue 19, item 6), not by the wall-clock
-- times they carry: NTP may step a clock that ran fast back, and an entry recorded after the step would
-- otherwise sort among earlier ones.  Station-local and kept by the database itself, so an entry written
-- here and one applied from sync get their place the same way, in the same transaction.
--
--   recorded  the entry's created_at, raised to that of its station's previous entry (by seq) when the
--             station's clock had gone back: a station's entries keep their sequence, and the entries of
--             several stations (in the centre's log) interleave by when each was recorded;
--   pos       recorded, station and seq as one sortable text: the log's order, and the key the log view
--             pages by (never all ids).
-- The time an officer typed (``at``, which may be backdated) is shown, never used for the order.
CREATE TABLE log_order (
    entry_id TEXT PRIMARY KEY,
    shift_id TEXT,
    recorded TEXT NOT NULL,
    pos      TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO log_order (entry_id, shift_id, recorded, pos)
    SELECT id, shift_id, recorded, recorded || ' ' || station || ' ' || printf('%010d', seq)
    FROM (SELECT id, shift_id, station, seq,
                 max(created_at) OVER (PARTITION BY station ORDER BY seq) AS recorded
          FROM log_entries);

CREATE INDEX log_order_pos ON log_order (pos);
CREATE INDEX log_order_shift ON log_order (shift_id, pos);

-- How many entries each shift holds, so the log view opens on a shift of any length without counting it
-- (counting a million index entries takes a quarter of a second).
CREATE TABLE log_shift_sizes (
    shift_id TEXT PRIMARY KEY,
    entries  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO log_shift_sizes (shift_id, entries)
    SELECT shift_id, count(*) FROM log_entries WHERE shift_id IS NOT NULL GROUP BY shift_id;

CREATE TRIGGER log_order_on_insert AFTER INSERT ON log_entries
WHEN NOT EXISTS (SELECT 1 FROM deferred_triggers WHERE tbl = 'log_entries') BEGIN
    INSERT OR REPLACE INTO log_order (entry_id, shift_id, recorded, pos)
        SELECT NEW.id, NEW.shift_id, r, r || ' ' || NEW.station || ' ' || printf('%010d', NEW.seq)
        FROM (SELECT max(NEW.created_at, coalesce(
                  (SELECT o.recorded FROM log_entries p JOIN log_order o ON o.entry_id = p.id
                   WHERE p.station = NEW.station AND p.seq < NEW.seq ORDER BY p.seq DESC LIMIT 1), '')) AS r);
    INSERT INTO log_shift_sizes (shift_id, entries) SELECT NEW.shift_id, 1 WHERE NEW.shift_id IS NOT NULL
        ON CONFLICT (shift_id) DO UPDATE SET entries = entries + 1;
END;

-- A station restored from a backup renumbers the entries the hub had not seen (xhduty.sync.recovery).
CREATE TRIGGER log_order_on_renumber AFTER UPDATE OF seq ON log_entries BEGIN
    UPDATE log_order SET pos = recorded || ' ' || NEW.station || ' ' || printf('%010d', NEW.seq)
        WHERE entry_id = NEW.id;
END;

INSERT INTO table_kinds (name, kind) VALUES ('log_order', 'local'), ('log_shift_sizes', 'local');

-- The same for a page of entries applied by sync (0075_deferred_triggers.sql): recorded is the running
-- maximum over the page's entries of a station by seq, raised to the recorded of that station's nearest
-- entry before the page — what the trigger gives them one by one, pulled in order (tests/test_store.py
-- compares the two).
INSERT INTO bulk_statements (tbl, statement) VALUES ('log_entries', '
    WITH page AS (SELECT id, shift_id, station, seq, created_at FROM log_entries
                  WHERE id IN (SELECT value FROM json_each(:ids))),
         first AS (SELECT station, min(seq) AS seq FROM page GROUP BY station),
         before AS (SELECT station, coalesce(
                        (SELECT o.recorded FROM log_entries p JOIN log_order o ON o.entry_id = p.id
                         WHERE p.station = first.station AND p.seq < first.seq ORDER BY p.seq DESC LIMIT 1),
                        '''') AS recorded
                    FROM first)
    INSERT OR REPLACE INTO log_order (entry_id, shift_id, recorded, pos)
        SELECT id, shift_id, r, r || '' '' || station || '' '' || printf(''%010d'', seq)
        FROM (SELECT page.id, page.shift_id, page.station, page.seq,
                     max(max(page.created_at) OVER (PARTITION BY page.station ORDER BY page.seq),
                         before.recorded) AS r
              FROM page JOIN before USING (station))'),
    ('log_entries', '
    INSERT INTO log_shift_sizes (shift_id, entries)
        SELECT shift_id, count(*) FROM log_entries
        WHERE id IN (SELECT value FROM json_each(:ids)) AND shift_id IS NOT NULL GROUP BY shift_id
        ON CONFLICT (shift_id) DO UPDATE SET entries = entries + excluded.entries');
