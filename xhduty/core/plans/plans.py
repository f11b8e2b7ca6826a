"""The plan library (应急预案库): importing plan files and documents, browsing, searching, review dates.

A plan is one mutable, district-wide record (table ``plans``) carrying its response levels and its full
text as sections.  Plan files (``.toml``, see :mod:`plan_format`) are structured; Word and text documents
(``.docx``, ``.txt``, ``.md``, see :mod:`plan_text`) become unstructured plans.  Importing a file whose
id (or, for a document, title) is already in the library updates that plan.  A file with any error
imports nothing; the others of the same batch are imported in one transaction.

Search runs over ``plan_search``, a station-local FTS5 index of every section (see :mod:`search`), which
is derived from the records: import writes it with the plans, and plans that changed without it (by
sync) are indexed again before the next search.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from xhduty import paths
from xhduty.core import clock, search
from xhduty.core.ids import new_id
from xhduty.core.alerts import Alert
from xhduty.core.plans.plan_file import KINDS, parse_plan
from xhduty.core.plans import inference, office, thesaurus
from xhduty.core.plans.documents import read_document
from xhduty.core.store import Store, StoreError, Tx

DOCUMENT_SUFFIXES = (".docx", ".pdf", *office.CONVERTED, ".txt", ".md")
PLAN_SUFFIXES = (".toml",)
_JSON_FIELDS = ("hazards", "keywords", "levels", "notify", "resources", "sections", "inferred")
INFERABLE = ("hazards", "levels", "owner")  # what import infers for a document (see :mod:`inference`)
_HEADING, _TEXT = 4.0, 1.0  # bm25 weights of a section's heading and text
_TITLE = 8.0                # what a query found whole in the plan's title and keywords adds
_EXPANDED = 0.5             # the weight of a term the thesaurus added, against the same term typed
_INDEX_STATE = "plan_search_state"
_CANDIDATES = 10       # section rows scored per plan asked for
_SELECTIVE_ROWS = 500  # a term in more rows than this (or 2 % of them) does not pick OR candidates


@dataclass
class ImportReport:
    """What an import did: ``imported`` {"file", "id", "code", "title", "action"}; ``errors`` files that were
    not imported, with why; ``skipped`` {"file", "reason"} files of a folder that are not plans;
    ``warnings`` parts of imported documents that could not be read."""
    imported: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """One line: "共导入 N 个预案，跳过 M 个文件，K 个文件有错误未导入，J 处内容未能读取"."""
        parts = [f"共导入 {len(self.imported)} 个预案"]
        if self.skipped:
            parts.append(f"跳过 {len(self.skipped)} 个非预案文件")
        if self.errors:
            parts.append(f"{len(self.errors)} 处错误（有错的文件未导入）")
        if self.warnings:
            parts.append(f"{len(self.warnings)} 处内容未能读取（见“注意”）")
        return "，".join(parts)


# ------------------------------------------------------------------------------------------- reading

def plan_from_row(row) -> dict:
    """A ``plans`` row as a dict with its JSON fields read."""
    d = dict(row)
    for key in _JSON_FIELDS:
        if key in d:
            d[key] = json.loads(d[key])
    return d


def hazard_codes(store: Store) -> set[str]:
    return {r[0] for r in store.query("SELECT code FROM event_types")}


def type_names(store: Store) -> dict[str, str]:
    """{event type code: its Chinese name}."""
    return dict(store.query("SELECT code, name FROM event_types ORDER BY sort"))


def list_plans(store: Store, kind: str | None = None, hazard: str | None = None,
               owner: str | None = None) -> list[dict]:
    """Plans of the library (without their text), by kind order then title; filters are exact."""
    rows = store.query(
        "SELECT id, code, title, kind, hazards, keywords, owner, version, issued, review_due, structured,"
        " sample, source, inferred FROM plans WHERE deleted = 0 ORDER BY title")
    out = []
    for row in rows:
        plan = plan_from_row(row)
        if (kind and plan["kind"] != kind) or (owner and plan["owner"] != owner):
            continue
        if hazard and not any(h == hazard or h.startswith(hazard + ".") for h in plan["hazards"]):
            continue
        out.append(plan)
    return sorted(out, key=lambda p: (KINDS.index(p["kind"]) if p["kind"] in KINDS else 9, p["title"]))


def get_plan(store: Store, plan_id: str) -> dict:
    """A plan with everything, by record id or by its own code."""
    row = store.one("SELECT * FROM plans WHERE (id = ? OR code = ?) AND deleted = 0", (plan_id, plan_id))
    if row is None:
        raise StoreError(f"预案库中没有编号为 {plan_id} 的预案")
    return plan_from_row(row)


def owners(store: Store) -> list[str]:
    return [r[0] for r in store.query(
        "SELECT DISTINCT owner FROM plans WHERE deleted = 0 AND owner != '' ORDER BY owner")]


# ------------------------------------------------------------------------------------------ importing

def _read(path: Path, types: dict[str, str], words: thesaurus.Thesaurus) -> tuple[dict | None, list[str], list[str]]:
    """(plan or None, errors, warnings) of one file; a document's structure is inferred."""
    suffix = path.suffix.lower()
    if suffix in PLAN_SUFFIXES:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return None, [f"{path.name}：无法读取（{exc}）"], []
        plan, errors = parse_plan(path, text, set(types))
        return ({**plan, "inferred": []} if plan else None), [str(e) for e in errors], []
    if suffix in DOCUMENT_SUFFIXES:
        try:
            document = read_document(path)
        except StoreError as exc:
            return None, [str(exc)], []
        except OSError as exc:
            return None, [f"{path.name}：无法读取（{exc.strerror or exc}）"], []
        title = document.title
        return {"code": "", "title": title, "kind": _guess_kind(title), "keywords": [], "version": "",
                "issued": None, "review_due": None, "notify": [], "resources": [], "sections": document.sections,
                "structured": 0, "sample": 0, "source": path.name,
                **inference.infer(title, document.sections, words, types)}, [], document.warnings
    return None, [f"{path.name}：{_unsupported(path)}"], []


