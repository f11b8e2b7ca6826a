"""The district hub: receives every station's changes, merges them like a station does, hands them out.

``xhduty hub serve`` runs :func:`xhduty.hub.app.create_app` on uvicorn over the hub's own SQLite file or a
PostgreSQL database (docs/hub-operations.md).  The hub's log records go to ``hub.log`` (JSON lines) when it
serves; a command that only opens the hub (add-station, stations, backup) says what went wrong in Chinese
and keeps the libraries' English out of the terminal, hence the null handler.
"""

import logging

logging.getLogger("xhduty.hub").addHandler(logging.NullHandler())
