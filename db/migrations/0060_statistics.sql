-- Statistics: the key indicators (主要指标) of the district's emergency-management plan and the values
-- the bureau enters for them.
--
-- indicator_defs is reference data: ONLY the indicators of 徐汇区应急管理"十四五"规划 that are listed in
-- ../shared/REFERENCE.md, with the targets written there and nothing more.  REFERENCE.md does not say
-- whether each is 约束性 or 预期性, so kind is left '' (shown as 未注明) rather than guessed.
-- computed names how the app derives the actual value from its own data ('' = entered by people).
CREATE TABLE indicator_defs (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    unit       TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT '' CHECK (kind IN ('', '约束性', '预期性')),
    target     TEXT NOT NULL,            -- the target as the plan words it
    op         TEXT NOT NULL CHECK (op IN ('>=', '<=')),
    goal       REAL NOT NULL,            -- the number the actual value is compared with
    baseline   TEXT NOT NULL DEFAULT '', -- the starting point the plan names
    computed   TEXT NOT NULL DEFAULT '' CHECK (computed IN ('', 'district_depots', 'supply_points')),
    sort       INTEGER NOT NULL
);
INSERT INTO indicator_defs (code, name, unit, kind, target, op, goal, baseline, computed, sort) VALUES
    ('fire_stations', '消防站数量', '座', '', '形成"13+X"布局（不少于 13 座）', '>=', 13, '规划编制时 7 座', '', 1),
    ('district_depot', '区级应急物资保障库', '个', '', '全区 1 个', '>=', 1, '', 'district_depots', 2),
    ('supply_points', '应急物资储备点', '个/街道', '', '每个街道 1 个', '>=', 1, '', 'supply_points', 3);

-- What the bureau enters: a value as of a date, with its source.  A new figure is a new record (the
-- history stays); a wrong one is deleted (tombstone) and entered again.  The newest as_of counts.
-- Kept station-local for now: a synced table needs a write rule in xhduty/sync/authority.py (the
-- centre's), which that area adds; the columns are already those of a mutable table, so a later
-- migration only changes its kind.
CREATE TABLE indicator_values (
    id         TEXT PRIMARY KEY,
    station    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    indicator  TEXT NOT NULL,            -- indicator_defs.code
    value      REAL NOT NULL,
    as_of      TEXT NOT NULL,            -- YYYY-MM-DD
    source     TEXT NOT NULL,            -- where the figure comes from (a document, a department)
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX indicator_values_indicator ON indicator_values (indicator, as_of);

-- Charts narrow incidents by the time they were taken over years of records.
CREATE INDEX IF NOT EXISTS stat_incidents_taken ON incidents (taken_at, division);

INSERT INTO table_kinds (name, kind) VALUES ('indicator_defs', 'reference'), ('indicator_values', 'local');