def _unsupported(path: Path) -> str:
    return (f"不支持的文件类型 {path.suffix or '（无扩展名）'}（可导入 .toml 预案文件，"
            "或 .docx、.doc、.wps、.pdf、.txt、.md 文档）")


def _skip_reason(path: Path) -> str | None:
    """Why a file found in a folder is not a plan to import, or None when it is one."""
    name = path.name
    if name.startswith((".", "~$")):
        return "隐藏文件或 Word 的临时文件"
    if path.stem.lower() in ("readme", "license", "changelog") or path.stem in ("说明", "使用说明"):
        return "说明文件，不是预案"
    if path.suffix.lower() not in PLAN_SUFFIXES + DOCUMENT_SUFFIXES:
        return _unsupported(path)
    if path.stat().st_size == 0:
        return "空文件"
    return None


def _guess_kind(title: str) -> str:
    """A document's kind from its title (总体预案, 重大活动…); the officer can correct it later."""
    for word, kind in (("总体", "总体"), ("活动", "重大活动"), ("部门", "部门"), ("单位", "基层单位")):
        if word in title:
            return kind
    return "专项"


def _existing(tx: Tx, plan: dict) -> str | None:
    """The record a re-import updates: the same code, or for a document the same title from a document."""
    if plan["code"]:
        row = tx.con.execute("SELECT id FROM plans WHERE code = ? AND deleted = 0", (plan["code"],)).fetchone()
    else:
        row = tx.con.execute("SELECT id FROM plans WHERE title = ? AND structured = 0 AND deleted = 0",
                             (plan["title"],)).fetchone()
    return row[0] if row else None


def _fields(plan: dict) -> dict:
    return {k: json.dumps(v, ensure_ascii=False) if k in _JSON_FIELDS else v for k, v in plan.items()}


def save_plan(tx: Tx, plan: dict) -> tuple[str, str]:
    """Insert or update one plan and its index rows; returns (record id, 'new' | 'updated' | 'unchanged')."""
    existing = _existing(tx, plan)
    if existing:
        if not plan["structured"]:
            plan = _keep_confirmed(tx, existing, plan)
        fields = _fields({k: v for k, v in plan.items() if k != "code" or v})
        action = "updated" if tx.update("plans", existing, fields) else "unchanged"
        plan_id = existing
    else:
        plan_id = new_id()
        code = plan["code"] or f"DOC-{plan_id}"  # a document has no id of its own
        tx.insert("plans", _fields({**plan, "id": plan_id, "code": code}))
        action = "new"
    index_plan(tx, plan_id, plan)
    return plan_id, action


