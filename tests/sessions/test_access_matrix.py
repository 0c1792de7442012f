"""Who may do what, cell by cell: every REST endpoint, room token request and page gate, for anonymous,
stranger, host, participant, a former participant (joined, then left before the participant came), an
interviewer and an observer (seated through the host's role invites) and guest, in live and ended rooms;
recordings made before the participant joined are not theirs to read. Runs against
the production server."""
from __future__ import annotations

import uuid

import httpx
import pytest

ACTORS = ("anon", "stranger", "host", "participant", "former", "interviewer", "observer")


def _client(app_server) -> httpx.Client:
    return httpx.Client(base_url=app_server.url, timeout=30)


def _signup(app_server, name: str) -> httpx.Client:
    c = _client(app_server)
    r = c.post("/api/auth/signup", json={"email": f"{name}-{uuid.uuid4().hex[:8]}@example.com",
                                         "password": "matrix-password", "display_name": name})
    assert r.status_code == 201, r.text
    return c


def _recording(host: httpx.Client, sid: str) -> str:
    r = host.post(f"/api/sessions/{sid}/recordings", json={"mime_type": "video/webm"})
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    assert host.post(f"/api/sessions/{sid}/recordings/{rid}/chunks?seq=0", content=b"webm").status_code == 200
    return rid


@pytest.fixture
def room(app_server):
    """A public room with a host and a participant, plus a former participant (joined, recorded by the host,
    left), a signed-in stranger and an anonymous client; `old` was recorded while the former participant was
    there, `rec` once the participant had joined."""
    people = {"anon": _client(app_server), "stranger": _signup(app_server, "stranger"),
              "host": _signup(app_server, "host"), "participant": _signup(app_server, "participant"),
              "former": _signup(app_server, "former")}
    r = people["host"].post("/api/sessions", json={"problem": "two-sum", "visibility": "public"})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    assert people["former"].post(f"/api/sessions/{sid}/join", json={}).status_code == 200
    old = _recording(people["host"], sid)
    assert people["former"].post(f"/api/sessions/{sid}/leave", json={}).status_code == 200
    assert people["participant"].post(f"/api/sessions/{sid}/join", json={}).status_code == 200
    rec = _recording(people["host"], sid)
    for role in ("interviewer", "observer"):
        people[role] = _signup(app_server, role)
        invite = people["host"].post(f"/api/sessions/{sid}/invites", json={"role": role}).json()["invite_url"]
        r = people[role].post(f"/api/sessions/{sid}/join", json={"invite": invite.split("invite=")[1]})
        assert r.status_code == 200 and r.json()["role"] == role, r.text
    yield sid, people, {"rec": rec, "old": old}
    for c in people.values():
        c.close()


def _call(c: httpx.Client, method: str, path: str) -> httpx.Response:
    return c.request(method, path, json={} if method == "POST" else None)


REC = "/api/sessions/{id}/recordings"


def _row(*statuses):
    """One row's expected statuses, in the order of ACTORS; None = not checked."""
    return {a: st for a, st in zip(ACTORS, statuses) if st is not None}


#                                                              anon strngr host  cand  former intvw observer
LIVE = [
    ("GET",  "/api/me",                                   _row( 401,  200,  200,  200,  200,  200,  200)),
    ("GET",  "/api/sessions",                             _row( 401,  200,  200,  200,  200,  200,  200)),
    ("GET",  "/api/sessions/mine",                        _row( 401,  200,  200,  200,  200,  200,  200)),
    ("GET",  "/api/sessions/{id}",                        _row( 401,  200,  200,  200,  200,  200,  200)),
    ("GET",  "/api/sessions/{id}/token",                  _row( 401,  403,  200,  200,  403,  200,  200)),
    ("GET",  "/api/sessions/{id}/chat",                   _row( 401,  403,  200,  200,  403,  200,  200)),
    ("GET",  "/api/sessions/{id}/video",                  _row( 401,  403,  200,  200,  403,  200,  200)),
    ("GET",  REC,                                         _row( 401,  403,  200,  200,  403,  403,  403)),
    ("GET",  REC + "/{rec}",                              _row( 401,  403,  200,  200,  403,  403,  403)),
    ("GET",  REC + "/{old}",                              _row( 401,  403,  200,  404,  403,  403,  403)),
    ("POST", REC,                                         _row( 401,  403, None,  403,  403,  403,  403)),
    ("POST", REC + "/{rec}/chunks?seq=0",                 _row( 401,  403,  200,  403,  403,  403,  403)),
    ("POST", REC + "/{old}/chunks?seq=0",                 _row( 401,  403, None,  404,  403,  403,  403)),
    ("POST", REC + "/{rec}/finish",                       _row( 401,  403,  200,  403,  403,  403,  403)),
    ("POST", "/api/sessions/{id}/join",                   _row( 401,  409,  200,  200,  409,  200,  200)),
    ("POST", "/api/sessions/{id}/leave",                  _row( 401,  403, None, None,  403, None, None)),
    ("POST", "/api/sessions/{id}/end",                    _row( 401,  403, None,  403,  403,  403,  403)),
    ("GET",  "/api/sessions/nonexistent000/token",        _row( 401,  404,  404,  404, None,  404, None)),
]

