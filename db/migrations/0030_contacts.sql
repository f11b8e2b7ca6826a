-- Contacts: the organisation tree (units), people with their contact methods in priority order and their
-- deputy (AB角), units' on-duty persons by date, and notification groups with their order.
-- Notification runs and their attempts are append-only: a run's state is derived from its attempts.

CREATE TABLE units (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    parent_id   TEXT,                        -- NULL for a root (区应急委)
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT '',    -- 委员会 / 指挥部 / 成员单位 / 部门 / 街镇 / 科室 / 居委会 / 分组
    duty_phone  TEXT NOT NULL DEFAULT '',    -- 值班电话
    fax         TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    sort        INTEGER NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT ''     -- '示例数据' marks demo records
);
CREATE INDEX units_parent ON units (parent_id, sort);

CREATE TABLE people (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    unit_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    post        TEXT NOT NULL DEFAULT '',    -- 职务
    role        TEXT NOT NULL DEFAULT '',    -- 角色 in emergencies (联络员, 指挥长 …)
    methods     TEXT NOT NULL DEFAULT '[]',  -- JSON [{"kind": "mobile", "value": "…"}, …] in priority order
    deputy_id   TEXT,                        -- AB角: who stands in when this person cannot be reached
    verified_on TEXT,                        -- YYYY-MM-DD the details were last checked
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_unit ON people (unit_id);

-- Who is on duty in a unit on a date (units' own rosters, as they send them in): person_id when the
-- person is in the contact list, otherwise just name and phone.
CREATE TABLE unit_duty (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    unit_id     TEXT NOT NULL,
    duty_date   TEXT NOT NULL,               -- YYYY-MM-DD
    person_id   TEXT,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX unit_duty_date ON unit_duty (duty_date, unit_id);

CREATE TABLE notify_groups (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    name        TEXT NOT NULL,               -- plans refer to groups by this name
    timeout_minutes INTEGER NOT NULL DEFAULT 15,  -- confirm within this, else alert and escalate
    note        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE notify_members (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    group_id    TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    sort        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notify_members_group ON notify_members (group_id, sort);

CREATE TABLE notify_runs (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    group_id    TEXT NOT NULL,
    group_name  TEXT NOT NULL,
    incident_id TEXT,
    text        TEXT NOT NULL DEFAULT '',    -- the notice read out / sent
    timeout_minutes INTEGER NOT NULL,
    members     TEXT NOT NULL,               -- JSON list of person ids in order, as the group was at start
    started_by  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE notify_attempts (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    person_id   TEXT NOT NULL,               -- the run member this attempt is about
    contact_id  TEXT NOT NULL,               -- who was actually contacted (the member or the deputy)
    method      TEXT NOT NULL DEFAULT '',    -- mobile / office / duty / fax / email / sms / unit_duty
    address     TEXT NOT NULL DEFAULT '',    -- the number or address used
    result      TEXT NOT NULL CHECK (result IN
                ('reached', 'confirmed', 'no-answer', 'message', 'sent', 'failed', 'escalated')),
    detail      TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notify_attempts_run ON notify_attempts (run_id, at);

-- Mail server and SMS gateway of this workstation (passwords stay on the station, never synced).
CREATE TABLE messaging_settings (key TEXT PRIMARY KEY, value TEXT);

INSERT INTO table_kinds (name, kind) VALUES
    ('units', 'mutable'), ('people', 'mutable'), ('unit_duty', 'mutable'), ('notify_groups', 'mutable'),
    ('notify_members', 'mutable'), ('notify_runs', 'append'), ('notify_attempts', 'append'),
    ('messaging_settings', 'local');