def _keep_confirmed(tx: Tx, plan_id: str, plan: dict) -> dict:
    """A document imported again keeps what the officer edited or confirmed (fields no longer 推断)."""
    row = tx.con.execute("SELECT hazards, levels, owner, inferred FROM plans WHERE id = ?", (plan_id,)).fetchone()
    still_inferred = set(json.loads(row["inferred"]))
    kept = {k: (json.loads(row[k]) if k in _JSON_FIELDS else row[k]) for k in INFERABLE
            if k not in still_inferred and row[k] not in ("", "[]")}
    return {**plan, **kept, "inferred": [k for k in plan["inferred"] if k not in kept]}


def import_paths(store: Store, targets: list[Path], progress=None) -> ImportReport:
    """Import plan files and documents; a directory means the files in it (not its sub-directories), and
    every file of it that is not imported is in the report, with the reason."""
    files: list[Path] = []
    report = ImportReport()
    for target in map(Path, targets):
        if target.is_dir():
            for p in sorted(target.iterdir()):
                reason = "子目录（只导入本目录中的文件）" if p.is_dir() else _skip_reason(p)
                if reason:
                    report.skipped.append({"file": p.name, "reason": reason})
                else:
                    files.append(p)
        elif target.exists():
            files.append(target)
        else:
            raise StoreError(f"找不到文件：{target}")
    types = type_names(store)
    words = thesaurus.load(set(types))
    good: list[tuple[Path, dict]] = []
    seen_codes: dict[str, str] = {}
    for n, path in enumerate(files, start=1):
        plan, errors, warnings = _read(path, types, words)
        report.warnings.extend(warnings)
        if plan and plan["code"] in seen_codes:
            errors = [f"{path.name}：预案编号 {plan['code']} 与 {seen_codes[plan['code']]} 重复"]
        if errors:
            report.errors.extend(errors)
        else:
            if plan["code"]:
                seen_codes[plan["code"]] = path.name
            good.append((path, plan))
        if progress:
            progress(n, len(files) * 2)
    if not good:
        return report
    with store.write() as tx:
        for n, (path, plan) in enumerate(good, start=1):
            plan_id, action = save_plan(tx, plan)
            code = plan["code"] or tx.con.execute("SELECT code FROM plans WHERE id = ?", (plan_id,)).fetchone()[0]
            report.imported.append({"file": path.name, "id": plan_id, "code": code,
                                    "title": plan["title"], "action": action})
            if progress and n % 50 == 0:
                progress(len(files) + n, len(files) * 2)
        tx.set_meta(_INDEX_STATE, str(_plans_state(tx.store)))
    return report


def import_builtin(store: Store) -> ImportReport:
    """Load the shipped 示例预案库 (``plans/*.toml``)."""
    return import_paths(store, sorted(paths.plans_dir().glob("*.toml")))


def edit_plan(store: Store, plan_id: str, *, hazards: list[str] | None = None, owner: str | None = None,
              kind: str | None = None, confirm: bool = False) -> dict:
    """Set a plan's hazard codes, owner unit or kind; each field given — or, with ``confirm``, every field
    still 推断 — counts as checked by the officer and is no longer shown as inferred.  Returns the plan.

    Raises StoreError naming the bad value (an unknown event type code, a kind not in KINDS)."""
    plan = get_plan(store, plan_id)
    fields: dict = {}
    if hazards is not None:
        unknown = [h for h in hazards if h not in hazard_codes(store)]
        if unknown:
            raise StoreError(f"不是事件类型代码：{'、'.join(unknown)}（如 N.flood、A.fire，见事件类型）")
        fields["hazards"] = list(dict.fromkeys(hazards))
    if owner is not None:
        fields["owner"] = owner.strip()
    if kind is not None:
        if kind not in KINDS:
            raise StoreError(f"预案类别应为 {'、'.join(KINDS)} 之一，不是“{kind}”")
        fields["kind"] = kind
    checked = set(plan["inferred"]) if confirm else set(fields)
    fields["inferred"] = [k for k in plan["inferred"] if k not in checked]
    with store.write() as tx:
        tx.update("plans", plan["id"], _fields(fields))
    return get_plan(store, plan["id"])


# ------------------------------------------------------------------------------------------- indexing

