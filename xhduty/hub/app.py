"""The hub's HTTP API (FastAPI).  The OpenAPI spec it publishes at /openapi.json is the protocol's schema.

Every endpoint needs ``Authorization: Bearer <token>``; the token, the request's size and the station's
rate are checked by :class:`xhduty.hub.gate.Gate` before the body is read (401/411/413/429, logged to the
hub's log file, nothing written to its database).  Endpoints are plain ``def``: FastAPI runs them on its
thread pool and the store serialises access (push reads its body itself, then reads and stores the batch on
the same pool).
"""

from __future__ import annotations

import contextlib
import json

import anyio
import orjson
import pydantic
from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from xhduty import __version__
from xhduty.hub import attachments, metrics
from xhduty.hub.gate import STATION_KEY, Gate
from xhduty.hub.store import HubStore
from xhduty.core.authority import StationInfo
from xhduty.core.store import collections_paused
from xhduty.sync.protocol import (MAX_PAGE, DigestResponse, Hello, OwnResponse, PullResponse, PushRequest,
                                  PushResponse, push_changes)

SEQ = dict(ge=0, le=2 ** 62)
GATE_ANSWERS = {401: {"description": "令牌缺失或无效"}, 411: {"description": "缺少 Content-Length"},
                413: {"description": "请求过大"}, 429: {"description": "请求过于频繁"}}


# The push body in the spec: the PushRequest schema (added to the components by _openapi), read by
# protocol.push_changes
PUSH_BODY = {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
                             "required": True}}
VALIDATION_ERROR = {"description": "Validation Error",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}


def _push_body(body: bytes, content_type: str) -> list[dict]:
    """The changes of a push (:func:`protocol.push_changes`), refused as FastAPI refuses a body it reads:
    422 naming where (RequestValidationError, loc starting with "body") for a body that is missing, not
    declared JSON (``application/json`` or ``application/…+json``), not JSON or not a PushRequest; 400
    for one that is not UTF-8."""
    media = content_type.split(";", 1)[0].strip().lower()
    if not body or not (media == "application/json" or media.startswith("application/") and media.endswith("+json")):
        raise RequestValidationError([{"type": "missing" if not body else "model_attributes_type", "loc": ("body",),
                                       "msg": "Field required" if not body else "Input should be a JSON object"}])
    try:
        return push_changes(body)
    except UnicodeDecodeError:
        raise HTTPException(400, detail="请求体不是 UTF-8 编码的 JSON") from None
    except pydantic.ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None


def _openapi(app: FastAPI):
    """The app's spec with PushRequest (and the Change it lists) among the components, as FastAPI puts a
    body model there: the push route reads its body itself (see PUSH_BODY)."""
    made = app.openapi

    def openapi() -> dict:
        spec = made()                      # FastAPI's, made once (again when routes were added)
        schemas = spec["components"]["schemas"]
        if "PushRequest" not in schemas:
            found = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, schema in {**found.pop("$defs"), "PushRequest": found}.items():
                schemas.setdefault(name, schema)
            spec["components"]["schemas"] = dict(sorted(schemas.items()))
        return spec
    return openapi


