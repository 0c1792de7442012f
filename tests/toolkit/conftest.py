"""A room on the production server with a host, a candidate, an interviewer and an observer (seated through the
host's role invites), a stranger, a former participant and an anonymous client, for the toolkit's tests."""
from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from tests.collab.conftest import signup


@dataclass
class Cast:
    id: str
    host: httpx.Client
    candidate: httpx.Client
    stranger: httpx.Client
    former: httpx.Client
    anon: httpx.Client
    ws_base: str
    interviewer: httpx.Client | None = None
    observer: httpx.Client | None = None

    def token(self, who: str) -> str:
        r = getattr(self, who).get(f"/api/sessions/{self.id}/token")
        assert r.status_code == 200, r.text
        return r.json()["token"]


@pytest.fixture
def cast(app_server) -> Cast:
    host, candidate, stranger, former = (signup(app_server.url, n) for n in ("Hana Host", "Cara Candidate",
                                                                           "Sam Stranger", "Fred Former"))
    r = host.post("/api/sessions", json={"problem": "two-sum", "visibility": "public"})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    assert former.post(f"/api/sessions/{sid}/join", json={}).status_code == 200
    assert former.post(f"/api/sessions/{sid}/leave", json={}).status_code == 200
    assert candidate.post(f"/api/sessions/{sid}/join", json={}).status_code == 200
    c = Cast(sid, host, candidate, stranger, former, httpx.Client(base_url=app_server.url, timeout=30),
             app_server.url.replace("http://", "ws://"))
    for role in ("interviewer", "observer"):
        seat = signup(app_server.url, f"Pat {role.title()}")
        invite = host.post(f"/api/sessions/{sid}/invites", json={"role": role}).json()["invite_url"]
        assert seat.post(f"/api/sessions/{sid}/join", json={"invite": invite.split("invite=")[1]}).json()["role"] == role
        setattr(c, role, seat)
    yield c
    for x in (host, candidate, stranger, former, c.anon, c.interviewer, c.observer):
        x.close()
