"""The session's scorecard: 1-4 per rubric criterion, an overall recommendation and a summary, editable by the
interviewers during the session and after it."""
from __future__ import annotations

from app.auth.service import Me
from app.config import settings
from app.db import session_scope
from app.errors import Unprocessable
from app.models import Problem, Scorecard, utcnow
from app.problems.rubric import LEVELS, RECOMMENDATIONS, rubric_for
from app.sessions.service import review_facts


def _criteria(problem_id: int) -> list[dict]:
    with session_scope() as s:
        problem = s.get(Problem, problem_id)
        return rubric_for(problem.rubric if problem else None)


def view(session_id: str, problem_id: int) -> dict:
    """The scorecard with its criteria (the caller has checked who is asking)."""
    with session_scope() as s:
        card = s.get(Scorecard, session_id)
        return {"criteria": _criteria(problem_id), "scores": dict(card.scores) if card else {},
                "recommendation": card.recommendation if card else None, "summary": card.summary if card else "",
                "updated_at": card.updated_at.isoformat() if card else None}


def get(me: Me | None, session_id: str) -> dict:
    facts = review_facts(me, session_id)
    return view(session_id, facts["problem"]["id"])


def put(me: Me | None, session_id: str, scores: object, recommendation: object, summary: object) -> dict:
    """Replace the scorecard; every value is checked first (422 names the field)."""
    facts = review_facts(me, session_id)
    keys = {c["key"] for c in _criteria(facts["problem"]["id"])}
    if not isinstance(scores, dict):
        raise Unprocessable("scores: an object of criterion -> 1..4 is required.", error="invalid_scores")
    for key, value in scores.items():
        if key not in keys:
            raise Unprocessable(f"scores.{str(key)[:40]}: not a criterion of this rubric ({', '.join(sorted(keys))}).",
                                error="invalid_scores")
        if isinstance(value, bool) or value not in LEVELS:
            raise Unprocessable(f"scores.{key}: must be an integer from 1 to 4.", error="invalid_scores")
    if recommendation is not None and recommendation not in RECOMMENDATIONS:
        raise Unprocessable(f"recommendation: one of {', '.join(RECOMMENDATIONS)} (or null).",
                            error="invalid_recommendation")
    if summary is None:
        summary = ""
    if not isinstance(summary, str) or len(summary) > settings.notes_max_chars:
        raise Unprocessable(f"summary: text of at most {settings.notes_max_chars} characters.",
                            error="invalid_summary")
    with session_scope() as s:
        card = s.get(Scorecard, session_id) or Scorecard(session_id=session_id)
        card.scores, card.recommendation, card.summary = dict(scores), recommendation, summary
        card.updated_by, card.updated_at = me.id, utcnow()
        s.add(card)
    return view(session_id, facts["problem"]["id"])
