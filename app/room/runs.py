"""Runs in a room: the judge runs the code of the shared document (what both people see, not what one
browser claims), every run is stored with who ran it, and the result is the same for both."""
from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from datetime import datetime
from typing import AsyncIterator

from sqlmodel import select

from app.db import session_scope
from app.errors import Conflict, Invalid
from app.judge.service import JudgeError, judge
from app.judge.store import save_run
from app.models import CodeRun, User
from app.room import events, fanout
from app.sandbox.errors import SandboxError
from app.sandbox.pool import RUN_HELD_MS

HISTORY = 20


def _public(run: CodeRun, name: str) -> dict:
    return {"id": run.id, "by": name, "by_id": run.user_id, "kind": run.kind, "language": run.language,
            "verdict": run.verdict, "passed": run.passed, "total": run.total, "at": run.created_at.isoformat(),
            "result": run.result}


def history(session_id: str, limit: int = HISTORY, since: datetime | None = None) -> list[dict]:
    """The last `limit` runs; with `since`, only those from then on (what a participant may see)."""
    with session_scope() as s:
        q = select(CodeRun, User.display_name).join(User, User.id == CodeRun.user_id) \
            .where(CodeRun.session_id == session_id)
        if since is not None:
            q = q.where(CodeRun.created_at >= since)
        rows = s.exec(q.order_by(CodeRun.id.desc()).limit(limit)).all()
        return [_public(r, name) for r, name in reversed(rows)]


def _load(run_id: int) -> dict:
    with session_scope() as s:
        run, name = s.exec(select(CodeRun, User.display_name).join(User, User.id == CodeRun.user_id)
                           .where(CodeRun.id == run_id)).one()
        return _public(run, name)


async def busy(session_id: str) -> bool:
    return await fanout.bus().locked(f"run:{session_id}")


@asynccontextmanager
async def slot(session_id: str) -> AsyncIterator[None]:
    """One run at a time per room, in every worker (a lock in Redis with several, else in memory), so two clicks
    cannot both get it. A worker that dies holding it frees it when the judge's longest run would be over."""
    name = f"run:{session_id}"
    if not await fanout.bus().lock(name, RUN_HELD_MS):
        raise Conflict("A run is already in progress in this room.", error="run_in_progress")
    try:
        yield
    finally:
        await fanout.bus().unlock(name)


async def run(session_id: str, problem: str, user_id: int, kind: str) -> dict:
    """Judge the room's shared code (call inside `slot`); returns the stored run."""
    if kind not in ("run", "submit"):
        raise Invalid("kind must be run or submit", error="invalid_kind")
    shared = await events.current_code(session_id)
    if shared is None:
        raise Invalid("The shared editor has not been opened yet.", error="no_code")
    language, code = shared
    allowed = await asyncio.to_thread(events.allowed_languages, session_id)
    if allowed is not None and language not in allowed:
        raise Invalid(f"This take-home allows {', '.join(allowed)} only.", error="language_not_allowed")
    try:
        result = await judge(problem, language, code, mode=kind, user_key=f"user:{user_id}", lane="room")
    except (JudgeError, SandboxError) as e:
        raise Invalid(str(e), error="run_failed") from e
    run_id = await asyncio.to_thread(save_run, user_id, problem, language, kind, code, result, session_id)
    return await asyncio.to_thread(_load, run_id)
