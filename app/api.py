"""The HTTP side of the app: a FastAPI app that Reflex mounts itself under (`api_transformer`), so these
routes (REST under /api, OpenAPI at /api/docs, /health, and the room WebSockets) match before Reflex's.

Every error leaves as JSON `{"error": code, "detail": message}` with the status it means.
"""
from __future__ import annotations

import asyncio

import swagger_ui_bundle
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import db
from app.auth import http as auth_http
from app.auth.renewal import RenewSessionCookie
from app.errors import ParleyError, TooMany
from app.collab import rooms as collab_rooms, server as collab_server
from app.rtc import http as rtc_http, signalling
from app.sandbox import http as sandbox_http
from app.sessions import channel, cleanup, hooks, http as sessions_http

STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 409: "conflict", 410: "gone", 413: "too_large", 422: "invalid_request",
                429: "rate_limited"}


async def health() -> JSONResponse:
    """Liveness plus the parts the app cannot work without; 503 names the failing part."""
    checks: dict[str, str] = {}
    try:
        await asyncio.wait_for(asyncio.to_thread(db.ping), timeout=5)
        checks["db"] = "ok"
    except Exception as e:  # any failure to answer is "down", with the reason for the operator
        checks["db"] = f"error: {type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"
    failing = [k for k, v in checks.items() if v != "ok"]
    body = {"status": "ok" if not failing else "error", **checks}
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


def build_api() -> FastAPI:
    api = FastAPI(title="Parley API", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  redirect_slashes=False,
                  description="Accounts, interview sessions, room tokens and code execution (Piston v2).")
    api.add_middleware(RenewSessionCookie)
    api.add_exception_handler(ParleyError, parley_error)
    api.add_exception_handler(StarletteHTTPException, http_error)
    api.add_exception_handler(RequestValidationError, validation_error)
    api.add_api_route("/health", health, methods=["GET"], include_in_schema=False)
    api.add_api_route("/api/docs", docs, methods=["GET"], include_in_schema=False)
    api.mount("/api/docs-static", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-static")
    api.include_router(auth_http.build_router())
    api.include_router(sessions_http.build_router())
    api.include_router(sandbox_http.build_router(auth_http.user_key))
    api.include_router(rtc_http.build_router())
    api.add_api_websocket_route("/collab/{session_id}", collab_server.collab_socket)
    api.add_api_websocket_route("/room/{session_id}", channel.room_socket)
    api.add_api_websocket_route("/rtc/{session_id}", signalling.rtc_socket)
    hooks.on_end(channel.announce_end)
    for live in (collab_rooms.live_rooms, channel.live_rooms, signalling.live_rooms):
        if live not in cleanup.connected_rooms:
            cleanup.connected_rooms.append(live)
    return api
