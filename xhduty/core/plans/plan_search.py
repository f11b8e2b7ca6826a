"""Searching the plan library: the words typed, then the everyday words the thesaurus knows.

Plans containing the query verbatim come first; then plans sharing the query's words, ranked by bm25 on
each section's heading and text times the share of the query's words the section holds, plus the share
found in the plan's title; then, weighted below the words typed, plans the query's everyday words point
to (:mod:`thesaurus`: their official terms in the title, or the scenario's event type among the plan's
hazards), each hit saying why ("“电梯困人”属于特种设备事故").  The index is ``plan_search`` (see
:mod:`plans`, which writes it, and :mod:`xhduty.core.search`, the CJK bigram tokens).
"""

from __future__ import annotations

import bisect
import json
import re

from xhduty.core import search
from xhduty.core.plans import plans, thesaurus
from xhduty.core.store import Store

_HEADING, _TEXT = 4.0, 1.0  # bm25 weights of a section's heading and text
_TITLE = 8.0                # what a query found whole in the plan's title and keywords adds
_EXPANDED = 0.5             # the weight of a term the thesaurus added, against the same term typed
_CANDIDATES = 10       # section rows scored per plan asked for
_ROWS_PER_PLAN = 60    # matching rowids read per plan asked for, a batch at a time (:func:`_row_per_plan`)
_SELECTIVE_ROWS = 500  # a term in more rows than this (or 2 % of them) does not pick OR candidates


def _ranked(store: Store, fts: str, limit: int, ordered: bool = True) -> list:
    order = " ORDER BY in_section" if ordered else ""
    return store.query(
        f"SELECT rowid, bm25(plan_search, 0, {_HEADING}, {_TEXT}) AS in_section FROM plan_search"
        f" WHERE plan_search MATCH ?{order} LIMIT ?", (fts, limit))


