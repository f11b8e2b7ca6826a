-- Which record a refused change was about, so the hub can refuse an edit of a record whose creation it
-- refused (final, with the first refusal's reason) instead of waiting for that record forever (409).
ALTER TABLE hub_refusals ADD COLUMN tbl TEXT;
ALTER TABLE hub_refusals ADD COLUMN record_id TEXT;
ALTER TABLE hub_refusals ADD COLUMN op TEXT;
CREATE INDEX hub_refusals_record ON hub_refusals (tbl, record_id) WHERE record_id IS NOT NULL;

-- Own changes the hub is holding back for now (409: waiting for a record or a sequence), with its reason:
-- what `xhduty sync status` and the status bar show as waiting.  Replaced after every push.
CREATE TABLE sync_waiting (
    change_id TEXT PRIMARY KEY,
    reason    TEXT NOT NULL,
    seen_at   TEXT NOT NULL
);

INSERT INTO table_kinds (name, kind) VALUES ('sync_waiting', 'local');

-- The duty-log entry a station writes when it recovers after being restored from its own backup.
INSERT INTO log_kinds (code, name, system, sort) VALUES ('restore', '恢复', 1, 25);
