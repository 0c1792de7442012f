"""A live two-person room on the production server, and a way to drive standard node Yjs clients at it."""
from __future__ import annotations

import json
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

JS = Path(__file__).resolve().parents[1] / "js"


def signup(base_url: str, name: str) -> httpx.Client:
    c = httpx.Client(base_url=base_url, timeout=30)
    r = c.post("/api/auth/signup", json={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                         "password": "room-password-1", "display_name": name})
    assert r.status_code == 201, r.text
    return c


@dataclass
class Room:
    id: str
    host: httpx.Client
    guest: httpx.Client
    ws_base: str

    def token(self, who: str = "host") -> str:
        r = getattr(self, who).get(f"/api/sessions/{self.id}/token")
        assert r.status_code == 200, r.text
        return r.json()["token"]


def open_room(base_url: str, problem: str = "two-sum", language: str = "python") -> Room:
    host, guest = signup(base_url, "Hana Host"), signup(base_url, "Gus Guest")
    r = host.post("/api/sessions", json={"problem": problem, "visibility": "public", "language": language})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    assert guest.post(f"/api/sessions/{sid}/join", json={}).status_code == 200
    return Room(sid, host, guest, base_url.replace("http://", "ws://"))


@pytest.fixture
def room(app_server) -> Room:
    r = open_room(app_server.url)
    yield r
    r.host.close()
    r.guest.close()


def yjs(*args: str, timeout: float = 150) -> dict:
    """Run tests/js/yclient.mjs; returns its JSON answer (fails the test on an error answer)."""
    p = subprocess.run(["node", str(JS / "yclient.mjs"), *args], capture_output=True, text=True, timeout=timeout,
                       cwd=JS)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    assert lines, f"no answer from yclient {args[0]}: rc={p.returncode}\n{p.stdout}\n{p.stderr}"
    answer = json.loads(lines[-1])
    assert "error" not in answer, answer
    return answer
