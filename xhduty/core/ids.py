"""Record ids made on the station: ULIDs, so that ids sort by creation time on every station.

A ULID is 48 bits of milliseconds and 80 random bits in Crockford base32 (26 characters).  Within one
process ids made in the same millisecond stay ordered by incrementing the random part, as the ULID spec
asks.
"""

from __future__ import annotations

import os
import threading
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_lock = threading.Lock()
_last_ms = -1
_last_rand = 0


_PAIRS = [a + b for a in _ALPHABET for b in _ALPHABET]   # every 10-bit value as two digits


def _encode(value: int, length: int) -> str:
    """The low ``5 * length`` bits of ``value`` as ``length`` (even) base32 digits, two at a time: an
    import makes hundreds of thousands of ids, and digit by digit cost 8 µs each."""
    return "".join([_PAIRS[(value >> shift) & 1023] for shift in range(5 * length - 10, -1, -10)])


def new_id() -> str:
    """A new record id: a 26-character ULID, later than every id made before it in this process."""
    return new_ids(1)[0]


def new_ids(count: int) -> list[str]:
    """``count`` new record ids, each later than the one before: what ``count`` calls of :func:`new_id`
    give, all in one millisecond (an import makes an id for each of 100,000 records and their changes)."""
    global _last_ms, _last_rand
    with _lock:
        ms = int(time.time() * 1000)
        if ms <= _last_ms:
            ms = _last_ms
            first = _last_rand + 1
        else:
            first = int.from_bytes(os.urandom(10), "big") >> 1  # headroom for increments
        _last_ms, _last_rand = ms, first + count - 1
    made, rand, end = [], first, first + count
    while rand < end:   # ids of one block of 2**20 share all but their last four digits
        stop = min(end, ((rand >> 20) + 1) << 20)
        head = _encode(ms, 10) + _encode(rand >> 20, 12)
        made += [head + _PAIRS[r >> 10 & 1023] + _PAIRS[r & 1023] for r in range(rand, stop)]
        rand = stop
    return made
