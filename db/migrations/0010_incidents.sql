-- Incidents (突发事件) and the reporting clock: the incident record, its level changes, the reports sent
-- up the chain (首报/续报/终报), the tasks given (交办事项) and the report-deadline rules.

CREATE TABLE incidents (
    id              TEXT PRIMARY KEY,
    station         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0,
    title           TEXT NOT NULL,
    type_code       TEXT NOT NULL,           -- event_types.code, e.g. 'N.flood', 'A.fire'
    level           TEXT NOT NULL,           -- levels.code: I II III IV U
    division        TEXT,                    -- divisions.code or NULL
    place           TEXT NOT NULL DEFAULT '',
    occurred_at     TEXT,
    taken_at        TEXT NOT NULL,           -- 接报时间: every report deadline counts from here
    status          TEXT NOT NULL CHECK (status IN ('taken', 'handling', 'closed')),
    description     TEXT NOT NULL DEFAULT '',
    casualties      TEXT NOT NULL DEFAULT '',
    losses          TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT '', -- 信息来源: who reported it to us
    source_entry_id TEXT,                     -- the intake log entry it was opened from
    closed_at       TEXT
);
CREATE INDEX incidents_status ON incidents (status, taken_at);

-- Every change of level, kept (the incidents row only holds the current level).
CREATE TABLE incident_level_changes (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    at          TEXT NOT NULL,
    from_level  TEXT NOT NULL,
    to_level    TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    author      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_level_changes_incident ON incident_level_changes (incident_id, at);

-- Reports sent up: append-only, a wrong report is followed by another, never edited.
CREATE TABLE incident_reports (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    stage       TEXT NOT NULL CHECK (stage IN ('first', 'followup', 'final')),
    channel     TEXT NOT NULL CHECK (channel IN ('phone', 'written')),
    number      INTEGER NOT NULL DEFAULT 0,  -- 续报 number (1 = 续报一); 0 for 首报/终报
    at          TEXT NOT NULL,               -- when it was sent
    text        TEXT NOT NULL,
    fields      TEXT,                        -- JSON: the 值班信息 fields as sent
    signed_by   TEXT NOT NULL DEFAULT '',    -- 签发
    author      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_reports_incident ON incident_reports (incident_id, at);

-- 交办事项: what was handed to a unit or person, by when, and whether it is done.
CREATE TABLE incident_tasks (
    id           TEXT PRIMARY KEY,
    station      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0,
    incident_id  TEXT,                   -- NULL for a task not tied to an incident
    owner_unit   TEXT NOT NULL DEFAULT '',
    owner_person TEXT NOT NULL DEFAULT '',
    instruction  TEXT NOT NULL,
    given_at     TEXT NOT NULL,
    due_at       TEXT,
    status       TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
    result       TEXT NOT NULL DEFAULT '',
    done_at      TEXT
);
CREATE INDEX incident_tasks_status ON incident_tasks (status, due_at);

-- Report-deadline rules.  The defaults ship here (identical everywhere, never written at run time); what an
-- administrator sets is kept in report_rules with the id '<scope>:<key>', so the same rule edited on two
-- stations merges as one record.  scope 'level' = per incident level; scope 'type' = a cap for an event
-- type or category (the work-safety 1-hour rule).  Minutes count from the time the incident was taken.
CREATE TABLE report_rule_defaults (
    scope           TEXT NOT NULL CHECK (scope IN ('level', 'type')),
    key             TEXT NOT NULL,
    phone_minutes   INTEGER,           -- 首报 by phone; NULL = not required
    written_minutes INTEGER,           -- 首报 in writing
    followup_times  TEXT NOT NULL DEFAULT '',  -- daily 续报 times 'HH:MM,HH:MM'; '' = 续报 as things change
    final_hours     INTEGER,           -- 终报 within hours of taking; NULL = no fixed limit
    basis           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (scope, key)
);
INSERT INTO report_rule_defaults VALUES
    ('level', 'I',   15, 30,  '08:00,17:00', NULL, '默认：特别重大，电话 15 分钟、书面 30 分钟，每日定时续报'),
    ('level', 'II',  15, 30,  '08:00,17:00', NULL, '默认：重大，电话 15 分钟、书面 30 分钟，每日定时续报'),
    ('level', 'III', 30, 60,  '08:00,17:00', NULL, '默认：较大，电话 30 分钟、书面 60 分钟，每日定时续报'),
    ('level', 'IV',  NULL, 360, '',          NULL, '默认：一般，书面 6 小时内，情况变化时续报'),
    ('level', 'U',   30, 60,  '',            NULL, '默认：未定级按较大事件时限首报，定级后重算'),
    ('type', 'A.work',         NULL, 60, '', NULL, '默认：生产安全事故 1 小时内报告'),
    ('type', 'A.hazchem',      NULL, 60, '', NULL, '默认：生产安全事故 1 小时内报告'),
    ('type', 'A.construction', NULL, 60, '', NULL, '默认：生产安全事故 1 小时内报告'),
    ('type', 'A.confined',     NULL, 60, '', NULL, '默认：生产安全事故 1 小时内报告'),
    ('type', 'N',              NULL, 120, '', NULL, '默认：自然灾害初报 2 小时内');

CREATE TABLE report_rules (
    id              TEXT PRIMARY KEY,    -- '<scope>:<key>'
    station         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0,  -- 1 = back to the default
    scope           TEXT NOT NULL CHECK (scope IN ('level', 'type')),
    key             TEXT NOT NULL,
    phone_minutes   INTEGER,
    written_minutes INTEGER,
    followup_times  TEXT NOT NULL DEFAULT '',
    final_hours     INTEGER,
    basis           TEXT NOT NULL DEFAULT ''
);

INSERT INTO log_kinds (code, name, system, sort) VALUES
    ('incident', '事件处置', 1, 25),
    ('task',     '交办事项', 1, 26);

INSERT INTO table_kinds (name, kind) VALUES
    ('incidents', 'mutable'), ('incident_level_changes', 'append'), ('incident_reports', 'append'),
    ('incident_tasks', 'mutable'), ('report_rule_defaults', 'reference'), ('report_rules', 'mutable');
