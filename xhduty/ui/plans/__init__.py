"""应急预案 — the plan library: plan files, imported documents, search and matching to incidents.

This package: its window area (PySide6)."""
