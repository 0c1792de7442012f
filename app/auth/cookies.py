"""The sign-in session: a signed, expiring JWT carried in an HttpOnly, SameSite=Lax cookie.

Tokens carry a `jti` so that sign-out can revoke them before they expire; they are renewed (a fresh
token, a fresh expiry, the old one revoked) once half their lifetime has passed, so an active user stays
signed in. Behind an https PUBLIC_URL the cookie is `__Host-parley_session`: the browser then insists on
Secure, Path=/ and no Domain, so a sibling subdomain or a plain-http page cannot plant or overwrite it.
Everything that reads or sets the cookie asks `name()`.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import jwt
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from app.config import settings
from app.db import session_scope
from app.models import RevokedToken, utcnow

BASE_NAME = "parley_session"
AUDIENCE = "parley-session"


def https_only() -> bool:
    return urlsplit(settings.public_url).scheme == "https"


def name() -> str:
    """The cookie's name: `__Host-` prefixed when the app is served over https (PUBLIC_URL)."""
    return f"__Host-{BASE_NAME}" if https_only() else BASE_NAME


def secure() -> bool:
    return settings.cookie_secure or https_only()


@dataclass(frozen=True)
class SessionClaims:
    user_id: int
    jti: str
    iat: int
    exp: int

    @property
    def wants_renewal(self) -> bool:
        return time.time() > self.iat + (self.exp - self.iat) / 2


def issue(user_id: int, ttl: int | None = None) -> str:
    now = int(time.time())
    claims = {"sub": str(user_id), "aud": AUDIENCE, "iat": now,
              "exp": now + (ttl or settings.session_ttl_seconds), "jti": secrets.token_hex(16)}
    return jwt.encode(claims, settings.secret, algorithm="HS256")


def decode(token: str | None) -> SessionClaims | None:
    """Valid, unexpired, untampered and not revoked, or None."""
    if not token:
        return None
    try:
        c = jwt.decode(token, settings.secret, algorithms=["HS256"], audience=AUDIENCE,
                       options={"require": ["sub", "exp", "iat", "jti"]})
        claims = SessionClaims(int(c["sub"]), str(c["jti"]), int(c["iat"]), int(c["exp"]))
    except (jwt.PyJWTError, ValueError):
        return None
    with session_scope() as s:
        if s.get(RevokedToken, claims.jti) is not None:
            return None
    return claims


def revoke(claims: SessionClaims) -> bool:
    """Revoke the token; True if this call revoked it, False if it already was (the primary key decides, so of
    two concurrent renewals of one token exactly one wins)."""
    expires = datetime.fromtimestamp(claims.exp, timezone.utc)
    try:
        with session_scope() as s:
            if s.get(RevokedToken, claims.jti) is not None:
                return False
            s.add(RevokedToken(jti=claims.jti, expires_at=expires))
    except IntegrityError:
        return False
    with session_scope() as s:
        s.exec(delete(RevokedToken).where(RevokedToken.expires_at < utcnow()))
    return True


def from_cookie_header(header: str | None) -> str | None:
    """The session token inside a raw `Cookie:` header (Reflex hands state handlers the header only)."""
    if not header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # a malformed cookie header means "not signed in", never a crash
        return None
    morsel = jar.get(name())
    return morsel.value if morsel else None


def cookie_params() -> dict:
    """Keyword arguments for Starlette's `Response.set_cookie` (never a Domain: host-only)."""
    return {"key": name(), "httponly": True, "samesite": "lax", "secure": secure(),
            "max_age": settings.session_ttl_seconds, "path": "/"}


def deletion_params() -> dict:
    """Keyword arguments for Starlette's `Response.delete_cookie` (a __Host- cookie is only cleared with Secure)."""
    return {"key": name(), "path": "/", "secure": secure(), "httponly": True, "samesite": "lax"}

