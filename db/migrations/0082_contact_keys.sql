-- Derived, station-local: what each live person is searched by, pinyin included (xhduty/core/contacts/
-- people_keys.py), so a one-off search (`xhduty contacts search`) reads the few people a query may match
-- instead of spelling 200,000 names in pinyin each time (10–13 s), and the window's index starts from the
-- stored spellings.  Follows the `changes` outbox (local writes, imports and synced rows alike); meta
-- 'contact_keys_mark' holds the last change seen.  Can be dropped and rebuilt from the data any time.
-- IF NOT EXISTS / OR IGNORE: a database whose user_version was set back by hand (tests/test_hub_ops.py
-- does so to replay 0081) runs this again.
CREATE TABLE IF NOT EXISTS contact_keys (
    person_id TEXT PRIMARY KEY,
    unit_id   TEXT NOT NULL,   -- the unit whose path the search also looks in
    name      TEXT NOT NULL,   -- people.name as it was when spelt: keys count only while it is the same
    keys      TEXT NOT NULL,   -- every pinyin spelling and initials, U+001F around each
    hay       TEXT NOT NULL    -- name, keys, post, role, numbers' digits, lower case, U+001F between
);
INSERT OR IGNORE INTO table_kinds (name, kind) VALUES ('contact_keys', 'local');
