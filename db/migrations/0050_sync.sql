-- Sync bookkeeping of a station.  All 'local': it describes this workstation's conversation with the hub
-- and must never travel to other stations.

-- Settings and cursors as key/value: hub_url, token, interval_minutes, pull_cursor (hub sequence of the
-- last pulled change), pull_cursor_change (its change id, so a hub restored from a backup is noticed),
-- pushed_seq (own station_seq the hub has confirmed), verified (cursor and pushed_seq where the digests
-- last agreed), last_attempt_at, last_ok_at, last_error.
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT
);

-- Own changes the hub refused, with its reason: shown to the user, left out of the digest comparison.
CREATE TABLE sync_refused (
    change_id  TEXT PRIMARY KEY,
    status     INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    refused_at TEXT NOT NULL
);

INSERT INTO table_kinds (name, kind) VALUES
    ('sync_state', 'local'), ('sync_refused', 'local');
