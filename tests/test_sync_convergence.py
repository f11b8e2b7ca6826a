"""Convergence as a property (the cr-sqlite idea): random writes on three stations, random syncs over real
HTTP that get cut off before or after the hub commits or are delivered twice, station clocks hours apart,
changes the hub refuses, and the street station restored from its own backup — after one full sync round
every station and the hub hold the same data, except the records the hub refused, which stay on their
station listed with a reason; nothing else is lost, nothing doubled, no change waits.

Stations: C0 and C1 are two workstations of the district centre (both may edit contacts, so their edits
race), S1 is the 徐家汇 street station (its own duty log and its own depot's stock).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from test_sync_support import log, synced_rows, synced_tables
from xhduty.core import clock
from xhduty.core.resources import stock
from xhduty.core.integrity import check
from xhduty.core.store import init_station, open_store
from xhduty.hub import registry
from xhduty.hub.server import HubThread
from xhduty.sync import state
from xhduty.core.authority import StationInfo
from xhduty.sync.client import SyncError, run_sync, tls_context

STATIONS = {"C0": StationInfo("C0", "centre", None), "C1": StationInfo("C1", "centre", None),
            "S1": StationInfo("S1", "street", "xujiahui")}
START = datetime(2026, 7, 1, 9, 0, tzinfo=clock.SHANGHAI)
_templates: dict[str, Path] = {}


def _template() -> Path:
    """Initialised station and hub files made once, copied for every example (migrating is the slow part)."""
    if "root" not in _templates:
        root = Path(tempfile.mkdtemp(prefix="xhduty-sync-template-"))
        hub = open_store(root / "hub" / "hub.db")
        init_station(hub, registry.HUB_CODE, "同步中心", "centre")
        for code, info in STATIONS.items():
            s = open_store(root / code / "xhduty.db")
            init_station(s, code, code, info.role)
            state.configure(s, "http://127.0.0.1:1", registry.add_station(hub, code, info.role, info.division))
            s.close()
        hub.close()
        _templates["root"] = root
    return _templates["root"]


class Flaky(httpx.BaseTransport):
    """Real HTTP, except that request number ``at`` is cut off before or after reaching the hub, or every
    request is delivered twice."""

    def __init__(self, fault: str, at: int):
        self.inner, self.fault, self.at, self.calls = httpx.HTTPTransport(verify=tls_context()), fault, at, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.fault == "twice":
            self.inner.handle_request(request).read()
        elif self.calls == self.at and self.fault == "before":
            raise httpx.ConnectError("cut off before the hub got it")
        elif self.calls == self.at and self.fault == "after":
            self.inner.handle_request(request).read()
            raise httpx.ReadError("cut off after the hub committed")
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class District(RuleBasedStateMachine):
    @initialize(skews=st.tuples(*[st.integers(-8, 8)] * 3))
    def start(self, skews):
        self.root = Path(tempfile.mkdtemp(prefix="xhduty-sync-"))
        shutil.copytree(_template(), self.root, dirs_exist_ok=True)
        self.hub = self.open_hub()
        self.now = START
        self.skew = {code: timedelta(hours=h) for code, h in zip(STATIONS, skews)}
        self.st = {code: open_store(self.root / code / "xhduty.db") for code in STATIONS}
        for s in self.st.values():
            state.configure(s, self.hub.url)
        self.entries: set[str] = set()
        self.movements: dict[str, int] = {}             # every movement booked anywhere: id → qty
        self.booked: dict[str, int] = {}                # depot → sum of its movements
        self.by_s1: dict[str, str] = {}                 # movements S1 booked: id → depot
        self.s1_entries: set[str] = set()               # log entries S1 wrote
        self.deleted: set[str] = set()
        self.refused: set[str] = set()                  # ids of records the hub refuses (written unchecked)
        self.seen_deleted: dict[str, set[str]] = {code: set() for code in STATIONS}
        with self.at("C0"), self.st["C0"].write() as tx:
            self.depots = {
                "S1": tx.insert("depots", {"name": "徐家汇储备点", "kind": "储备点", "division": "xujiahui"}),
                "C": tx.insert("depots", {"name": "区储备库", "kind": "储备库", "division": "longhua"}),
            }
            self.item = tx.insert("items", {"name": "编织袋", "class_code": "1010100", "unit": "条"})
            self.units = [tx.insert("units", {"name": f"单位{i}", "duty_phone": "64000000"}) for i in range(3)]
        for code in ("C0", "C1", "S1", "C0"):
            self._sync(code, None)
        self.backup = self.st["S1"].backup(self.root / "S1-backup.db")   # the street's backup, restored below

    def open_hub(self) -> HubThread:
        """The hub under test, started (tests/test_hub_pg_convergence.py runs it on PostgreSQL)."""
        return HubThread(self.root / "hub").__enter__()

    def hub_view(self):
        """What the hub holds, as a store to query like a station's."""
        return self.hub.hub.store

    def at(self, code: str):
        """Run as station ``code`` with its own (skewed) wall clock; shared time moves on a little."""
        self.now += timedelta(seconds=7)
        return clock.frozen(self.now + self.skew[code])

    def _sync(self, code: str, transport):
        with self.at(code):
            result = run_sync(self.st[code], transport=transport)
        if result["recovered"]:
            event("a station recovered after a restore")        # --hypothesis-show-statistics counts these
        if result["refused"]:
            event("the hub refused a change")
        return result

    # -------------------------------------------------------------------------------------- writes
    @rule(code=st.sampled_from(list(STATIONS)), text=st.text("值班记录火灾台风", min_size=1, max_size=8))
    def write_log(self, code, text):
        with self.at(code):
            entry = log(self.st[code], text)
        self.entries.add(entry)
        if code == "S1":
            self.s1_entries.add(entry)

    @rule(code=st.sampled_from(list(STATIONS)), qty=st.integers(-40, 60).filter(bool), depot=st.sampled_from(["S1", "C"]))
    def move_stock(self, code, qty, depot):
        if code == "S1" and depot != "S1":
            depot = "S1"                                    # a street books only its own division's stock
        depot_id = self.depots[depot]
        with self.at(code), self.st[code].write() as tx:
            rows = (stock.receive(tx, depot_id, self.item, qty) if qty > 0 else
                    stock.issue(tx, depot_id, self.item, -qty, confirm=True))
        for row in rows:
            self.movements[row["id"]] = row["qty"]
            self.booked[depot_id] = self.booked.get(depot_id, 0) + row["qty"]
            if code == "S1":
                self.by_s1[row["id"]] = depot_id

    @rule(code=st.sampled_from(["C0", "C1"]), unit=st.integers(0, 2), phone=st.sampled_from(["110", "119", "120"]))
    def edit_contact(self, code, unit, phone):
        with self.at(code), self.st[code].write() as tx:
            tx.update("units", self.units[unit], {"duty_phone": phone})

    @rule(code=st.sampled_from(["C0", "C1"]), unit=st.integers(0, 2))
    def delete_contact(self, code, unit):
        with self.at(code), self.st[code].write() as tx:
            tx.delete("units", self.units[unit])
        self.deleted.add(self.units[unit])

    @rule(division=st.sampled_from(["tianlin", "longhua"]))
    def refused_depot(self, division):
        """S1 made another division's depot before it was set up to sync, and then edited it."""
        s1 = self.st["S1"]
        url = state.get(s1, "hub_url")
        with self.at("S1"):
            with s1.write() as tx:
                state.put(tx, "hub_url", None)
            with s1.write() as tx:
                depot = tx.insert("depots", {"name": "别处的储备点", "kind": "储备点", "division": division})
                tx.update("depots", depot, {"keeper": "李四"})
            with s1.write() as tx:
                state.put(tx, "hub_url", url)
        self.refused.add(depot)

    @rule(deliver=st.booleans())
    def restore_street(self, deliver):
        """S1's disk is restored from its backup (having just delivered what it had, or not): what it
        had not delivered is gone with the disk, the rest comes back from the hub."""
        if deliver:
            self._sync("S1", None)
        s1 = self.st["S1"]
        path = s1.path
        s1.close()
        shutil.copy(self.backup, path)
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        self.st["S1"] = s1 = open_store(path)
        hub = self.hub_view()
        on_hub = {r[0] for r in hub.query("SELECT record_id FROM changes WHERE station = 'S1'")}
        kept = {r[0] for r in s1.query("SELECT record_id FROM changes WHERE station = 'S1'")} | on_hub
        lost = (self.s1_entries | self.refused) - kept
        self.entries -= lost
        self.s1_entries -= lost
        self.refused -= lost
        for movement in [m for m in self.by_s1 if m not in kept]:
            depot, qty = self.by_s1.pop(movement), self.movements.pop(movement)
            self.booked[depot] -= qty
        self.seen_deleted["S1"] = {u for u in self.units if s1.get("units", u)["deleted"]}

    # --------------------------------------------------------------------------------------- syncs
    @rule(code=st.sampled_from(list(STATIONS)), fault=st.sampled_from([None, "before", "after", "twice"]),
          at=st.integers(1, 5))
    def sync(self, code, fault, at):
        try:
            self._sync(code, Flaky(fault, at) if fault else None)
        except SyncError:
            assert fault in ("before", "after")

    @invariant()
    def deletes_stay_deleted(self):
        """Once a station has a record deleted, no sync ever brings it back."""
        for code, s in self.st.items():
            now = {u for u in self.units if s.get("units", u)["deleted"]}
            assert self.seen_deleted[code] <= now, code
            self.seen_deleted[code] = now

    def teardown(self):
        if not hasattr(self, "hub"):
            return
        try:
            for _ in range(2):                                   # a full round, twice: everyone has everything
                for code in STATIONS:
                    result = self._sync(code, None)
                    assert (result["mismatch"], result["waiting"]) == ([], []), code
                    assert state.pending(self.st[code]) == 0, code
            hub = self.hub_view()
            for table in synced_tables(hub):
                for code, info in STATIONS.items():
                    mine = [r for r in synced_rows(self.st[code], table, info) if r["id"] not in self.refused]
                    assert mine == synced_rows(hub, table, info), (code, table)
            listed = {r["record_id"] for r in state.refusals(self.st["S1"], 10_000)}
            assert listed == self.refused                      # every refused record is listed, nothing else
            ids = [r["id"] for r in synced_rows(hub, "log_entries")]
            self.entries |= {r[0] for r in hub.query("SELECT id FROM log_entries WHERE kind = 'restore'")}
            assert len(ids) == len(set(ids)) and set(ids) >= self.entries
            assert len(ids) == len(self.entries)
            for code, s in [*self.st.items(), ("hub", hub)]:
                ledger = dict(s.query("SELECT id, qty FROM stock_movements"))
                assert ledger == self.movements, code      # every movement exactly once
                if code == "hub":   # the hub keeps no derived tables (hub/sqlite_db.hub_schema)
                    continue
                totals = {r["depot_id"]: r["qty"] for r in stock.item_totals(s)}   # the derived on-hand figure
                assert totals == {d: q for d, q in self.booked.items() if q}, code
            for s in self.st.values():
                assert {u for u in self.units if s.get("units", u)["deleted"]} == self.deleted
            assert check(self.st["C0"]) == [] and check(self.st["S1"]) == []   # every hash chain arrived whole
        finally:
            self.hub.__exit__(None, None, None)
            for s in self.st.values():
                s.close()
            shutil.rmtree(self.root, ignore_errors=True)


District.TestCase.settings = settings(max_examples=25, stateful_step_count=25, deadline=None,
                                      suppress_health_check=list(HealthCheck))
test_district_converges = District.TestCase
