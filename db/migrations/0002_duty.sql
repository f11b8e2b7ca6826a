-- The duty room's spine: roster, shifts, the append-only duty log (hash-chained per station), handovers.

CREATE TABLE log_kinds (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    system INTEGER NOT NULL DEFAULT 0,   -- 1 = written by the program, not offered in the entry form
    sort   INTEGER NOT NULL
);
INSERT INTO log_kinds (code, name, system, sort) VALUES
    ('intake',      '来电接报',   0, 1),
    ('call_out',    '去电通知',   0, 2),
    ('report_up',   '信息上报',   0, 3),
    ('instruction', '领导指示',   0, 4),
    ('relay',       '传达落实',   0, 5),
    ('followup',    '跟踪反馈',   0, 6),
    ('warning',     '预警信息',   0, 7),
    ('document',    '收发文电',   0, 8),
    ('equipment',   '设备情况',   0, 9),
    ('note',        '其他记录',   0, 10),
    ('correction',  '更正',       1, 20),
    ('mark',        '标记重要',   1, 21),
    ('close',       '办结',       1, 22),
    ('shift',       '交接班',     1, 23),
    ('alert',       '系统提醒',   1, 24);

CREATE TABLE roster (
    id         TEXT PRIMARY KEY,
    station    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    duty_date  TEXT NOT NULL,            -- YYYY-MM-DD
    shift      TEXT NOT NULL,            -- 白班 / 夜班 / 全天 (free text the roster uses)
    leader     TEXT NOT NULL,            -- 带班领导
    officers   TEXT NOT NULL,            -- JSON list of 值班员
    phone      TEXT NOT NULL DEFAULT '', -- 值班电话
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX roster_date ON roster (duty_date);

CREATE TABLE shifts (
    id         TEXT PRIMARY KEY,
    station    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    ended_at   TEXT,
    leader     TEXT NOT NULL,
    officers   TEXT NOT NULL,            -- JSON list
    status     TEXT NOT NULL CHECK (status IN ('open', 'closed'))
);
CREATE INDEX shifts_station ON shifts (station, started_at);

CREATE TABLE log_entries (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    seq         INTEGER NOT NULL,        -- per station, 1, 2, 3 … (a gap is detectable)
    created_at  TEXT NOT NULL,
    shift_id    TEXT,
    at          TEXT NOT NULL,           -- when it happened (editable in the form, to the minute)
    kind        TEXT NOT NULL REFERENCES log_kinds (code),
    text        TEXT NOT NULL,
    significant INTEGER NOT NULL DEFAULT 0,
    open_item   INTEGER NOT NULL DEFAULT 0,  -- needs follow-up; carried over until a 'close' entry
    details     TEXT,                    -- JSON: the 值班电话记录 fields of an intake entry
    corrects    TEXT,                    -- id of the entry this one corrects
    refers_to   TEXT,                    -- id of the entry a mark/close entry is about
    incident_id TEXT,
    author      TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    UNIQUE (station, seq)
);
CREATE INDEX log_entries_at ON log_entries (at);
CREATE INDEX log_entries_shift ON log_entries (shift_id, at);
CREATE INDEX log_entries_refers ON log_entries (refers_to) WHERE refers_to IS NOT NULL;
CREATE INDEX log_entries_corrects ON log_entries (corrects) WHERE corrects IS NOT NULL;
CREATE INDEX log_entries_open ON log_entries (open_item) WHERE open_item = 1;
CREATE INDEX log_entries_incident ON log_entries (incident_id) WHERE incident_id IS NOT NULL;

CREATE TABLE handovers (
    id            TEXT PRIMARY KEY,
    station       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    shift_id      TEXT NOT NULL,
    next_shift_id TEXT NOT NULL,
    at            TEXT NOT NULL,
    outgoing      TEXT NOT NULL,         -- JSON list: officers handing over (confirmed by name)
    incoming      TEXT NOT NULL,         -- JSON list: officers taking over (confirmed by name)
    leader        TEXT NOT NULL,         -- duty leader of the next shift
    notes         TEXT NOT NULL DEFAULT '',   -- equipment and anything else to pass on
    summary       TEXT NOT NULL          -- JSON snapshot of what was handed over
);

INSERT INTO table_kinds (name, kind) VALUES
    ('log_kinds', 'reference'), ('roster', 'mutable'), ('shifts', 'mutable'),
    ('log_entries', 'append'), ('handovers', 'append');

-- Alerts raised by the scheduled checks on this workstation (deadlines, expiry, reviews …).  Local: each
-- station raises its own from the synced data; the first raising is written to the duty log.
CREATE TABLE alerts (
    key          TEXT PRIMARY KEY,       -- stable identity of the condition, e.g. report:<id>:overdue
    source       TEXT NOT NULL,          -- which check raised it
    level        TEXT NOT NULL CHECK (level IN ('info', 'warning', 'overdue')),
    text         TEXT NOT NULL,
    raised_at    TEXT NOT NULL,
    cleared_at   TEXT
);
INSERT INTO table_kinds (name, kind) VALUES ('alerts', 'local');
