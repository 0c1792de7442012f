"""The dashboard's "Interviews I ran" lists exactly the sessions I hosted that a candidate joined (newest first),
with the candidate's name, the scorecard's recommendation and the last submit's verdict; a candidate never sees
the sessions they sat in (nor their recommendation) there, and anonymous callers are refused."""
from __future__ import annotations

import pytest

from app.auth import service as auth
from app.db import session_scope
from app.errors import Unauthorized
from app.models import CodeRun
from app.review import interviews, scorecard
from app.sessions import service as sessions


def _submit(session_id: str, user_id: int, verdict: str) -> None:
    with session_scope() as s:
        s.add(CodeRun(user_id=user_id, session_id=session_id, language="python", kind="submit", code="pass",
                      verdict=verdict, passed=1, total=3))


def test_only_my_hosted_interviews_with_candidate_recommendation_and_verdict(app_db):
    hana = auth.signup("ran-host@example.com", "ran-host-pw-1", "Hana")
    cara = auth.signup("ran-cand@example.com", "ran-cand-pw-1", "Cara <b>Candidate</b>")
    sam = auth.signup("ran-other@example.com", "ran-other-pw-1", "Sam")

    first = sessions.create(hana, "two-sum")["id"]
    sessions.join(cara, first)
    _submit(first, cara.id, "wrong_answer")
    _submit(first, cara.id, "accepted")
    scorecard.put(hana, first, {}, "strong_yes", "")
    sessions.end(hana, first)

    second = sessions.create(hana, "valid-parentheses")["id"]
    sessions.join(cara, second)  # live, no scorecard yet

    sessions.create(hana, "two-sum")  # nobody joined: not an interview
    theirs = sessions.create(sam, "two-sum")["id"]
    sessions.join(hana, theirs)  # Hana was the candidate here: not one she ran

    rows = interviews.ran_by(hana)
    assert [r["id"] for r in rows] == [second, first]
    live, done = rows
    assert done["problem"]["slug"] == "two-sum" and done["status"] == "ended"
    assert done["candidate"] == "Cara <b>Candidate</b>"
    assert done["recommendation"] == "strong_yes" and done["final_verdict"] == "accepted"
    assert done["duration_s"] is not None and done["ended_at"] is not None
    assert done["links"] == {"report": f"/session/{first}/report", "playback": f"/session/{first}/playback"}
    assert live["status"] == "active" and live["recommendation"] is None and live["final_verdict"] is None
    assert live["duration_s"] is None

    assert interviews.ran_by(cara) == []  # the candidate never sees the sessions she sat in, nor their scores
    assert [r["id"] for r in interviews.ran_by(sam)] == [theirs]
    assert interviews.ran_by(sam)[0]["candidate"] == "Hana"
    with pytest.raises(Unauthorized):
        interviews.ran_by(None)
