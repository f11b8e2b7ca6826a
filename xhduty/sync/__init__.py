"""Client side of sync with the district hub: protocol types, push/pull, authority rules and digests.

The hub (:mod:`xhduty.hub`) speaks the same protocol and merges with the same code, so a station and the
hub that have seen the same changes hold the same rows.  The protocol is described in docs/sync-protocol.md.
"""
