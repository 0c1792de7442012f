"""People and a room on the production server, reached the way a non-browser client reaches it (JSON, no Origin)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx
import pytest

PASSWORD = "origin-password-1"


def signup(base_url: str, name: str) -> tuple[httpx.Client, str]:
    """A signed-in JSON client and its email."""
    c = httpx.Client(base_url=base_url, timeout=30)
    email = f"{name.lower()}-{uuid.uuid4().hex[:10]}@example.com"
    r = c.post("/api/auth/signup", json={"email": email, "password": PASSWORD, "display_name": name})
    assert r.status_code == 201, r.text
    return c, email


@dataclass
class Room:
    id: str
    host: httpx.Client
    participant: httpx.Client

    def token(self, who: str = "host") -> str:
        r = getattr(self, who).get(f"/api/sessions/{self.id}/token")
        assert r.status_code == 200, r.text
        return r.json()["token"]


@pytest.fixture
def room(app_server) -> Room:
    host, _ = signup(app_server.url, "Hana")
    participant, _ = signup(app_server.url, "Pat")
    r = host.post("/api/sessions", json={"problem": "two-sum", "visibility": "public"})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    assert participant.post(f"/api/sessions/{sid}/join", json={}).status_code == 200
    yield Room(sid, host, participant)
    host.close()
    participant.close()
