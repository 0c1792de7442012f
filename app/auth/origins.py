"""The one Origin policy: which web origins may change state or open a socket with the user's cookies.

Allowed: PUBLIC_URL's origin when set, else the request's own `scheme://host[:port]` (X-Forwarded-Proto/Host
only from TRUSTED_PROXIES), plus — under `reflex run` dev mode — the dev frontend (its port on the request's
host). Compared exactly: scheme, host and port. A foreign or `null` Origin is refused on every unsafe HTTP
method and every WebSocket handshake. A missing Origin means a non-browser client (browsers send Origin on
every POST and WebSocket) and is allowed, except with a body type an HTML form or a no-cors fetch can send
(urlencoded, multipart, text/plain): that is how a cross-site forgery looks when a browser or an extension
strips the header.

`OriginGuard` is pure ASGI so WebSockets and streaming bodies pass untouched; it wraps the whole app, Reflex's
`/_event` socket included (app/app.py turns engineio's own origin list off: it knows only fixed origins, not the
request's own, and Reflex reads the page's host from that socket's Origin, so the header must stay).
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from urllib.parse import urlsplit

from app.auth.addresses import forwarded, header
from app.config import settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Content types a cross-site page can send without a CORS preflight (the "simple" ones).
FORM_LIKE = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
DEFAULT_PORTS = {"http": 80, "https": 443}
REFUSED_CLOSE = 4403


@lru_cache(maxsize=1024)
def normalise(url: str | None) -> str | None:
    """`scheme://host[:port]` of an http(s) origin or URL (default port dropped, lower case), else None."""
    try:
        parts = urlsplit((url or "").strip())
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:
        return None
    if scheme not in DEFAULT_PORTS or not host or parts.username is not None or parts.password is not None:
        return None
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}" + (f":{port}" if port and port != DEFAULT_PORTS[scheme] else "")


@lru_cache(maxsize=1024)
def exact_origin(value: str) -> str | None:
    """An Origin header value as browsers send it (no path, query or fragment), normalised; else None."""
    parts = urlsplit(value.strip()) if value else None
    if parts is None or parts.path or parts.query or parts.fragment or value.strip().endswith("/"):
        return None
    return normalise(value)


def dev_frontend_port() -> int | None:
    """The dev frontend's port under `reflex run` dev mode (make run), else None. Reflex sets these variables
    itself once it has parsed its command line — possibly after the settings were read — so they are read on
    each call, not kept in Settings."""
    if os.environ.get("REFLEX_ENV_MODE", "").lower() != "dev":
        return None
    try:
        return int(os.environ.get("REFLEX_FRONTEND_PORT") or 3000)
    except ValueError:
        return 3000


def own_origin(scope) -> str | None:
    """The origin this request was addressed to, as the browser saw it."""
    scheme = forwarded(scope, b"x-forwarded-proto") or scope.get("scheme", "http")
    scheme = {"ws": "http", "wss": "https"}.get(scheme, scheme)
    host = forwarded(scope, b"x-forwarded-host") or header(scope, b"host")
    return normalise(f"{scheme}://{host}") if host else None


def configured_origins() -> list[str]:
    """The origins known without a request: PUBLIC_URL's, and the dev frontend's under `reflex run` dev mode.
    (rxconfig.py hands these to Reflex's CORS layers: credentialed CORS for them and nobody else.)"""
    out = [o for o in (normalise(settings.public_url),) if o]
    port = dev_frontend_port()
    if port:
        out += [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]
    return list(dict.fromkeys(out))


def allowed_origins(scope) -> set[str]:
    allowed = set(configured_origins())
    own = own_origin(scope)
    if not settings.public_url and own:
        allowed.add(own)
    port = dev_frontend_port()
    if port and own:  # the dev frontend: the backend's host, on the frontend's port
        host = urlsplit(own).hostname or ""
        allowed.add(normalise(f"{urlsplit(own).scheme}://{'[' + host + ']' if ':' in host else host}:{port}"))
    return allowed


def refusal(scope) -> str | None:
    """Why this request or handshake must be refused, or None to let it through."""
    is_ws = scope["type"] == "websocket"
    if not is_ws and scope.get("method", "GET").upper() in SAFE_METHODS:
        return None
    origin = header(scope, b"origin")
    if origin is None:
        if is_ws:
            return None
        site = (header(scope, b"sec-fetch-site") or "").lower()
        if site in ("cross-site", "same-site"):
            return "Cross-site request refused (no Origin header, and the browser says it came from another site)."
        ctype = (header(scope, b"content-type") or "").split(";")[0].strip().lower()
        if ctype in FORM_LIKE:
            return ("Form posts must carry an Origin header naming this site (browsers send one); "
                    "API clients should send JSON.")
        return None
    if origin.strip().lower() == "null":
        return "Cross-site request refused (Origin: null, e.g. a sandboxed frame or a no-referrer page)."
    if exact_origin(origin) not in allowed_origins(scope):
        return f"Cross-site request refused: origin {origin[:100]!r} is not this site's."
    return None


class OriginGuard:
    """Refuses what `refusal` names: HTTP 403 `{"error": "cross_site", "detail"}`, or a WebSocket closed with
    4403 before it is accepted (the server answers the handshake 403)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        why = refusal(scope)
        if why is None:
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": REFUSED_CLOSE, "reason": "cross-site"})
            return
        body = json.dumps({"error": "cross_site", "detail": why}).encode()
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"vary", b"Origin")]})
        await send({"type": "http.response.body", "body": body})
