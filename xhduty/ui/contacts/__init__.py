"""通讯录 — units and people, notification runs (逐级通知) and the channels that send them.

This package: its window area (PySide6)."""
