"""Speed of the plan library at district scale: 2,000 generated plans of 50 sections each.

Prints measured numbers next to the targets:
  * importing the library (plan files → records → search index)           target ≤ 60 s
  * search: median and p95 over word, term, phrase, question, mixed and everyday (thesaurus) queries,
    against a raw FTS5 query over the same index in the same run — the query's content bigrams OR-ed,
    ranked by bm25, best 10 rows read (what a search without ranking logic, phrase tier or
    thesaurus would cost)                                                 target median ≤ 2× raw, p95 ≤ 20 ms
  * start-up (open the station, status bar's active signals) with the big
    library against an empty one                                          target: grows ≤ 100 ms
The generated plans (示例数据, made here and thrown away) mix sentences of the built-in sample library
with random words, so common words (应急, 响应) are everywhere and rarer ones are not.
Run: ``python bench/plans_speed.py [PLANS] [SECTIONS]``.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUERIES = ["火灾", "台风", "停电", "电梯", "燃气", "寒潮", "有限空间", "危险化学品", "地下车库", "应急避难场所",
           "转移危房、简易房", "关阀断气，禁止明火", "泵站预降水位", "地下车库进水怎么办", "电梯困人找谁",
           "燃气泄漏了怎么处置", "高温天气户外作业要停吗", "停电 医院", "火灾 高层建筑", "踩踏 客流 限流",
           "煤气味", "楼道冒烟", "三车追尾"]


def _sentences() -> list[str]:
    out = []
    for path in sorted((REPO / "plans").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for section in data["sections"]:
            out.extend(s + "。" for s in section["text"].split("。") if len(s) > 6)
    return out


def _plan_file(i: int, sentences: list[str], sections: int, rng: random.Random) -> str:
    codes = ["N.flood", "N.weather", "A.fire", "A.gas", "A.hazchem", "A.power", "A.elevator", "A.crowd"]
    words = "".join(chr(rng.randint(0x4E00, 0x62FF)) for _ in range(40))
    lines = [f'id = "GEN-{i:05d}"', f'title = "生成的测试预案 {i}（示例数据）{words[:6]}"', 'kind = "专项"',
             f'hazards = ["{rng.choice(codes)}"]', f'keywords = ["{words[6:8]}", "{words[8:11]}"]',
             'owner = "测试单位"', 'version = "1"', "issued = 2025-01-01", "review_due = 2028-01-01",
             "sample = true", '[[levels]]', 'level = "IV"', 'lead = "测试牵头单位"', 'triggers = ["一般事件"]',
             '[[levels.actions]]', 'step = "核实情况"', 'unit = "值班室"', 'within = "30分钟"']
    for n in range(sections):
        text = "".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
        text += words[rng.randint(0, 30):][:rng.randint(4, 10)]
        lines += ["[[sections]]", f'heading = "{n + 1}. 第{n + 1}节{words[n % 30:n % 30 + 2]}"', "text = " + json.dumps(text, ensure_ascii=False)]
    return "\n".join(lines) + "\n"


def _startup_ms(home: str) -> float:
    code = ("import time; t=time.perf_counter();"
            "from xhduty.core.store import open_store; from xhduty.core.plans import plans;"
            "from xhduty.core.duty import warning_signals as signals;"
            "s=open_store(); signals.active_signals(s); print((time.perf_counter()-t)*1000)")
    runs = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "XHDUTY_HOME": home},
                             cwd=REPO, capture_output=True, text=True, check=True)
        runs.append(float(out.stdout.strip()))
    return statistics.median(runs)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    sections = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    from xhduty.core import search
    from xhduty.core.plans import matching
    from xhduty.core.plans import plan_search, plans
    from xhduty.core.store import init_station, open_store

    rng = random.Random(8)
    sentences = _sentences()
    with tempfile.TemporaryDirectory() as tmp:
        files_dir = Path(tmp) / "plans"
        files_dir.mkdir()
        for i in range(count):
            (files_dir / f"gen{i:05d}.toml").write_text(_plan_file(i, sentences, sections, rng), encoding="utf-8")
        chars = sum(p.stat().st_size for p in files_dir.iterdir()) // 3
        empty_home, big_home = Path(tmp) / "empty", Path(tmp) / "big"
        for home in (empty_home, big_home):
            home.mkdir()
            os.environ["XHDUTY_HOME"] = str(home)
            init_station(open_store(), "BENCH", "测速", "centre")
        store = open_store()
        t = time.perf_counter()
        report = plans.import_paths(store, sorted(files_dir.iterdir()))
        import_s = time.perf_counter() - t
        assert report.ok and len(report.imported) == count, report.errors[:3]
        plan_search.search_plans(store, "预热")  # first query warms the page cache
        times, raw_times, times_of = [], [], {q: [] for q in QUERIES}
        for _ in range(5):
            for q in QUERIES:
                raw = search.any_query(search.content_terms(q))
                t = time.perf_counter()
                store.query("SELECT plan_id, section FROM plan_search WHERE plan_search MATCH ?"
                            " ORDER BY bm25(plan_search) LIMIT 10", (raw,))
                raw_times.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                plan_search.search_plans(store, q, limit=10)
                times.append((time.perf_counter() - t) * 1000)
                times_of[q].append(times[-1])
        times.sort()
        median, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
        raw_median = statistics.median(raw_times)
        raw_times.sort()
        raw_p95 = raw_times[int(len(raw_times) * 0.95) - 1]
        slowest = sorted(((statistics.median(times_of[q]), q) for q in QUERIES), reverse=True)[:3]
        t = time.perf_counter()
        matching.match(store, "A.fire", "III", "高层住宅起火，3人死亡")
        match_ms = (time.perf_counter() - t) * 1000
        store.close()
        empty_ms, big_ms = _startup_ms(str(empty_home)), _startup_ms(str(big_home))
    print(f"library: {count} plans × {sections} sections, ≈{chars / 1e6:.1f} M characters")
    print(f"import          {import_s:8.1f} s    target ≤ 60 s     {'ok' if import_s <= 60 else 'MISSED'}")
    ratio = median / raw_median
    print(f"raw FTS5 median {raw_median:8.1f} ms   p95 {raw_p95:.1f} ms   (baseline, same index, same run)")
    print(f"search median   {median:8.1f} ms   = {ratio:.2f}× raw   target ≤ 2×   {'ok' if ratio <= 2 else 'MISSED'}")
    print(f"search p95      {p95:8.1f} ms   target ≤ 20 ms    {'ok' if p95 <= 20 else 'MISSED'}")
    print("slowest queries " + "，".join(f"{q} {ms:.1f} ms" for ms, q in slowest))
    print(f"match incident  {match_ms:8.1f} ms   (no target; every plan weighed, text searched)")
    print(f"start-up        {empty_ms:8.1f} ms empty, {big_ms:.1f} ms with library: grows {big_ms - empty_ms:+.1f} ms"
          f"   target ≤ 100 ms   {'ok' if big_ms - empty_ms <= 100 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