def _drop_rows(tx: Tx, plan_id: str) -> None:
    old = tx.con.execute("SELECT first, last FROM plan_search_rows WHERE plan_id = ?", (plan_id,)).fetchone()
    if old:
        tx.execute_local("plan_search", "DELETE FROM plan_search WHERE rowid BETWEEN ? AND ?", tuple(old))
        tx.execute_local("plan_search_rows", "DELETE FROM plan_search_rows WHERE plan_id = ?", (plan_id,))


def index_plan(tx: Tx, plan_id: str, plan: dict) -> None:
    """(Re)write the plan's rows of the search index: one per section, with consecutive rowids."""
    _drop_rows(tx, plan_id)
    first = tx.con.execute("SELECT coalesce(max(rowid), 0) + 1 FROM plan_search").fetchone()[0]
    title = search.tokens(plan["title"] + " " + " ".join(plan.get("keywords") or []))
    for n, section in enumerate(plan["sections"]):
        tx.execute_local(
            "plan_search", "INSERT INTO plan_search (rowid, title, heading, body, plan_id, section)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (first + n, title, search.tokens(section["heading"]), search.tokens(section["text"]), plan_id, n))
    tx.put_local("plan_search_rows", {"plan_id": plan_id, "first": first, "last": first + len(plan["sections"]) - 1})


def _plans_state(store: Store) -> int:
    # every change to a plan, local or synced, adds a row to the outbox; its rowid only grows
    return store.one("SELECT coalesce(max(rowid), 0) FROM changes WHERE tbl = 'plans'")[0]


def ensure_index(store: Store) -> None:
    """Bring the search index up to date with plans changed without it (records that arrived by sync):
    only the plans changed since the index was last written are indexed again."""
    state = _plans_state(store)
    done = int(store.meta(_INDEX_STATE) or 0)
    if done == state:
        return
    changed = [r[0] for r in store.query(
        "SELECT DISTINCT record_id FROM changes WHERE tbl = 'plans' AND rowid > ?", (done if done < state else 0,))]
    with store.write() as tx:
        for plan_id in changed:
            row = store.one("SELECT * FROM plans WHERE id = ?", (plan_id,))
            if row is None or row["deleted"]:
                _drop_rows(tx, plan_id)
            else:
                index_plan(tx, plan_id, plan_from_row(row))
        tx.set_meta(_INDEX_STATE, str(state))


# ------------------------------------------------------------------------------------------ searching

def _ranked(store: Store, fts: str, limit: int, ordered: bool = True) -> list:
    order = " ORDER BY in_section" if ordered else ""
    return store.query(
        f"SELECT rowid, bm25(plan_search, 0, {_HEADING}, {_TEXT}) AS in_section FROM plan_search"
        f" WHERE plan_search MATCH ?{order} LIMIT ?", (fts, limit))


def _run(store: Store, fts: str, limit: int, common: bool = False) -> list:
    """The best ``limit`` rows for ``fts`` by bm25 on heading and text (title-only matches last), with
    their tokens.  bm25 runs over every matching row, so the columns are read for the winners only.

    A ``common`` query (every term in more sections than :func:`_cap`) is ranked where it names things —
    the plans' titles and the headings — and beside those one body row of each of the next plans in index
    order: over tens of thousands of rows bm25 says little and costs most of a search."""
    if common:
        named = _ranked(store, "{title heading} : (" + fts + ")", limit)
        seen = {r[0] for r in named}
        best = list(named) + [r for r in _row_per_plan(store, fts, limit // _CANDIDATES) if r[0] not in seen]
    else:
        best = _ranked(store, fts, limit)
    if not best:
        return []
    rank = {r[0]: r[1] for r in best}
    rows = store.query(
        "SELECT rowid, plan_id, section, title, heading, body FROM plan_search"
        f" WHERE rowid IN ({', '.join('?' * len(rank))})", list(rank))
    return sorted(({**dict(r), "in_section": rank[r["rowid"]]} for r in rows), key=lambda r: r["in_section"])


def _row_per_plan(store: Store, fts: str, count: int) -> list:
    """(rowid, bm25) of the first row matching ``fts`` in each of the first ``count`` plans in index order:
    each step seeks past the plan just found, and bm25 (which reads the whole index for its idf) is
    computed once, for those rows only."""
    rowids, after = [], 0
    for _ in range(count):
        row = store.one("SELECT rowid, plan_id FROM plan_search WHERE plan_search MATCH ? AND rowid > ? LIMIT 1",
                        (fts, after))
        if row is None:
            break
        rowids.append(row[0])
        after = store.one("SELECT last FROM plan_search_rows WHERE plan_id = ?", (row[1],))[0]
    if not rowids:
        return []
    return store.query(f"SELECT rowid, bm25(plan_search, 0, {_HEADING}, {_TEXT}) FROM plan_search"
                       f" WHERE plan_search MATCH ? AND rowid IN ({', '.join('?' * len(rowids))})", (fts, *rowids))


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


def _selective(store: Store, wanted: list[str]) -> list[str]:
    """The wanted terms that single out sections: a term found in most of the index (应急, 响应) only
    makes bm25 score every row; it still counts in :func:`_score`.  When no term is selective, the two
    rarest pick the candidates."""
    cap = _cap(store)
    df = dict(store.query(f"SELECT term, doc FROM plan_search_vocab WHERE term IN ({', '.join('?' * len(wanted))})",
                          wanted))
    # a lone Chinese character is a prefix query over every bigram it starts: never selective
    lone = {t for t in wanted if len(t) == 1 and not t.isascii()}
    rare = [t for t in wanted if t not in lone and df.get(t, 0) <= cap]
    return rare or sorted(wanted, key=lambda t: (t in lone, df.get(t, 0)))[:2]


def _expansion(store: Store, query: str) -> tuple[list[thesaurus.Concept], dict[str, str]]:
    """The thesaurus concepts of ``query`` and the official terms they add ({term: normalized}), without
    the terms the query already says."""
    concepts = thesaurus.load(hazard_codes(store)).concepts(query)
    typed = search.normalize(query)
    terms = {t: search.normalize(t) for c in concepts for t in c.scenario.terms}
    return concepts, {t: n for t, n in terms.items() if n not in typed}


_LIBRARY: dict = {}


def _library(store: Store) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """``([(plan id, normalized title and keywords)], {hazard code: [plan id]})`` of the library, kept in
    memory until a plan changes (the same outbox state :func:`ensure_index` follows)."""
    key = (str(store.path), _plans_state(store))
    if _LIBRARY.get("key") != key:
        titles, by_type = [], {}
        for r in store.query("SELECT id, title, keywords, hazards FROM plans WHERE deleted = 0"):
            titles.append((r["id"], search.normalize(r["title"] + " " + " ".join(json.loads(r["keywords"])))))
            for code in json.loads(r["hazards"]):
                by_type.setdefault(code, []).append(r["id"])
        _LIBRARY.update(key=key, titles=titles, by_type=by_type)
    return _LIBRARY["titles"], _LIBRARY["by_type"]


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
    ensure_index(store)
    phrase = search.phrase_query(query)
    if phrase is None:
        return []
    asked = search.terms(query)
    df = dict(store.query(
        f"SELECT term, doc FROM plan_search_vocab WHERE term IN ({', '.join('?' * len(asked))})", asked))
    indexed = set(df)
    cap = _cap(store)
    concepts, expanded_terms = _expansion(store, query)
    # an everyday word the thesaurus knows stays whole: its characters alone would only find noise
    wanted = search.with_backoff(query, indexed | {t for c in concepts for t in search.terms(c.said)})
    best: dict[str, tuple[float, dict]] = {}
    selective = _selective(store, wanted)
    tiers = ((1000.0, phrase, min(df.get(t, 0) for t in asked) > cap),
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


# ------------------------------------------------------------------------------------------- reviews

def reviews_due(store: Store, within_days: int = 30, today: date | None = None) -> list[dict]:
    """Plans whose review (evaluation) date falls within ``within_days`` or has passed."""
    today = today or clock.now().date()
    limit = (today + timedelta(days=within_days)).isoformat()
    return [dict(r) for r in store.query(
        "SELECT id, code, title, review_due FROM plans WHERE deleted = 0 AND review_due IS NOT NULL"
        " AND review_due <= ? ORDER BY review_due", (limit,))]


def review_alerts(store: Store) -> list:
    """The daily check: one alert per plan due for review within 30 days (overdue once the date passed)."""
    today = clock.now().date().isoformat()
    return [Alert(key=f"plan:{p['id']}:review:{p['review_due']}", source="plan_reviews",
                  level="overdue" if p["review_due"] < today else "warning",
                  text=f"预案《{p['title']}》应于 {p['review_due']} 前完成评估修订")
            for p in reviews_due(store)]
