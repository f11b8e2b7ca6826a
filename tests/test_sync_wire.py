"""The push body is built by SQLite from the outbox rows (protocol.WIRE_JSON): it must say exactly what
protocol.wire() says of the same rows, and be a valid PushRequest."""

from __future__ import annotations

import orjson

from xhduty.core.duty import duty
from xhduty.sync.protocol import WIRE_JSON, PushRequest, batch_body, wire


def test_the_wire_text_sqlite_builds_is_the_change_wire_gives(store):
    with store.write() as tx:
        duty.append_entry(tx, text="示例数据：含引号\"、反斜杠\\ 和换行\n的记录", details={"来电人": "张三", "电话": "021-64000000"})
        unit = tx.insert("units", {"name": "示例数据：单位", "sort": 3})
        tx.update("units", unit, {"duty_phone": "64000000", "sort": -2})
        value = tx.insert("indicator_values", {"indicator": "fire_stations", "value": 12.5, "as_of": "2026-11-30",
                                               "source": "示例数据"})
        tx.delete("indicator_values", value)
    rows = store.query(f"SELECT *, {WIRE_JSON} AS wire_text FROM changes ORDER BY station_seq")
    assert len(rows) == 5 and any(r["prev"] for r in rows)
    for row in rows:
        plain = {k: row[k] for k in row.keys() if k != "wire_text"}
        assert orjson.loads(row["wire_text"]) == wire(plain)
    request = PushRequest.model_validate_json(batch_body([r["wire_text"] for r in rows]))
    assert [c.change_id for c in request.changes] == [r["change_id"] for r in rows]
    assert request.changes[3].fields["value"] == 12.5
