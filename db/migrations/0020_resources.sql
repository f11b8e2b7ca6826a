-- Emergency resources: depots and the item catalogue, the append-only stock ledger (on hand is derived),
-- teams, experts, vehicles and equipment, shelters, team dispatches, and the neighbourhood of divisions.

-- GB/T 38565-2020 codes are four levels in seven digits (1 + 2 + 2 + 2); the first digit is the class
-- below.  Only these three classes are shipped: the finer levels are not reproduced here as fact, an item
-- carries its full seven-digit code as typed (``00`` for a level not subdivided, ``99`` = catch-all).
CREATE TABLE supply_classes (
    code TEXT PRIMARY KEY,          -- the first digit of an item's code
    name TEXT NOT NULL
);
INSERT INTO supply_classes (code, name) VALUES
    ('1', '基本生活保障物资'),
    ('2', '应急装备及配套物资'),
    ('3', '工程材料与机械加工设备');

CREATE TABLE depots (
    id         TEXT PRIMARY KEY,
    station    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,        -- 储备库 (district depot) / 储备点 (division supply point)
    division   TEXT NOT NULL,        -- divisions.code
    address    TEXT NOT NULL DEFAULT '',
    keeper     TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    hours      TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE items (
    id         TEXT PRIMARY KEY,
    station    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    name       TEXT NOT NULL,
    class_code TEXT NOT NULL,        -- GB/T 38565 seven-digit code
    spec       TEXT NOT NULL DEFAULT '',
    unit       TEXT NOT NULL,        -- the unit stock is counted in (个, 条, 台 …)
    pack_size  INTEGER NOT NULL DEFAULT 1,   -- units per pack (箱/捆)
    note       TEXT NOT NULL DEFAULT ''
);

-- Minimum level of an item in a depot.  The id is '<depot>:<item>', so two stations setting the same
-- minimum while apart write the same record and merge field by field instead of doubling it.
CREATE TABLE stock_minimums (
    id         TEXT PRIMARY KEY,
    station    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    depot_id   TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    minimum    INTEGER NOT NULL
);
CREATE INDEX stock_minimums_item ON stock_minimums (item_id);

-- The ledger.  Append-only: on hand = sum(qty) per depot/item/lot.  A transfer is two rows sharing
-- transfer_id; a stocktake is one row of (counted − computed) that also keeps what was counted.
CREATE TABLE stock_movements (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN
                  ('receive', 'issue', 'transfer_out', 'transfer_in', 'return', 'writeoff', 'count')),
    depot_id    TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    lot         TEXT NOT NULL DEFAULT '',
    expires     TEXT,                -- YYYY-MM-DD of the lot, carried on every row of the lot
    qty         INTEGER NOT NULL,    -- signed, in the item's unit
    counted     INTEGER,             -- stocktake: the amount found
    person      TEXT NOT NULL DEFAULT '',  -- 经办人
    party       TEXT NOT NULL DEFAULT '',  -- source of a receipt, recipient of an issue
    reason      TEXT NOT NULL DEFAULT '',
    incident_id TEXT,
    transfer_id TEXT
);
CREATE INDEX stock_movements_onhand ON stock_movements (depot_id, item_id, lot, qty, expires);
CREATE INDEX stock_movements_card ON stock_movements (item_id, depot_id, at);
CREATE INDEX stock_movements_incident ON stock_movements (incident_id) WHERE incident_id IS NOT NULL;

-- Derived: the ledger summed per depot/item/lot up to movement rowid `meta.stock_balances_rowid`, brought
-- up to date before it is read (movements are only ever inserted, so new rowids are all that is new, local
-- or synced).  Local: each station derives its own; it can be dropped and rebuilt from the ledger any time.
CREATE TABLE stock_balances (
    depot_id TEXT NOT NULL,
    item_id  TEXT NOT NULL,
    lot      TEXT NOT NULL,
    qty      INTEGER NOT NULL,
    expires  TEXT,
    PRIMARY KEY (depot_id, item_id, lot)
) WITHOUT ROWID;

