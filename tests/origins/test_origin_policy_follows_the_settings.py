"""Which origin is "the app's" follows the settings: PUBLIC_URL's alone when it is set (the request's own origin
then no longer counts), else the request's own; under `reflex run` dev mode the dev frontend — the backend's
host on the frontend's port — too, and only then. Checked in-process through the real API app, for HTTP and a
WebSocket handshake."""
import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from app.api import build_api
from app.config import settings


def _status(origin: str, base: str = "http://localhost:8000") -> int:
    c = TestClient(build_api(), base_url=base)
    r = c.post("/api/auth/login", json={"email": "p@example.com", "password": "wrong-guess"},
               headers={"origin": origin})
    return 403 if r.status_code == 403 and r.json()["error"] == "cross_site" else r.status_code


def test_the_request_own_origin_when_public_url_is_unset(app_db):
    assert _status("http://localhost:8000") == 401
    assert _status("http://localhost:3000") == 403  # the dev frontend's port means nothing outside dev mode


def test_public_url_alone_when_set(app_db, monkeypatch):
    monkeypatch.setattr(settings, "public_url", "https://parley.example/")
    assert _status("https://parley.example") == 401
    assert _status("https://parley.example:443") == 401  # the default port is the same origin
    assert _status("http://localhost:8000") == 403  # the request's own origin no longer counts
    assert _status("http://parley.example") == 403


def test_dev_mode_adds_the_dev_frontend_on_the_requests_host(app_db, monkeypatch):
    monkeypatch.setenv("REFLEX_ENV_MODE", "dev")
    monkeypatch.setenv("REFLEX_FRONTEND_PORT", "3000")
    assert _status("http://localhost:3000") == 401
    assert _status("http://192.168.1.20:3000", base="http://192.168.1.20:8000") == 401  # a LAN address
    assert _status("http://localhost:3001") == 403
    assert _status("http://evil.example:3000") == 403


@pytest.mark.parametrize("origin,admitted", [("http://testserver", True), (None, True),
                                             ("http://evil.example", False), ("null", False)])
def test_a_websocket_handshake_is_refused_before_accept(app_db, origin, admitted):
    """/room with no token: an admitted handshake reaches the room's own check (4401); a refused one never does."""
    headers = {"origin": origin} if origin else {}
    with pytest.raises(WebSocketDisconnect) as closed:
        with TestClient(build_api()).websocket_connect("/room/nosuchroom", headers=headers) as ws:
            ws.receive_text()
    assert closed.value.code == (4401 if admitted else 4403), closed.value.code
