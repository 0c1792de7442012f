"""Clerk/OIDC: a bearer JWT signed by the issuer's key (published as JWKS by a local HTTP server) signs the
caller in as a local user; wrong keys, expired tokens, other issuers and missing config are refused."""
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from app.api import build_api
from app.auth import oidc
from app.config import settings
from tests.json_http import JsonHandler, serve


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def issuer():
    key = _key()
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="test-key", use="sig", alg="RS256")
    state = {"base": ""}

    class Handler(JsonHandler):
        def do_GET(self):
            if self.path == "/.well-known/openid-configuration":
                body = {"issuer": state["base"], "jwks_uri": state["base"] + "/jwks.json"}
            elif self.path == "/jwks.json":
                body = {"keys": [jwk]}
            else:
                self.send_error(404)
                return
            self.reply(200, body)

    server = serve(Handler)
    state["base"] = f"http://127.0.0.1:{server.server_port}"
    yield state["base"], key
    server.shutdown()


def _token(key, iss, sub="user_123", kid="test-key", **extra):
    now = int(time.time())
    claims = {"iss": iss, "sub": sub, "iat": now, "exp": now + 300, "name": "Clerk User",
              "email": "clerk@example.com", **extra}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


@pytest.fixture
def client(app_db, issuer, monkeypatch):
    base, _ = issuer
    monkeypatch.setattr(settings, "oidc_issuer", base)
    oidc._jwks_url.cache_clear()
    oidc._client.cache_clear()
    return TestClient(build_api())


def test_a_valid_bearer_token_signs_in_a_local_user(client, issuer):
    base, key = issuer
    r = client.get("/api/me", headers={"authorization": f"Bearer {_token(key, base)}"})
    assert r.status_code == 200, r.text
    first = r.json()
    assert first["display_name"] == "Clerk User" and first["email"] == "clerk@example.com"
    again = client.get("/api/me", headers={"authorization": f"Bearer {_token(key, base)}"}).json()
    assert again["id"] == first["id"]  # the same subject maps to the same local user
    other = client.get("/api/me", headers={"authorization": f"Bearer {_token(key, base, sub='user_9')}"}).json()
    assert other["id"] != first["id"]


def test_bad_bearer_tokens_are_refused(client, issuer):
    base, key = issuer
    bad = {
        "wrong key": _token(_key(), base),
        "expired": _token(key, base, exp=int(time.time()) - 60),
        "other issuer": _token(key, "https://evil.example"),
        "unknown kid": _token(key, base, kid="nope"),
        "garbage": "not.a.jwt",
    }
    for what, token in bad.items():
        r = client.get("/api/me", headers={"authorization": f"Bearer {token}"})
        assert r.status_code == 401, what
        assert r.json()["error"] == "invalid_token", what


def test_clerk_jwks_url_works_without_discovery(app_db, issuer, monkeypatch):
    base, key = issuer
    monkeypatch.setattr(settings, "clerk_jwks_url", base + "/jwks.json")
    oidc._jwks_url.cache_clear()
    oidc._client.cache_clear()
    r = TestClient(build_api()).get("/api/me", headers={"authorization": f"Bearer {_token(key, 'https://clerk.x')}"})
    assert r.status_code == 200 and r.json()["display_name"] == "Clerk User"


def test_without_configuration_bearer_tokens_are_ignored(app_db, issuer):
    base, key = issuer
    assert not oidc.enabled()
    r = TestClient(build_api()).get("/api/me", headers={"authorization": f"Bearer {_token(key, base)}"})
    assert r.status_code == 401 and r.json()["error"] == "not_signed_in"