CREATE TABLE teams (
    id           TEXT PRIMARY KEY,
    station      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0,
    name         TEXT NOT NULL,
    type         TEXT NOT NULL DEFAULT '',
    size         INTEGER NOT NULL DEFAULT 0,
    leader       TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    base         TEXT NOT NULL DEFAULT '',
    division     TEXT NOT NULL,
    capabilities TEXT NOT NULL DEFAULT '',
    readiness    TEXT NOT NULL DEFAULT '待命',   -- 待命 / 出动 / 休整 / 不可用
    note         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE experts (
    id         TEXT PRIMARY KEY,
    station    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    name       TEXT NOT NULL,
    field      TEXT NOT NULL DEFAULT '',
    unit       TEXT NOT NULL DEFAULT '',
    phones     TEXT NOT NULL DEFAULT '',
    division   TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE equipment (
    id            TEXT PRIMARY KEY,
    station       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,     -- 车辆 / 装备
    type          TEXT NOT NULL DEFAULT '',
    serial        TEXT NOT NULL DEFAULT '',   -- plate of a vehicle, serial number of equipment
    base          TEXT NOT NULL DEFAULT '',
    division      TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT '完好',  -- 完好 / 出动 / 维修 / 报废
    service_due   TEXT,
    insurance_due TEXT,
    note          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE shelters (
    id         TEXT PRIMARY KEY,
    station    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    name       TEXT NOT NULL,
    class      TEXT NOT NULL,        -- Ⅰ类 / Ⅱ类 / Ⅲ类 (GB 21734-2008)
    capacity   INTEGER NOT NULL DEFAULT 0,
    area_m2    INTEGER NOT NULL DEFAULT 0,
    address    TEXT NOT NULL DEFAULT '',
    division   TEXT NOT NULL,
    facilities TEXT NOT NULL DEFAULT '',
    contact    TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    occupancy  INTEGER NOT NULL DEFAULT 0,
    note       TEXT NOT NULL DEFAULT ''
);

-- A team sent to an incident (the duty log entry written with it is what the timeline shows).
CREATE TABLE team_dispatches (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    at          TEXT NOT NULL,
    team_id     TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX team_dispatches_incident ON team_dispatches (incident_id);

-- Which divisions border which: ranks "nearby" resources.  A station-local, editable setting
-- (`xhduty resources neighbours`).  The pairs below are drawn from general knowledge of Xuhui's map and
-- have NOT been checked against an official boundary map: correct them on site.
CREATE TABLE division_neighbours (
    division  TEXT NOT NULL,
    neighbour TEXT NOT NULL,
    PRIMARY KEY (division, neighbour)
) WITHOUT ROWID;
WITH pairs (a, b) AS (VALUES
    ('hunanlu', 'tianpinglu'), ('hunanlu', 'xujiahui'),
    ('tianpinglu', 'xujiahui'), ('tianpinglu', 'fenglinlu'), ('tianpinglu', 'xietulu'),
    ('xietulu', 'fenglinlu'), ('xietulu', 'longhua'),
    ('fenglinlu', 'xujiahui'), ('fenglinlu', 'caohejing'), ('fenglinlu', 'longhua'),
    ('xujiahui', 'tianlin'), ('xujiahui', 'caohejing'),
    ('tianlin', 'hongmeilu'), ('tianlin', 'kangjian'), ('tianlin', 'caohejing'),
    ('hongmeilu', 'kangjian'),
    ('kangjian', 'caohejing'), ('kangjian', 'lingyunlu'),
    ('caohejing', 'lingyunlu'), ('caohejing', 'longhua'),
    ('lingyunlu', 'longhua'), ('lingyunlu', 'changqiao'),
    ('longhua', 'changqiao'),
    ('changqiao', 'huajing'), ('lingyunlu', 'huajing'))
INSERT INTO division_neighbours (division, neighbour)
    SELECT a, b FROM pairs UNION SELECT b, a FROM pairs;

-- Dispatching stock or a team to an incident is logged by the program under its own kind.
INSERT INTO log_kinds (code, name, system, sort) VALUES ('dispatch', '资源调派', 1, 30);

INSERT INTO table_kinds (name, kind) VALUES
    ('supply_classes', 'reference'), ('depots', 'mutable'), ('items', 'mutable'),
    ('stock_minimums', 'mutable'), ('stock_movements', 'append'), ('teams', 'mutable'),
    ('experts', 'mutable'), ('equipment', 'mutable'), ('shelters', 'mutable'),
    ('team_dispatches', 'append'), ('division_neighbours', 'local'), ('stock_balances', 'local');
