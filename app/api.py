"""The HTTP side of the app: a FastAPI app that Reflex mounts itself under (`api_transformer`), so these
routes (REST under /api, OpenAPI at /api/docs, /health, and the room WebSockets) match before Reflex's."""
from __future__ import annotations

import asyncio

import swagger_ui_bundle
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from app import db


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


def build_api() -> FastAPI:
    api = FastAPI(title="Parley API", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  redirect_slashes=False)
    api.add_api_route("/health", health, methods=["GET"], include_in_schema=False)
    api.add_api_route("/api/docs", docs, methods=["GET"], include_in_schema=False)
    api.mount("/api/docs-static", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-static")
    return api