ENDED = [
    ("GET",  "/api/sessions/{id}",                        _row( 401,  410,  200,  200,  410,  200,  200)),
    ("GET",  "/api/sessions/{id}/token",                  _row( 401,  403,  410,  410,  403,  410,  410)),
    ("GET",  "/api/sessions/{id}/chat",                   _row( 401,  403,  410,  410,  403,  410,  410)),
    ("GET",  "/api/sessions/{id}/video",                  _row( 401,  403,  410,  410,  403,  410,  410)),
    ("GET",  REC,                                         _row( 401,  403,  200,  200,  403,  403,  403)),
    ("GET",  REC + "/{rec}",                              _row( 401,  403,  200,  200,  403,  403,  403)),
    ("GET",  REC + "/{old}",                              _row( 401,  403,  200,  404,  403,  403,  403)),
    ("POST", REC,                                         _row( 401,  403,  410,  403,  403,  403,  403)),
    ("POST", REC + "/{rec}/chunks?seq=1",                 _row( 401,  403,  410,  403,  403,  403,  403)),
    ("POST", REC + "/{rec}/finish",                       _row( 401,  403,  410,  403,  403,  403,  403)),
    ("POST", "/api/sessions/{id}/join",                   _row( 401,  410,  410,  410,  410,  410,  410)),
    ("POST", "/api/sessions/{id}/leave",                  _row( 401,  403,  410,  410,  403,  410,  410)),
    ("POST", "/api/sessions/{id}/end",                    _row( 401,  403,  410,  403,  403,  403,  403)),
]


def _check(table, sid, people, recs) -> list[str]:
    wrong = []
    for method, path, expect in table:
        for actor, status in expect.items():
            r = _call(people[actor], method, path.format(id=sid, **recs))
            if r.status_code != status:
                wrong.append(f"{actor} {method} {path}: {r.status_code} (wanted {status}) {r.text[:120]}")
            elif status >= 400:
                body = r.json()
                if not (isinstance(body, dict) and body.get("error") and body.get("detail")):
                    wrong.append(f"{actor} {method} {path}: error body not {{error, detail}}: {body}")
    return wrong


def test_every_cell_of_the_live_and_ended_room(room):
    sid, people, recs = room
    wrong = _check(LIVE, sid, people, recs)
    r = people["host"].post(f"/api/sessions/{sid}/end", json={})
    assert r.status_code == 200 and r.json()["status"] == "ended"
    wrong += _check(ENDED, sid, people, recs)
    assert wrong == [], "\n".join(wrong)


def test_room_tokens_name_the_member_and_their_role(room, app_server):
    from app.auth import room_tokens

    sid, people, _ = room
    import jwt

    for actor, role in (("host", "host"), ("participant", "participant")):
        body = people[actor].get(f"/api/sessions/{sid}/token").json()
        claims = jwt.decode(body["token"], options={"verify_signature": False})
        assert claims["room"] == sid and claims["role"] == role and claims["exp"] > claims["iat"]
        assert claims["sub"] == str(people[actor].get("/api/me").json()["id"])
    assert room_tokens.AUDIENCE == claims["aud"]


def test_leave_frees_the_slot_and_host_leave_keeps_the_room(room):
    sid, people, _ = room
    assert people["participant"].post(f"/api/sessions/{sid}/leave", json={}).status_code == 200
    assert people["participant"].get(f"/api/sessions/{sid}/token").status_code == 403
    assert people["stranger"].post(f"/api/sessions/{sid}/join", json={}).status_code == 200
    assert people["host"].post(f"/api/sessions/{sid}/leave", json={}).status_code == 200
    assert people["host"].get(f"/api/sessions/{sid}").json()["status"] == "active"


def test_private_rooms_need_the_password_or_the_invite(app_server):
    host, stranger, other = (_signup(app_server, n) for n in ("host", "stranger", "other"))
    pw = host.post("/api/sessions", json={"problem": "two-sum", "visibility": "private", "password": "open-sesame"})
    inv = host.post("/api/sessions", json={"problem": "two-sum", "visibility": "private"})
    assert pw.status_code == inv.status_code == 201
    pw, inv = pw.json(), inv.json()
    invite = inv["invite_url"].split("invite=")[1]
    public_ids = [s["id"] for s in stranger.get("/api/sessions").json()]
    assert pw["id"] not in public_ids and inv["id"] not in public_ids  # private rooms are never listed

    assert stranger.get(f"/api/sessions/{inv['id']}").status_code == 403
    assert stranger.get(f"/api/sessions/{inv['id']}", params={"invite": "wrong"}).status_code == 403
    assert stranger.get(f"/api/sessions/{inv['id']}", params={"invite": invite}).status_code == 200
    r = stranger.post(f"/api/sessions/{inv['id']}/join", json={})
    assert r.status_code == 403 and r.json()["error"] == "invite_required"
    assert stranger.post(f"/api/sessions/{inv['id']}/join", json={"invite": invite}).status_code == 200

    r = stranger.post(f"/api/sessions/{pw['id']}/join", json={"password": "nope"})
    assert r.status_code == 403 and r.json()["error"] == "wrong_password"
    assert other.post(f"/api/sessions/{pw['id']}/join", json={"password": "open-sesame"}).status_code == 200
    r = stranger.post(f"/api/sessions/{pw['id']}/join", json={"password": "open-sesame"})
    assert r.status_code == 409 and "full" in r.json()["detail"]


