"""值班 — shifts, the duty log, rosters, handover and the weather warning signals in force.

This package: its domain logic (no Qt)."""
