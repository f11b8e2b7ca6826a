"""Benchmark: the hub under a district's load, on SQLite and on PostgreSQL in one run.

Targets (issue 18; the 30-station figure is issue 12's too):
* 100 stations × 2,000 changes pushed concurrently, then pulled by a centre: 0 errors, p95 push ≤ 2 s
  (one push = one request of the station client's batch, PUSH_BATCH changes);
* pushed changes/s with 30 concurrent stations ≥ 3,000;
* PostgreSQL with 4 workers ≥ 2× SQLite at 100 stations (pushed changes/s);
* digest at 10M changes ≤ 100 ms — measured at 100k and 1M stored changes (the running digests make its
  cost the number of tables × stations plus the changes after the cursor, not the log: flat in N, so the
  1M figure stands for 10M); the full scan it replaced is timed at 1M as the baseline.

Each hub runs as `xhduty hub serve` in its own process(es); the stations are asyncio tasks of this process
sending pre-encoded batches over loopback HTTP (each waits for its answer before sending the next, as the
station client does).  The changes are duty-log entries of real stations, renamed per station.
PostgreSQL: the server at $XHDUTY_BENCH_PG or $XHDUTY_TEST_PG (a database is created and dropped), else a
temporary one started with initdb/pg_ctl (as nobody when run as root).

    .venv/bin/python bench/hub_load.py [stations=100] [changes per station=2000] [--only sqlite|postgresql]
                                       [--no-digest]
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

TARGET_P95_S = 2.0
TARGET_RATE_30 = 3000.0
TARGET_PG_RATIO = 2.0
TARGET_DIGEST_MS = 100.0
PG_WORKERS = 4


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------------------------------ data
def template_changes(root: Path, n: int) -> list[dict]:
    """``n`` duty-log entries of a real station, as its outbox sends them."""
    from xhduty.core.duty import duty
    from xhduty.core.store import init_station, open_store
    from xhduty.sync.protocol import wire

    store = open_store(root / "template" / "xhduty.db")
    init_station(store, "T0", "T0", "street")
    with store.write() as tx:
        for i in range(n):
            duty.append_entry(tx, text=f"示例数据：第 {i} 条值班记录，巡查辖区内防汛物资")
    rows = [wire(r) for r in store.query("SELECT * FROM changes WHERE station = 'T0' ORDER BY station_seq")]
    store.close()
    return rows


def ids_for(codes: list[str], per: int) -> dict[str, list[tuple[str, str]]]:
    """Fresh (change id, record id) pairs for each station, made in turns — as stations writing through the
    same hours make them — so the hub's indexes grow as in a district (ids renamed from one template would
    all share its time prefix and land in the middle of every index)."""
    from xhduty.core.ids import new_ids

    made = new_ids(2 * per * len(codes))
    return {code: [(made[2 * (i * len(codes) + k)], made[2 * (i * len(codes) + k) + 1]) for i in range(per)]
            for k, code in enumerate(codes)}


def as_station(changes: list[dict], code: str, ids: list[tuple[str, str]]) -> list[dict]:
    """The template's changes as station ``code`` made them (ids, station, stamps renamed)."""
    out = []
    for c, (change_id, rid) in zip(changes, ids):
        fields = {**c["fields"], "id": rid, "station": code}
        out.append({**c, "change_id": change_id, "station": code, "record_id": rid, "fields": fields,
                    "hlc": c["hlc"].rsplit(".", 1)[0] + "." + code})
    return out


def bodies(changes: list[dict], batch: int) -> list[bytes]:
    return [json.dumps({"changes": changes[k:k + batch]}, ensure_ascii=False).encode()
            for k in range(0, len(changes), batch)]


# ------------------------------------------------------------------------------------------ hubs
class Hub:
    """A hub process on one backend, with ``stations`` street stations registered."""

    def __init__(self, root: Path, name: str, url: str | None, workers: int, codes: list[str]):
        from xhduty.hub import registry
        from xhduty.hub.store import HubStore

        self.home, self.db = root / name, url
        hub = HubStore.open(self.home, url=url)
        self.tokens = {code: registry.add_station(hub, code, "street", "xujiahui") for code in codes}
        self.centre = registry.add_station(hub, "C0", "centre")
        hub.close()
        self.port = free_port()
        args = [sys.executable, "-m", "xhduty", "hub", "serve", "--home", str(self.home), "--port", str(self.port),
                "--rate", "10000"]
        if url:
            args += ["--db", url, "--workers", str(workers)]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     env={**os.environ, "XHDUTY_HOME": str(root)})
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.url + "/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("hub did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(60)


