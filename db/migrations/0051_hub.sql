-- Tables of the district hub (`xhduty hub serve`).  The hub is a store like any station's, so these exist
-- in every database, but only a hub's file ever has rows in them.  All 'local'.

-- Registered stations: role and division decide what each may write and read; only a hash of the token
-- is kept.  last_seq is the highest station_seq received without a gap (accepted or refused).
CREATE TABLE hub_stations (
    code          TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('centre', 'street', 'unit')),
    division      TEXT,
    token_hash    TEXT NOT NULL UNIQUE,
    last_seq      INTEGER NOT NULL DEFAULT 0,
    registered_at TEXT NOT NULL,
    last_seen_at  TEXT
);

-- The order in which the hub received changes: the pull cursor of every station is a hub_seq.
CREATE TABLE hub_log (
    hub_seq   INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id TEXT NOT NULL UNIQUE,
    station   TEXT NOT NULL,
    tbl       TEXT NOT NULL
);
CREATE INDEX hub_log_table ON hub_log (tbl, hub_seq);

-- Every refused request or change, for the administrator (and so a re-sent change gets the same answer).
CREATE TABLE hub_refusals (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    station   TEXT,
    change_id TEXT,
    status    INTEGER NOT NULL,
    reason    TEXT NOT NULL,
    client    TEXT
);
CREATE INDEX hub_refusals_change ON hub_refusals (change_id) WHERE change_id IS NOT NULL;

INSERT INTO table_kinds (name, kind) VALUES
    ('hub_stations', 'local'), ('hub_log', 'local'), ('hub_refusals', 'local');
