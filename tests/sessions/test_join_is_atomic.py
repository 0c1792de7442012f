"""Fifty people clicking Join at the same instant: exactly one becomes the participant, the rest get 409,
on SQLite and on PostgreSQL (the slot is claimed by one conditional UPDATE)."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from app.auth import service as accounts
from app.db import session_scope
from app.errors import Conflict
from app.models import InterviewSession, Participant
from app.sessions import service as sessions

N = 50


def _race(url_fixture_name) -> None:
    host = accounts.signup("host@example.com", "host-password", "Host")
    sid = sessions.create(host, "two-sum")["id"]
    people = [accounts.create_guest(f"guest {i}") for i in range(N)]
    barrier = threading.Barrier(N + 1)  # + the host re-joining in the middle of the stampede

    def attempt(me):
        barrier.wait(timeout=60)
        try:
            return sessions.join(me, sid)["role"]
        except Conflict:
            return "full"

    with ThreadPoolExecutor(N + 1) as pool:
        results = list(pool.map(attempt, people + [host]))
    assert results[-1] == "host"  # the host never takes the slot
    assert results[:-1].count("participant") == 1, results
    assert results[:-1].count("full") == N - 1
    winner = people[results.index("participant")]
    with session_scope() as s:
        row = s.get(InterviewSession, sid)
        assert row.participant_id == winner.id and row.status == "active"
        members = s.exec(select(Participant).where(Participant.session_id == sid)).all()
        assert sorted(m.role for m in members) == ["host", "participant"]
    assert sessions.join(winner, sid)["role"] == "participant"  # re-joining is idempotent


def test_fifty_concurrent_joins_on_sqlite(app_db):
    _race(app_db)


def test_fifty_concurrent_joins_on_postgresql(app_db_pg):
    _race(app_db_pg)
