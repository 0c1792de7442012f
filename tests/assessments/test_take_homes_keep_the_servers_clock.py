"""Take-home assessments over the REST app in-process, with a real database, the real sandbox and the room's real
kept history: hostile requests first (who may create, every malformed field, strangers without the invite, a
second start, the host starting their own, another candidate), then the clock — fixed by the server at Start and
moved by nothing — and the server's own submit at the limit of the code as it stood then, with the room ended, the
run in the room's report, and the host's list showing verdict and time used."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from pycrdt import Doc

from tests.asgi_app import client
from tests.conftest import run_async

RIGHT = ("class Solution:\n    def twoSum(self, nums, target):\n        seen = {}\n"
         "        for i, x in enumerate(nums):\n            if target - x in seen:\n"
         "                return [seen[target - x], i]\n            seen[x] = i\n")


def person(name: str = "Hal", guest: bool = False):
    from app.auth import service as auth

    if guest:
        return auth.create_guest(name, address="127.0.0.1")
    return auth.signup(f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com", "assessment-pw-1", name)


def call(me, method: str, path: str, **kw):
    async def go():
        async with client("127.0.0.1", me) as c:
            return await c.request(method, path, **kw)
    return run_async(go())


def make(host, **body):
    r = call(host, "POST", "/api/assessments", json={"problem": "two-sum", "time_limit_minutes": 30, **body})
    assert r.status_code == 201, r.text
    a = r.json()
    return a["id"], a["invite_url"].split("invite=")[1]


def type_code(session_id: str, code: str, author: int) -> None:
    """What the candidate's editor does: one update to the room's shared document, stored in its history."""
    from app.collab import rooms, store

    doc = Doc()
    rooms.seed_doc(doc, rooms.Seed({"python": code}, "python"))
    run_async(store.append(session_id, doc.get_update(), author))


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch):
    from app.sandbox import pool

    monkeypatch.setattr(pool.limiter, "per_minute", 0)


@pytest.mark.parametrize("body, error", [
    ({"time_limit_minutes": 14}, "invalid_time_limit"),
    ({"time_limit_minutes": 241}, "invalid_time_limit"),
    ({"languages": ["cobol"]}, "invalid_languages"),
    ({"languages": []}, "invalid_languages"),
    ({"problem": "no-such-problem"}, "unknown_problem"),
    ({"deadline_at": "2000-01-01T00:00:00Z"}, "invalid_deadline"),
])
def test_malformed_assessments_are_refused_and_nothing_is_stored(app_db, body, error, monkeypatch):
    from app.config import settings

    monkeypatch.setattr(settings, "assessment_min_minutes", 15)  # the documented default (tests allow 2)
    host = person()
    r = call(host, "POST", "/api/assessments", json={"problem": "two-sum", "time_limit_minutes": 30, **body})
    assert r.status_code == 400 and r.json()["error"] == error, r.text
    assert call(host, "GET", "/api/assessments").json() == []


def test_only_interviewers_create_and_strangers_see_nothing(app_db):
    body = {"problem": "two-sum", "time_limit_minutes": 30}
    assert call(None, "POST", "/api/assessments", json=body).status_code == 401
    assert call(person(guest=True), "POST", "/api/assessments", json=body).json()["error"] == "guest_cannot_host"
    host, stranger = person("Hal"), person("Sly")
    aid, invite = make(host)
    for me in (None, stranger):
        assert call(me, "GET", f"/api/assessments/{aid}").status_code == 404
        assert call(me, "GET", f"/api/assessments/{aid}?invite=wrong").status_code == 404
    assert call(stranger, "POST", f"/api/assessments/{aid}/start", json={"invite": "wrong"}).status_code == 404
    rules = call(None, "GET", f"/api/assessments/{aid}?invite={invite}").json()
    assert rules["status"] == "not_started" and rules["time_limit_minutes"] == 30 and "session_id" not in rules
    assert "invite_path" not in rules and rules["problem"]["title"] == "Two Sum"
    assert call(host, "POST", f"/api/assessments/{aid}/start", json={"invite": invite}).json()["error"] == \
        "host_cannot_start"


def test_the_clock_starts_once_and_nobody_else_gets_in(app_db):
    host, cara, mallory = person("Hal"), person("Cara", guest=True), person("Mal")
    aid, invite = make(host)
    before = datetime.now(timezone.utc)
    r = call(cara, "POST", f"/api/assessments/{aid}/start", json={"invite": invite})
    assert r.status_code == 200, r.text
    a = r.json()
    ends = datetime.fromisoformat(a["ends_at"])
    assert a["status"] == "in_progress" and a["session_id"]
    assert timedelta(minutes=30) <= ends - before <= timedelta(minutes=30, seconds=30)
    assert 29 * 60 <= a["remaining_seconds"] <= 30 * 60
    again = call(cara, "POST", f"/api/assessments/{aid}/start", json={"invite": invite})
    assert again.status_code == 409 and again.json()["error"] == "already_started"
    assert call(cara, "GET", f"/api/assessments/{aid}").json()["ends_at"] == a["ends_at"]  # nothing moves it
    r = call(mallory, "POST", f"/api/assessments/{aid}/start", json={"invite": invite})
    assert r.status_code == 404, r.text  # started by someone else: to Mallory it does not exist
    assert call(mallory, "GET", f"/api/assessments/{aid}?invite={invite}").status_code == 404
    assert call(mallory, "GET", f"/api/sessions/{a['session_id']}/token").status_code == 403
    assert call(cara, "GET", f"/api/sessions/{a['session_id']}/token").json()["role"] == "participant"
    assert call(cara, "GET", f"/api/sessions/{a['session_id']}/report").status_code == 403  # the host's only


def test_an_anonymous_candidate_starts_as_a_guest_from_the_invite_form(app_db):
    host = person("Hal")
    aid, invite = make(host)
    r = call(None, "POST", f"/api/assessments/{aid}/start", data={"invite": invite, "display_name": "Gia"},
             headers={"origin": "http://testserver"})
    assert r.status_code == 303 and "/session/" in r.headers["location"], r.text
    assert "set-cookie" in r.headers
    mine = call(host, "GET", "/api/assessments").json()
    assert mine[0]["candidate"] == "Gia" and mine[0]["status"] == "in_progress"


def test_at_the_limit_the_server_submits_the_code_as_it_stood_then(app_db):
    from app.assessments import service

    host, cara = person("Hal"), person("Cara", guest=True)
    aid, invite = make(host)
    a = call(cara, "POST", f"/api/assessments/{aid}/start", json={"invite": invite}).json()
    sid, ends = a["session_id"], datetime.fromisoformat(a["ends_at"])
    type_code(sid, RIGHT, cara.id)
    assert run_async(service.sweep(ends - timedelta(seconds=1))) == 0  # not yet
    assert run_async(service.sweep(ends + timedelta(seconds=1))) == 1
    assert run_async(service.sweep(ends + timedelta(seconds=2))) == 0  # once
    done = call(host, "GET", "/api/assessments").json()[0]
    assert done["status"] == "submitted" and done["final_verdict"] == "accepted", done
    assert 0 <= done["time_used_seconds"] <= 30 * 60
    assert call(cara, "GET", f"/api/sessions/{sid}/token").status_code == 410  # the room has ended
    report = call(host, "GET", f"/api/sessions/{sid}/report").json()
    assert [r["verdict"] for r in report["runs"]] == ["accepted"] and report["runs"][0]["kind"] == "submit"
    r = call(cara, "POST", f"/api/assessments/{aid}/finish", json={})
    assert r.status_code == 410 and r.json()["error"] == "already_submitted"


def test_finishing_early_submits_now_and_only_the_candidate_may(app_db):
    host, cara, other = person("Hal"), person("Cara"), person("Otto")
    aid, invite = make(host)
    sid = call(cara, "POST", f"/api/assessments/{aid}/start", json={"invite": invite}).json()["session_id"]
    type_code(sid, "class Solution:\n    def twoSum(self, nums, target):\n        return [0, 0]\n", cara.id)
    for me in (host, other):
        assert call(me, "POST", f"/api/assessments/{aid}/finish", json={}).status_code == 404
    r = call(cara, "POST", f"/api/assessments/{aid}/finish", json={})
    assert r.status_code == 200 and r.json()["status"] == "submitted", r.text
    assert call(host, "GET", f"/api/assessments/{aid}").json()["final_verdict"] == "wrong_answer"


def test_a_take_homes_room_is_not_ended_as_stale_while_it_runs(app_db):
    from app.sessions import service as sessions

    host, cara = person("Hal"), person("Cara")
    aid, invite = make(host)
    sid = call(cara, "POST", f"/api/assessments/{aid}/start", json={"invite": invite}).json()["session_id"]
    assert sid not in sessions.end_stale(idle_minutes=-1)
    assert call(cara, "GET", f"/api/sessions/{sid}/token").status_code == 200


def test_the_deadline_stops_new_starts(app_db):
    from sqlalchemy import update

    from app.db import session_scope
    from app.models import Assessment

    host, cara = person("Hal"), person("Cara")
    aid, invite = make(host, deadline_at=(datetime.now(timezone.utc) + timedelta(days=1)).isoformat())
    with session_scope() as s:
        s.exec(update(Assessment).where(Assessment.id == aid)
               .values(deadline_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
    r = call(cara, "POST", f"/api/assessments/{aid}/start", json={"invite": invite})
    assert r.status_code == 410 and r.json()["error"] == "deadline_passed", r.text


def test_a_run_in_a_language_the_take_home_does_not_allow_is_refused(app_db):
    from app.errors import Invalid
    from app.room import runs

    host, cara = person("Hal"), person("Cara", guest=True)
    aid, invite = make(host, languages=["python"])
    sid = call(cara, "POST", f"/api/assessments/{aid}/start", json={"invite": invite}).json()["session_id"]
    from app.collab import rooms, store

    doc = Doc()  # the candidate switches the room to Java (the shared document's language is theirs to set)
    rooms.seed_doc(doc, rooms.Seed({"java": "class Solution {}"}, "java"))
    run_async(store.append(sid, doc.get_update(), cara.id))
    with pytest.raises(Invalid) as e:
        run_async(runs.run(sid, "two-sum", cara.id, "run"))
    assert e.value.error == "language_not_allowed"
