"""Being the candidate (participant) of an interview session on a problem is an attempt at it, even without a
single run, and stays one after leaving; the candidate's own accepted submit in the room solves it. The host's
runs in their own room are an interviewer checking someone else's code: they count for nobody's progress."""
from __future__ import annotations

from datetime import timezone

from tests.progress.conftest import add_run, person


def _setup():
    from app.sessions import service as sessions

    host, cand = person("Hana"), person("Cand")
    sid = sessions.create(host, "two-sum")["id"]
    sessions.join(cand, sid)
    return host, cand, sid


def test_joining_as_the_candidate_is_an_attempt(any_db):
    from app.problems.catalog import list_problems
    from app.progress.summary import profile
    from app.sessions import service as sessions

    host, cand, sid = _setup()
    assert [r["slug"] for r in profile(cand.id, timezone.utc)["attempted_unsolved"]] == ["two-sum"]
    assert {r["slug"]: r for r in list_problems(cand.id)}["two-sum"]["status"] == "attempted"
    assert profile(host.id, timezone.utc)["attempted_unsolved"] == []  # hosting is not attempting
    sessions.leave(cand, sid)
    assert [r["slug"] for r in profile(cand.id, timezone.utc)["attempted_unsolved"]] == ["two-sum"]


def test_the_candidates_submit_in_the_room_counts_and_the_hosts_does_not(any_db):
    from app.problems.catalog import list_problems
    from app.progress.summary import profile

    host, cand, sid = _setup()
    add_run(host, "two-sum", kind="submit", verdict="accepted", session_id=sid)
    add_run(host, "two-sum", kind="run", verdict="accepted", session_id=sid)
    hp = profile(host.id, timezone.utc)
    assert hp["solved"]["total"] == 0 and hp["acceptance"]["submits"] == 0 and hp["heatmap"]["total"] == 0
    assert {r["slug"]: r for r in list_problems(host.id)}["two-sum"]["status"] == ""
    assert profile(cand.id, timezone.utc)["solved"]["total"] == 0  # the host clicking is not the candidate solving

    add_run(cand, "two-sum", kind="submit", verdict="accepted", session_id=sid)
    cp = profile(cand.id, timezone.utc)
    assert cp["solved"]["total"] == 1 and cp["acceptance"] == {"accepted": 1, "submits": 1, "rate": 1.0}
    assert cp["attempted_unsolved"] == [] and cp["heatmap"]["total"] == 1
    assert [i["in_room"] for i in cp["recent"]["items"]] == [True]

    # The host's practice elsewhere still counts for the host.
    add_run(host, "reverse-string", kind="submit", verdict="accepted")
    assert profile(host.id, timezone.utc)["solved"]["total"] == 1
