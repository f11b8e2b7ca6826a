-- Structure the import inferred for a plan read from a document (hazard types, response levels, owner):
-- JSON list of the field names still as inferred (shown as 推断); a field the officer edits or confirms
-- leaves the list, and a re-import of the document keeps it as the officer left it.
ALTER TABLE plans ADD COLUMN inferred TEXT NOT NULL DEFAULT '[]';
