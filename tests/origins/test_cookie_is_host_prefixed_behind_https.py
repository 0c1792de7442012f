"""With an https PUBLIC_URL the sign-in cookie is `__Host-parley_session`, Secure, Path=/ and without Domain — the
browser then refuses any attempt by a sibling subdomain or a plain-http page to plant or overwrite it — and
everything that reads or sets it (sign-in, the API's caller, renewal, sign-out, Reflex state's cookie header)
uses that one name: a cookie under the plain name is ignored. Without https the name stays `parley_session`."""
import time

import jwt
from fastapi.testclient import TestClient

from app.api import build_api
from app.auth import cookies
from app.auth import service as accounts
from app.config import settings

HOST_COOKIE = "__Host-parley_session"


def _https_client(monkeypatch) -> TestClient:
    monkeypatch.setattr(settings, "public_url", "https://testserver")
    return TestClient(build_api(), base_url="https://testserver")


def _set_cookie(r) -> str:
    return "; ".join(v for k, v in r.headers.multi_items() if k == "set-cookie")


def test_https_public_url_issues_a_host_prefixed_secure_cookie(app_db, monkeypatch):
    c = _https_client(monkeypatch)
    r = c.post("/api/auth/signup", json={"email": "h@example.com", "password": "host-password", "display_name": "H"})
    assert r.status_code == 201
    header = _set_cookie(r)
    assert header.startswith(HOST_COOKIE + "=") and "Secure" in header and "Path=/" in header
    assert "domain" not in header.lower() and "HttpOnly" in header
    assert c.get("/api/me").json()["display_name"] == "H"
    token = c.cookies.get(HOST_COOKIE)
    assert accounts.user_from_cookie_header(f"{HOST_COOKIE}={token}").display_name == "H"  # Reflex state's way

    planted = TestClient(build_api(), base_url="https://testserver")
    planted.cookies.set("parley_session", token)  # the unprefixed name a subdomain could plant
    assert planted.get("/api/me").status_code == 401
    assert accounts.user_from_cookie_header(f"parley_session={token}") is None

    out = c.post("/api/auth/logout")
    cleared = _set_cookie(out)
    assert cleared.startswith(HOST_COOKIE + "=") and "Secure" in cleared and "Max-Age=0" in cleared
    assert cookies.decode(token) is None


def test_renewal_keeps_the_host_prefixed_name(app_db, monkeypatch):
    c = _https_client(monkeypatch)
    me = accounts.signup("r@example.com", "renew-password", "R")
    now, ttl = int(time.time()), settings.session_ttl_seconds
    old = jwt.encode({"sub": str(me.id), "aud": cookies.AUDIENCE, "iat": now - ttl + 60, "exp": now + 60,
                      "jti": "host-old"}, settings.secret, algorithm="HS256")
    c.cookies.set(HOST_COOKIE, old)
    r = c.get("/api/me")
    assert r.status_code == 200
    header = _set_cookie(r)
    assert header.startswith(HOST_COOKIE + "=") and "Secure" in header and "Path=/" in header


def test_plain_http_keeps_the_plain_name(app_db):
    c = TestClient(build_api())
    r = c.post("/api/auth/signup", json={"email": "p@example.com", "password": "plain-password", "display_name": "P"})
    assert _set_cookie(r).startswith("parley_session=") and "Secure" not in _set_cookie(r)
