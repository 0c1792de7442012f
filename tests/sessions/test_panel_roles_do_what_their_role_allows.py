"""Panel interviews on the production server, hostile cases first: only the host makes role invites, for a live
room and a known role; a forged or another room's invite gives nothing; a guest may observe but not interview.
Then what each seat may do: the token names the role; an observer's editor updates are read and dropped (never
stored, never reach anyone) and their Run is refused; interviewers share the host's notes, an observer keeps
their own and sees no scorecard; the candidate is told who observes; leaving ends an observer's sockets."""
from __future__ import annotations

import asyncio
import json
import uuid

import httpx
import pytest
import websockets

from tests.collab.conftest import signup, yjs
from tests.conftest import run_async


def _room(app_server, visibility: str = "private"):
    host, candidate = signup(app_server.url, "Hana Host"), signup(app_server.url, "Cara Candidate")
    r = host.post("/api/sessions", json={"problem": "two-sum", "visibility": visibility})
    assert r.status_code == 201, r.text
    sid, invite = r.json()["id"], r.json()["invite_url"].split("invite=")[1]
    assert candidate.post(f"/api/sessions/{sid}/join", json={"invite": invite}).status_code == 200
    return sid, host, candidate


def _invite(host: httpx.Client, sid: str, role: str) -> str:
    r = host.post(f"/api/sessions/{sid}/invites", json={"role": role})
    assert r.status_code == 201, r.text
    assert r.json()["role"] == role and f"/session/{sid}?invite=" in r.json()["invite_url"]
    return r.json()["invite_url"].split("invite=")[1]


def _token(c: httpx.Client, sid: str) -> dict:
    r = c.get(f"/api/sessions/{sid}/token")
    assert r.status_code == 200, r.text
    return r.json()


