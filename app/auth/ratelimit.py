"""Attempt counters for sign-ins, guest creation and room passwords, kept in the database so every worker sees
them.

A key is counted in a sliding window; when it is over its limit further attempts are refused (429) until old
ones age out. Keys name what is limited: `login:pair:<addr>|<email>`, `login:acct:<email>`, `login:ip:<addr>`,
`guest:ip:<addr>`, `room:<id>:<user>`.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import select

from app.db import session_scope
from app.errors import TooMany
from app.models import LoginAttempt, utcnow


def claim(limits: dict[str, int], window_s: int, what: str, *, failed: bool = True) -> list[int]:
    """Count one attempt against every key FIRST, then refuse (TooMany) if any key is now over its limit.

    The attempt is committed before anything is verified, so N concurrent guesses each see the others' claims and
    at most `limit` of them are ever verified per window (a check-then-record pair lets them all through). A
    refused attempt is taken back: it was never verified, and counting it would let someone locked out under one
    key (their own address) keep pushing the other keys (the account's ceiling) over. Returns the attempts' ids,
    for `release` when the attempt turns out to be no failure."""
    with session_scope() as s:
        rows = [LoginAttempt(key=key) for key in limits]
        s.add_all(rows)
        s.flush()
        ids = [r.id for r in rows]
    since = utcnow() - timedelta(seconds=window_s)
    over = None
    with session_scope() as s:
        for key, limit in limits.items():
            count, oldest = s.exec(select(func.count(), func.min(LoginAttempt.created_at))
                                   .where(LoginAttempt.key == key, LoginAttempt.created_at > since)).one()
            if count > limit:
                over = oldest
                break
    if over is not None:  # after the unit of work above: a nested one would hold two pooled connections
        release(ids)
        _refuse(over, window_s, what, failed)
    return ids


def release(ids: list[int]) -> None:
    """Take back attempts `claim` recorded (a success, or a refusal)."""
    if ids:
        with session_scope() as s:
            s.exec(delete(LoginAttempt).where(LoginAttempt.id.in_(ids)))


def _refuse(oldest, window_s: int, what: str, failed: bool = True) -> None:
    wait = max(1, int((oldest + timedelta(seconds=window_s) - utcnow()).total_seconds()) + 1)
    minutes = max(1, round(wait / 60))
    raise TooMany(f"Too many {'failed ' if failed else ''}{what}. Try again in about {minutes} minute"
                  f"{'s' if minutes != 1 else ''}.", retry_after=wait)


def clear(keys: list[str]) -> None:
    """Forget these keys' attempts (after a success: a person who finally gets it right starts afresh)."""
    with session_scope() as s:
        for key in keys:
            s.exec(delete(LoginAttempt).where(LoginAttempt.key == key))


def prune(older_than_s: int) -> int:
    with session_scope() as s:
        r = s.exec(delete(LoginAttempt).where(LoginAttempt.created_at < utcnow() - timedelta(seconds=older_than_s)))
        return r.rowcount or 0
