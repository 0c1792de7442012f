"""Every state-changing endpoint of the production server checks `Origin` exactly: the app's own origin passes,
a foreign or `null` origin is refused with 403 `cross_site` whatever the body type, and a missing Origin is
refused for the body types a cross-site HTML form or a no-cors fetch can send (urlencoded, multipart,
text/plain) while JSON and body-less calls from non-browser clients keep working. A refused request changes
nothing and sets no cookie (login CSRF: a form post with `Origin: null` must not sign the victim in)."""
from __future__ import annotations

import json
import uuid
from urllib.parse import urlencode

import httpx
import pytest

from tests.origins.conftest import PASSWORD, signup

ORIGINS = ("same", "foreign", "null", "missing")
BODIES = ("json", "form", "multipart", "text", "none")


def _endpoints(sid: str, rid: str, host_email: str) -> list[tuple[str, dict]]:
    """(path, fields) of every cookie-authenticated state-changing endpoint."""
    return [
        ("/api/auth/signup", {"email": f"m-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD,
                              "display_name": "Mallory"}),
        ("/api/auth/login", {"email": host_email, "password": PASSWORD}),
        ("/api/auth/logout", {}),
        ("/api/auth/guest", {"display_name": "Gina", "next": "/problems"}),
        ("/api/sessions", {"problem": "two-sum", "visibility": "public"}),
        (f"/api/sessions/{sid}/join", {}),
        (f"/api/sessions/{sid}/guest", {"display_name": "Gina"}),
        (f"/api/sessions/{sid}/leave", {}),
        (f"/api/sessions/{sid}/recordings", {"mime_type": "video/webm"}),
        (f"/api/sessions/{sid}/recordings/{rid}/chunks?seq=0", {"x": "1"}),
        (f"/api/sessions/{sid}/recordings/{rid}/finish", {}),
        ("/api/v2/execute", {"language": "python", "version": "*", "files": [{"content": "print(1)"}]}),
        ("/api/problems/two-sum/submissions", {"language": "cobol", "code": "x"}),
        ("/api/questions", {"title": "x"}),
        ("/api/assessments", {"problem": "two-sum", "time_limit_minutes": 1}),
        (f"/api/sessions/{sid}/end", {}),
    ]


def _request(base: str, port: int, cookies, path: str, fields: dict, origin: str, body: str) -> httpx.Response:
    headers = {}
    if origin == "same":
        headers["origin"] = f"http://127.0.0.1:{port}"
    elif origin == "foreign":
        headers["origin"] = "http://evil.example"
    elif origin == "null":
        headers["origin"] = "null"
    kw: dict = {}
    if body == "json":
        kw["content"], headers["content-type"] = json.dumps(fields), "application/json"
    elif body == "form":
        kw["content"] = urlencode({k: v for k, v in fields.items() if isinstance(v, str)})
        headers["content-type"] = "application/x-www-form-urlencoded"
    elif body == "multipart":
        kw["files"] = {"_": ("", b"")}
        kw["data"] = {k: v for k, v in fields.items() if isinstance(v, str)}
    elif body == "text":  # the classic CSRF trick: JSON text in a no-preflight content type
        kw["content"], headers["content-type"] = json.dumps(fields), "text/plain"
    with httpx.Client(base_url=base, cookies=cookies, timeout=60) as c:
        return c.post(path, headers=headers, **kw)


def _refused(origin: str, body: str) -> bool:
    if origin in ("foreign", "null"):
        return True
    return origin == "missing" and body in ("form", "multipart", "text")