def test_guests_join_by_invite_but_cannot_host(app_server):
    host = _signup(app_server, "host")
    inv = host.post("/api/sessions", json={"problem": "two-sum", "visibility": "private"}).json()
    invite = inv["invite_url"].split("invite=")[1]
    guest = _client(app_server)
    r = guest.post(f"/api/sessions/{inv['id']}/guest", json={"display_name": "<b>Guest</b>", "invite": invite})
    assert r.status_code == 200, r.text
    assert r.json()["role"] == "participant" and r.json()["participant"]["display_name"] == "<b>Guest</b>"
    me = guest.get("/api/me").json()
    assert me["is_guest"] is True and me["email"] is None
    assert guest.get(f"/api/sessions/{inv['id']}/token").status_code == 200
    r = guest.post("/api/sessions", json={"problem": "two-sum"})
    assert r.status_code == 403 and r.json()["error"] == "guest_cannot_host"
    late = _client(app_server)
    r = late.post(f"/api/sessions/{inv['id']}/guest", json={"display_name": "Late", "invite": invite})
    assert r.status_code == 409 and "parley_session" not in r.headers.get("set-cookie", "")
    fresh = host.post("/api/sessions", json={"problem": "two-sum", "visibility": "private"}).json()
    r = _client(app_server).post(f"/api/sessions/{fresh['id']}/guest", json={"display_name": "NoInvite"})
    assert r.status_code == 403 and r.json()["error"] == "invite_required"


def test_other_users_emails_are_never_returned(room):
    sid, people, _ = room
    own = {a: people[a].get("/api/me").json()["email"] for a in ("stranger", "host", "participant", "former")}
    for actor in ("stranger", "host", "participant", "former"):
        c = people[actor]
        for path in ("/api/sessions", "/api/sessions/mine", f"/api/sessions/{sid}"):
            text = c.get(path).text
            for other, email in own.items():
                assert email not in text, f"{actor} saw {other}'s email at {path}"


def test_bad_requests_get_clear_json_errors(app_server):
    c = _signup(app_server, "errors")
    cases = [
        (c.post("/api/sessions", content=b"{not json", headers={"content-type": "application/json"}), 400),
        (c.post("/api/sessions", json={"problem": "no-such-problem"}), 400),
        (c.post("/api/sessions", json={"problem": "two-sum", "visibility": "secret"}), 422),
        (c.post("/api/sessions", json={"problem": "two-sum", "language": "cobol"}), 400),
        (c.post("/api/auth/login", content=b"[1,2", headers={"content-type": "application/json"}), 400),
        (c.post("/api/auth/signup", json={"email": "x", "password": "p", "display_name": "n"}), 400),
        (c.get("/api/sessions/" + "x" * 500), 404),
    ]
    for r, status in cases:
        assert r.status_code == status, r.text
        body = r.json()
        assert set(body) == {"error", "detail"} and body["detail"], body


def test_login_and_logout_over_the_api(app_server):
    c = _client(app_server)
    email = f"cycle-{uuid.uuid4().hex[:8]}@example.com"
    r = c.post("/api/auth/signup", json={"email": email, "password": "cycle-password", "display_name": "Cy"})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "max-age" in cookie
    c.cookies.clear()
    assert c.get("/api/me").status_code == 401
    r = c.post("/api/auth/login", json={"email": email, "password": "wrong-password"})
    assert r.status_code == 401 and r.json()["detail"] == "Invalid email or password."
    assert c.post("/api/auth/login", json={"email": email, "password": "cycle-password"}).status_code == 200
    token = c.cookies.get("parley_session")
    assert c.get("/api/me").json()["email"] == email
    assert c.post("/api/auth/logout", json={}).status_code == 200
    c.cookies.set("parley_session", token)  # the revoked token stays dead even if replayed
    assert c.get("/api/me").status_code == 401


def test_the_sandbox_api_requires_sign_in(app_server):
    body = {"language": "python", "version": "*", "files": [{"content": "print(1)"}]}
    assert _client(app_server).post("/api/v2/execute", json=body).status_code == 401
    r = _signup(app_server, "runner").post("/api/v2/execute", json=body)
    assert r.status_code == 200 and r.json()["run"]["stdout"] == "1\n"
