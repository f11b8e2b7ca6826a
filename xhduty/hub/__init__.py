"""The district hub: receives every station's changes, merges them like a station does, hands them out.

``xhduty hub serve`` runs :func:`xhduty.hub.app.create_app` on uvicorn over the hub's own SQLite file.
"""