def _run(store: Store, fts: str, limit: int, common: bool = False) -> list:
    """The best ``limit`` rows for ``fts`` by bm25 on heading and text (title-only matches last), with
    their tokens.  bm25 runs over every matching row, so the columns are read for the winners only.

    A ``common`` query (every term in more sections than :func:`_cap`) skips bm25, whose idf alone walks
    every match (most of a search's time, and over tens of thousands of rows it says little): the first
    plans that hold it in their title or a heading, then one body row of each of the next plans in index
    order, each row weighed by where it holds a phrase of the query (:func:`_where`)."""
    if common:
        count = max(1, limit // _CANDIDATES)
        named = _row_per_plan(store, "{title heading} : (" + fts + ")", count)
        rowids = named + [r for r in _row_per_plan(store, fts, count) if r not in named]
        phrases = re.findall(r'"([^"]+)"', fts)
    else:
        rank = dict((r[0], r[1]) for r in _ranked(store, fts, limit))
        rowids = list(rank)
    if not rowids:
        return []
    rows = [dict(r) for r in store.query(
        "SELECT rowid, plan_id, section, title, heading, body FROM plan_search"
        f" WHERE rowid IN ({', '.join('?' * len(rowids))})", rowids)]
    for r in rows:
        r["in_section"] = _where(r, phrases) if common else rank[r["rowid"]]
    return sorted(rows, key=lambda r: r["in_section"])


def _where(row: dict, phrases: list[str]) -> float:
    """A bm25-like weight (negative: better) of a row holding ``phrases`` (token strings) in its heading
    (:data:`_HEADING`) or text (:data:`_TEXT`)."""
    def holds(tokens: str) -> bool:
        return any(f" {p} " in f" {tokens} " for p in phrases)
    return -(_HEADING * holds(row["heading"]) + _TEXT * holds(row["body"]))


def _row_per_plan(store: Store, fts: str, count: int) -> list[int]:
    """The rowid of the first row matching ``fts`` in each of the first ``count`` plans in index order.

    The matching rowids are read in batches (no column is read), each plan's own rows skipped by its span
    in the index: a query per plan found would merge a prefix term's doclists (a lone character's:
    every bigram it starts) once per plan, 2–14 ms each over 300 plans."""
    firsts, lasts = _spans(store)
    batch = count * _ROWS_PER_PLAN
    rowids, after = [], 0
    while len(rowids) < count:
        found = [r[0] for r in store.query(
            "SELECT rowid FROM plan_search WHERE plan_search MATCH ? AND rowid > ? LIMIT ?", (fts, after, batch))]
        for rowid in found:
            if rowid > after:  # the first row of a plan not yet seen
                rowids.append(rowid)
                after = lasts[bisect.bisect_right(firsts, rowid) - 1]
                if len(rowids) == count:
                    break
        if len(found) < batch:
            break
        after = max(after, found[-1])
    return rowids


def _frequent(store: Store, phrase: str, rarest: int, cap: int) -> bool:
    """Whether the verbatim query is found in so many sections that bm25 would cost most of the search:
    more than ``cap`` for sure when its rarest term is, else counted (a walk of the index without bm25)
    once its rarest term is in more than :data:`_SELECTIVE_ROWS`."""
    if rarest > cap:
        return True
    return rarest > _SELECTIVE_ROWS and store.one(
        "SELECT count(*) FROM plan_search WHERE plan_search MATCH ?", (phrase,))[0] > _SELECTIVE_ROWS


def _cap(store: Store) -> int:
    """How many sections a term may be in and still single sections out (2 % of them, at least 500)."""
    rows = store.one("SELECT coalesce(sum(last - first + 1), 0) FROM plan_search_rows")[0]
    return max(_SELECTIVE_ROWS, rows // 50)


def _score(row, wanted: list[str]) -> float:
    """A section's score: its bm25 on heading and text times the squared share of the query's words it
    holds (a minimum-should-match that lets a question's words all count), plus the share of them in the
    plan's title and keywords, so a plan named after the query ranks first and shows its best section.
    (FTS5's bm25 normalises by the whole row's length, so it cannot score the title on its own.)"""
    section = search.coverage(wanted, row["heading"] + " " + row["body"])
    title = search.coverage(wanted, row["title"])
    return -row["in_section"] * section * section + _TITLE * title * title


_DF: dict = {}


def _sections_holding(store: Store, terms: list[str]) -> dict[str, int]:
    """{term: number of sections holding it} for the ``terms`` the index has.  fts5vocab counts by walking
    the term's whole doclist (4 ms for a term in 60,000 sections), so the counts are kept until a plan
    changes (the outbox state :func:`plans.ensure_index` follows).

    A lone Chinese character is searched as the prefix of every bigram it starts (:func:`search._term`),
    so its count is theirs added up: at most the sum of their sections, and never 0 when it finds any.
    Counted as 0 (as it was, being no term of the index), the first character an officer types (应, 的)
    was taken as rare and ranked by bm25 over every section starting a bigram with it: 120–260 ms with
    300 plans, on every first keystroke."""
    key = (str(store.path), plans.plans_state(store))
    if _DF.get("key") != key:
        _DF.clear()
        _DF["key"], _DF["df"] = key, {}
    known = _DF["df"]
    missing = [t for t in dict.fromkeys(terms) if t not in known]
    lone = [t for t in missing if len(t) == 1 and not t.isascii()]
    whole = [t for t in missing if t not in lone]
    if whole:
        found = dict(store.query(
            f"SELECT term, doc FROM plan_search_vocab WHERE term IN ({', '.join('?' * len(whole))})", whole))
        known.update({t: found.get(t, 0) for t in whole})
    for t in lone:  # a range of the vocabulary: the bigrams starting with t (and t standing alone)
        known[t] = store.one("SELECT coalesce(sum(doc), 0) FROM plan_search_vocab WHERE term >= ? AND term < ?",
                             (t, t + "\U0010ffff"))[0]
    return {t: known[t] for t in terms if known[t]}


def _selective(df: dict[str, int], wanted: list[str], cap: int) -> list[str]:
    """The wanted terms that single out sections: a term found in most of the index (应急, 响应) only
    makes bm25 score every row; it still counts in :func:`_score`.  When no term is selective, the two
    rarest pick the candidates.  ``df`` holds the number of sections of each indexed term."""
    # a lone Chinese character is a prefix query over every bigram it starts: never selective
    lone = {t for t in wanted if len(t) == 1 and not t.isascii()}
    rare = [t for t in wanted if t not in lone and df.get(t, 0) <= cap]
    return rare or sorted(wanted, key=lambda t: (t in lone, df.get(t, 0)))[:2]


def _expansion(store: Store, query: str) -> tuple[list[thesaurus.Concept], dict[str, str]]:
    """The thesaurus concepts of ``query`` and the official terms they add ({term: normalized}), without
    the terms the query already says."""
    concepts = thesaurus.load(plans.hazard_codes(store)).concepts(query)
    typed = search.normalize(query)
    terms = {t: search.normalize(t) for c in concepts for t in c.scenario.terms}
    return concepts, {t: n for t, n in terms.items() if n not in typed}


_LIBRARY: dict = {}


def _library(store: Store) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """``([(plan id, normalized title and keywords)], {hazard code: [plan id]})`` of the library, kept in
    memory until a plan changes (the same outbox state :func:`ensure_index` follows)."""
    key = (str(store.path), plans.plans_state(store))
    if _LIBRARY.get("key") != key:
        titles, by_type = [], {}
        for r in store.query("SELECT id, title, keywords, hazards FROM plans WHERE deleted = 0"):
            titles.append((r["id"], search.normalize(r["title"] + " " + " ".join(json.loads(r["keywords"])))))
            for code in json.loads(r["hazards"]):
                by_type.setdefault(code, []).append(r["id"])
        spans = store.query("SELECT first, last FROM plan_search_rows ORDER BY first")
        _LIBRARY.update(key=key, titles=titles, by_type=by_type,
                        spans=([r[0] for r in spans], [r[1] for r in spans]))
    return _LIBRARY["titles"], _LIBRARY["by_type"]


def _spans(store: Store) -> tuple[list[int], list[int]]:
    """(first rowids, last rowids) of every plan's rows in the index, in index order (kept as :func:`_library`)."""
    _library(store)
    return _LIBRARY["spans"]


def _expanded_plans(store: Store, concepts, terms: dict[str, str]) -> dict[str, tuple[float, list[str]]]:
    """{plan_id: (score, reasons)} of the plans a query's everyday words point to: plans whose title holds
    one of the official terms the words stand for, or whose hazard types include the scenario's type.
    Either counts as the title found by a typed word would (:data:`_TITLE`), times :data:`_EXPANDED`, so
    a plan found through the thesaurus ranks below one found by the words typed in the same place."""
    titles, by_type = _library(store)
    reasons: dict[str, list[str]] = {}
    for concept in concepts:
        hits = set(by_type.get(concept.scenario.type, ()))
        wanted = [terms[t] for t in concept.scenario.terms if t in terms]
        if wanted:
            pattern = re.compile("|".join(map(re.escape, wanted)))
            hits.update(pid for pid, title in titles if pattern.search(title))
        for pid in hits:
            reasons.setdefault(pid, []).append(concept.reason())
    return {pid: (_EXPANDED * _TITLE, list(dict.fromkeys(r))) for pid, r in reasons.items()}


def search_plans(store: Store, query: str, limit: int = 10) -> list[dict]:
    """Plans best matching ``query``, best first: ``[{plan_id, title, section, section_no, score, snippet,
    excerpt, spans, reasons}]`` — each plan with its best section and a highlighted snippet.

    Plans containing the query verbatim (every space-separated part of it) come first; then plans sharing
    the query's words (a word the library does not use backs off to its characters).  Everyday words of
    the scenario thesaurus (踩踏, 电梯困人) add the plans holding their official terms, weighted below the
    words typed, and ``reasons`` says so ("“电梯困人”属于特种设备事故").
    """
    plans.ensure_index(store)
    phrase = search.phrase_query(query)
    if phrase is None:
        return []
    asked = search.terms(query)
    df = _sections_holding(store, asked)
    indexed = set(df)
    cap = _cap(store)
    concepts, expanded_terms = _expansion(store, query)
    # an everyday word the thesaurus knows stays whole: its characters alone would only find noise
    wanted = search.with_backoff(query, indexed | {t for c in concepts for t in search.terms(c.said)})
    best: dict[str, tuple[float, dict]] = {}
    df.update(_sections_holding(store, [t for t in wanted if t not in df]))
    selective = _selective(df, wanted, cap)
    tiers = ((1000.0, phrase, _frequent(store, phrase, min(df.get(t, 0) for t in asked), cap)),
             (0.0, search.any_query(selective), all(df.get(t, 0) > cap for t in selective)))
    for tier, fts, common in tiers:
        if len(best) >= limit or fts is None:
            break
        found: dict[str, tuple[float, dict]] = {}
        for row in _run(store, fts, limit * _CANDIDATES, common):
            score = tier + _score(row, wanted)
            if row["plan_id"] not in best and score > found.get(row["plan_id"], (-1.0,))[0]:
                found[row["plan_id"]] = (score, row)
        best.update(found)
    expanded = _expanded_plans(store, concepts, expanded_terms) if concepts else {}
    scored = {pid: (score + expanded.get(pid, (0.0,))[0], row, wanted, expanded.get(pid, (0, []))[1])
              for pid, (score, row) in best.items()}
    shown = search.terms(" ".join(expanded_terms))
    for pid, (score, reasons) in sorted(expanded.items(), key=lambda kv: -kv[1][0]):
        if pid not in scored:
            scored[pid] = (score, {"plan_id": pid}, shown, reasons)
    ranked = sorted(scored.values(), key=lambda item: -item[0])[:limit]
    out = []
    for score, row, shown, reasons in ranked:
        title, section_no, section = _shown_section(store, row, list(expanded_terms.values()))
        text, spans = search.excerpt(section["text"] or section["heading"], shown)
        out.append({"plan_id": row["plan_id"], "title": title, "section": section["heading"],
                    "section_no": section_no, "score": round(score, 3),
                    "snippet": search.marked(text, spans), "excerpt": text, "spans": spans, "reasons": reasons})
    return out


def _shown_section(store: Store, row: dict, terms: list[str]) -> tuple[str, int, dict]:
    """(plan title, section number, section) of a hit: the section its row found, read out of the JSON by
    SQLite; for a plan found through the thesaurus alone, the first section holding one of ``terms``."""
    n = row.get("section")
    if n is None:
        holding = " OR ".join("instr(j.value, ?) > 0" for _ in terms) or "1"
        found = store.one(f"SELECT j.key FROM plans p, json_each(p.sections) j WHERE p.id = ? AND ({holding})"
                          " ORDER BY j.key LIMIT 1", (row["plan_id"], *terms))
        n = found[0] if found else 0
    title, section = store.one("SELECT title, json_extract(sections, '$[' || ? || ']') FROM plans WHERE id = ?",
                               (n, row["plan_id"]))
    return title, n, json.loads(section) if section else {"heading": "", "text": title}