async def push_all(url: str, work: dict[str, tuple[str, list[bytes]]]) -> tuple[float, list[float], int, int]:
    """Every station pushes its batches at once (one after another each); returns (seconds, latencies of the
    requests, changes accepted, errors: requests not 200 or changes not accepted)."""
    limits = httpx.Limits(max_connections=len(work) + 10, max_keepalive_connections=len(work) + 10)
    latencies, accepted, errors = [], [0], [0]
    async with httpx.AsyncClient(limits=limits, timeout=600) as client:
        async def station(token: str, batches: list[bytes]) -> None:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            for body in batches:
                t = time.perf_counter()
                r = await client.post(url + "/v1/push", content=body, headers=headers)
                latencies.append(time.perf_counter() - t)
                if r.status_code != 200:
                    errors[0] += 1
                    continue
                answer = r.json()
                accepted[0] += len(answer["accepted"])
                errors[0] += len(answer["refused"])
        start = time.perf_counter()
        await asyncio.gather(*(station(token, batches) for token, batches in work.values()))
        return time.perf_counter() - start, latencies, accepted[0], errors[0]


def pull_everything(url: str, token: str) -> tuple[float, int]:
    from xhduty.sync.protocol import MAX_PAGE

    cursor, got, start = 0, 0, time.perf_counter()
    with httpx.Client(timeout=600, headers={"Authorization": f"Bearer {token}"}) as client:
        while True:
            page = client.get(url + "/v1/pull", params={"after": cursor, "limit": MAX_PAGE}).json()
            got += len(page["changes"])
            cursor = page["cursor"]
            if not page["more"]:
                return time.perf_counter() - start, got


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


def load_round(root: Path, name: str, url: str | None, workers: int, template: list[dict], stations: int,
               batch: int) -> dict:
    codes = [f"S{i:03d}" for i in range(stations)]
    hub = Hub(root, name, url, workers, codes)
    try:
        ids = ids_for(codes, len(template))
        work = {code: (hub.tokens[code], bodies(as_station(template, code, ids[code]), batch)) for code in codes}
        took, latencies, accepted, errors = asyncio.run(push_all(hub.url, work))
        pull_s, pulled = pull_everything(hub.url, hub.centre)
    finally:
        hub.stop()
    return {"took": took, "rate": accepted / took, "p95": p95(latencies), "accepted": accepted,
            "errors": errors + (accepted - pulled), "pull_s": pull_s, "pulled": pulled}


# ----------------------------------------------------------------------------------------- digest
def digest_round(root: Path, name: str, url: str | None, sizes: list[int]) -> list[tuple[int, float, float | None]]:
    """(stored changes, ms of a centre's digest at the newest cursor, ms of the full scan it replaced) —
    changes stored straight into the backend's tables, 20 stations, the log's and a mutable table."""
    from xhduty.core.authority import StationInfo
    from xhduty.hub.store import HubStore
    from xhduty.sync import digest
    from xhduty.hub.sqlite_db import signed

    hub = HubStore.open(root / name, url=url)
    me = StationInfo("C0", "centre", None)
    out, stored = [], 0
    try:
        for size in sizes:
            rows = [(stored + i + 1, f"{uuid.UUID(int=stored + i).hex}", f"S{(stored + i) % 20:02d}",
                     "log_entries" if i % 3 else "units") for i in range(size - stored)]
            _store_raw(hub, rows, signed)
            stored = size
            newest = hub.db.newest()
            times = []
            for _ in range(5):
                t = time.perf_counter()
                hub.digest(me, newest, 0)
                times.append((time.perf_counter() - t) * 1000)
            scan = None
            if size == sizes[-1]:
                t = time.perf_counter()
                digest.fold((tbl, cid) for _, cid, _, tbl in _all_rows(hub))
                scan = (time.perf_counter() - t) * 1000
            out.append((size, statistics.median(times), scan))
    finally:
        hub.close()
    return out


