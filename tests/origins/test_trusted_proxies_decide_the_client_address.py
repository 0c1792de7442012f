"""TRUSTED_PROXIES decides when X-Forwarded-For names the client. From an untrusted peer the header is
ignored, so a stranger cannot dodge a per-address limit by writing a new address into it; from a trusted proxy
the client is the rightmost hop that is not itself a trusted proxy (what the client wrote on the left is not
believed). X-Forwarded-Proto/Host change the request's own origin only from a trusted proxy."""
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.api import build_api
from app.auth.addresses import client_address
from app.config import settings
from app.db import session_scope
from app.models import LoginAttempt

PROXY, STRANGER = "10.0.0.5", "198.51.100.7"


def _client(peer: str) -> TestClient:
    return TestClient(build_api(), client=(peer, 40000))


def _wrong_login(peer: str, xff: str | None) -> int:
    headers = {"x-forwarded-for": xff} if xff else {}
    return _client(peer).post("/api/auth/login", json={"email": "acct@example.com", "password": "wrong-guess"},
                              headers=headers).status_code


def _address_keys() -> set[str]:
    with session_scope() as s:
        return {k for k in s.exec(select(LoginAttempt.key)).all() if k.startswith("login:ip:")}


def test_an_untrusted_peer_cannot_rotate_its_address(app_db):
    for i in range(settings.login_max_failures):
        assert _wrong_login(STRANGER, f"203.0.113.{i}") == 401
    assert _wrong_login(STRANGER, "203.0.113.200") == 429  # a fresh X-Forwarded-For changes nothing
    assert _address_keys() == {f"login:ip:{STRANGER}"}


def test_behind_a_trusted_proxy_each_client_is_limited_on_its_own(app_db, monkeypatch):
    monkeypatch.setattr(settings, "trusted_proxies", "10.0.0.0/8, 127.0.0.1")
    for _ in range(settings.login_max_failures):
        assert _wrong_login(PROXY, "203.0.113.1") == 401
    assert _wrong_login(PROXY, "203.0.113.1") == 429
    assert _wrong_login(PROXY, "203.0.113.2") == 401  # another client behind the same proxy
    # A client writing its own X-Forwarded-For: the proxy appends the real peer; only that hop is believed.
    assert _wrong_login(PROXY, "203.0.113.2, 203.0.113.1") == 429
    assert _address_keys() == {"login:ip:203.0.113.1", "login:ip:203.0.113.2"}


@pytest.mark.parametrize("peer,xff,expected", [
    (STRANGER, "1.2.3.4", STRANGER),                                  # untrusted peer: header ignored
    (PROXY, None, PROXY),                                             # trusted, no header: the proxy itself
    (PROXY, "203.0.113.9", "203.0.113.9"),
    (PROXY, "6.6.6.6, 203.0.113.9", "203.0.113.9"),                    # leftmost was written by the client
    (PROXY, "203.0.113.9, 10.0.0.7", "203.0.113.9"),                   # two trusted proxies in a row
    (PROXY, "10.0.0.8, 10.0.0.7", "10.0.0.8"),                         # only proxies: the farthest one
    (PROXY, "203.0.113.9, not-an-ip", PROXY),                         # garbage appended after our proxy
    ("2001:db8::5", "203.0.113.9", "2001:db8::5"),
])
def test_client_address_by_peer_and_header(monkeypatch, peer, xff, expected):
    monkeypatch.setattr(settings, "trusted_proxies", "10.0.0.0/8")
    headers = [(b"x-forwarded-for", xff.encode())] if xff else []
    assert client_address({"type": "http", "client": (peer, 1), "headers": headers}) == expected


def _origin_check(peer: str, **headers) -> int:
    h = {"origin": "https://parley.example", "x-forwarded-proto": "https", "x-forwarded-host": "parley.example",
         **headers}
    return _client(peer).post("/api/auth/login", json={"email": "o@example.com", "password": "wrong-guess"},
                              headers=h).status_code


def test_forwarded_proto_and_host_are_believed_only_from_a_trusted_proxy(app_db, monkeypatch):
    assert _origin_check(PROXY) == 403  # not trusted yet: the request's own origin is http://testserver
    monkeypatch.setattr(settings, "trusted_proxies", "10.0.0.0/8")
    assert _origin_check(PROXY) == 401  # reached the sign-in: the origin matched
    assert _origin_check(STRANGER) == 403


def test_bad_trusted_proxies_stop_start_up_naming_the_setting(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    p = subprocess.run([sys.executable, "-c", "import app.config"], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "PARLEY_DATA_DIR": str(tmp_path), "TRUSTED_PROXIES": "10.0.0.0/8, proxy"},
                       timeout=60)
    assert p.returncode != 0 and "TRUSTED_PROXIES" in p.stderr
