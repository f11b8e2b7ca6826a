"""Reference codes of the domain, read from the tables the migrations ship (same on every station)."""

from __future__ import annotations

from xhduty.core.store import Store

STATION_ROLES = {"centre": "区中心", "street": "街镇", "unit": "成员单位"}


def divisions(store: Store) -> list[dict]:
    return [dict(r) for r in store.query("SELECT code, name, kind FROM divisions ORDER BY sort")]


def event_types(store: Store) -> list[dict]:
    return [dict(r) for r in store.query("SELECT code, parent, name FROM event_types ORDER BY sort")]


def levels(store: Store) -> list[dict]:
    return [dict(r) for r in store.query("SELECT code, name, label, rank FROM levels ORDER BY rank")]


def division_name(store: Store, code: str | None) -> str:
    row = store.one("SELECT name FROM divisions WHERE code = ?", (code,)) if code else None
    return row[0] if row else (code or "")
