"""The plan library (应急预案库): importing plan files and documents, browsing, indexing, review dates.

A plan is one mutable, district-wide record (table ``plans``) carrying its response levels and its full
text as sections.  Plan files (``.toml``, see :mod:`plan_file`) are structured; documents (.docx, .pdf,
.doc/.wps, .txt, .md, see :mod:`documents`) become plans whose structure is inferred (:mod:`inference`)
and shown as 推断 until an officer confirms it.  Importing a file whose id (or, for a document, title) is
already in the library updates that plan.  A file with any error imports nothing; the others of the same
batch are imported in one transaction.

``plan_search`` is a station-local FTS5 index of every section (see :mod:`search`), derived from the
records: import writes it with the plans, and plans that changed without it (by sync) are indexed again
before the next search (:func:`ensure_index`).  Searching it is :mod:`plan_search`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from xhduty import paths
from xhduty.core import clock, search
from xhduty.core.ids import new_id
from xhduty.core.alerts import Alert
from xhduty.core.plans.plan_file import KINDS, parse_plan
from xhduty.core.plans import inference, office, thesaurus
from xhduty.core.plans.documents import read_document, unreadable
from xhduty.core.store import Store, StoreError, Tx

DOCUMENT_SUFFIXES = (".docx", ".pdf", *office.CONVERTED, ".txt", ".md")
PLAN_SUFFIXES = (".toml",)
_JSON_FIELDS = ("hazards", "keywords", "levels", "notify", "resources", "sections", "inferred")
INFERABLE = ("hazards", "levels", "owner")  # what import infers for a document (see :mod:`inference`)
_INDEX_STATE = "plan_search_state"


@dataclass
class ImportReport:
    """What an import did: ``imported`` {"file", "id", "code", "title", "action"}; ``errors`` files that were
    not imported, with why; ``skipped`` {"file", "reason"} files of a folder that are not plans;
    ``warnings`` parts of imported documents that could not be read; ``namesakes`` documents imported as
    new plans beside plans of the same title from other files ("文件名：…", saying which)."""
    imported: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    namesakes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no file had errors (skipped files and warnings do not count)."""
        return not self.errors

    def summary(self) -> str:
        """One line: "共导入 N 个预案，其中 S 个与已有预案同名，跳过 M 个文件，K 个文件有错误未导入，J 处内容未能读取"."""
        parts = [f"共导入 {len(self.imported)} 个预案"]
        if self.namesakes:
            parts.append(f"其中 {len(self.namesakes)} 个与已有预案同名，另作一个预案（见“注意”）")
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
    """Every event type code (categories and sub-types, e.g. 'A', 'A.gas') a plan may name as its hazard."""
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


def get_plan(store: Store, plan_id: str, removed: bool = False) -> dict:
    """A plan of the library with everything, by record id or by its own code; with ``removed``, a plan
    removed from the library is returned too (by record id: what a response started from it reads),
    its ``deleted`` = 1.  StoreError when there is none, saying so when the plan was removed."""
    row = store.one("SELECT * FROM plans WHERE (id = ? OR code = ?) AND deleted = 0", (plan_id, plan_id))
    gone = store.one("SELECT * FROM plans WHERE id = ? AND deleted = 1", (plan_id,)) if row is None else None
    if gone is not None and removed:
        return plan_from_row(gone)
    if gone is not None:
        raise StoreError(f"预案《{gone['title']}》已从预案库删除")
    if row is None:
        raise StoreError(f"预案库中没有编号为 {plan_id} 的预案")
    return plan_from_row(row)


