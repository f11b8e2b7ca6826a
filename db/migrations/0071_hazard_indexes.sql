-- Indexes that let the register and its trends read an index alone (no row lookups) over 100,000 hazards:
-- the register's order with every column the found-based trend series count, the rectified series, and
-- 回潮's comparison (``deleted`` is in each: SQLite reads an index alone only when it holds every column
-- the query names, its WHERE clause included).
CREATE INDEX hazards_list ON hazards (found_on DESC, id DESC, category, division, state, deadline, rectified_on, deleted)
    WHERE deleted = 0;
CREATE INDEX hazards_trend_rectified ON hazards (rectified_on, category, division, deleted)
    WHERE deleted = 0 AND rectified_on IS NOT NULL;
DROP INDEX hazards_recur;
CREATE INDEX hazards_recur ON hazards (address_key, category, found_on, id, deleted) WHERE deleted = 0;
