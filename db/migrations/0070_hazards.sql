-- Hazard register (隐患排查治理): hazards and the steps of their rectification, the centre's 挂牌督办,
-- the two lists the district plan names (整治任务清单, 制度措施清单), and attachments (metadata only; the
-- files themselves lie content-addressed beside the database, named by their SHA-256).

-- A hazard.  ``state`` is where its workflow stands; every move is also a row of hazard_steps (who, when).
-- ``address_key`` is the address with spaces and punctuation removed: 回潮 compares it.
CREATE TABLE hazards (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    found_on    TEXT NOT NULL,                 -- YYYY-MM-DD
    finder      TEXT NOT NULL,                 -- who found it
    found_by    TEXT NOT NULL,                 -- 巡查 / 检查 / 群众举报 / 网格上报
    division    TEXT NOT NULL,                 -- divisions.code (街镇)
    address     TEXT NOT NULL,
    address_key TEXT NOT NULL,
    category    TEXT NOT NULL,                 -- one of the plan's 12 fields (hazards.CATEGORIES)
    level       TEXT NOT NULL CHECK (level IN ('一般', '重大')),
    description TEXT NOT NULL DEFAULT '',
    unit        TEXT NOT NULL DEFAULT '',      -- 责任单位
    person      TEXT NOT NULL DEFAULT '',      -- 责任人
    phone       TEXT NOT NULL DEFAULT '',
    measures    TEXT NOT NULL DEFAULT '',      -- 整改措施
    deadline    TEXT NOT NULL,                 -- 整改期限 YYYY-MM-DD
    state       TEXT NOT NULL DEFAULT 'registered'
                CHECK (state IN ('registered', 'rectifying', 'rectified', 'closed')),
    rectified_on TEXT,                         -- YYYY-MM-DD when 整改完成 was recorded
    closed_on   TEXT                           -- YYYY-MM-DD when 复核销号 was recorded
);
CREATE INDEX hazards_found ON hazards (found_on DESC, id DESC);
CREATE INDEX hazards_open ON hazards (state, deadline);
CREATE INDEX hazards_recur ON hazards (address_key, category, found_on);

-- The workflow, append-only: register → start → rectified → closed, each with who and when.
CREATE TABLE hazard_steps (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    hazard_id   TEXT NOT NULL,
    step        TEXT NOT NULL CHECK (step IN ('register', 'start', 'rectified', 'closed')),
    by_whom     TEXT NOT NULL,
    at          TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hazard_steps_hazard ON hazard_steps (hazard_id, at);

-- 挂牌督办 of a 重大隐患 by the district centre, append-only (lifting it is a row with lifted = 1).
CREATE TABLE hazard_supervisions (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    hazard_id   TEXT NOT NULL,
    lifted      INTEGER NOT NULL DEFAULT 0,
    by_whom     TEXT NOT NULL,
    at          TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hazard_supervisions_hazard ON hazard_supervisions (hazard_id, at);

-- 整治任务清单 (kind 'task') and 制度措施清单 (kind 'measure'): owner, deadline and state of each line.
CREATE TABLE hazard_tasks (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    kind        TEXT NOT NULL CHECK (kind IN ('task', 'measure')),
    title       TEXT NOT NULL,
    owner       TEXT NOT NULL,
    deadline    TEXT NOT NULL,                 -- YYYY-MM-DD
    state       TEXT NOT NULL DEFAULT '未开始' CHECK (state IN ('未开始', '进行中', '已完成')),
    division    TEXT,                          -- divisions.code; NULL = district-wide (the centre's)
    hazard_id   TEXT,                          -- the hazard it came from, if any
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hazard_tasks_kind ON hazard_tasks (kind, state, deadline);

-- Files attached to a record.  The file is named by ``sha256`` under attachments/ beside the database;
-- removing an attachment is a tombstone (deleted = 1), the file stays (other records may share it).
CREATE TABLE attachments (
    id           TEXT PRIMARY KEY,
    station      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0,
    record_table TEXT NOT NULL,                -- log_entries / incidents / hazards / shelters / teams
    record_id    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    kind         TEXT NOT NULL,                -- jpeg / png / tiff / heic / pdf / docx / xlsx / pptx / doc
    name         TEXT NOT NULL,                -- the file's name when attached
    role         TEXT NOT NULL DEFAULT '',     -- '' / before (整改前) / after (整改后)
    division     TEXT,                         -- the record's 街镇 where it has one (scope of the file)
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_record ON attachments (record_table, record_id);
CREATE INDEX attachments_sha ON attachments (sha256);

INSERT INTO table_kinds (name, kind) VALUES
    ('hazards', 'mutable'), ('hazard_steps', 'append'), ('hazard_supervisions', 'append'),
    ('hazard_tasks', 'mutable'), ('attachments', 'mutable');
