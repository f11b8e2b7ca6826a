-- The duty log's keyword index (issue 13: the log filter answers at a million entries).  Each entry's text
-- and 来电接报 fields (details) as CJK bigrams of the characters as written (xhduty/core/search.py), a gap
-- token between runs: a word of Chinese characters is in an entry exactly when the phrase of its bigrams is,
-- so the index counts such a word alone and hands the filter the few entries that may hold any other
-- (its LIKE checks those: xhduty/core/duty/log_search.py).
--   content=''     contentless: the text stays in log_entries only (no second copy);
--   positions      kept (detail=full, the default): the phrase, not just the AND of its bigrams — 50 MB at
--                  1,000,000 entries against 17 MB without, and exact counts of common words
--                  (bench/duty_search.py); columnsize=0: no token counts, nothing is ranked;
--   ascii          every non-ASCII character is a token character: a bigram is one token, as written
--                  (unicode61's tables are Unicode 6.1's: a character added since would split a bigram);
--   rowid          log_entries.rowid (entries are never edited or deleted).
-- Derived, station-local and filled by a job on a worker, not by triggers: the hub's scratch merge and a
-- sync's pull write log_entries without a Python function.  meta 'log_search_upto' holds the last entry
-- indexed ("<rowid> <id>"); the entries after it are checked by LIKE until the job reaches them.  An
-- existing station's log is indexed by that job after this upgrade.
CREATE VIRTUAL TABLE log_search USING fts5(terms, content = '', columnsize = 0, tokenize = 'ascii');

INSERT INTO table_kinds (name, kind) VALUES ('log_search', 'local');
