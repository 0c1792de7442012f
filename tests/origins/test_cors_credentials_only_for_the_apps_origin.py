"""Credentialed CORS is granted to the app's own origin only. Reflex wraps the app in Starlette's CORS layers
with `rx.Config.cors_allowed_origins` (default "*", which echoes ANY Origin with credentials); rxconfig.py now
derives the list from the settings: PUBLIC_URL's origin, plus the dev frontend's in `reflex run` dev mode,
never "*"."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx

from tests.conftest import ROOT

EVIL = "http://evil.example"


def test_the_running_app_grants_no_cors_to_a_foreign_origin(app_server):
    pre = httpx.options(app_server.url + "/api/auth/login", timeout=30, headers={
        "origin": EVIL, "access-control-request-method": "POST", "access-control-request-headers": "content-type"})
    # Refused: no Allow-Origin (Starlette still lists Allow-Credentials on a refused preflight; without
    # Allow-Origin a browser stops there and never sends the request).
    assert pre.status_code == 400 and "access-control-allow-origin" not in pre.headers, pre.headers
    for path in ("/api/me", "/health", "/ping", "/api/sessions"):
        r = httpx.get(app_server.url + path, headers={"origin": EVIL}, timeout=30)
        # No Allow-Origin: the foreign page cannot read the answer. (Starlette adds Allow-Credentials to every
        # answer once credentials are on; it grants nothing without Allow-Origin.)
        assert "access-control-allow-origin" not in r.headers, (path, r.headers)


def _cors_answers(env: dict) -> dict:
    """Reflex's own CORS layer (App._add_cors, as `reflex run` applies it) around the API, in a fresh process
    that loads rxconfig.py with `env`: the preflight and simple-request headers each origin gets."""
    code = r"""
import json, sys
from fastapi.testclient import TestClient
from reflex.app import App
from reflex_base.config import get_config
from app.api import build_api
api = build_api()
App._add_cors(api)
c = TestClient(api)
out = {"config": list(get_config().cors_allowed_origins)}
for origin in json.loads(sys.argv[1]):
    pre = c.options("/api/auth/login", headers={"origin": origin, "access-control-request-method": "POST"})
    get = c.get("/health", headers={"origin": origin})
    out[origin] = [pre.headers.get("access-control-allow-origin"), pre.headers.get("access-control-allow-credentials"),
                   get.headers.get("access-control-allow-origin")]
print(json.dumps(out))
"""
    origins = ["https://parley.example", EVIL, "http://localhost:3000", "http://127.0.0.1:3000", "null"]
    e = {k: v for k, v in os.environ.items() if k not in ("PUBLIC_URL", "REFLEX_ENV_MODE", "REFLEX_FRONTEND_PORT")}
    p = subprocess.run([sys.executable, "-c", code, json.dumps(origins)], cwd=ROOT, env={**e, **env},
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_public_url_origin_alone_gets_credentialed_cors(tmp_path):
    out = _cors_answers({"PUBLIC_URL": "https://parley.example/", "PARLEY_DATA_DIR": str(tmp_path),
                         "REFLEX_ENV_MODE": "prod"})
    assert out["config"] == ["https://parley.example"]
    assert out["https://parley.example"] == ["https://parley.example", "true", "https://parley.example"]
    for other in (EVIL, "http://localhost:3000", "null"):
        assert out[other][0] is None and out[other][2] is None, (other, out[other])


def test_dev_mode_adds_the_dev_frontend_and_never_a_wildcard(tmp_path):
    out = _cors_answers({"PARLEY_DATA_DIR": str(tmp_path), "REFLEX_ENV_MODE": "dev", "REFLEX_FRONTEND_PORT": "3000"})
    assert "*" not in out["config"] and set(out["config"]) == {"http://localhost:3000", "http://127.0.0.1:3000"}
    assert out["http://localhost:3000"][:2] == ["http://localhost:3000", "true"]
    for other in (EVIL, "https://parley.example", "null"):
        assert out[other][0] is None and out[other][2] is None, (other, out[other])


def test_production_without_public_url_grants_cors_to_nobody(tmp_path):
    """Pages and API share one origin then: same-origin calls need no CORS, so no other origin gets any."""
    out = _cors_answers({"PARLEY_DATA_DIR": str(tmp_path), "REFLEX_ENV_MODE": "prod"})
    assert out["config"] == []
    for origin, answer in out.items():
        if origin != "config":
            assert answer[0] is None and answer[2] is None, (origin, answer)
