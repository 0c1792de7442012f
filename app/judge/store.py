"""Keep every Run and Submit with who ran it and the judge's verdict."""
from __future__ import annotations

from sqlmodel import select

from app.db import session_scope
from app.models import CodeRun, Problem as ProblemRow


def save_run(user_id: int, slug: str, language: str, kind: str, code: str, result: dict,
             session_id: str | None = None) -> int:
    with session_scope() as s:
        pid = s.exec(select(ProblemRow.id).where(ProblemRow.slug == slug)).first()
        row = CodeRun(user_id=user_id, session_id=session_id, problem_id=pid, language=language, kind=kind,
                      code=code, verdict=result.get("verdict", ""), passed=result.get("passed", 0),
                      total=result.get("total", 0), result=result)
        s.add(row)
        s.flush()
        return row.id
