"""The messages between a station and the hub, as pydantic models (the hub's OpenAPI spec is made from them).

A change on the wire is one row of the ``changes`` outbox.  The models bound every string and number so a
malformed payload is answered with 422 before any of it reaches SQLite; JSON ``true``/``false`` is not
accepted where the schema says integer or number.  Whether a value fits its column (type and range, as
declared beside the table in :mod:`xhduty.core.authority`) is the hub's per-change check.
"""

from __future__ import annotations

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
