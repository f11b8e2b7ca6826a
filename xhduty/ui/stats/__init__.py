"""统计分析 — the board, charts, indicators and the monthly report.

This package: its window area (PySide6)."""