def _store_raw(hub, rows, signed) -> None:
    """Bulk-load numbered changes and their running totals (the bench's fixture; the hub never writes so)."""
    from xhduty.sync import digest

    hashes = digest.hashes(cid for _, cid, _, _ in rows)
    totals: dict[tuple, list[int]] = {}
    for (_, _, station, tbl), h in zip(rows, hashes):
        slot = totals.setdefault((tbl, station), [0, 0])
        slot[0] += 1
        slot[1] ^= h
    if hub.db.kind == "sqlite":
        con = hub.store.con
        con.execute("BEGIN")
        con.executemany("INSERT INTO changes (change_id, station, station_seq, hlc, tbl, record_id, op, fields)"
                        " VALUES (?, ?, ?, '0', ?, ?, 'insert', '{}')",
                        [(cid, st, seq, tbl, cid) for seq, cid, st, tbl in rows])
        con.executemany("INSERT INTO hub_log (hub_seq, change_id, station, tbl) VALUES (?, ?, ?, ?)", rows)
        con.executemany("INSERT INTO hub_digests (tbl, station, n, x) VALUES (?, ?, ?, ?) ON CONFLICT (tbl, station)"
                        " DO UPDATE SET n = n + excluded.n, x = (x | excluded.x) & ~(x & excluded.x)",
                        [(t, s, n, signed(x)) for (t, s), (n, x) in totals.items()])
        con.execute("COMMIT")
        return
    with hub.db._slot() as (con, _):
        with con.transaction(), con.cursor() as cur:
            with cur.copy("COPY hub_changes (hub_seq, change_id, station, station_seq, hlc, tbl, record_id, op,"
                          " fields, h) FROM STDIN") as copy:
                for (seq, cid, st, tbl), h in zip(rows, hashes):
                    copy.write_row((seq, cid, st, seq, "0", tbl, cid, "insert", "{}", signed(h)))
            cur.executemany("INSERT INTO hub_digests (tbl, station, n, x) VALUES (%s, %s, %s, %s) ON CONFLICT"
                            " (tbl, station) DO UPDATE SET n = hub_digests.n + EXCLUDED.n,"
                            " x = hub_digests.x # EXCLUDED.x",
                            [(t, s, n, signed(x)) for (t, s), (n, x) in totals.items()])
            cur.execute("UPDATE hub_counter SET last = %s", (rows[-1][0],))
        con.execute("VACUUM ANALYZE hub_changes")


def _all_rows(hub):
    if hub.db.kind == "sqlite":
        return hub.store.query("SELECT hub_seq, change_id, station, tbl FROM hub_log")
    with hub.db._slot() as (con, _):
        return con.execute("SELECT hub_seq, change_id, station, tbl FROM hub_changes").fetchall()


