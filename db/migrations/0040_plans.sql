-- Contingency plans (应急预案): district-wide mutable records, each with its response levels and its full
-- text as sections (JSON), so one plan is one record that syncs and merges as a whole field by field.

CREATE TABLE plans (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    code        TEXT NOT NULL,               -- the plan's own id in its file; a re-import updates it
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,               -- 总体 / 专项 / 部门 / 基层单位 / 重大活动
    hazards     TEXT NOT NULL DEFAULT '[]',  -- JSON list of event_types codes
    keywords    TEXT NOT NULL DEFAULT '[]',  -- JSON list
    owner       TEXT NOT NULL DEFAULT '',    -- 编制（牵头）单位
    version     TEXT NOT NULL DEFAULT '',
    issued      TEXT,                        -- YYYY-MM-DD
    review_due  TEXT,                        -- YYYY-MM-DD, when the plan must be evaluated again
    levels      TEXT NOT NULL DEFAULT '[]',  -- JSON: response levels with triggers, lead body, actions
    notify      TEXT NOT NULL DEFAULT '[]',  -- JSON list of contact groups to notify
    resources   TEXT NOT NULL DEFAULT '[]',  -- JSON list of resource categories to ready
    sections    TEXT NOT NULL DEFAULT '[]',  -- JSON list of {heading, depth, text}
    structured  INTEGER NOT NULL DEFAULT 1,  -- 0 = imported from Word/text, levels not yet given
    sample      INTEGER NOT NULL DEFAULT 0,  -- 1 = part of the built-in 示例预案库
    source      TEXT NOT NULL DEFAULT ''     -- file it was imported from
);
CREATE INDEX plans_code ON plans (code);

-- A response started from a plan: the chosen level's actions, frozen at start, as a checklist.
CREATE TABLE plan_responses (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    incident_id TEXT,                        -- NULL when started from a warning signal alone
    plan_id     TEXT NOT NULL,
    level       TEXT NOT NULL,               -- I II III IV
    steps       TEXT NOT NULL,               -- JSON list of {step, unit, within}
    started_by  TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_responses_incident ON plan_responses (incident_id);

-- Ticking a step is an event: append-only; un-ticking is a new tick with done = 0.
CREATE TABLE response_ticks (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    response_id TEXT NOT NULL,
    step_no     INTEGER NOT NULL,
    done        INTEGER NOT NULL,
    at          TEXT NOT NULL,
    person      TEXT NOT NULL
);
CREATE INDEX response_ticks_response ON response_ticks (response_id, created_at);

-- The search index: derived from plans on this station (CJK bigrams as space-separated tokens), one row
-- per section; a plan's rows have consecutive rowids, kept in plan_search_rows so re-indexing one plan
-- deletes a rowid range instead of scanning the index.
CREATE VIRTUAL TABLE plan_search USING fts5(
    title, heading, body, plan_id UNINDEXED, section UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE plan_search_rows (
    plan_id TEXT PRIMARY KEY,
    first   INTEGER NOT NULL,
    last    INTEGER NOT NULL
);

-- Which terms the index holds (and in how many sections): a query word that is not there backs off to
-- its single characters.
CREATE VIRTUAL TABLE plan_search_vocab USING fts5vocab(plan_search, 'row');

INSERT INTO table_kinds (name, kind) VALUES
    ('plans', 'mutable'), ('plan_responses', 'mutable'), ('response_ticks', 'append'),
    ('plan_search', 'local'), ('plan_search_rows', 'local'), ('plan_search_vocab', 'local');