def create_app(hub: HubStore) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        hub.close()          # on SIGTERM/SIGINT: checkpoint the WAL into hub.db and close

    app = FastAPI(
        lifespan=lifespan,
        responses=GATE_ANSWERS,        # the gate answers these on every route, the attachment routes too
        title="xhduty 同步中心", version=__version__,
        description="徐汇应急值守：各站点与区同步中心之间的变更交换协议（见 docs/sync-protocol.md）。",
    )

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: RequestValidationError) -> Response:
        """422 naming where the payload is wrong — without echoing it: a lone surrogate in the input
        cannot be encoded as UTF-8 and FastAPI's own handler would fail with 500."""
        detail = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        return Response(json.dumps({"detail": detail}, ensure_ascii=True), 422, media_type="application/json")

    bearer = HTTPBearer(auto_error=False, description="站点令牌（xhduty hub add-station 生成）")

    def station(request: Request,
                credentials: HTTPAuthorizationCredentials | None = Security(bearer)) -> StationInfo:
        found = request.scope.get(STATION_KEY)           # checked by the gate before the body was read
        if found is None:
            raise HTTPException(401, detail="令牌缺失或无效", headers={"WWW-Authenticate": "Bearer"})
        return found

    @app.get("/v1/hello", response_model=Hello)
    def hello(cursor: int = Query(0, **SEQ, description="the caller's pull cursor"),
              cursor_change: str | None = Query(None, max_length=64, description="change id at the cursor"),
              me: StationInfo = Depends(station)) -> dict:
        """Who the caller is to the hub, how far its pushes got, and whether its pull cursor is still valid."""
        return hub.hello(me, cursor, cursor_change)

    @app.post("/v1/push", response_model=PushResponse, openapi_extra=PUSH_BODY,
              responses={400: {"description": "请求体不是 UTF-8 编码的 JSON"}, 422: VALIDATION_ERROR})
    async def push(request: Request, me: StationInfo = Depends(station)) -> dict:
        """Store a batch of the caller's changes; each change is accepted, a duplicate, or refused with a reason."""
        # The body is a PushRequest (the spec says so, see PUSH_BODY) read by protocol.push_changes rather
        # than by FastAPI: its json module and a model per change cost a third of the hub's work on a push.
        client = request.client.host if request.client else "?"
        body, kind = await request.body(), request.headers.get("content-type", "")

        def store_batch() -> dict:
            with collections_paused():       # a body of 1,000 changes is ~50,000 objects, none in a cycle
                return hub.receive(me, _push_body(body, kind), client)

        return await anyio.to_thread.run_sync(store_batch)

    @app.get("/v1/pull", response_model=PullResponse)
    def pull(after: int = Query(0, **SEQ), limit: int = Query(1000, ge=1, le=MAX_PAGE),
             me: StationInfo = Depends(station)) -> Response:
        """Other stations' changes the caller may read, after hub sequence ``after``."""
        # encoded as stored (PullResponse is the schema it follows): up to 5,000 changes a page are not
        # decoded, validated and encoded again
        return Response(orjson.dumps(hub.pull(me, after, limit, encoded=True)), media_type="application/json")

    @app.get("/v1/own", response_model=OwnResponse)
    def own(after: int = Query(0, **SEQ), limit: int = Query(1000, ge=1, le=MAX_PAGE),
            me: StationInfo = Depends(station)) -> dict:
        """The caller's own changes after its sequence ``after``: how a station restored from its own backup
        gets back what it had sent since."""
        return hub.own(me, after, limit)

    @app.get("/v1/digest", response_model=DigestResponse)
    def digest(cursor: int = Query(..., **SEQ), own_seq: int = Query(..., **SEQ),
               me: StationInfo = Depends(station)) -> dict:
        """Per-table count and digest of what the caller should hold at this cursor and push sequence."""
        return hub.digest(me, cursor, own_seq)

    @app.get("/healthz", tags=["运维"], responses={503: {"description": "数据库不可用"}})
    def healthz() -> Response:
        """Whether the hub can read its database (no token needed): 200 ``{"ok": true, "backend", "hub_seq"}``
        or 503 with the reason."""
        try:
            body, status = {"ok": True, "backend": hub.db.kind, "hub_seq": hub.db.newest()}, 200
        except Exception as exc:                       # what a load balancer needs is the status
            body, status = {"ok": False, "backend": hub.db.kind, "detail": f"数据库不可用：{type(exc).__name__}"}, 503
        return Response(json.dumps(body, ensure_ascii=False), status, media_type="application/json")

    @app.get("/metrics", tags=["运维"])
    def scrape() -> Response:
        """Prometheus metrics (see :mod:`xhduty.hub.metrics`); needs a station token unless asked from this
        machine."""
        text, kind = metrics.exposition(hub.db)
        return Response(text, media_type=kind)

    app.openapi = _openapi(app)
    app.include_router(attachments.router(hub, station))   # attachment files, in resumable chunks
    app.add_middleware(Gate, authenticate=hub.authenticate, settings=hub.settings,
                       pushes_at_once=hub.db.pushes_at_once)
    app.add_middleware(metrics.CountRequests, paths={getattr(r, "path", "") for r in app.routes})
    return app
