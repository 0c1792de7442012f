"""Optional sign-in by bearer JWT from Clerk (`CLERK_JWKS_URL`) or any OIDC issuer (`OIDC_ISSUER`).

The token's signature is checked against the issuer's published keys (JWKS, cached), then its subject is
mapped to a local user (`external_id = iss|sub`). Without either setting, bearer tokens are ignored.
"""
from __future__ import annotations

from functools import lru_cache

import httpx
import jwt

from app.auth import service
from app.config import settings
from app.errors import Unauthorized

ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384"]


def enabled() -> bool:
    return bool(settings.clerk_jwks_url or settings.oidc_issuer)


@lru_cache(maxsize=4)
def _jwks_url(issuer: str, clerk_url: str) -> str:
    if clerk_url:
        return clerk_url
    conf = httpx.get(issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=10).json()
    return conf["jwks_uri"]


@lru_cache(maxsize=4)
def _client(url: str) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=3600, timeout=10)


def verify_bearer(token: str) -> dict:
    """Claims of a valid token from the configured issuer, or Unauthorized."""
    try:
        key = _client(_jwks_url(settings.oidc_issuer, settings.clerk_jwks_url)).get_signing_key_from_jwt(token)
        options = {"require": ["sub", "exp", "iat"], "verify_aud": bool(settings.oidc_audience)}
        kw = {"audience": settings.oidc_audience} if settings.oidc_audience else {}
        if settings.oidc_issuer:
            kw["issuer"] = settings.oidc_issuer
        return jwt.decode(token, key.key, algorithms=ALGORITHMS, options=options, leeway=5, **kw)
    except (jwt.PyJWTError, httpx.HTTPError, KeyError, ValueError) as e:
        raise Unauthorized(f"Bearer token rejected: {e}", error="invalid_token") from e


def user_from_bearer(token: str) -> service.Me:
    c = verify_bearer(token)
    issuer = c.get("iss") or settings.clerk_jwks_url
    name = c.get("name") or c.get("username") or c.get("preferred_username") or (c.get("email") or "").split("@")[0]
    email = c.get("email") if c.get("email_verified", True) else None
    return service.find_or_create_external(f"{issuer}|{c['sub']}", name or "User", (email or None) and email.lower())
