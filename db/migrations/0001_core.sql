-- Core bookkeeping: station identity, the change outbox, per-field merge clocks, conflicts and the
-- declaration of how every table merges.  Reference data of the domain follows.

CREATE TABLE table_kinds (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('append', 'mutable', 'reference', 'local'))
);

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

-- The outbox and the history: one row per changed record, local and applied-from-elsewhere alike.
CREATE TABLE changes (
    change_id   TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    station_seq INTEGER NOT NULL,
    hlc         TEXT NOT NULL,
    tbl         TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    op          TEXT NOT NULL CHECK (op IN ('insert', 'update')),
    fields      TEXT NOT NULL,
    prev        TEXT,
    UNIQUE (station, station_seq)
);
CREATE INDEX changes_hlc ON changes (hlc);
CREATE INDEX changes_record ON changes (tbl, record_id);

CREATE TABLE field_clock (
    tbl       TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    hlc       TEXT NOT NULL,
    prev      TEXT,
    PRIMARY KEY (tbl, record_id, field)
) WITHOUT ROWID;

CREATE TABLE conflicts (
    id          TEXT PRIMARY KEY,
    tbl         TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    kept_value  TEXT,
    kept_hlc    TEXT,
    lost_value  TEXT,
    lost_hlc    TEXT,
    detected_at TEXT NOT NULL,
    resolved    INTEGER NOT NULL DEFAULT 0
);

INSERT INTO table_kinds (name, kind) VALUES
    ('table_kinds', 'local'), ('meta', 'local'), ('changes', 'local'),
    ('field_clock', 'local'), ('conflicts', 'local');

-- ------------------------------------------------------------------ reference data (same everywhere)

CREATE TABLE divisions (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,          -- 街道 / 镇
    sort INTEGER NOT NULL
);
INSERT INTO divisions (code, name, kind, sort) VALUES
    ('tianpinglu',  '天平路街道',   '街道', 1),
    ('hunanlu',     '湖南路街道',   '街道', 2),
    ('xietulu',     '斜土路街道',   '街道', 3),
    ('fenglinlu',   '枫林路街道',   '街道', 4),
    ('changqiao',   '长桥街道',     '街道', 5),
    ('tianlin',     '田林街道',     '街道', 6),
    ('hongmeilu',   '虹梅路街道',   '街道', 7),
    ('kangjian',    '康健新村街道', '街道', 8),
    ('xujiahui',    '徐家汇街道',   '街道', 9),
    ('lingyunlu',   '凌云路街道',   '街道', 10),
    ('longhua',     '龙华街道',     '街道', 11),
    ('caohejing',   '漕河泾街道',   '街道', 12),
    ('huajing',     '华泾镇',       '镇',   13);

CREATE TABLE event_types (
    code     TEXT PRIMARY KEY,   -- N/A/H/S for the four categories, N.flood … for sub-types
    parent   TEXT,               -- the category of a sub-type
    name     TEXT NOT NULL,
    sort     INTEGER NOT NULL
);
INSERT INTO event_types (code, parent, name, sort) VALUES
    ('N', NULL, '自然灾害', 100),
    ('N.flood', 'N', '水旱灾害', 101),
    ('N.weather', 'N', '气象灾害', 102),
    ('N.quake', 'N', '地震灾害', 103),
    ('N.geo', 'N', '地质灾害', 104),
    ('N.ocean', 'N', '海洋灾害', 105),
    ('N.bio', 'N', '生物灾害', 106),
    ('N.forest', 'N', '森林草原火灾', 107),
    ('A', NULL, '事故灾难', 200),
    ('A.work', 'A', '工矿商贸企业安全事故', 201),
    ('A.hazchem', 'A', '危险化学品事故', 202),
    ('A.construction', 'A', '建筑施工事故', 203),
    ('A.confined', 'A', '有限空间作业事故', 204),
    ('A.traffic', 'A', '交通运输事故', 205),
    ('A.fire', 'A', '火灾事故', 206),
    ('A.gas', 'A', '燃气事故', 207),
    ('A.elevator', 'A', '电梯及特种设备事故', 208),
    ('A.water', 'A', '供水事故', 209),
    ('A.power', 'A', '大面积停电事故', 210),
    ('A.underground', 'A', '地下空间事故', 211),
    ('A.crowd', 'A', '人员密集场所拥挤踩踏事故', 212),
    ('A.pollution', 'A', '环境污染和生态破坏事件', 213),
    ('H', NULL, '公共卫生事件', 300),
    ('H.epidemic', 'H', '传染病疫情', 301),
    ('H.unknown', 'H', '群体性不明原因疾病', 302),
    ('H.food', 'H', '食品安全和职业危害', 303),
    ('H.animal', 'H', '动物疫情', 304),
    ('S', NULL, '社会安全事件', 400),
    ('S.terror', 'S', '恐怖袭击事件', 401),
    ('S.economic', 'S', '经济安全事件', 402),
    ('S.foreign', 'S', '涉外突发事件', 403),
    ('S.mass', 'S', '群体性事件', 404);

CREATE TABLE levels (
    code  TEXT PRIMARY KEY,      -- I II III IV, and U for not yet graded
    name  TEXT NOT NULL,
    label TEXT NOT NULL,
    rank  INTEGER NOT NULL       -- 1 = most severe
);
INSERT INTO levels (code, name, label, rank) VALUES
    ('I', 'Ⅰ级', '特别重大', 1),
    ('II', 'Ⅱ级', '重大', 2),
    ('III', 'Ⅲ级', '较大', 3),
    ('IV', 'Ⅳ级', '一般', 4),
    ('U', '未定级', '未定级', 5);

INSERT INTO table_kinds (name, kind) VALUES
    ('divisions', 'reference'), ('event_types', 'reference'), ('levels', 'reference');
