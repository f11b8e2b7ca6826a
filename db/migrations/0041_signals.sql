-- Weather warning signals (气象预警信号) as the city issues them; lifting one sets lifted_at.
CREATE TABLE weather_signals (
    id          TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    type        TEXT NOT NULL,               -- 台风 暴雨 暴雪 寒潮 大风 … (signals.COLOURS)
    colour      TEXT NOT NULL,               -- 蓝 黄 橙 红
    issued_at   TEXT NOT NULL,
    lifted_at   TEXT,
    source      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX weather_signals_active ON weather_signals (lifted_at, issued_at);

INSERT INTO table_kinds (name, kind) VALUES ('weather_signals', 'mutable');
