"""The convergence property (tests/test_sync_convergence.py) with the hub on PostgreSQL: the same random
writes, cut-off and doubled syncs, skewed clocks, refusals and a restored street station, each example on
a fresh schema of the test server (XHDUTY_TEST_PG)."""

from __future__ import annotations

import os
import uuid

import psycopg
import pytest
from hypothesis import HealthCheck, settings

from conftest import PG_ENV, pg_url_with_schema
from test_hub_pg_support import forget, snapshot
from test_sync_convergence import STATIONS, District
from xhduty.core.store import open_store
from xhduty.hub import registry
from xhduty.hub.server import HubThread
from xhduty.sync import state

pytestmark = pytest.mark.usefixtures("pg_url")      # skipped, saying why, without a server


class PostgresDistrict(District):
    def open_hub(self) -> HubThread:
        self.schema = f"c_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(os.environ[PG_ENV], autocommit=True) as con:
            con.execute(f"CREATE SCHEMA {self.schema}")
        hub = HubThread(self.root / "hub", url=pg_url_with_schema(os.environ[PG_ENV], self.schema)).__enter__()
        for code, info in STATIONS.items():
            s = open_store(self.root / code / "xhduty.db")
            state.configure(s, hub.url, registry.add_station(hub.hub, code, info.role, info.division))
            s.close()
        self.views = []
        return hub

    def hub_view(self):
        self.views.append(snapshot(self.hub.hub))
        return self.views[-1]

    def teardown(self):
        try:
            super().teardown()
        finally:
            for view in getattr(self, "views", []):
                forget(view)
            if hasattr(self, "schema"):
                with psycopg.connect(os.environ[PG_ENV], autocommit=True) as con:
                    con.execute(f"DROP SCHEMA {self.schema} CASCADE")


PostgresDistrict.TestCase.settings = settings(max_examples=5, stateful_step_count=25, deadline=None,
                                              suppress_health_check=list(HealthCheck))
test_district_on_postgresql_converges = PostgresDistrict.TestCase
