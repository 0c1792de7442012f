"""Progress tests run the service in-process against a real, migrated and seeded database: SQLite, and
PostgreSQL where the aggregate SQL differs (`any_db`). Runs are inserted with chosen times, as the judge stores
them (`code_runs` rows with the judge's result JSON)."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request) -> str:
    """The app's services on a fresh seeded SQLite database, then the same on PostgreSQL."""
    return request.getfixturevalue("app_db" if request.param == "sqlite" else "app_db_pg")


def person(name: str = "Ada"):
    from app.auth import service as auth

    return auth.signup(f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com", "progress-pw-1", name)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def result(verdict: str, visible: int = 3, hidden: int = 5, passed: int | None = None) -> dict:
    """A judge result as app.judge.service.judge returns it: visible rows with data, hidden rows redacted."""
    total = visible + hidden
    passed = total if passed is None else passed
    tests = []
    for i in range(total):
        ok = i < passed
        row = {"index": i, "hidden": i >= visible, "status": "passed" if ok else verdict, "time_ms": 1.5,
               "error": None, "input": None, "expected": None, "output": None, "stdout": None}
        if i < visible:
            row.update(input=f"nums = [{i}], target = {i}", expected=f"[{i}]", output=f"[{i}]" if ok else "[]",
                       stdout="")
        tests.append(row)
    return {"verdict": verdict, "passed": passed, "total": total, "runtime_ms": 4.5, "compile_output": "",
            "stderr": "", "tests": tests, "mode": "submit", "language": "python"}


def add_run(user, slug: str = "two-sum", kind: str = "submit", verdict: str = "accepted",
            at: datetime | None = None, session_id: str | None = None, code: str = "class Solution: pass\n",
            res: dict | None = None, language: str = "python") -> int:
    """One stored run, as the judge's store writes it (app.judge.store.save_run), at time `at`."""
    from sqlmodel import select

    from app.db import session_scope
    from app.models import CodeRun, Problem

    res = res or result(verdict, passed=None if verdict == "accepted" else 2)
    with session_scope() as s:
        pid = s.exec(select(Problem.id).where(Problem.slug == slug)).one()
        row = CodeRun(user_id=user.id, session_id=session_id, problem_id=pid, language=language, kind=kind,
                      code=code, verdict=res["verdict"], passed=res["passed"], total=res["total"], result=res,
                      **({"created_at": at} if at else {}))
        s.add(row)
        s.flush()
        return row.id