def test_every_state_changing_endpoint_by_origin_and_body_type(app_server):
    host, email = signup(app_server.url, "Hugo")
    r = host.post("/api/sessions", json={"problem": "two-sum", "visibility": "public"})
    sid = r.json()["id"]
    rid = host.post(f"/api/sessions/{sid}/recordings", json={"mime_type": "video/webm"}).json()["id"]
    wrong = []
    for path, fields in _endpoints(sid, rid, email):
        for origin in ORIGINS:
            for body in BODIES:
                cookies = host.cookies
                if path == "/api/auth/logout":  # an accepted sign-out revokes the cookie: each cell gets its own
                    cookies = httpx.post(app_server.url + "/api/auth/login", timeout=30,
                                         json={"email": email, "password": PASSWORD}).cookies
                r = _request(app_server.url, app_server.port, cookies, path, fields, origin, body)
                cell = f"{path} origin={origin} body={body}: {r.status_code} {r.text[:100]}"
                answer = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
                refused = r.status_code == 403 and answer.get("error") == "cross_site"
                if _refused(origin, body):
                    if not refused:
                        wrong.append("accepted " + cell)
                    elif "set-cookie" in r.headers:
                        wrong.append("refused but set a cookie " + cell)
                    elif not answer.get("detail"):
                        wrong.append("refusal without detail " + cell)
                elif refused:
                    wrong.append("refused " + cell)
    host.close()
    assert wrong == [], f"{len(wrong)} wrong cells:\n" + "\n".join(wrong)


def test_login_csrf_with_a_null_origin_form_post_sets_no_cookie(app_server):
    """The attack found: a sandboxed iframe or a no-referrer page posts the attacker's credentials as a form."""
    attacker, email = signup(app_server.url, "Mallory")
    attacker.close()
    for origin in ("null", "http://evil.example"):
        r = httpx.post(app_server.url + "/api/auth/login", data={"email": email, "password": PASSWORD, "next": "/"},
                       headers={"origin": origin}, timeout=30)
        assert r.status_code == 403 and r.json()["error"] == "cross_site", (origin, r.status_code, r.text)
        assert "set-cookie" not in r.headers


def test_refused_requests_change_nothing(app_server, room):
    evil = {"origin": "http://evil.example"}
    email = f"never-{uuid.uuid4().hex[:8]}@example.com"
    r = httpx.post(app_server.url + "/api/auth/signup", headers=evil, timeout=30,
                   json={"email": email, "password": PASSWORD, "display_name": "Never"})
    assert r.status_code == 403
    r = httpx.post(app_server.url + "/api/auth/login", json={"email": email, "password": PASSWORD}, timeout=30)
    assert r.status_code == 401, "the refused sign-up created the account"

    mine_before = [s["id"] for s in room.host.get("/api/sessions/mine").json()]
    assert room.host.post("/api/sessions", headers=evil, json={"problem": "two-sum"}).status_code == 403
    assert [s["id"] for s in room.host.get("/api/sessions/mine").json()] == mine_before

    assert room.host.post(f"/api/sessions/{room.id}/end", headers=evil, json={}).status_code == 403
    assert room.host.get(f"/api/sessions/{room.id}").json()["status"] != "ended"
    assert room.participant.post(f"/api/sessions/{room.id}/leave", headers={"origin": "null"}).status_code == 403
    assert room.participant.get(f"/api/sessions/{room.id}/token").status_code == 200  # still a member

    assert room.host.post("/api/auth/logout", headers=evil).status_code == 403
    assert room.host.get("/api/me").status_code == 200  # the session was not revoked


@pytest.mark.parametrize("origin", [
    "http://127.0.0.1:{other}",          # same host, other port
    "https://127.0.0.1:{port}",          # other scheme
    "http://localhost:{port}",           # other host (the request names 127.0.0.1)
    "http://127.0.0.1:{port}.evil.example",
    "http://127.0.0.1",                  # default port
    "http://evil.example:{port}",
    "file://",
    "http://127.0.0.1:{port}/",          # not an origin: a URL
])
def test_near_miss_origins_are_foreign(app_server, origin):
    o = origin.format(port=app_server.port, other=app_server.port + 1)
    r = httpx.post(app_server.url + "/api/auth/login", json={"email": "x@example.com", "password": "x"},
                   headers={"origin": o}, timeout=30)
    assert r.status_code == 403 and r.json()["error"] == "cross_site", (o, r.status_code, r.text)


def test_the_request_own_origin_is_whatever_host_the_user_typed(app_server):
    """PUBLIC_URL unset: the app reached as localhost or 127.0.0.1 (or a LAN address) accepts that origin."""
    for host in ("127.0.0.1", "localhost"):
        url = f"http://{host}:{app_server.port}"
        r = httpx.post(url + "/api/auth/login", json={"email": "nobody@example.com", "password": "wrong-pass"},
                       headers={"origin": url}, timeout=30)
        assert r.status_code == 401 and r.json()["error"] == "invalid_credentials", (host, r.text)
