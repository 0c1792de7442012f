"""Guests are limited per address (GUEST_MAX_PER_ADDRESS per GUEST_WINDOW_SECONDS) everywhere they are made —
"Continue as guest" (`POST /api/auth/guest`) and joining a room as a guest (`POST /api/sessions/{id}/guest`) —
so one address cannot mint users without end; the limit is counted before the guest is made, a refused
attempt creates no user, and another address is unaffected. A signed-in caller stays who they are."""
from fastapi.testclient import TestClient
from sqlmodel import func, select

from app.api import build_api
from app.auth import service as accounts
from app.config import settings
from app.db import session_scope
from app.models import User
from app.sessions import service as sessions

LIMIT = 3


def _users() -> int:
    with session_scope() as s:
        return s.exec(select(func.count()).select_from(User)).one()


def _client(address: str) -> TestClient:
    return TestClient(build_api(), client=(address, 40000))


def test_guest_creation_is_limited_per_address_at_both_front_doors(app_db, monkeypatch):
    monkeypatch.setattr(settings, "guest_max_per_address", LIMIT)
    host = accounts.signup("host@example.com", "host-password", "Host")
    sid = sessions.create(host, "two-sum")["id"]
    for _ in range(LIMIT):
        r = _client("203.0.113.20").post("/api/auth/guest", json={"display_name": "Gus"})
        assert r.status_code == 201 and r.json()["is_guest"], r.text
    before = _users()
    r = _client("203.0.113.20").post("/api/auth/guest", json={"display_name": "Gus"})
    assert r.status_code == 429 and r.json()["error"] == "rate_limited" and "guest" in r.json()["detail"]
    assert "retry-after" in r.headers and "set-cookie" not in r.headers
    r = _client("203.0.113.20").post(f"/api/sessions/{sid}/guest", json={"display_name": "Gus"})
    assert r.status_code == 429, r.text
    assert _users() == before  # refused attempts made nobody
    r = _client("203.0.113.21").post(f"/api/sessions/{sid}/guest", json={"display_name": "Other"})
    assert r.status_code == 200, r.text  # another address joins the room


def test_a_form_post_comes_back_to_the_page_with_the_reason(app_db, monkeypatch):
    monkeypatch.setattr(settings, "guest_max_per_address", 1)
    c = _client("203.0.113.30")
    c.headers["origin"] = "http://testserver"
    r = c.post("/api/auth/guest", data={"display_name": "Gina", "next": "/problems/two-sum"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "http://testserver/problems/two-sum"
    assert r.cookies.get("parley_session")
    r = _client("203.0.113.30").post("/api/auth/guest", data={"display_name": "Gina", "next": "/problems/two-sum"},
                                     headers={"origin": "http://testserver"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("http://testserver/problems/two-sum?guest_error=Too+many")


def test_a_signed_in_caller_is_not_turned_into_a_guest(app_db):
    c = _client("203.0.113.40")
    assert c.post("/api/auth/signup", json={"email": "real@example.com", "password": "real-password",
                                            "display_name": "Real"}).status_code == 201
    before = _users()
    r = c.post("/api/auth/guest", json={"display_name": "Someone"})
    assert r.status_code == 200 and r.json()["display_name"] == "Real" and not r.json()["is_guest"]
    assert _users() == before


def test_bad_names_are_refused_before_anything_is_counted_or_made(app_db, monkeypatch):
    monkeypatch.setattr(settings, "guest_max_per_address", 1)
    before = _users()
    for name in ("", "   ", "x" * 41):
        r = _client("203.0.113.50").post("/api/auth/guest", json={"display_name": name})
        assert r.status_code == 400 and r.json()["error"] == "invalid_name", r.text
    assert _users() == before
    assert _client("203.0.113.50").post("/api/auth/guest", json={"display_name": "Fine"}).status_code == 201
