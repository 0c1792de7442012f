"""What the problem pages show: the list (from the database mirror) and one problem's public parts (from the
bank). Hidden tests never leave this module."""
from __future__ import annotations

from sqlmodel import select

from app.db import session_scope
from app.models import CodeRun, Problem as ProblemRow
from app.problems.bank import get


def list_problems(user_id: int | None = None) -> list[dict]:
    with session_scope() as s:
        rows = s.exec(select(ProblemRow).order_by(ProblemRow.number, ProblemRow.slug)).all()
        solved: set[int] = set()
        if user_id is not None:
            solved = set(s.exec(select(CodeRun.problem_id).where(CodeRun.user_id == user_id,
                                                                 CodeRun.verdict == "accepted")).all())
        return [{"slug": r.slug, "number": r.number or 0, "title": r.title, "difficulty": r.difficulty,
                 "tags": list(r.tags), "solved": r.id in solved} for r in rows]


def public_problem(slug: str) -> dict | None:
    p = get(slug)
    if p is None:
        return None
    return {"slug": p.slug, "number": p.number, "title": p.title, "difficulty": p.difficulty, "tags": p.tags,
            "statement": p.statement, "examples": p.examples, "constraints": p.constraints,
            "starter": dict(p.starter), "method": p.method,
            "custom_example": "\n".join(__import__("json").dumps(p.visible_tests()[0].input[q["name"]])
                                        for q in p.params)}
