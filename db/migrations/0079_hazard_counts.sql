-- Trends of the hazard register without reading 100,000 hazards (issue 17: five years' charts ≤ 200 ms).
-- Station-local counts kept by the database itself, in the transaction that writes a hazard — one written
-- here and one applied from sync alike:
--
--   hazard_counts            per month found (YYYY-MM of found_on), category and 街镇: the live hazards found
--                            (found), those of them rectified now (done: 整改完成 or 已销号), and those
--                            rectified after their 整改期限 (late);
--   hazard_rectified_counts  per month of 整改完成 (rectified_on), category and 街镇: how many.
--
-- What depends on the day (open hazards past their deadline) is read from the open hazards alone, through
-- hazards_open_due below.  xhduty.core.hazards.trends reads these.
CREATE TABLE hazard_counts (
    month    TEXT NOT NULL,
    category TEXT NOT NULL,
    division TEXT NOT NULL,
    found    INTEGER NOT NULL,
    done     INTEGER NOT NULL,
    late     INTEGER NOT NULL,
    PRIMARY KEY (month, category, division)
) WITHOUT ROWID;

CREATE TABLE hazard_rectified_counts (
    month    TEXT NOT NULL,
    category TEXT NOT NULL,
    division TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (month, category, division)
) WITHOUT ROWID;

INSERT INTO hazard_counts (month, category, division, found, done, late)
    SELECT substr(found_on, 1, 7), category, division, count(*), sum(state IN ('rectified', 'closed')),
           sum(state IN ('rectified', 'closed') AND coalesce(rectified_on > deadline, 0))
    FROM hazards WHERE deleted = 0 GROUP BY 1, 2, 3;
INSERT INTO hazard_rectified_counts (month, category, division, n)
    SELECT substr(rectified_on, 1, 7), category, division, count(*)
    FROM hazards WHERE deleted = 0 AND rectified_on IS NOT NULL GROUP BY 1, 2, 3;

CREATE TRIGGER hazard_counts_on_insert AFTER INSERT ON hazards
WHEN NEW.deleted = 0 AND NOT EXISTS (SELECT 1 FROM deferred_triggers WHERE tbl = 'hazards') BEGIN
    INSERT INTO hazard_counts (month, category, division, found, done, late)
        VALUES (substr(NEW.found_on, 1, 7), NEW.category, NEW.division, 1, NEW.state IN ('rectified', 'closed'),
                NEW.state IN ('rectified', 'closed') AND coalesce(NEW.rectified_on > NEW.deadline, 0))
        ON CONFLICT (month, category, division) DO UPDATE
        SET found = found + 1, done = done + excluded.done, late = late + excluded.late;
    INSERT INTO hazard_rectified_counts (month, category, division, n)
        SELECT substr(NEW.rectified_on, 1, 7), NEW.category, NEW.division, 1 WHERE NEW.rectified_on IS NOT NULL
        ON CONFLICT (month, category, division) DO UPDATE SET n = n + 1;
END;

-- The same for a page of hazards applied by sync (0075_deferred_triggers.sql); tests/test_hazards.py
-- compares the counts with counting every hazard.
INSERT INTO bulk_statements (tbl, statement) VALUES ('hazards', '
    INSERT INTO hazard_counts (month, category, division, found, done, late)
        SELECT substr(found_on, 1, 7), category, division, count(*), sum(state IN (''rectified'', ''closed'')),
               sum(state IN (''rectified'', ''closed'') AND coalesce(rectified_on > deadline, 0))
        FROM hazards WHERE id IN (SELECT value FROM json_each(:ids)) AND deleted = 0 GROUP BY 1, 2, 3
        ON CONFLICT (month, category, division) DO UPDATE
        SET found = found + excluded.found, done = done + excluded.done, late = late + excluded.late'),
    ('hazards', '
    INSERT INTO hazard_rectified_counts (month, category, division, n)
        SELECT substr(rectified_on, 1, 7), category, division, count(*)
        FROM hazards WHERE id IN (SELECT value FROM json_each(:ids)) AND deleted = 0 AND rectified_on IS NOT NULL
        GROUP BY 1, 2, 3
        ON CONFLICT (month, category, division) DO UPDATE SET n = n + excluded.n');

-- A change of any counted field (a tombstone included): take the old row out, put the new one in.
CREATE TRIGGER hazard_counts_on_update
AFTER UPDATE OF found_on, category, division, state, deadline, rectified_on, deleted ON hazards BEGIN
    UPDATE hazard_counts SET found = found - 1, done = done - (OLD.state IN ('rectified', 'closed')),
                             late = late - (OLD.state IN ('rectified', 'closed')
                                            AND coalesce(OLD.rectified_on > OLD.deadline, 0))
        WHERE OLD.deleted = 0 AND month = substr(OLD.found_on, 1, 7) AND category = OLD.category
          AND division = OLD.division;
    UPDATE hazard_rectified_counts SET n = n - 1
        WHERE OLD.deleted = 0 AND OLD.rectified_on IS NOT NULL AND month = substr(OLD.rectified_on, 1, 7)
          AND category = OLD.category AND division = OLD.division;
    INSERT INTO hazard_counts (month, category, division, found, done, late)
        SELECT substr(NEW.found_on, 1, 7), NEW.category, NEW.division, 1, NEW.state IN ('rectified', 'closed'),
               NEW.state IN ('rectified', 'closed') AND coalesce(NEW.rectified_on > NEW.deadline, 0)
        WHERE NEW.deleted = 0
        ON CONFLICT (month, category, division) DO UPDATE
        SET found = found + 1, done = done + excluded.done, late = late + excluded.late;
    INSERT INTO hazard_rectified_counts (month, category, division, n)
        SELECT substr(NEW.rectified_on, 1, 7), NEW.category, NEW.division, 1
        WHERE NEW.deleted = 0 AND NEW.rectified_on IS NOT NULL
        ON CONFLICT (month, category, division) DO UPDATE SET n = n + 1;
END;

-- The open hazards by deadline, holding every column the register's overdue count, the board's overdue list
-- and the trends' overdue series name, so they read this index alone (the open hazards, not the register).
-- It replaces hazards_open (state, deadline), which the planner preferred and which made each of them look
-- up every open hazard's row; a filter by one state reads hazards_list (0071), which holds state.
DROP INDEX hazards_open;
CREATE INDEX hazards_open_due ON hazards (deadline, found_on, category, division, state, deleted)
    WHERE deleted = 0 AND state IN ('registered', 'rectifying');

INSERT INTO table_kinds (name, kind) VALUES ('hazard_counts', 'local'), ('hazard_rectified_counts', 'local');
