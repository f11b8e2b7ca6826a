-- Derived, station-local: how each settled incident did against its report deadlines (首报/续报), so the
-- on-time chart over years of incidents sums a column instead of replaying every incident's reporting
-- clock.  Settled = closed, and taken longer ago than the longest 首报 limit: nothing about it changes
-- with time any more.  Rebuilt when the report rules change; an incident touched by any change (level,
-- status, a report, local or synced) is recomputed.  Can be dropped and rebuilt from the data any time.
-- Keyed by intake time first, so a date range reads one stretch of the table.
CREATE TABLE stat_timeliness (
    taken_at    TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    division    TEXT,
    level       TEXT NOT NULL,
    first_due   INTEGER NOT NULL,   -- 1 when its 首报 deadlines count
    first_ok    INTEGER NOT NULL,   -- 1 when every 首报 it owed was sent in time
    follow_due  INTEGER NOT NULL,   -- daily 续报 slots counted
    follow_ok   INTEGER NOT NULL,   -- of which met in time
    first_delay REAL,               -- minutes from intake to the first 首报 (NULL: none sent)
    PRIMARY KEY (taken_at, incident_id)
) WITHOUT ROWID;
CREATE INDEX stat_timeliness_incident ON stat_timeliness (incident_id);
INSERT INTO table_kinds (name, kind) VALUES ('stat_timeliness', 'local');

-- Every chart counts incidents over a range of intake times: an index holding all the columns they count
-- by answers them without reading the incidents themselves (five years are 50,000 rows).
DROP INDEX stat_incidents_taken;
CREATE INDEX stat_incidents_counted ON incidents (taken_at, division, deleted, type_code, level, status);
