"""Chinese text search without a segmenter: CJK bigrams in SQLite FTS5.

SQLite's unicode61 tokenizer sees a run of Chinese characters as one token, so it finds nothing inside a
sentence; the trigram tokenizer misses two-character words (火灾, 台风); jieba works but costs ~0.6 s at
start-up and ~65 MB.  Like Lucene's CJK analyzer we index every pair of adjacent Chinese characters
(有限空间 → 有限 限空 空间) as a space-separated token, which unicode61 then stores as-is.  A query becomes
the same bigrams: a phrase of consecutive bigrams finds the exact text, and an OR of them finds sections
that share most of a natural question's words.  Latin words and digits are kept whole; a Chinese
character standing alone is kept as a one-character token.

This module knows nothing about plans: an area keeps its own FTS5 table of :func:`tokens` columns and
uses :func:`phrase_query`, :func:`any_query`, :func:`coverage` and :func:`excerpt` to search it.
"""

from __future__ import annotations

import re
import unicodedata

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[a-z0-9]+")

# Words that make a question a question but say nothing about its subject.  Common Chinese, not tuned to
# any query: dropping them keeps "…怎么办" from ranking every section that happens to say 怎么.
QUESTION_WORDS = ("怎么办", "怎么", "怎样", "如何", "什么", "哪个", "哪些", "哪几", "哪里", "是否", "为什么",
                  "需要", "应该", "还要", "吗", "呢", "谁", "找谁", "由谁", "请问")
_QUESTION = re.compile("|".join(sorted(QUESTION_WORDS, key=len, reverse=True)))


def normalize(text: str) -> str:
    """Full-width to half-width, lower case (ＡＢＣ１２ → abc12), so typing either finds both."""
    return unicodedata.normalize("NFKC", text or "").lower()


def _run_tokens(run: str) -> list[str]:
    if run[0].isascii() or len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def terms(text: str, fold: bool = True) -> list[str]:
    """The index terms of ``text`` in order: bigrams of Chinese runs, whole latin words and numbers.

    ``fold=False`` keeps the characters as written (latin lower-cased only), for an index that must find
    exactly what SQL's ``LIKE`` finds (the duty log's): :func:`normalize` would fold ⽕ into 火."""
    return [t for run in run_terms(text, fold) for t in run]


def run_terms(text: str, fold: bool = True) -> list[list[str]]:
    """The terms of ``text`` run by run: each run of Chinese characters side by side as its bigrams (or its
    one character), each latin word or number as itself (``fold`` as :func:`terms`)."""
    return [_run_tokens(run) for run in _RUN.findall(normalize(text) if fold else (text or "").lower())]


def tokens(text: str, fold: bool = True) -> str:
    """What goes into an FTS5 column: the terms joined by spaces (``fold`` as :func:`terms`)."""
    return " ".join(terms(text, fold))


def _quote(term: str) -> str:
    return '"' + term + '"'


def query_parts(query: str) -> list[list[str]]:
    """The query split where the user typed spaces, each part as its list of terms (empty parts dropped)."""
    return [t for t in (terms(part) for part in normalize(query).split()) if t]


def phrase_query(query: str) -> str | None:
    """FTS5 query finding each space-separated part of ``query`` verbatim (all parts must occur)."""
    parts = query_parts(query)
    if not parts:
        return None
    return " AND ".join(_quote(" ".join(p)) if len(p) > 1 else _term(p[0]) for p in parts)


def _term(term: str) -> str:
    # a lone Chinese character also matches the bigrams that start with it
    return _quote(term) + ("*" if len(term) == 1 and not term.isascii() else "")


def content_terms(query: str) -> list[str]:
    """The distinct terms of ``query`` that carry meaning (question words removed when anything is left)."""
    return list(dict.fromkeys(terms(_QUESTION.sub(" ", normalize(query))))) or list(dict.fromkeys(terms(query)))


def with_backoff(query: str, indexed: set[str]) -> list[str]:
    """The content terms of ``query`` found in the index, plus each Chinese character no such term covers.

    A word the documents do not use (排污 where the text says 污染物排放) then still finds the sections
    that have its characters, and the bigrams spanning two words of a question (车追 in 多车追尾) fall
    away instead of finding nothing.
    """
    stripped = _QUESTION.sub(" ", normalize(query))
    if not terms(stripped):
        stripped = normalize(query)
    out: list[str] = []
    for run in _RUN.findall(stripped):
        grams = _run_tokens(run)
        if run.isascii() or len(run) == 1:
            out.extend(grams)
            continue
        covered = [False] * len(run)
        for i, gram in enumerate(grams):
            if gram in indexed:
                out.append(gram)
                covered[i] = covered[i + 1] = True
        out.extend(ch for ch, ok in zip(run, covered) if not ok)
    return list(dict.fromkeys(out))


def any_query(wanted: list[str]) -> str | None:
    """FTS5 query matching any of the ``wanted`` terms; rank and :func:`coverage` sort out the best."""
    return " OR ".join(_term(t) for t in wanted) if wanted else None


def coverage(query_terms: list[str], text_tokens: str) -> float:
    """Share of the query's terms present in a row's tokens: a minimum-should-match for OR queries."""
    if not query_terms:
        return 0.0
    padded = f" {text_tokens} "  # substring tests on the token string: no set built per row
    hit = sum(1 for t in query_terms if (f" {t}" if len(t) == 1 else f" {t} ") in padded)
    return hit / len(query_terms)


def excerpt(text: str, wanted: list[str], width: int = 80) -> tuple[str, list[tuple[int, int]]]:
    """The part of ``text`` around the densest matches of the ``wanted`` terms, and the spans to highlight.

    Spans are character ranges of the excerpt where a term (or a run of them) occurs, so the caller
    decides how to show them (【】 in a terminal, bold in the window).
    """
    text = " ".join((text or "").split())
    folded = normalize(text)
    norm = folded if len(folded) == len(text) else text.lower()  # positions must match the shown text
    wanted = set(wanted)
    hits = [i for i in range(len(norm)) if norm[i:i + 2] in wanted or norm[i] in wanted]
    start = 0
    if hits and len(text) > width:
        best, best_count = hits[0], 0
        for h in hits:
            count = sum(1 for x in hits if h <= x < h + width)
            if count > best_count:
                best, best_count = h, count
        start = max(0, min(best - width // 4, len(text) - width))
    end = min(len(text), start + width)
    spans: list[list[int]] = []
    for h in hits:
        if start <= h < end:
            length = 2 if norm[h:h + 2] in wanted else 1
            a, b = h - start, min(end, h + length) - start
            if spans and a <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], b)
            else:
                spans.append([a, b])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix)
    return prefix + text[start:end] + suffix, [(a + shift, b + shift) for a, b in spans]


def marked(snippet: str, spans: list[tuple[int, int]], before: str = "【", after: str = "】") -> str:
    """``snippet`` with each highlighted span wrapped in ``before``/``after``."""
    out, last = [], 0
    for a, b in spans:
        out.append(snippet[last:a] + before + snippet[a:b] + after)
        last = b
    out.append(snippet[last:])
    return "".join(out)
