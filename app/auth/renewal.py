"""ASGI middleware: an active user's session cookie is re-issued once half its lifetime has passed, and the old
token is revoked at once (a copied cookie does not live on beside the renewed one).

Pure ASGI (not BaseHTTPMiddleware) so WebSockets and streaming pass through untouched; the expensive
check (revocation, a database write) runs only for tokens old enough to renew. Renewal happens on page
navigations and non-browser calls only, never on a page's own fetches: a page's Reflex socket carries the cookie
it was opened with, and a navigation opens a fresh one, so the renewing tab never holds a revoked token. The
request itself then sees the fresh token, so its handler runs as the same signed-in user.
"""
from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie

import jwt

from app.auth import cookies
from app.auth.addresses import header
from app.config import settings


def _old_token(cookie_header: str) -> str | None:
    """A valid token past half its life (signature and time only: cheap enough for every request)."""
    token = cookies.from_cookie_header(cookie_header)
    if not token:
        return None
    try:
        c = jwt.decode(token, settings.secret, algorithms=["HS256"], audience=cookies.AUDIENCE)
        claims = cookies.SessionClaims(int(c["sub"]), str(c["jti"]), int(c["iat"]), int(c["exp"]))
    except (jwt.PyJWTError, KeyError, ValueError):
        return None
    return token if claims.wants_renewal else None


def renew(token: str) -> str | None:
    """A fresh token for a valid old one, revoking the old; None if it is invalid or another request renewed
    it first (that request's answer carries the fresh cookie)."""
    claims = cookies.decode(token)
    if claims is None or not cookies.revoke(claims):
        return None
    return cookies.issue(claims.user_id)


def _set_cookie_header(token: str) -> bytes:
    p = cookies.cookie_params()
    jar = SimpleCookie()
    jar[p["key"]] = token
    m = jar[p["key"]]
    m["path"], m["max-age"], m["httponly"], m["samesite"] = p["path"], p["max_age"], True, "Lax"
    if p["secure"]:
        m["secure"] = True
    return m.OutputString().encode()


def _with_token(scope, old: str, fresh: str):
    headers = [(k, v.replace(old.encode("latin-1"), fresh.encode("latin-1")) if k == b"cookie" else v)
               for k, v in scope.get("headers", ())]
    return {**scope, "headers": headers}


def _may_renew(scope) -> bool:
    mode = header(scope, b"sec-fetch-mode")
    return mode is None or mode == "navigate"


class RenewSessionCookie:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not _may_renew(scope):
            return await self.app(scope, receive, send)
        cookie_header = header(scope, b"cookie") or ""
        old = _old_token(cookie_header) if cookies.name() in cookie_header else None
        fresh = await asyncio.to_thread(renew, old) if old else None
        if fresh is None:
            return await self.app(scope, receive, send)
        name = cookies.name().encode() + b"="

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"set-cookie" and v.startswith(name) for k, v in headers):
                    headers.append((b"set-cookie", _set_cookie_header(fresh)))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(_with_token(scope, old, fresh), receive, send_with_cookie)