def test_only_the_host_makes_role_invites_for_a_live_room(app_server):
    sid, host, candidate = _room(app_server)
    stranger, anon = signup(app_server.url, "Stan Stranger"), httpx.Client(base_url=app_server.url, timeout=30)
    assert anon.post(f"/api/sessions/{sid}/invites", json={"role": "observer"}).status_code == 401
    assert stranger.post(f"/api/sessions/{sid}/invites", json={"role": "observer"}).status_code == 403
    assert candidate.post(f"/api/sessions/{sid}/invites", json={"role": "interviewer"}).status_code == 403
    for bad in ({"role": "host"}, {"role": "participant"}, {"role": ["observer"]}, {}, {"role": "x" * 10_000}):
        assert host.post(f"/api/sessions/{sid}/invites", json=bad).status_code == 422, bad
    r = host.post(f"/api/sessions/{sid}/invites", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code in (400, 422)
    assert host.post(f"/api/sessions/nope/invites", json={"role": "observer"}).status_code == 404
    interviewer_invite = _invite(host, sid, "interviewer")
    observer = signup(app_server.url, "Olga Observer")
    # an interviewer is not a host: no invites of their own
    assert observer.post(f"/api/sessions/{sid}/join", json={"invite": interviewer_invite}).json()["role"] == \
        "interviewer"
    assert observer.post(f"/api/sessions/{sid}/invites", json={"role": "observer"}).status_code == 403
    assert host.post(f"/api/sessions/{sid}/end", json={}).status_code == 200
    assert host.post(f"/api/sessions/{sid}/invites", json={"role": "observer"}).status_code == 410


def test_forged_or_foreign_invites_give_nothing_and_guests_only_observe(app_server):
    sid, host, _ = _room(app_server)
    other, other_host, _ = _room(app_server)
    foreign = _invite(other_host, other, "interviewer")
    real = _invite(host, sid, "observer")
    someone = signup(app_server.url, "Sam")
    for forged in (foreign, "o" + "0" * 40, real[:-1] + ("0" if real[-1] != "0" else "1"), "i" + real[1:],
                   real + "x", "x" * 5000):
        r = someone.post(f"/api/sessions/{sid}/join", json={"invite": forged})
        assert r.status_code in (403, 409), (forged[:12], r.status_code, r.text)  # private: invite required/full
        assert someone.get(f"/api/sessions/{sid}/token").status_code == 403
    guest = httpx.Client(base_url=app_server.url, timeout=30)
    interviewer_invite = _invite(host, sid, "interviewer")
    r = guest.post(f"/api/sessions/{sid}/guest", json={"display_name": "<b>G</b>", "invite": interviewer_invite})
    assert r.status_code == 403 and r.json()["error"] == "guest_cannot_interview"
    guest = httpx.Client(base_url=app_server.url, timeout=30)
    r = guest.post(f"/api/sessions/{sid}/guest", json={"display_name": "<b>G</b>", "invite": real})
    assert r.status_code == 200 and r.json()["role"] == "observer"
    assert _token(guest, sid)["role"] == "observer"


def test_observers_watch_interviewers_review_and_the_candidate_sees_who_is_there(app_server):
    sid, host, candidate = _room(app_server)
    interviewer, observer = signup(app_server.url, "Ivan Interviewer"), signup(app_server.url, "Olga Observer")
    assert interviewer.post(f"/api/sessions/{sid}/join",
                            json={"invite": _invite(host, sid, "interviewer")}).json()["role"] == "interviewer"
    assert observer.post(f"/api/sessions/{sid}/join",
                         json={"invite": _invite(host, sid, "observer")}).json()["role"] == "observer"
    assert _token(interviewer, sid)["role"] == "interviewer" and _token(observer, sid)["role"] == "observer"

    # the candidate is told who is in the room, observers included
    panel = candidate.get(f"/api/sessions/{sid}").json()["panel"]
    assert [(p["display_name"], p["role"]) for p in panel] == [("Ivan Interviewer", "interviewer"),
                                                               ("Olga Observer", "observer")]

    ws = app_server.url.replace("http://", "ws://")
    yjs("type", ws + "/collab", sid, _token(candidate, sid)["token"], "\n# by the candidate")
    yjs("type", ws + "/collab", sid, _token(interviewer, sid)["token"], "\n# by the interviewer")
    # a hostile observer's client edits anyway: read, dropped, seen by nobody; their socket stays open
    tried = yjs("attempt", ws + "/collab", sid, _token(observer, sid)["token"], _token(host, sid)["token"],
                "\n# by the observer")
    assert tried == {"seen": False, "still_connected": True}
    code = yjs("read", ws + "/collab", sid, _token(host, sid)["token"])["code"]["code:python"]
    assert code.endswith("\n# by the candidate\n# by the interviewer") and "observer" not in code
    timeline = host.get(f"/api/sessions/{sid}/timeline").json()["events"]
    assert "Olga Observer" not in {e["by"] for e in timeline if e["kind"] == "edit"}

    async def run_as_observer():
        async with websockets.connect(f"{ws}/room/{sid}?token={_token(observer, sid)['token']}") as s:
            hello = json.loads(await s.recv())
            assert hello["you"]["role"] == "observer"
            await s.send(json.dumps({"type": "run", "kind": "submit"}))
            while True:
                m = json.loads(await asyncio.wait_for(s.recv(), 60))
                if m["type"] in ("error", "run_started"):
                    return m
    refused = run_async(run_as_observer())
    assert refused["type"] == "error" and refused["error"] == "observers_cannot_run"

    # notes: host and interviewer share one; the observer keeps their own; the candidate gets none of it
    assert host.put(f"/api/sessions/{sid}/notes", json={"markdown": "panel: strong start"}).status_code == 200
    assert interviewer.get(f"/api/sessions/{sid}/notes").json()["markdown"] == "panel: strong start"
    assert observer.get(f"/api/sessions/{sid}/notes").json()["markdown"] == ""
    assert observer.put(f"/api/sessions/{sid}/notes", json={"markdown": "mine"}).status_code == 200
    assert host.get(f"/api/sessions/{sid}/notes").json()["markdown"] == "panel: strong start"
    assert interviewer.get(f"/api/sessions/{sid}/scorecard").status_code == 200
    for path in ("scorecard", "timeline", "report"):
        assert observer.get(f"/api/sessions/{sid}/{path}").status_code == 403, path
    for path in ("notes", "scorecard", "timeline", "report"):
        assert candidate.get(f"/api/sessions/{sid}/{path}").status_code == 403, path

    # the built-in call is everyone's: an observer gets a seat, with their role
    async def rtc():
        async with websockets.connect(f"{ws}/rtc/{sid}?token={_token(observer, sid)['token']}") as s:
            return json.loads(await asyncio.wait_for(s.recv(), 30))
    config = run_async(rtc())
    assert config["type"] == "config" and config["role"] == "observer"
