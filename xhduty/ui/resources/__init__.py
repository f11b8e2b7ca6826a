"""应急资源 — depots, items and the stock ledger, teams, experts, vehicles, shelters, dispatch.

This package: its window area (PySide6)."""
