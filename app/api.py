"""The HTTP side of the app: a FastAPI app that Reflex mounts itself under (`api_transformer`), so these
routes (REST under /api, OpenAPI at /api/docs, /health, and the room WebSockets) match before Reflex's, and its
middleware (the Origin policy, cookie renewal) wraps Reflex's `/_event` socket and pages too.

Every error leaves as JSON `{"error": code, "detail": message}` with the status it means; an unknown `/api/...`
path is a JSON 404, never the app's HTML.
"""
from __future__ import annotations

import asyncio
import logging

import swagger_ui_bundle
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from app import db
from app.assessments import http as assessments_http
from app.assessments import service as assessments_service
from app.auth import http as auth_http
from app.auth.origins import OriginGuard
from app.auth.renewal import RenewSessionCookie
from app.config import ROOT, settings
from app.errors import NotFound, ParleyError, TooMany
from app.judge import http as judge_http
from app.problems import lookup as problem_lookup
from app.progress import http as progress_http
from app.questions import http as questions_http, service as questions
from app.chat import http as chat_http, stream as stream_chat
from app.collab import rooms as collab_rooms, server as collab_server
from app.room import admission, channel, events
from app.review import http as review_http
from app.rtc import http as rtc_http, recordings, signalling, stream_video
from app.sandbox import health as sandbox_health, http as sandbox_http
from app.sessions import http as sessions_http

STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 409: "conflict", 410: "gone", 413: "too_large",
                415: "unsupported_media_type", 422: "invalid_request", 429: "rate_limited"}
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
log = logging.getLogger("parley.health")


async def health() -> JSONResponse:
    """Liveness plus the parts the app cannot work without; 503 names the failing part."""
    checks: dict[str, str] = {}
    try:
        await asyncio.wait_for(asyncio.to_thread(db.ping), timeout=5)
        checks["db"] = "ok"
    except Exception:  # any failure to answer is "down"; the reason goes to the log, not to strangers
        log.exception("health: database check failed")
        checks["db"] = "error"
    sandbox = await sandbox_health()  # counts only (and with RUNNER_URLS each runner's state)
    no_runner = "runners" in sandbox and not any(r["state"] == "up" for r in sandbox["runners"])
    failing = [k for k, v in checks.items() if v != "ok"] + (["sandbox"] if no_runner or (
        sandbox["retired"] and not sandbox["slots"]) else [])
    body = {"status": "ok" if not failing else "error", **checks, "sandbox": sandbox}
    if failing:
        body["failing"] = failing
    return JSONResponse(body, status_code=503 if failing else 200)


async def docs() -> HTMLResponse:
    """Swagger UI from the pip-installed bundle: FastAPI's default page loads it from a CDN."""
    return get_swagger_ui_html(openapi_url="/api/openapi.json", title="Parley API",
                               swagger_js_url="/api/docs-static/swagger-ui-bundle.js",
                               swagger_css_url="/api/docs-static/swagger-ui.css",
                               swagger_favicon_url="/api/docs-static/favicon-32x32.png")


async def parley_error(_: Request, e: ParleyError) -> JSONResponse:
    headers = {"Retry-After": str(e.retry_after)} if isinstance(e, TooMany) else None
    return JSONResponse(e.body(), status_code=e.status, headers=headers)


async def http_error(_: Request, e: StarletteHTTPException) -> JSONResponse:
    detail = e.detail if isinstance(e.detail, str) else str(e.detail)
    return JSONResponse({"error": STATUS_CODES.get(e.status_code, "error"), "detail": detail},
                        status_code=e.status_code, headers=getattr(e, "headers", None))


async def validation_error(_: Request, e: RequestValidationError) -> JSONResponse:
    errors = e.errors()
    if any(err.get("type") == "json_invalid" for err in errors):
        return JSONResponse({"error": "malformed_json", "detail": "Request body is not valid JSON."}, status_code=400)
    parts = []
    for err in errors[:5]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body")
        parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    return JSONResponse({"error": "invalid_request", "detail": "; ".join(parts)}, status_code=422)


CATCH_ALL = "/api/{rest:path}"


