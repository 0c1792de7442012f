"""What the problems table shows per problem: my mark (solved / attempted) and the acceptance rate over
everyone's submits.

Counting every submit of every problem is an index-only scan, but it grows with the whole history (≈170 ms at
a million runs on SQLite), so a full count is kept for PROGRESS_ACCEPTANCE_CACHE_SECONDS per process and only
the runs stored since (ids above the count's high-water mark, a primary-key range) are added on each view: a new
submit shows at once. A transaction that commits a lower id after a full count (PostgreSQL hands out ids before
commit) is picked up by the next full count."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import case, func
from sqlmodel import select

from app.config import settings
from app.db import session_scope
from app.models import CodeRun
from app.progress.summary import attempts, solved_ids

Counts = dict[int, tuple[int, int]]  # problem id -> (accepted submits, submits)


@dataclass(frozen=True)
class _Full:
    at: float
    upto: int
    counts: Counts


_lock = threading.Lock()
_cache: dict[str, _Full] = {}


def marks(user_id: int | None) -> dict[int, str]:
    """{problem id: "solved" | "attempted"} for `user_id` (nothing for an anonymous visitor)."""
    if user_id is None:
        return {}
    with session_scope() as s:
        solved = solved_ids(s, user_id)
        tried = attempts(s, user_id)
    return {pid: "attempted" for pid in tried} | {pid: "solved" for pid in solved}


def _count(s, *where) -> Counts:
    rows = s.exec(select(CodeRun.problem_id, func.count(), func.sum(case((CodeRun.verdict == "accepted", 1), else_=0)))
                  .where(CodeRun.kind == "submit", CodeRun.problem_id.is_not(None), *where)
                  .group_by(CodeRun.problem_id)).all()
    return {pid: (int(accepted), int(n)) for pid, n, accepted in rows}


def _full() -> _Full:
    with session_scope() as s:
        upto = s.exec(select(func.coalesce(func.max(CodeRun.id), 0))).one()
        return _Full(time.monotonic(), upto, _count(s, CodeRun.id <= upto))


def acceptance() -> Counts:
    """{problem id: (accepted submits, submits)} over everyone's submits."""
    key = settings.db_url
    with _lock:
        full = _cache.get(key)
    if full is None or time.monotonic() - full.at >= settings.progress_acceptance_cache_seconds:
        full = _full()
        with _lock:
            _cache[key] = full
    with session_scope() as s:
        tail = _count(s, CodeRun.id > full.upto)
    merged = dict(full.counts)
    for pid, (accepted, n) in tail.items():
        a0, n0 = merged.get(pid, (0, 0))
        merged[pid] = (a0 + accepted, n0 + n)
    return merged
