"""Renewing the sign-in cookie revokes the token it replaces: a copy of the old cookie stops working the moment
the renewed one is issued. The renewing request itself runs as the same user; of two concurrent renewals of one
token exactly one issues a new token; a page's own fetches never renew (its Reflex socket still carries the
cookie it was opened with — a navigation opens a fresh socket)."""
import time
from concurrent.futures import ThreadPoolExecutor

import jwt
from fastapi.testclient import TestClient

from app.api import build_api
from app.auth import cookies, renewal
from app.auth import service as accounts
from app.config import settings


def _half_life_token(user_id: int, jti: str) -> str:
    now = int(time.time())
    ttl = settings.session_ttl_seconds
    return jwt.encode({"sub": str(user_id), "aud": cookies.AUDIENCE, "iat": now - ttl // 2 - 60,
                       "exp": now + ttl // 2 - 60, "jti": jti}, settings.secret, algorithm="HS256")


def _me(token: str, **headers):
    c = TestClient(build_api())
    c.cookies.set(cookies.name(), token)
    return c.get("/api/me", headers=headers)


def test_renewal_revokes_the_old_token(app_db):
    me = accounts.signup("renew@example.com", "renew-password", "R")
    old = _half_life_token(me.id, "old-jti-1")
    r = _me(old)
    assert r.status_code == 200 and r.json()["id"] == me.id  # the renewing request still knows who it is
    fresh = r.cookies.get(cookies.name())
    assert fresh and fresh != old
    assert cookies.decode(fresh).user_id == me.id and not cookies.decode(fresh).wants_renewal
    assert cookies.decode(old) is None
    assert _me(old).status_code == 401  # a copy of the old cookie is dead
    assert _me(fresh).status_code == 200


def test_two_concurrent_renewals_issue_one_token(app_db):
    me = accounts.signup("race-renew@example.com", "renew-password", "R")
    old = _half_life_token(me.id, "old-jti-2")
    with ThreadPoolExecutor(max_workers=8) as pool:
        fresh = [t for t in pool.map(lambda _: renewal.renew(old), range(8)) if t]
    assert len(fresh) == 1, fresh
    assert cookies.decode(old) is None


def test_a_pages_own_fetches_do_not_renew(app_db):
    me = accounts.signup("fetch@example.com", "renew-password", "F")
    old = _half_life_token(me.id, "old-jti-3")
    r = _me(old, **{"sec-fetch-mode": "cors", "sec-fetch-site": "same-origin"})
    assert r.status_code == 200 and cookies.name() not in r.cookies
    assert cookies.decode(old) is not None
    r = _me(old, **{"sec-fetch-mode": "navigate", "sec-fetch-site": "none"})
    assert r.status_code == 200 and r.cookies.get(cookies.name())
    assert cookies.decode(old) is None


def test_young_tokens_are_left_alone(app_db):
    me = accounts.signup("young@example.com", "renew-password", "Y")
    token = cookies.issue(me.id)
    r = _me(token)
    assert r.status_code == 200 and cookies.name() not in r.cookies
    assert cookies.decode(token) is not None
