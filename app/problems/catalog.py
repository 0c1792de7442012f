"""What the problem pages show: the list (from the database mirror) and one problem's public parts (from the
bank). Hidden tests never leave this module."""
from __future__ import annotations

from sqlmodel import select

from app.db import session_scope
from app.models import Problem as ProblemRow
from app.problems import lookup
from app.problems.store import in_bank
from app.progress import table


def list_problems(user_id: int | None = None) -> list[dict]:
    """The bank in order, with `user_id`'s mark (solved = an accepted submit, attempted = any run, submit or
    interview as the candidate) and each problem's acceptance rate over everyone's submits."""
    with session_scope() as s:
        rows = s.exec(select(ProblemRow).where(in_bank()).order_by(ProblemRow.number, ProblemRow.slug)).all()
    mine, rates = table.marks(user_id), table.acceptance()
    out = []
    for r in rows:
        accepted, submits = rates.get(r.id, (0, 0))
        out.append({"slug": r.slug, "number": r.number or 0, "title": r.title, "difficulty": r.difficulty,
                    "tags": list(r.tags), "status": mine.get(r.id, ""), "solved": mine.get(r.id) == "solved",
                    "attempted": r.id in mine, "submissions": submits,
                    "acceptance": f"{100 * accepted / submits:.1f}%" if submits else "—"})
    return out


def public_problem(slug: str, viewer_id: int | None = None, member: bool = False) -> dict | None:
    """What the statement panel shows: for a room's members (`member`, already admitted) any problem the room
    has; otherwise only one `viewer_id` may see (the bank, a shared question, their own)."""
    p = lookup.problem(slug) if member else lookup.visible(slug, viewer_id)
    if p is None:
        return None
    return {"slug": p.slug, "number": p.number, "title": p.title, "difficulty": p.difficulty, "tags": p.tags,
            "statement": p.statement, "examples": p.examples, "constraints": p.constraints,
            "starter": dict(p.starter), "method": p.method,
            "custom_example": "\n".join(__import__("json").dumps(p.visible_tests()[0].input[q["name"]])
                                        for q in p.params)}
