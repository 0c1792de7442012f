"""Clerk/OIDC: a bearer JWT signed by the issuer's key (published as JWKS by a local HTTP server) signs the
caller in as a local user; wrong keys, expired tokens, other issuers, tokens the issuer minted for another
application (`aud`, or Clerk's `azp`) and missing config are refused; an email counts only when verified;
start-up refuses OIDC or Clerk without an audience, naming the setting."""
import json
import os
import subprocess
import sys
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from app.api import build_api
from app.auth import oidc
from app.config import settings
from tests.conftest import ROOT
from tests.json_http import JsonHandler, serve

AUDIENCE = "parley-test-client"


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
    claims = {"iss": iss, "sub": sub, "iat": now, "exp": now + 300, "name": "Clerk User", "aud": AUDIENCE,
              "email": "clerk@example.com", "email_verified": True, **extra}
    claims = {k: v for k, v in claims.items() if v is not None}  # a None extra leaves the claim out
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


@pytest.fixture
def client(app_db, issuer, monkeypatch):
    base, _ = issuer
    monkeypatch.setattr(settings, "oidc_issuer", base)
    monkeypatch.setattr(settings, "oidc_audience", AUDIENCE)
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
        "another app's token": _token(key, base, aud="some-other-client"),
        "no audience": _token(key, base, aud=None),
    }
    for what, token in bad.items():
        r = client.get("/api/me", headers={"authorization": f"Bearer {token}"})
        assert r.status_code == 401, what
        assert r.json()["error"] == "invalid_token", what


def _clerk(issuer, monkeypatch, **setting) -> TestClient:
    base, _ = issuer
    monkeypatch.setattr(settings, "clerk_jwks_url", base + "/jwks.json")
    for name, value in setting.items():
        monkeypatch.setattr(settings, name, value)
    oidc._jwks_url.cache_clear()
    oidc._client.cache_clear()
    return TestClient(build_api())


def test_clerk_jwks_url_works_without_discovery(app_db, issuer, monkeypatch):
    _, key = issuer
    c = _clerk(issuer, monkeypatch, oidc_audience=AUDIENCE)
    r = c.get("/api/me", headers={"authorization": f"Bearer {_token(key, 'https://clerk.x')}"})
    assert r.status_code == 200 and r.json()["display_name"] == "Clerk User"


def test_clerk_tokens_must_name_an_authorized_party(app_db, issuer, monkeypatch):
    """Clerk session tokens carry no `aud`; `azp` names the origin they were minted for."""
    _, key = issuer
    c = _clerk(issuer, monkeypatch, clerk_authorized_parties="https://parley.example, https://admin.parley.example")
    ok = _token(key, "https://clerk.x", aud=None, azp="https://parley.example")
    assert c.get("/api/me", headers={"authorization": f"Bearer {ok}"}).status_code == 200
    for azp in ("https://evil.example", None):
        bad = _token(key, "https://clerk.x", sub="user_azp", aud=None, azp=azp)
        r = c.get("/api/me", headers={"authorization": f"Bearer {bad}"})
        assert r.status_code == 401 and r.json()["error"] == "invalid_token", azp


def test_bearer_tokens_are_refused_when_no_audience_is_configured(app_db, issuer, monkeypatch):
    """Start-up refuses this configuration; should it ever be reached anyway, nothing signs in."""
    base, key = issuer
    c = _clerk(issuer, monkeypatch)
    r = c.get("/api/me", headers={"authorization": f"Bearer {_token(key, base)}"})
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"


def test_an_email_counts_only_when_the_provider_verified_it(client, issuer):
    base, key = issuer
    cases = {"absent": (None, None), "false": (False, None), "string false": ("false", None),
             "true": (True, "clerk@example.com"), "string true": ("true", "clerk@example.com")}
    for i, (what, (verified, expected)) in enumerate(cases.items()):
        t = _token(key, base, sub=f"user_mail_{i}", email_verified=verified, email=f"c{i}@example.com")
        me = client.get("/api/me", headers={"authorization": f"Bearer {t}"}).json()
        assert me["email"] == (expected and f"c{i}@example.com"), what


def _start(tmp_path, **env) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items()
         if k not in ("OIDC_ISSUER", "OIDC_AUDIENCE", "CLERK_JWKS_URL", "CLERK_AUTHORIZED_PARTIES")}
    return subprocess.run([sys.executable, "-c", "import app.api"], cwd=ROOT, capture_output=True, text=True,
                          env={**e, "PARLEY_DATA_DIR": str(tmp_path), **env}, timeout=120)


def test_start_up_refuses_bearer_sign_in_without_an_audience(tmp_path):
    p = _start(tmp_path, OIDC_ISSUER="https://id.example")
    assert p.returncode != 0 and "OIDC_AUDIENCE" in p.stderr, p.stderr[-2000:]
    p = _start(tmp_path, CLERK_JWKS_URL="https://clerk.example/.well-known/jwks.json")
    assert p.returncode != 0 and "CLERK_AUTHORIZED_PARTIES" in p.stderr and "OIDC_AUDIENCE" in p.stderr
    for ok in ({"OIDC_ISSUER": "https://id.example", "OIDC_AUDIENCE": "parley"},
               {"CLERK_JWKS_URL": "https://clerk.example/jwks.json", "CLERK_AUTHORIZED_PARTIES": "https://p.example"}):
        p = _start(tmp_path, **ok)
        assert p.returncode == 0, (ok, p.stderr[-2000:])


def test_without_configuration_bearer_tokens_are_ignored(app_db, issuer):
    base, key = issuer
    assert not oidc.enabled()
    r = TestClient(build_api()).get("/api/me", headers={"authorization": f"Bearer {_token(key, base)}"})
    assert r.status_code == 401 and r.json()["error"] == "not_signed_in"
