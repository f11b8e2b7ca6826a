"""同步 — the station's view of sync: its settings, status and conflicts.

This package: its window area (PySide6)."""
