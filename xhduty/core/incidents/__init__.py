"""突发事件 — incidents, the report chain (首报/续报/终报) and its deadlines, 交办事项.

This package: its domain logic (no Qt)."""