def _allowed_methods(api: FastAPI, scope) -> list[str]:
    """The methods some other route answers at this path (the router knows; included routers too). Mounts are
    left out: Reflex mounts itself at "" under this app and would claim every path."""
    routes = [r for r in api.router.routes if getattr(r, "path", None) != CATCH_ALL and not isinstance(r, Mount)]
    return [m for m in ALL_METHODS
            if any(r.matches({**scope, "method": m})[0] == Match.FULL for r in routes)]


def _unknown_api_path(api: FastAPI):
    """Last route: `/api/...` nothing else matched is a JSON 404 (405 naming the methods when only the method
    is wrong), instead of falling through to the pages, which answer 200 with the app's HTML."""
    async def unknown(request: Request) -> JSONResponse:
        allowed = _allowed_methods(api, dict(request.scope))
        if allowed:
            return JSONResponse({"error": "method_not_allowed", "detail": f"{request.method} is not allowed here."},
                                status_code=405, headers={"Allow": ", ".join(allowed)})
        raise NotFound(f"No such API endpoint: {request.method} {request.url.path[:200]}.", error="not_found")
    return unknown


EXCALIDRAW_DIST = ROOT / ".web" / "node_modules" / "@excalidraw" / "excalidraw" / "dist" / "prod"


def _whiteboard_fonts(api: FastAPI) -> None:
    """Excalidraw's fonts from the npm package the build installed, at EXCALIDRAW_ASSET_PATH on our own origin
    (otherwise every board would load them from a public CDN). A full URL there means someone else serves them."""
    path = settings.excalidraw_asset_path
    if path.startswith("/"):
        api.mount(path.rstrip("/") + "/fonts", StaticFiles(directory=EXCALIDRAW_DIST / "fonts", check_dir=False),
                  name="whiteboard-fonts")


def build_api() -> FastAPI:
    if not settings.secret:  # reading it stops start-up on a stored secret that is too short, naming the file
        raise RuntimeError("no signing secret")
    api = FastAPI(title="Parley API", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  redirect_slashes=False,
                  description="Accounts, interview sessions, room tokens and code execution (Piston v2).")
    api.add_middleware(RenewSessionCookie)
    api.add_middleware(OriginGuard)  # outermost of ours: a refused request touches nothing
    api.add_exception_handler(ParleyError, parley_error)
    api.add_exception_handler(StarletteHTTPException, http_error)
    api.add_exception_handler(RequestValidationError, validation_error)
    api.add_api_route("/health", health, methods=["GET"], include_in_schema=False)
    api.add_api_route("/api/docs", docs, methods=["GET"], include_in_schema=False)
    api.mount("/api/docs-static", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-static")
    _whiteboard_fonts(api)
    api.include_router(auth_http.build_router())
    api.include_router(sessions_http.build_router())
    api.include_router(sandbox_http.build_router(auth_http.user_key))
    api.include_router(rtc_http.build_router())
    api.include_router(chat_http.build_router())
    api.include_router(review_http.build_router())
    api.include_router(progress_http.build_router())
    api.include_router(judge_http.build_router())
    api.include_router(questions_http.build_router())
    api.include_router(assessments_http.build_router())
    api.add_api_websocket_route("/collab/{session_id}", collab_server.collab_socket)
    api.add_api_websocket_route("/room/{session_id}", channel.room_socket)
    api.add_api_websocket_route("/rtc/{session_id}", signalling.rtc_socket)
    api.add_api_route(CATCH_ALL, _unknown_api_path(api), methods=ALL_METHODS, include_in_schema=False)
    _plug_in_live_features()
    return api


async def _close_member(session_id: str, user_id: int) -> None:
    admission.close_member(session_id, user_id)


def _plug_in_live_features() -> None:
    """The composition root: live features register with the room (app.room.events), never with each other."""
    events.on_end(channel.announce_end, every_worker=True)
    events.on_end(recordings.room_ended)
    events.on_leave(_close_member, every_worker=True)
    events.on_leave(stream_chat.member_left)
    events.on_leave(stream_video.member_left)
    events.code_source(collab_rooms.current_code)
    events.language_rule(assessments_service.allowed_languages)
    problem_lookup.add_source(questions.found)  # the judge and the rooms find people's questions too
    for live in (collab_rooms.live_rooms, channel.live_rooms, signalling.live_rooms):
        events.live_rooms(live)