def owners(store: Store) -> list[str]:
    """The distinct 编制单位 of the plans in the library, sorted (for the owner filter and completion)."""
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
            reason = "不是 UTF-8 编码" if isinstance(exc, UnicodeDecodeError) else unreadable(exc)
            return None, [f"{path.name}：无法读取（{reason}）"], []
        plan, errors = parse_plan(path, text, set(types))
        return ({**plan, "inferred": []} if plan else None), [str(e) for e in errors], []
    if suffix in DOCUMENT_SUFFIXES:
        try:
            document = read_document(path)
        except StoreError as exc:
            return None, [str(exc)], []
        except OSError as exc:
            return None, [f"{path.name}：无法读取（{unreadable(exc)}）"], []
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
    """The record a re-import updates: the same code; for a document, one of the same title imported from
    a file of the same name (its extension aside: 防汛预案.doc saved again as 防汛预案.docx).

    A title alone is no identity: street plans are often titled alike (防汛防台应急预案), and a folder of
    them imported at the district centre left one plan, each file overwriting the one before."""
    if plan["code"]:
        row = tx.con.execute("SELECT id FROM plans WHERE code = ? AND deleted = 0", (plan["code"],)).fetchone()
        return row[0] if row else None
    stem = Path(plan["source"]).stem
    return next((r[0] for r in tx.con.execute(
        "SELECT id, source FROM plans WHERE title = ? AND structured = 0 AND deleted = 0 ORDER BY created_at, id",
        (plan["title"],)) if Path(r[1]).stem == stem), None)


def _namesakes(tx: Tx, plan_id: str, title: str) -> list[str]:
    """The files other plans of the library titled ``title`` were imported from (or their codes)."""
    return [r[0] or r[1] for r in tx.con.execute(
        "SELECT source, code FROM plans WHERE title = ? AND id != ? AND deleted = 0 ORDER BY created_at, id",
        (title, plan_id))]


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
        _catch_up(tx)   # the state set below counts every change so far as indexed: synced ones too
        for n, (path, plan) in enumerate(good, start=1):
            plan_id, action = save_plan(tx, plan)
            code = plan["code"] or tx.con.execute("SELECT code FROM plans WHERE id = ?", (plan_id,)).fetchone()[0]
            others = _namesakes(tx, plan_id, plan["title"]) if action == "new" else []
            if others:
                report.namesakes.append(
                    f"{path.name}：库中已有同名预案《{plan['title']}》（导入自 {'、'.join(others)}），本文件已作为"
                    "另一个预案导入，原有预案未改动；如是同一预案的新版本，请以原文件名导入，即更新原预案")
            report.imported.append({"file": path.name, "id": plan_id, "code": code,
                                    "title": plan["title"], "action": action})
            if progress and n % 50 == 0:
                progress(len(files) + n, len(files) * 2)
        tx.set_meta(_INDEX_STATE, str(plans_state(tx.store)))
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


def plans_state(store: Store) -> int:
    """Where the library stands: grows with every change to a plan, local or synced."""
    # every change to a plan, local or synced, adds a row to the outbox; its rowid only grows
    return store.one("SELECT coalesce(max(rowid), 0) FROM changes WHERE tbl = 'plans'")[0]


def ensure_index(store: Store) -> None:
    """Bring the search index up to date with plans changed without it (records that arrived by sync):
    only the plans changed since the index was last written are indexed again."""
    if int(store.meta(_INDEX_STATE) or 0) == plans_state(store):
        return
    with store.write() as tx:
        _catch_up(tx)


def _catch_up(tx: Tx) -> None:
    """Index again (or drop, for a removed plan) the plans changed since the index was last written, and
    record the index as written up to now.  (An import that recorded the state without this left plans
    removed by sync in the index, and found by search, for good.)"""
    state = plans_state(tx.store)
    done = int(tx.store.meta(_INDEX_STATE) or 0)
    if done == state:
        return
    changed = [r[0] for r in tx.con.execute(
        "SELECT DISTINCT record_id FROM changes WHERE tbl = 'plans' AND rowid > ?", (done if done < state else 0,))]
    for plan_id in changed:
        row = tx.con.execute("SELECT * FROM plans WHERE id = ?", (plan_id,)).fetchone()
        if row is None or row["deleted"]:
            _drop_rows(tx, plan_id)
        else:
            index_plan(tx, plan_id, plan_from_row(row))
    tx.set_meta(_INDEX_STATE, str(state))


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
