"""`POST /api/problems/{slug}/submissions`, driven in-process over ASGI against a real database and the real
sandbox: the hostile and malformed requests first (each a clear error, nothing judged or stored), then the
verdicts, the hidden tests redacted as the UI has them, and the UI's per-person rate limit."""
from __future__ import annotations

import json
import uuid

import pytest
from sqlmodel import select

from tests.asgi_app import client
from tests.conftest import run_async

URL = "/api/problems/two-sum/submissions"
RIGHT = """class Solution:
    def twoSum(self, nums, target):
        seen = {}
        for i, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], i]
            seen[x] = i
"""
WRONG = "class Solution:\n    def twoSum(self, nums, target):\n        return [0, 0]\n"


def person(name: str = "Sam", guest: bool = False):
    from app.auth import service as auth

    if guest:
        return auth.create_guest(name, address="127.0.0.1")
    return auth.signup(f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com", "rest-judge-pw-1", name)


def stored_runs(user_id: int) -> int:
    from app.db import session_scope
    from app.models import CodeRun

    with session_scope() as s:
        return len(s.exec(select(CodeRun).where(CodeRun.user_id == user_id)).all())


def post(me, path: str = URL, **kw):
    async def go():
        async with client("127.0.0.1", me) as c:
            return await c.post(path, **kw)
    return run_async(go())


def test_anonymous_callers_are_refused(app_db):
    r = post(None, json={"language": "python", "code": RIGHT, "mode": "submit"})
    assert r.status_code == 401 and r.json()["error"] == "not_signed_in", r.text


def test_cross_site_and_form_like_posts_are_refused(app_db):
    me = person()
    body = json.dumps({"language": "python", "code": RIGHT})
    r = post(me, content=body, headers={"content-type": "application/json", "origin": "http://evil.example"})
    assert r.status_code == 403 and r.json()["error"] == "cross_site", r.text
    r = post(me, content=body, headers={"content-type": "text/plain"})  # no Origin, a no-preflight type
    assert r.status_code == 403 and r.json()["error"] == "cross_site", r.text
    r = post(me, content=body, headers={"content-type": "text/plain", "origin": "http://testserver"})
    assert r.status_code == 415 and r.json()["error"] == "unsupported_media_type", r.text
    assert stored_runs(me.id) == 0


@pytest.mark.parametrize("body, status, error", [
    (b"{not json", 400, "malformed_json"),
    (b"[1, 2]", 400, "malformed_json"),
    (b"[" * 5000 + b"]" * 5000, 400, "malformed_json"),
    (json.dumps({"code": RIGHT}).encode(), 422, "unknown_language"),
    (json.dumps({"language": "cobol", "code": RIGHT}).encode(), 422, "unknown_language"),
    (json.dumps({"language": "python", "code": 7}).encode(), 422, "invalid_code"),
    (json.dumps({"language": "python", "code": RIGHT, "mode": "grade"}).encode(), 422, "invalid_mode"),
    (json.dumps({"language": "python", "code": RIGHT, "mode": "submit", "custom_input": "[1]\n1"}).encode(), 422,
     "invalid_custom_input"),
    (json.dumps({"language": "python", "code": RIGHT, "custom_input": "[1]"}).encode(), 422, "cannot_judge"),
    (json.dumps({"language": "python", "code": "#" * (64 * 1024 + 1)}).encode(), 413, "code_too_large"),
    (b'{"code": "' + b"x" * (1024 * 1024) + b'"}', 413, "body_too_large"),
])
def test_malformed_submissions_get_a_clear_error_and_nothing_is_stored(app_db, body, status, error):
    me = person()
    r = post(me, content=body, headers={"content-type": "application/json"})
    assert r.status_code == status and r.json()["error"] == error, r.text
    assert r.json()["detail"]
    assert stored_runs(me.id) == 0


def test_an_unknown_problem_is_404(app_db):
    me = person()
    r = post(me, "/api/problems/no-such-problem/submissions", json={"language": "python", "code": RIGHT})
    assert r.status_code == 404 and r.json()["error"] == "problem_not_found", r.text


def test_submit_judges_every_test_and_redacts_the_hidden_ones(app_db):
    me = person(guest=True)  # guests run code on the practice pages too
    r = post(me, json={"language": "python", "code": RIGHT, "mode": "submit"})
    assert r.status_code == 200, r.text
    res = r.json()
    assert res["verdict"] == "accepted" and res["passed"] == res["total"] > 3, res
    hidden = [t for t in res["tests"] if t["hidden"]]
    assert hidden and all(t["input"] is None and t["expected"] is None and t["output"] is None and
                          t["stdout"] is None for t in hidden), hidden
    assert all(t["input"] and t["expected"] for t in res["tests"] if not t["hidden"])
    assert stored_runs(me.id) == 1 and isinstance(res["submission_id"], int)


def test_wrong_answers_and_runs_of_the_visible_tests(app_db):
    me = person()
    r = post(me, json={"language": "python", "code": WRONG, "mode": "submit"})
    assert r.status_code == 200 and r.json()["verdict"] == "wrong_answer", r.text
    r = post(me, json={"language": "python", "code": RIGHT})  # mode defaults to run: visible tests only
    assert r.status_code == 200 and r.json()["verdict"] == "accepted", r.text
    assert r.json()["tests"] and not any(t["hidden"] for t in r.json()["tests"])
    r = post(me, json={"language": "python", "code": RIGHT, "custom_input": "[1,5,9]\n14"})
    assert r.status_code == 200 and r.json()["tests"][0]["expected"] == "[1,2]", r.text


def test_the_per_person_rate_limit_answers_429_with_retry_after(app_db, monkeypatch):
    from app.sandbox import pool

    monkeypatch.setattr(pool.limiter, "per_minute", 2)
    monkeypatch.setattr(pool.limiter, "_hits", type(pool.limiter._hits)(pool.limiter._hits.default_factory))
    me, other = person("Rita"), person("Otto")
    for _ in range(2):
        assert post(me, json={"language": "python", "code": RIGHT}).status_code == 200
    r = post(me, json={"language": "python", "code": RIGHT})
    assert r.status_code == 429 and r.json()["error"] == "rate_limited", r.text
    assert int(r.headers["retry-after"]) >= 1
    assert stored_runs(me.id) == 2
    assert post(other, json={"language": "python", "code": RIGHT}).status_code == 200  # per person, not global
