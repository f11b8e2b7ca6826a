"""Search quality on the public evaluation set ../shared/eval/plan-search (read at run time, never copied).

Every document is imported the way an officer would import a text plan (``xhduty plans import``), every
query is searched, and success@3 and MRR are printed per query kind and overall against the targets
(success@3 ≥ 0.95 on every kind, MRR ≥ 0.9).  Run: ``python bench/plans_eval.py [EVAL_DIR]``.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = REPO.parent / "shared" / "eval" / "plan-search"
TARGET = 0.95
TARGET_MRR = 0.9


def evaluate(eval_dir: Path, verbose: bool = False) -> dict[str, tuple[float, float, int]]:
    """{kind: (success@3, MRR, queries)} with 'all' for every query together (in a throw-away station)."""
    previous = os.environ.get("XHDUTY_HOME")
    with tempfile.TemporaryDirectory() as home:
        os.environ["XHDUTY_HOME"] = home
        try:
            return _evaluate(eval_dir, verbose)
        finally:
            if previous is None:
                del os.environ["XHDUTY_HOME"]
            else:
                os.environ["XHDUTY_HOME"] = previous


def _evaluate(eval_dir: Path, verbose: bool) -> dict[str, tuple[float, float, int]]:
    from xhduty.core.plans import plan_search, plans
    from xhduty.core.store import init_station, open_store

    store = open_store()
    init_station(store, "EVAL", "评测", "centre")
    report = plans.import_paths(store, sorted((eval_dir / "docs").glob("*.txt")))
    if report.errors:
        raise SystemExit("\n".join(report.errors))
    doc_of = {item["id"]: Path(item["file"]).stem for item in report.imported}
    per_kind: dict[str, list[tuple[int, float]]] = defaultdict(list)
    with open(eval_dir / "queries.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            expected = {e.strip() for e in row["expected"].split(",")}
            found = [doc_of[r["plan_id"]] for r in plan_search.search_plans(store, row["query"], limit=10)]
            rank = next((i for i, d in enumerate(found, start=1) if d in expected), None)
            hit = (1 if rank and rank <= 3 else 0, 1 / rank if rank else 0.0)
            per_kind[row["kind"]].append(hit)
            per_kind["all"].append(hit)
            if verbose and hit[0] == 0:
                print(f"  miss [{row['kind']}] {row['query']} → {found[:3]} (want {sorted(expected)})")
    store.close()
    return {k: (sum(h for h, _ in v) / len(v), sum(r for _, r in v) / len(v), len(v)) for k, v in per_kind.items()}


def main() -> int:
    eval_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_EVAL
    results = evaluate(eval_dir, verbose=True)
    print(f"{'kind':<10}{'n':>4}{'success@3':>12}{'MRR':>8}   target success@3 ≥ {TARGET}, MRR ≥ {TARGET_MRR}")
    failed = False
    for kind, (s3, mrr, n) in sorted(results.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        ok = s3 >= TARGET and mrr >= TARGET_MRR
        failed |= not ok
        print(f"{kind:<10}{n:>4}{s3:>12.3f}{mrr:>8.3f}   {'ok' if ok else 'BELOW TARGET'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
