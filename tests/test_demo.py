"""Demo data is loaded on request, once, and every record of it says 示例数据."""

from __future__ import annotations

from xhduty.core import demo, jobs
from xhduty.core.duty import roster
from xhduty.core.resources import stock


def test_demo_loads_once_and_is_labelled(store):
    added = demo.load(store)
    assert added["roster"] == 14 and added["people"] > 0 and added["depots"] == 3
    assert demo.load(store) == {"roster": 0, "people": 0, "depots": 0}
    assert all(r["note"] == "示例数据" for r in roster.entries(store))
    for table in ("depots", "items", "teams", "shelters", "people"):
        rows = store.query(f"SELECT note FROM {table} WHERE deleted = 0")
        assert rows and all("示例数据" in r["note"] for r in rows), table
    assert all(m["reason"] == "示例数据初始库存" for m in store.query("SELECT reason FROM stock_movements"))
    assert sum(r["qty"] for r in stock.item_totals(store)) > 0
    texts = [a.text for a in jobs.run_due(store, only="stock")]
    assert any("瓶装饮用水" in t for t in texts)   # the lot set to expire soon is flagged


def test_demo_on_a_street_station_says_what_it_left_to_the_centre(tmp_path, monkeypatch, capsys):
    from xhduty.cli import main

    monkeypatch.setenv("XHDUTY_HOME", str(tmp_path))
    assert main(["init", "--station", "XH-LH", "--name", "龙华街道值班室", "--role", "street", "--division", "龙华"]) == 0
    capsys.readouterr()
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "已载入示例数据：排班" in out and "只能由区中心录入" in out
