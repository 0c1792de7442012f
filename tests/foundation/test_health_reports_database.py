"""/health answers 200 with the database named, and 503 naming the database when it is unreachable — without
the error's text (driver, host, port, user): anybody may call /health; the reason goes to the server's log."""
import json
import os
import subprocess
import sys

from tests.conftest import ROOT, free_port


def test_health_is_ok_on_the_running_app(app_server):
    r = app_server.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert {k: body[k] for k in ("status", "db")} == {"status": "ok", "db": "ok"}
    assert set(body) == {"status", "db", "sandbox"} and set(body["sandbox"]) == {"slots", "free", "retired", "runs"}


def test_health_is_503_naming_db_when_database_is_down(tmp_path):
    # A PostgreSQL URL on a closed loopback port: the app is up, its database is not.
    code = ("from fastapi.testclient import TestClient; from app.api import build_api; import json;"
            "r = TestClient(build_api()).get('/health'); print(json.dumps([r.status_code, r.json(), r.text]))")
    port = free_port()
    env = {**os.environ, "PARLEY_DATA_DIR": str(tmp_path),
           "DATABASE_URL": f"postgresql+psycopg://nobody:x@127.0.0.1:{port}/none"}
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=60, check=True)
    status, body, text = json.loads(p.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body["status"] == "error" and body["failing"] == ["db"]
    assert body["db"] == "error"
    for secret in (str(port), "nobody", "127.0.0.1", "psycopg", "OperationalError", "connection"):
        assert secret not in text, secret
    assert "OperationalError" in p.stderr and str(port) in p.stderr  # the operator's log has the reason


def test_openapi_docs_are_served_without_a_cdn(app_server):
    html = app_server.get("/api/docs").text
    assert "/api/docs-static/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert app_server.get("/api/docs-static/swagger-ui-bundle.js").status_code == 200
    assert app_server.get("/api/openapi.json").json()["info"]["title"] == "Parley API"
