"""Stations the hub knows, with their role, division and a hash of their token.

Tokens are 256 random bits, so a plain SHA-256 of them cannot be reversed by guessing; slow password
hashes exist for guessable secrets and would only cost time on every request.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from xhduty.core import clock, refdata
from xhduty.core.store import Store, StoreError
from xhduty.core.authority import StationInfo
from xhduty.sync.protocol import STATION_CODE

HUB_CODE = "HUB"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _db(hub):
    """The backend of ``hub``: a :class:`HubStore`, or the SQLite hub's :class:`Store` itself."""
    if isinstance(hub, Store):
        from xhduty.hub.sqlite_db import SqliteHub

        return SqliteHub(hub)
    return hub.db


def add_station(hub, code: str, role: str, division: str | None = None) -> str:
    """Register a station (or give a registered one a new token); returns the token, shown only once.
    ``hub`` is a :class:`HubStore` (either backend) or the SQLite hub's :class:`Store`."""
    db = _db(hub)
    code = code.strip()
    if not re.fullmatch(STATION_CODE, code) or code.upper() == HUB_CODE:
        raise StoreError(f"站点代码 {code!r} 不合规：应为 2–32 位字母、数字、- 或 _，且不能是 {HUB_CODE}")
    if role not in refdata.STATION_ROLES:
        raise StoreError(f"站点类型应为 {', '.join(refdata.STATION_ROLES)} 之一，而不是 {role}")
    if division is not None:
        division = division_code(db.store, division)
    if role == "street" and division is None:
        raise StoreError("街镇站点必须指定所属辖区（--division）")
    token = "xh_" + secrets.token_urlsafe(32)
    existing = db.station(code)
    db.save_station({
        "code": code, "role": role, "division": division, "token_hash": token_hash(token),
        "last_seq": existing["last_seq"] if existing else 0,
        "registered_at": existing["registered_at"] if existing else clock.now_iso(), "last_seen_at": None,
    })
    return token


def division_code(store: Store, given: str) -> str:
    """The code of a division given by its code (xujiahui), its name (徐家汇街道) or its name without
    街道/镇 (徐家汇); StoreError listing the choices otherwise."""
    given = given.strip()
    for d in refdata.divisions(store):
        if given in (d["code"], d["name"], d["name"].removesuffix(d["kind"])):
            return d["code"]
    known = "、".join(f"{d['name']}（{d['code']}）" for d in refdata.divisions(store))
    raise StoreError(f"未知的辖区 {given}：请填写街镇名称或代码，可用的有：{known}")


def authenticate(hub, token: str) -> StationInfo | None:
    row = _db(hub).station_by_token(token_hash(token))
    return StationInfo(row["code"], row["role"], row["division"]) if row else None


def stations(hub) -> list[dict]:
    """Registered stations: code, role, division, last_seq, registered_at, last_seen_at, pulled_to."""
    return _db(hub).stations()
