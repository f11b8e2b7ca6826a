"""Search-as-you-type over 20,000 people: median time per keystroke (target ≤ 30 ms).

Each keystroke does what the contacts view does: search the index and load the first 50 people shown.
Names are random surname + given name (with the polyphonic surnames 单 曾 解 among them); units form a
tree of 13 divisions × 30 offices plus 60 member units.  Run: python bench/contacts_search.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time

TARGET_MS = 30.0
PEOPLE = 20_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董单解区仇查乐朴盖"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌辉鹏宇浩婷雪琳晨欣怡子涵"
QUERIES = ["zhangwei", "zw", "张伟", "wangfang", "139001", "水务局", "shanxiong", "zengmin", "xiejun", "lxm"]


def main() -> int:
    home = tempfile.mkdtemp(prefix="xhduty-bench-")
    os.environ["XHDUTY_HOME"] = home
    from xhduty.core.contacts import contacts
    from xhduty.core.store import init_station, open_store

    store = open_store()
    init_station(store, "BENCH", "基准测试站", "centre")
    contacts.seed_skeleton(store)
    rng = random.Random(5)
    started = time.perf_counter()
    with store.write() as tx:
        units = [contacts.ensure_unit_path(tx, f"区应急委/成员单位/成员单位{i:02d}") for i in range(60)]
        units += [contacts.ensure_unit_path(tx, f"区应急委/街道（镇）/{d[0]}/居委会{j:02d}")
                  for d in store.query("SELECT name FROM divisions") for j in range(30)]
        units.append(contacts.ensure_unit_path(tx, "区应急委/成员单位/区水务局"))
        for n in range(PEOPLE):
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            tx.insert("people", {"unit_id": rng.choice(units), "name": name, "post": rng.choice(("科员", "科长", "主任")),
                                 "methods": f'[{{"kind": "mobile", "value": "13900{n:06d}"}}]'})
    print(f"生成 {PEOPLE} 人（示例数据）：{time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    index = contacts.ContactIndex(store)
    print(f"建立索引：{(time.perf_counter() - started) * 1000:.0f} ms（启动时一次，之后按修改重建）")

    timings, first_keystroke = [], []
    for query in QUERIES:
        for length in range(1, len(query) + 1):
            t = time.perf_counter()
            contacts.people(store, index.search_ids(query[:length], limit=50))
            ms = (time.perf_counter() - t) * 1000
            timings.append(ms)
            if length == 1:
                first_keystroke.append(ms)
    median = statistics.median(timings)
    worst = max(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(f"每次按键（{len(timings)} 次）：中位数 {median:.1f} ms，95% {p95:.1f} ms，最慢 {worst:.1f} ms"
          f"（首字符中位数 {statistics.median(first_keystroke):.1f} ms） 目标 中位数 ≤ {TARGET_MS:.0f} ms")
    ok = median <= TARGET_MS
    print("达标" if ok else "未达标")
    store.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
