"""The messages between a station and the hub, as pydantic models (the hub's OpenAPI spec is made from them).

A change on the wire is one row of the ``changes`` outbox.  The models bound every string and number so a
malformed payload is answered with 422 before any of it reaches SQLite; JSON ``true``/``false`` is not
accepted where the schema says integer or number.  Whether a value fits its column (type and range, as
declared beside the table in :mod:`xhduty.core.authority`) is the hub's per-change check.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Literal

import orjson
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

STATION_CODE = r"^[A-Za-z0-9_-]{2,32}$"
MAX_BATCH = 1000
MAX_PAGE = 5000

Code = Annotated[str, StringConstraints(pattern=STATION_CODE)]
Ident = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]{0,62}$")]
Int64 = Annotated[int, Field(strict=True, ge=-(2 ** 63), le=2 ** 63 - 1)]   # strict: true/false are not numbers


def _encodable(text: str) -> str:
    """JSON may carry lone surrogates (\\ud800) that SQLite cannot store; refuse them at the door."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text is not valid UTF-8") from None
    return text


def _fraction(value):
    """An integer beyond 64 bits must not slip through as an imprecise float, nor a boolean as 1.0."""
    if isinstance(value, int):
        raise ValueError("boolean is not a number" if isinstance(value, bool) else "integer out of range")
    return value


Real = Annotated[float, Field(allow_inf_nan=False), BeforeValidator(_fraction)]
Text = Annotated[str, StringConstraints(max_length=100_000), AfterValidator(_encodable)]
Value = Int64 | Real | Text | None
Stamp = Annotated[str, StringConstraints(pattern=r"^\d{13}\.\d{5}\.[A-Za-z0-9_-]{2,32}$")]


class Change(BaseModel):
    """One row of a station's ``changes`` outbox."""

    model_config = ConfigDict(extra="forbid")

    change_id: Ident
    station: Code
    station_seq: Annotated[int, Field(strict=True, ge=1, le=2 ** 62)]
    hlc: Stamp
    tbl: FieldName
    record_id: Ident
    op: Literal["insert", "update"]
    fields: dict[FieldName, Value] = Field(max_length=200)
    prev: dict[FieldName, Stamp | None] | None = Field(default=None, max_length=200)


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    changes: list[Change] = Field(max_length=MAX_BATCH)


class Refusal(BaseModel):
    change_id: str
    status: int = Field(description="401/403 not allowed, 409 out of sequence, 422 does not fit the schema")
    reason: str = Field(description="why, in Chinese, for the station's user")


class PushResponse(BaseModel):
    accepted: list[str] = Field(description="change ids stored by this request")
    duplicates: list[str] = Field(description="change ids the hub already had")
    refused: list[Refusal]
    last_seq: int = Field(description="highest station_seq of the caller received without a gap")


class PulledChange(Change):
    hub_seq: int


class PullResponse(BaseModel):
    changes: list[PulledChange]
    cursor: int = Field(description="hub_seq to pull after next time")
    cursor_change: str | None = Field(description="change id at that hub_seq (identifies the cursor)")
    more: bool


class OwnResponse(BaseModel):
    changes: list[Change] = Field(description="the caller's own changes, in station_seq order")
    refused: list[Refusal] = Field(description="the caller's changes in the same span refused for good")
    more: bool


class Hello(BaseModel):
    hub: str
    station: str
    role: str
    division: str | None
    last_seq: int = Field(description="highest station_seq of the caller received without a gap")
    last_change: str | None = Field(None, description="change id of the caller's newest change the hub stored"
                                    " (a station that does not have it was restored from an older backup)")
    hub_seq: int = Field(description="newest hub sequence")
    cursor_valid: bool = Field(description="false when the caller's cursor is not a position in this hub's log")


class TableDigest(BaseModel):
    count: int
    digest: str


class DigestResponse(BaseModel):
    tables: dict[str, TableDigest]


# The fast reading of a push body (:func:`push_changes`): the same patterns as the model's, ASCII digits only
# (a stamp with other Unicode digits is left to the model to decide).
_IDENT = r"[A-Za-z0-9_.:-]{1,64}"
_CODE = r"[A-Za-z0-9_-]{2,32}"
_NAME = r"[a-z_][a-z0-9_]{0,62}"
_STAMP = r"[0-9]{13}\.[0-9]{5}\.[A-Za-z0-9_-]{2,32}"
_KEYS = frozenset(Change.model_fields)
_SCALARS = {str, int, float, type(None)}
_NAMES_SEEN: set[str] = set()      # column names that matched _NAME (a batch names the same few thousands of times)
_FLOAT_SAFE = 2.0 ** 63            # orjson reads an integer beyond 64 bits as a float of at least this size


