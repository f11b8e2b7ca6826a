-- The duty log's keyword index (issue 13: the log filter answers at a million entries).  Each entry's text
-- and 来电接报 fields (details) as CJK bigrams (xhduty/core/search.py, characters as written): a word of n
-- Chinese characters is in an entry only if all its n-1 bigrams are, so the index hands the filter the few
-- entries that may hold it and LIKE checks those (xhduty/core/duty/log_search.py).
--   content=''   contentless: the text stays in log_entries only (no second copy);
--   detail=none  no positions, columnsize=0 no token counts: the AND of bigrams is all the filter asks;
--   ascii        every non-ASCII character is a token character: a bigram is one token, as written
--                (unicode61's tables are Unicode 6.1's: a character added since would split a bigram);
--   rowid        log_entries.rowid (entries are never edited or deleted).
-- Derived, station-local and filled by a job on a worker, not by triggers: the hub's scratch merge and a
-- sync's pull write log_entries without a Python function.  meta 'log_search_upto' holds the last entry
-- indexed ("<rowid> <id>"); the entries after it are checked by LIKE until the job reaches them.  An
-- existing station's log is indexed by that job after this upgrade.
CREATE VIRTUAL TABLE log_search USING fts5(terms, content = '', detail = none, columnsize = 0,
                                           tokenize = 'ascii');

INSERT INTO table_kinds (name, kind) VALUES ('log_search', 'local');
