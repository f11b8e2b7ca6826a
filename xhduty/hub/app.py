"""The hub's HTTP API (FastAPI).  The OpenAPI spec it publishes at /openapi.json is the protocol's schema.

Every endpoint needs ``Authorization: Bearer <token>``; the token, the request's size and the station's
rate are checked by :class:`xhduty.hub.gate.Gate` before the body is read (401/411/413/429, logged to the
hub's log file, nothing written to its database).  Endpoints are plain ``def``: FastAPI runs them on its thread pool and the store serialises access.
"""

from __future__ import annotations

import contextlib
import json

import orjson
from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from xhduty import __version__
from xhduty.hub import attachments, metrics
from xhduty.hub.gate import STATION_KEY, Gate
from xhduty.hub.store import HubStore
from xhduty.core.authority import StationInfo
from xhduty.sync.protocol import (MAX_PAGE, DigestResponse, Hello, OwnResponse, PullResponse, PushRequest,
                                  PushResponse)

SEQ = dict(ge=0, le=2 ** 62)
GATE_ANSWERS = {401: {"description": "令牌缺失或无效"}, 411: {"description": "缺少 Content-Length"},
                413: {"description": "请求过大"}, 429: {"description": "请求过于频繁"}}


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

    @app.post("/v1/push", response_model=PushResponse,
              responses={400: {"description": "请求体不是 UTF-8 编码的 JSON"}})
    def push(body: PushRequest, request: Request, me: StationInfo = Depends(station)) -> dict:
        """Store a batch of the caller's changes; each change is accepted, a duplicate, or refused with a reason."""
        client = request.client.host if request.client else "?"
        return hub.receive(me, [c.model_dump() for c in body.changes], client)

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

    app.include_router(attachments.router(hub, station))   # attachment files, in resumable chunks
    app.add_middleware(Gate, authenticate=hub.authenticate, settings=hub.settings,
                       pushes_at_once=hub.db.pushes_at_once)
    app.add_middleware(metrics.CountRequests, paths={getattr(r, "path", "") for r in app.routes})
    return app
