"""The scorecard: the problem's own rubric when its file has one, the default four criteria otherwise; scores are
1-4 for known criteria only, the recommendation one of four, and anything else is 422 with nothing saved."""
from __future__ import annotations

import pytest

from app.auth import service as auth
from app.errors import Unprocessable
from app.problems.rubric import DEFAULT_RUBRIC
from app.review import scorecard
from app.sessions import service as sessions


@pytest.fixture
def hosted(app_db):
    host = auth.signup("score-host@example.com", "score-host-pw", "Hana")
    return host, sessions.create(host, "two-sum")["id"], sessions.create(host, "valid-parentheses")["id"]


def test_default_rubric_and_a_problem_s_own(hosted):
    host, two_sum, parens = hosted
    own = scorecard.get(host, two_sum)["criteria"]
    assert [c["key"] for c in own] != [c["key"] for c in DEFAULT_RUBRIC]  # two-sum.yaml carries a rubric
    assert all(len(c["anchors"]) == 4 for c in own)
    default = scorecard.get(host, parens)
    assert [c["key"] for c in default["criteria"]] == ["problem_solving", "code_quality", "communication", "testing"]
    assert default["scores"] == {} and default["recommendation"] is None


@pytest.mark.parametrize("scores,recommendation,summary", [
    ({"testing": 0}, None, ""), ({"testing": 5}, None, ""), ({"testing": "3"}, None, ""), ({"testing": True}, None, ""),
    ({"testing": 2.5}, None, ""), ({"charisma": 3}, None, ""), ([3], None, ""), ({}, "maybe", ""), ({}, None, 7),
    ({}, None, "x" * 100_001),
])
def test_out_of_range_values_are_422_and_save_nothing(hosted, scores, recommendation, summary):
    host, _, parens = hosted
    scorecard.put(host, parens, {"testing": 2}, "yes", "fine")
    with pytest.raises(Unprocessable):
        scorecard.put(host, parens, scores, recommendation, summary)
    saved = scorecard.get(host, parens)
    assert (saved["scores"], saved["recommendation"], saved["summary"]) == ({"testing": 2}, "yes", "fine")


def test_a_full_scorecard_round_trips(hosted):
    host, _, parens = hosted
    full = {c["key"]: i + 1 for i, c in enumerate(DEFAULT_RUBRIC)}
    out = scorecard.put(host, parens, full, "strong_yes", "Clear thinker; tests first.")
    assert out["scores"] == full and out["recommendation"] == "strong_yes" and out["updated_at"]
