-- The district hub on PostgreSQL (xhduty hub serve --db postgresql://…): the changes it received, in the
-- order it numbered them, and what its rules need.  Portable SQL (no extensions) so PostgreSQL-compatible
-- servers (KingbaseES, openGauss, HighGo) can run it too.  Applied by xhduty.hub.postgres_db.migrate.

-- Registered stations (as the SQLite hub's hub_stations): last_seq is the highest station_seq received
-- without a gap; pulled_to how far the station has pulled.
CREATE TABLE hub_stations (
    code          TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('centre', 'street', 'unit')),
    division      TEXT,
    token_hash    TEXT NOT NULL UNIQUE,
    last_seq      BIGINT NOT NULL DEFAULT 0,
    registered_at TEXT NOT NULL,
    last_seen_at  TEXT,
    pulled_to     BIGINT
);

-- Every accepted change, numbered: hub_seq is the stations' pull cursor.  Numbers are taken from
-- hub_counter at the end of the storing transaction, whose row lock is held until commit, so changes
-- become visible in hub_seq order (no puller can pass a number that commits later).  h is the change's
-- 64-bit digest hash (signed).
CREATE TABLE hub_changes (
    hub_seq     BIGINT PRIMARY KEY,
    change_id   TEXT NOT NULL UNIQUE,
    station     TEXT NOT NULL,
    station_seq BIGINT NOT NULL,
    hlc         TEXT NOT NULL,
    tbl         TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    op          TEXT NOT NULL CHECK (op IN ('insert', 'update')),
    fields      TEXT NOT NULL,
    prev        TEXT,
    h           BIGINT NOT NULL,
    UNIQUE (station, station_seq)
);

CREATE TABLE hub_counter (
    one  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    last BIGINT NOT NULL
);
INSERT INTO hub_counter (one, last) VALUES (TRUE, 0);

-- The merged state of every record (JSON text of its row and of its field stamps {field: [hlc, prev]}),
-- what the authority rules read (owner, division, a movement's depot) and what the next merge starts from.
CREATE TABLE hub_records (
    tbl       TEXT NOT NULL,
    record_id TEXT NOT NULL,
    station   TEXT NOT NULL,
    data      TEXT NOT NULL,
    stamps    TEXT NOT NULL,
    PRIMARY KEY (tbl, record_id)
);

-- Every refused change, for the administrator and so a re-sent change gets the same answer.
CREATE TABLE hub_refusals (
    id          BIGSERIAL PRIMARY KEY,
    at          TEXT NOT NULL,
    station     TEXT,
    change_id   TEXT,
    status      INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    client      TEXT,
    tbl         TEXT,
    record_id   TEXT,
    op          TEXT,
    station_seq BIGINT
);
CREATE INDEX hub_refusals_change ON hub_refusals (change_id);
CREATE INDEX hub_refusals_record ON hub_refusals (tbl, record_id);
CREATE INDEX hub_refusals_station_seq ON hub_refusals (station, station_seq);
CREATE INDEX hub_refusals_at ON hub_refusals (at);

-- Running digests per table and station: count and XOR of the hashes of the stored changes.
CREATE TABLE hub_digests (
    tbl     TEXT NOT NULL,
    station TEXT NOT NULL,
    n       BIGINT NOT NULL,
    x       BIGINT NOT NULL,
    PRIMARY KEY (tbl, station)
);
