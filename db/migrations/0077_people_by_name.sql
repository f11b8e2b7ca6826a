-- The contact list reads everyone (or one unit's people) a page at a time by name, and the tree counts each
-- unit's people: both from an index, not by sorting or reading every one of 200,000 rows.
CREATE INDEX people_by_name ON people (deleted, name, id);
CREATE INDEX people_unit_by_name ON people (unit_id, deleted, name, id);
DROP INDEX people_unit;
