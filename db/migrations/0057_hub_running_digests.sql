-- The hub's running digests: per table and station, the count of its stored changes and the XOR of their
-- 64-bit hashes (as signed integers), kept in the transaction that stores them, so a station's digest is
-- read from these rows and the few changes after its cursor instead of a scan of the whole log.
CREATE TABLE hub_digests (
    tbl     TEXT NOT NULL,
    station TEXT NOT NULL,
    n       INTEGER NOT NULL,
    x       INTEGER NOT NULL,
    PRIMARY KEY (tbl, station)
);

-- How far each station has pulled (its lag is the newest hub_seq less this), and refusals by age for the
-- retention setting.
ALTER TABLE hub_stations ADD COLUMN pulled_to INTEGER;
CREATE INDEX hub_refusals_at ON hub_refusals (at);

INSERT INTO table_kinds (name, kind) VALUES ('hub_digests', 'local');
