"""Failure counters for sign-ins and room passwords, kept in the database so every worker sees them.

A key is counted in a sliding window; when it reaches the limit further attempts are refused (429)
until old failures age out. Keys name what is limited: `login:acct:<email>`, `login:ip:<addr>`,
`room:<id>:<user>`.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import select

from app.db import session_scope
from app.errors import TooMany
from app.models import LoginAttempt, utcnow


def check(keys: list[str], limit: int, window_s: int, what: str) -> None:
    """Raise TooMany if any key has `limit` failures inside the window."""
    since = utcnow() - timedelta(seconds=window_s)
    with session_scope() as s:
        for key in keys:
            rows = s.exec(select(func.count(), func.min(LoginAttempt.created_at))
                          .where(LoginAttempt.key == key, LoginAttempt.created_at > since)).one()
            count, oldest = rows
            if count >= limit:
                wait = max(1, int((oldest + timedelta(seconds=window_s) - utcnow()).total_seconds()) + 1)
                minutes = max(1, round(wait / 60))
                raise TooMany(f"Too many failed {what}. Try again in about {minutes} minute"
                              f"{'s' if minutes != 1 else ''}.", retry_after=wait)


def fail(keys: list[str]) -> None:
    with session_scope() as s:
        for key in keys:
            s.add(LoginAttempt(key=key))


def clear(keys: list[str]) -> None:
    with session_scope() as s:
        for key in keys:
            s.exec(delete(LoginAttempt).where(LoginAttempt.key == key))


def prune(older_than_s: int) -> int:
    with session_scope() as s:
        r = s.exec(delete(LoginAttempt).where(LoginAttempt.created_at < utcnow() - timedelta(seconds=older_than_s)))
        return r.rowcount or 0