# ------------------------------------------------------------------------------------ PostgreSQL
class Postgres:
    """A database for the bench: on the server named by the environment, else on a temporary server."""

    def __init__(self, root: Path):
        self.server = None
        base = os.environ.get("XHDUTY_BENCH_PG") or os.environ.get("XHDUTY_TEST_PG")
        if not base:
            base = self._start(root)
        import psycopg
        from psycopg.conninfo import make_conninfo

        self.base, self.names = base, []
        self.make = lambda name: make_conninfo(base, dbname=name)
        self.psycopg = psycopg

    def database(self) -> str:
        name = f"xh_bench_{uuid.uuid4().hex[:8]}"
        with self.psycopg.connect(self.base, autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        self.names.append(name)
        return self.make(name)

    def _start(self, root: Path) -> str:
        pgbin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if not pgbin:
            raise SystemExit("no PostgreSQL: set XHDUTY_BENCH_PG or install the postgresql package")
        directory = Path(tempfile.mkdtemp(prefix="xhduty-bench-pg-"))
        runas = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
        if runas:
            shutil.chown(directory, "nobody")
        subprocess.run([*runas, str(pgbin[-1] / "initdb"), "-D", str(directory / "data"), "-U", "xhduty",
                        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
        subprocess.run([*runas, str(pgbin[-1] / "pg_ctl"), "-D", str(directory / "data"), "-l",
                        str(directory / "log"), "-w", "-o", f"-k {directory} -c listen_addresses='' "
                        "-c max_connections=200", "start"], check=True, capture_output=True)
        self.server = (runas, pgbin[-1], directory)
        return f"postgresql://xhduty@/postgres?host={directory}"

    def close(self) -> None:
        with self.psycopg.connect(self.base, autocommit=True) as con:
            for name in self.names:
                con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if self.server:
            runas, pgbin, directory = self.server
            subprocess.run([*runas, str(pgbin / "pg_ctl"), "-D", str(directory / "data"), "-m", "fast", "stop"],
                           capture_output=True)
            shutil.rmtree(directory, ignore_errors=True)


# ------------------------------------------------------------------------------------------ main
def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    if only:
        args = [a for a in args if a != only]
    stations = int(args[0]) if args else 100
    per = int(args[1]) if len(args) > 1 else 2000
    from xhduty.sync.client import PUSH_BATCH

    root = Path(tempfile.mkdtemp(prefix="xhduty-bench-load-"))
    os.environ["XHDUTY_HOME"] = str(root)
    template = template_changes(root, per)
    backends = [b for b in ("sqlite", "postgresql") if only in (None, b)]
    pg = Postgres(root) if "postgresql" in backends else None
    results, ok = {}, True
    try:
        for backend in backends:
            url = pg.database() if backend == "postgresql" else None
            workers = PG_WORKERS if backend == "postgresql" else 1
            r30 = load_round(root, f"{backend}-30", pg.database() if url else None, workers, template,
                             min(30, stations), PUSH_BATCH)
            r100 = load_round(root, f"{backend}-100", url, workers, template, stations, PUSH_BATCH)
            digests = ([] if "--no-digest" in sys.argv else
                       digest_round(root, f"{backend}-digest", pg.database() if url else None, [100_000, 1_000_000]))
            results[backend] = (r30, r100, digests)
            label = backend if backend == "sqlite" else f"postgresql, {workers} workers"
            print(f"[{label}]")
            print(f"  30 stations × {per} pushed at once: {r30['rate']:,.0f} changes/s (target ≥ {TARGET_RATE_30:,.0f})"
                  f" {'OK' if r30['rate'] >= TARGET_RATE_30 else 'MISSED'}  ratio {r30['rate'] / TARGET_RATE_30:.2f};"
                  f" p95 push {r30['p95']:.2f} s; errors {r30['errors']}")
            print(f"  {stations} stations × {per} pushed at once: {r100['accepted']:,} in {r100['took']:.1f} s ="
                  f" {r100['rate']:,.0f} changes/s; p95 push ({PUSH_BATCH} a request) {r100['p95']:.2f} s"
                  f" (target ≤ {TARGET_P95_S}) {'OK' if r100['p95'] <= TARGET_P95_S else 'MISSED'};"
                  f" errors {r100['errors']} (target 0)")
            print(f"  centre pulled {r100['pulled']:,} in {r100['pull_s']:.1f} s = {r100['pulled'] / r100['pull_s']:,.0f}/s")
            for size, ms, scan in digests:
                line = f"  digest at {size:,} changes: {ms:.1f} ms (target ≤ {TARGET_DIGEST_MS:.0f} ms at 10M)"
                if scan is not None:
                    line += f"; the full scan it replaced: {scan:,.0f} ms (≈ {scan * 10 / 1000:,.0f} s at 10M)"
                print(line)
            ok &= r30["rate"] >= TARGET_RATE_30 and r100["errors"] == 0 and r100["p95"] <= TARGET_P95_S
            ok &= all(ms <= TARGET_DIGEST_MS for _, ms, _ in digests)
        if len(results) == 2:
            ratio = results["postgresql"][1]["rate"] / results["sqlite"][1]["rate"]
            print(f"PostgreSQL ({PG_WORKERS} workers) ÷ SQLite at {stations} stations: {ratio:.2f}"
                  f" (target ≥ {TARGET_PG_RATIO}) {'OK' if ratio >= TARGET_PG_RATIO else 'MISSED'}")
            ok &= ratio >= TARGET_PG_RATIO
    finally:
        if pg:
            pg.close()
        shutil.rmtree(root, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
