"""Optional sign-in by bearer JWT from Clerk (`CLERK_JWKS_URL`) or any OIDC issuer (`OIDC_ISSUER`).

The token's signature is checked against the issuer's published keys (JWKS, cached), then that it was issued
FOR this app — `aud` = OIDC_AUDIENCE, or (Clerk) `azp` one of CLERK_AUTHORIZED_PARTIES; a token the same
issuer minted for any other application is refused — then its subject is mapped to a local user
(`external_id = iss|sub`). An email is taken only when `email_verified` is true. Without either setting, bearer
tokens are ignored; start-up refuses either setting without an audience (app.config).
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
    """Claims of a valid token from the configured issuer, meant for this app, or Unauthorized."""
    audience, parties = settings.oidc_audience, settings.authorized_parties
    if not audience and not parties:  # start-up refuses this; never accept tokens meant for another app
        raise Unauthorized("Bearer tokens are not accepted: no OIDC_AUDIENCE / CLERK_AUTHORIZED_PARTIES is set.",
                           error="invalid_token")
    try:
        key = _client(_jwks_url(settings.oidc_issuer, settings.clerk_jwks_url)).get_signing_key_from_jwt(token)
        options = {"require": ["sub", "exp", "iat"], "verify_aud": bool(audience)}
        kw = {"audience": audience} if audience else {}
        if settings.oidc_issuer:
            kw["issuer"] = settings.oidc_issuer
        claims = jwt.decode(token, key.key, algorithms=ALGORITHMS, options=options, leeway=5, **kw)
    except (jwt.PyJWTError, httpx.HTTPError, KeyError, ValueError) as e:
        raise Unauthorized(f"Bearer token rejected: {e}", error="invalid_token") from e
    if parties and str(claims.get("azp", "")).rstrip("/") not in parties:
        raise Unauthorized("Bearer token rejected: its azp is not one of CLERK_AUTHORIZED_PARTIES.",
                           error="invalid_token")
    return claims


def _verified(value) -> bool:
    """`email_verified` counts only when the provider says so (true, or the string "true" some send)."""
    return value is True or (isinstance(value, str) and value.lower() == "true")


def user_from_bearer(token: str) -> service.Me:
    c = verify_bearer(token)
    issuer = c.get("iss") or settings.clerk_jwks_url
    name = c.get("name") or c.get("username") or c.get("preferred_username") or (c.get("email") or "").split("@")[0]
    email = c.get("email") if _verified(c.get("email_verified")) else None
    return service.find_or_create_external(f"{issuer}|{c['sub']}", name or "User", (email or None) and email.lower())
