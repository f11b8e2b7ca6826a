-- Derived station-local rows that a trigger keeps one written row at a time (log_order from log_entries …)
-- are filled for a whole page at once when sync applies thousands of rows (Tx.apply_many): while a table
-- is named in deferred_triggers, its triggers that honour it (WHEN NOT EXISTS …) skip the row, and the
-- statements in bulk_statements then fill the derived rows of every row inserted, given their ids as a
-- JSON array (:ids).  A trigger that defers declares its bulk statement beside it, in its own migration.
-- deferred_triggers is only ever written inside the transaction that applies, so no other connection sees it.
CREATE TABLE deferred_triggers (
    tbl TEXT PRIMARY KEY
);

CREATE TABLE bulk_statements (
    tbl       TEXT NOT NULL,
    statement TEXT NOT NULL
);

INSERT INTO table_kinds (name, kind) VALUES ('deferred_triggers', 'local'), ('bulk_statements', 'reference');
