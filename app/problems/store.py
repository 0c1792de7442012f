"""Mirror the problem files into the database (pages list them; sessions and runs reference them)."""
from __future__ import annotations

from sqlmodel import delete, select

from app.db import session_scope
from app.models import Problem as ProblemRow
from app.models import Question, StarterCode, TestCase as TestRow
from app.problems.bank import Problem, load_all


def _signature(p: Problem) -> dict:
    return {"method": p.method, "params": p.params, "return": p.returns, "judge_param": p.judge_param}


def in_bank():
    """A filter for `problems` rows that are the bank's (not the mirror of someone's question)."""
    return ProblemRow.id.not_in(select(Question.problem_id))


def mirror(s, p: Problem, row: ProblemRow | None = None) -> ProblemRow:
    """Write `p` into its `problems` row (new when `row` is None), replacing its starters and tests."""
    if row is None:
        row = ProblemRow(slug=p.slug, title=p.title, difficulty=p.difficulty, statement=p.statement)
    row.number, row.title, row.difficulty, row.tags = p.number, p.title, p.difficulty, p.tags
    row.statement, row.examples, row.constraints = p.statement, p.examples, p.constraints
    row.signature, row.compare, row.checker = _signature(p), p.compare, p.checker
    row.time_limit_ms, row.content_hash, row.rubric = p.time_limit_ms, p.content_hash, p.rubric
    s.add(row)
    s.flush()
    s.exec(delete(StarterCode).where(StarterCode.problem_id == row.id))
    s.exec(delete(TestRow).where(TestRow.problem_id == row.id))
    for lang, code in p.starter.items():
        s.add(StarterCode(problem_id=row.id, language=lang, code=code))
    for i, t in enumerate(p.tests):
        s.add(TestRow(problem_id=row.id, ordinal=i, hidden=t.hidden, input=t.input, expected=t.expected))
    return row


def seed() -> tuple[int, int]:
    """Insert new problems and refresh changed ones (by content hash); returns (changed, unchanged)."""
    changed = unchanged = 0
    with session_scope() as s:
        for p in load_all().values():
            row = s.exec(select(ProblemRow).where(ProblemRow.slug == p.slug)).first()
            if row is not None and row.content_hash == p.content_hash:
                unchanged += 1
                continue
            mirror(s, p, row)
            changed += 1
    return changed, unchanged