def push_changes(body: bytes) -> list[dict]:
    """The changes of a ``POST /v1/push`` body (JSON bytes), each a dict as ``PushRequest``'s
    ``model_dump()`` gives it (``prev`` None when absent).

    PushRequest is the protocol's schema and decides.  A body is read with orjson and checked a column of
    the batch at a time (every change id, then every stamp …, every value of every change) — 1,000 changes
    in a few milliseconds, where validating each change into a model and dumping it again was ~30 % of the
    hub's work on a push (bench/sync_speed.py).  Only a body that check does not find plainly valid goes
    to ``PushRequest.model_validate_json``, whose answer stands: a malformed body (so the error says where,
    as the model says it), or one whose validity hangs on what the check leaves alone — a stamp with
    non-ASCII digits, a float of 2**63 or more (what orjson makes of an integer beyond 64 bits, which the
    model refuses).  So nothing passes that the model refuses (tests/test_sync_wire.py compares the two).

    Raises pydantic.ValidationError as the model does, UnicodeDecodeError for a body that is not UTF-8."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        data = None
    if type(data) is dict and len(data) == 1 and type(changes := data.get("changes")) is list \
            and len(changes) <= MAX_BATCH and _plain(changes):
        for change in changes:
            change.setdefault("prev", None)
        return changes
    body.decode("utf-8")
    return [c.model_dump() for c in PushRequest.model_validate_json(body).changes]


def _plain(changes: list) -> bool:
    """Whether every one of ``changes`` (decoded JSON) is a :class:`Change` as it stands, with nothing for
    the model to convert or refuse."""
    if not changes:
        return True
    if not all(type(c) is dict and c.keys() <= _KEYS for c in changes):
        return False
    try:
        seqs = [c["station_seq"] for c in changes]
        fields = [c["fields"] for c in changes]
        if not (_each(_IDENT, [c["change_id"] for c in changes]) and _each(_IDENT, [c["record_id"] for c in changes])
                and _each(_CODE, [c["station"] for c in changes]) and _each(_STAMP, [c["hlc"] for c in changes])
                and _each(_NAME, [c["tbl"] for c in changes])
                and {c["op"] for c in changes} <= {"insert", "update"} and {type(n) for n in seqs} == {int}
                and 1 <= min(seqs) and max(seqs) <= 2 ** 62 and {type(f) for f in fields} == {dict}
                and max(map(len, fields)) <= 200 and _names(set().union(*fields))):
            return False
    except (KeyError, TypeError):             # a required key missing, a number or list where text belongs …
        return False
    values = [v for f in fields for v in f.values()]
    kinds = set(map(type, values))
    if not kinds <= _SCALARS:                 # a boolean, a list, an object
        return False
    if str in kinds and max(len(v) for v in values if type(v) is str) > 100_000:
        return False
    if int in kinds:
        ints = [v for v in values if type(v) is int]
        if min(ints) < -2 ** 63 or max(ints) >= 2 ** 63:
            return False
    if float in kinds and max(abs(v) for v in values if type(v) is float) >= _FLOAT_SAFE:
        return False
    prevs = [p for c in changes if (p := c.get("prev")) is not None]
    if prevs:
        if {type(p) for p in prevs} != {dict} or max(map(len, prevs)) > 200 or not _names(set().union(*prevs)):
            return False
        stamps = [v for p in prevs for v in p.values() if v is not None]
        if stamps and not _each(_STAMP, stamps):
            return False
    return True


@functools.cache
def _lines_of(pattern: str):
    """``pattern`` repeated on lines: the fullmatch of one value per line."""
    return re.compile(f"(?:{pattern})(?:\n(?:{pattern}))*").fullmatch


def _each(pattern: str, values: list) -> bool:
    """Whether every one of ``values`` (at least one) is text matching ``pattern``: one match over them joined
    by newlines, which no pattern here lets into a value (a value holding one makes a line too many)."""
    try:
        text = "\n".join(values)
    except TypeError:                          # a number, a list … where text belongs
        return False
    return text.count("\n") == len(values) - 1 and _lines_of(pattern)(text) is not None


def _names(names: set) -> bool:
    """Whether all ``names`` are column names of the protocol (those seen are remembered, up to 10,000)."""
    new = names - _NAMES_SEEN
    if new and not _each(_NAME, list(new)):
        return False
    if len(_NAMES_SEEN) + len(new) <= 10_000:    # a body of made-up names cannot make it grow past that
        _NAMES_SEEN.update(new)
    return True


def wire(row) -> dict:
    """A row of ``changes`` (fields and prev stored as JSON text) as a change on the wire."""
    d = dict(row)
    d["fields"] = orjson.loads(d["fields"])
    d["prev"] = orjson.loads(d["prev"]) if d["prev"] else None
    return d


# A row of ``changes`` as the JSON text of a change on the wire, made by SQLite in the query that reads it
# (``SELECT {WIRE_JSON} FROM changes …``): the stored fields go out as they are, with no decoding and
# encoding per change in Python.  The same object :func:`wire` gives, as text.
WIRE_JSON = ("json_object('change_id', change_id, 'station', station, 'station_seq', station_seq, 'hlc', hlc,"
             " 'tbl', tbl, 'record_id', record_id, 'op', op, 'fields', json(fields), 'prev', json(prev))")


def batch_body(wire_texts: list[str]) -> bytes:
    """The body of ``POST /v1/push`` (a :class:`PushRequest`) from changes already as JSON text."""
    return ('{"changes":[' + ",".join(wire_texts) + "]}").encode()
