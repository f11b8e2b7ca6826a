"""Reference codes of the domain, read from the tables the migrations ship (same on every station)."""

from __future__ import annotations

from xhduty.core.store import Store, StoreError

STATION_ROLES = {"centre": "区中心", "street": "街镇", "unit": "成员单位"}


def divisions(store: Store) -> list[dict]:
    """The district's 街镇 in their official order: ``[{code, name, kind}]`` (kind 街道 or 镇)."""
    return [dict(r) for r in store.query("SELECT code, name, kind FROM divisions ORDER BY sort")]


def division_codes(store: Store) -> dict[str, str]:
    """Code, name or name without 街道/镇 → code, so a 街镇 may be typed as people say it (longhua,
    龙华街道 or 龙华; 华泾镇 or 华泾)."""
    out = {}
    for d in divisions(store):
        short = d["name"].removesuffix(d["kind"])
        for said in (d["code"], d["name"], short):
            if said:
                out.setdefault(said, d["code"])
    return out


def division_code(store: Store, given: str) -> str:
    """The code of the 街镇 ``given`` as people say it (see :func:`division_codes`); StoreError listing the
    choices otherwise."""
    code = division_codes(store).get(given.strip())
    if code is None:
        known = "、".join(f"{d['name']}（{d['code']}）" for d in divisions(store))
        raise StoreError(f"未知的街镇“{given.strip()}”：请填写街镇名称或代码，可用的有：{known}")
    return code


def event_types(store: Store) -> list[dict]:
    """The event classes and types in order: ``[{code, parent, name}]`` (a class has parent None,
    e.g. 'N' 自然灾害; a type names its class, e.g. 'N.flood' 水旱灾害)."""
    return [dict(r) for r in store.query("SELECT code, parent, name FROM event_types ORDER BY sort")]


def levels(store: Store) -> list[dict]:
    """The incident levels, gravest first: ``[{code, name, label, rank}]`` (I Ⅰ级 特别重大 … IV Ⅳ级 一般, then U 未定级)."""
    return [dict(r) for r in store.query("SELECT code, name, label, rank FROM levels ORDER BY rank")]


def division_name(store: Store, code: str | None) -> str:
    """The name of 街镇 ``code`` (龙华街道); the code itself when unknown, '' for None."""
    row = store.one("SELECT name FROM divisions WHERE code = ?", (code,)) if code else None
    return row[0] if row else (code or "")
