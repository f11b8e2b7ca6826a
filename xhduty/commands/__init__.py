"""Sub-commands of ``xhduty``: one module per area, each with ``register(subparsers)``."""
