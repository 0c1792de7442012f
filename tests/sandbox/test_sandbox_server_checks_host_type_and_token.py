"""The standalone sandbox server answers only requests meant for it: POST /api/v2/execute must be
`application/json` (415 otherwise: no form or text/plain post from a web page), the Host must be its bind address
or localhost (a DNS-rebinding page sends its own name), and with SANDBOX_TOKEN set a Bearer token is required."""
import json

import httpx

from tests.sandbox.conftest import start_server

BODY = {"language": "python", "files": [{"content": "print(7 * 6)"}]}


def test_execute_requires_application_json(sandbox_server):
    for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None):
        headers = {"content-type": ctype} if ctype else {}
        r = sandbox_server.client.post("/api/v2/execute", content=json.dumps(BODY), headers=headers)
        assert r.status_code == 415, (ctype, r.status_code, r.text)
        assert r.json()["error"] == "unsupported_media_type" and "application/json" in r.json()["detail"]
    r = sandbox_server.client.post("/api/v2/execute", content=json.dumps(BODY),
                                   headers={"content-type": "application/json; charset=utf-8"})
    assert r.status_code == 200 and r.json()["run"]["stdout"] == "42\n"


def test_a_foreign_host_name_is_refused(sandbox_server):
    port = sandbox_server.url.rsplit(":", 1)[1]
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.nip.io:{port}", f"localhost.evil:{port}",
                 f"127.0.0.1:{int(port) + 1}"):
        for method, path in (("POST", "/api/v2/execute"), ("GET", "/api/v2/runtimes"), ("GET", "/health")):
            r = sandbox_server.client.request(method, path, json=BODY, headers={"host": host})
            assert r.status_code == 403, (host, path, r.status_code)
            assert r.json()["error"] == "forbidden_host", r.text
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", "127.0.0.1"):
        r = sandbox_server.client.post("/api/v2/execute", json=BODY, headers={"host": host})
        assert r.status_code == 200 and r.json()["run"]["stdout"] == "42\n", (host, r.text)


def test_with_a_token_set_requests_need_it(tmp_path):
    token = "s3cret-sandbox-token-for-this-test"
    proc, server = start_server(tmp_path, SANDBOX_TOKEN=token)
    try:
        c = server.client
        for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": token},
                        {"authorization": f"Basic {token}"}, {"authorization": f"Bearer {token}x"}):
            r = c.post("/api/v2/execute", json=BODY, headers=headers)
            assert r.status_code == 401, (headers, r.status_code)
            assert r.json()["error"] == "unauthorized" and r.headers["www-authenticate"] == "Bearer"
            assert c.get("/api/v2/runtimes", headers=headers).status_code == 401
        ok = {"authorization": f"Bearer {token}"}
        r = c.post("/api/v2/execute", json=BODY, headers=ok)
        assert r.status_code == 200 and r.json()["run"]["stdout"] == "42\n"
        assert c.get("/api/v2/runtimes", headers=ok).status_code == 200
        assert c.get("/health").status_code == 200  # liveness stays open (counts and pids only)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_piston_client_sends_the_token(tmp_path, monkeypatch):
    """PISTON_URL pointing at a token-protected sandbox server: the app sends SANDBOX_TOKEN as the Bearer."""
    from app.config import settings
    from app.sandbox import ExecRequest, File, execute
    from tests.conftest import run_async

    token = "another-token-the-app-shares-with-its-sandbox"
    proc, server = start_server(tmp_path, SANDBOX_TOKEN=token)
    try:
        monkeypatch.setattr(settings, "piston_url", server.url)
        monkeypatch.setattr(settings, "sandbox_token", token)
        r = run_async(execute(ExecRequest("python", [File("", "print(6 * 7)")])))
        assert r.status == "ok" and r.run.stdout == "42\n"
        assert httpx.post(server.url + "/api/v2/execute", json=BODY).status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=20)
