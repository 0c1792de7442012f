"""ASGI middleware: an active user's session cookie is re-issued once half its lifetime has passed.

Pure ASGI (not BaseHTTPMiddleware) so WebSockets and streaming pass through untouched; the expensive
check (revocation, a database read) runs only for tokens old enough to renew.
"""
from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie

import jwt

from app.auth import cookies
from app.config import settings


def _old_token(header: str) -> str | None:
    """A valid token past half its life (signature and time only: cheap enough for every request)."""
    token = cookies.from_cookie_header(header)
    if not token:
        return None
    try:
        c = jwt.decode(token, settings.secret, algorithms=["HS256"], audience=cookies.AUDIENCE)
        claims = cookies.SessionClaims(int(c["sub"]), str(c["jti"]), int(c["iat"]), int(c["exp"]))
    except (jwt.PyJWTError, KeyError, ValueError):
        return None
    return token if claims.wants_renewal else None


def _renewed(token: str) -> str | None:
    claims = cookies.decode(token)  # revocation check: a database read
    return cookies.issue(claims.user_id) if claims else None


def _set_cookie_header(token: str) -> bytes:
    p = cookies.cookie_params()
    jar = SimpleCookie()
    jar[p["key"]] = token
    m = jar[p["key"]]
    m["path"], m["max-age"], m["httponly"], m["samesite"] = p["path"], p["max_age"], True, "Lax"
    if p["secure"]:
        m["secure"] = True
    return m.OutputString().encode()


class RenewSessionCookie:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        header = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"cookie"), "")
        old = _old_token(header) if cookies.COOKIE in header else None
        fresh = await asyncio.to_thread(_renewed, old) if old else None
        if fresh is None:
            return await self.app(scope, receive, send)

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"set-cookie" and v.startswith(cookies.COOKIE.encode() + b"=")
                           for k, v in headers):
                    headers.append((b"set-cookie", _set_cookie_header(fresh)))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)
