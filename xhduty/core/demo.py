"""Demo data (示例数据) for trying the program out: a week's roster, contacts, depots with stock, a team and
a shelter.  Every record says 示例数据 in a visible field and every phone number is in the unassigned 0000
block, so nothing here can be taken for the district's real data.  Loaded on request only: from the
first-run dialog or `xhduty demo`.
"""

from __future__ import annotations

import json
from datetime import timedelta

from xhduty.core import clock
from xhduty.core.resources import assets
from xhduty.core.contacts import contacts
from xhduty.core.resources import stock
from xhduty.core.store import Store

DEMO = "示例数据"

_ROSTER = (("王建国", ["李明", "张伟"]), ("刘芳", ["赵强", "孙丽"]), ("陈刚", ["周杰", "吴昊"]))
_DEPOTS = (("区应急物资保障库（示例）", "储备库", "xujiahui"), ("龙华街道应急物资储备点（示例）", "储备点", "longhua"),
           ("田林街道应急物资储备点（示例）", "储备点", "tianlin"))
# name, GB/T 38565 class (first digit; the rest of the code is a placeholder), unit, amount, years to expiry
_ITEMS = (("编织袋（沙袋）", "3010100", "条", 2000, None), ("救生衣", "2030100", "件", 120, 5),
          ("排水泵", "2050200", "台", 8, None), ("发电机", "2060100", "台", 3, None),
          ("棉被", "1020100", "条", 300, 6), ("瓶装饮用水", "1010200", "箱", 200, 1),
          ("折叠床", "1030200", "张", 150, None), ("帐篷", "1030100", "顶", 20, None))


def _roster(tx) -> int:
    today = clock.now().date()
    for day in range(7):
        for shift, (leader, officers) in zip(("白班", "夜班"), (_ROSTER[day % 3], _ROSTER[(day + 1) % 3])):
            tx.insert("roster", {"duty_date": (today + timedelta(days=day)).isoformat(), "shift": shift,
                                 "leader": leader, "officers": json.dumps(officers, ensure_ascii=False),
                                 "phone": "021-00000000", "note": DEMO})
    return 14


def _resources(tx) -> int:
    today = clock.now().date()
    depots = [assets.save_in(tx, "depots", {"name": name, "kind": kind, "division": division,
                                            "address": f"{DEMO}地址", "keeper": "示例保管员",
                                            "phone": "021-00000001", "hours": "24小时", "note": DEMO})
              for name, kind, division in _DEPOTS]
    for i, (name, code, unit, amount, years) in enumerate(_ITEMS):
        item = assets.save_in(tx, "items", {"name": name, "class_code": code, "unit": unit, "note": DEMO})
        for d, depot in enumerate(depots):
            share = amount if d == 0 else max(1, amount // 5)
            if d == 2 and i % 3 == 0:
                share = max(1, share // 2)   # below the supply point's minimum: shows the low-stock warning
            expires = today + timedelta(days=365 * years) if years else None
            if name == "瓶装饮用水" and d == 1:
                expires = today + timedelta(days=20)   # shows the expiry warning
            stock.receive(tx, depot, item, share, lot=f"DEMO-{i:02d}",
                          expires=expires, party=DEMO, person="示例保管员", reason="示例数据初始库存")
            stock.set_minimum(tx, depot, item, max(1, amount // 5) if d else amount // 2)
    assets.save_in(tx, "teams", {"name": "区防汛抢险队（示例）", "type": "防汛抢险", "size": 30, "leader": "示例队长",
                                 "phone": "021-00000002", "base": f"{DEMO}驻地", "division": "longhua",
                                 "capabilities": "排水、抢险、转移群众", "readiness": "待命", "note": DEMO})
    assets.save_in(tx, "shelters", {"name": "某中学体育馆（示例）", "class": "Ⅲ类", "capacity": 500,
                                    "area_m2": 2000, "address": f"{DEMO}地址", "division": "tianlin",
                                    "facilities": "饮水、厕所、应急照明", "contact": "示例联系人",
                                    "phone": "021-00000003", "occupancy": 0, "note": DEMO})
    return len(depots)


def load(store: Store) -> dict:
    """Load the demo data once; returns what was added, and on a station that is not the centre, in
    ``skipped`` (Chinese), what was left out.

    Contacts, the catalogue and depots of several divisions are the district centre's to write (the sync
    rules, xhduty/core/authority.py): a street or unit station loads only its own roster, so its demo data
    never gives the hub anything to refuse and never holds back its real records."""
    if store.one("SELECT 1 FROM roster WHERE note = ?", (DEMO,)):
        return {"roster": 0, "people": 0, "depots": 0}
    centre = store.meta("station_role") == "centre"
    with store.write() as tx:
        shifts = _roster(tx)
        depots = _resources(tx) if centre else 0
    people = contacts.load_demo(store) if centre else 0
    added = {"roster": shifts, "people": people, "depots": depots}
    return added if centre else {**added, "skipped": (
        "示例通讯录、物资目录和各街镇的储备库只能由区中心录入（同步时中心只接收区中心的这些数据），"
        "本站不是区中心，只载入了示例排班；其余示例数据同步后会从区中心获得。")}
