"""Fifty people opening interviewer/observer invites at the same instant (and the candidate's link in the middle of
it): the room never holds more than ROOM_MAX_PEOPLE, the candidate's seat is never taken by the panel, and every
seat is claimed exactly once — on SQLite and on PostgreSQL. A seat given back by leaving is taken again once."""
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import select

from app.auth import service as accounts
from app.config import settings
from app.db import session_scope
from app.errors import Conflict
from app.models import InterviewSession, Participant
from app.sessions import service as sessions

N = 50


def _invite(host, sid: str, role: str) -> str:
    return sessions.create_invite(host, sid, role)["invite_path"].split("invite=")[1]


def _race() -> None:
    host = accounts.signup("host@example.com", "host-password", "Host")
    row = sessions.create(host, "two-sum", "private")
    sid, candidate_invite = row["id"], row["invite_path"].split("invite=")[1]
    invites = {r: _invite(host, sid, r) for r in ("interviewer", "observer")}
    people = [accounts.signup(f"p{i}@example.com", "a-long-password", f"P{i}") for i in range(N)]
    candidate = accounts.create_guest("Candidate")
    barrier = threading.Barrier(N + 2)

    def attempt(args):
        me, invite = args
        barrier.wait(timeout=60)
        try:
            return sessions.join(me, sid, invite=invite)["role"]
        except Conflict:
            return "full"

    jobs = [(p, invites["interviewer" if i % 2 else "observer"]) for i, p in enumerate(people)]
    jobs += [(candidate, candidate_invite), (people[0], invites["observer"])]  # and one double click
    with ThreadPoolExecutor(len(jobs)) as pool:
        results = list(pool.map(attempt, jobs))
    seats = settings.room_max_people - 2
    panel = [r for r in results[:N] if r in ("interviewer", "observer")]
    assert len(panel) == seats and results[:N].count("full") == N - seats, results
    assert results[N] == "participant"
    with session_scope() as s:
        stored = s.get(InterviewSession, sid)
        members = s.exec(select(Participant).where(Participant.session_id == sid,
                                                   Participant.left_at.is_(None))).all()
        assert stored.panel_seats == seats and stored.participant_id == candidate.id
        assert len(members) == settings.room_max_people
        assert sorted(m.role for m in members).count("participant") == 1

    seated = [people[i] for i, r in enumerate(results[:N]) if r != "full"]
    waiting = [people[i] for i, r in enumerate(results[:N]) if r == "full"]
    sessions.leave(seated[0], sid)
    try:  # leaving twice gives back one seat
        sessions.leave(seated[0], sid)
    except Exception as e:
        assert type(e).__name__ == "Forbidden"
    barrier2 = threading.Barrier(len(waiting))

    def again(me):
        barrier2.wait(timeout=60)
        try:
            return sessions.join(me, sid, invite=invites["observer"])["role"]
        except Conflict:
            return "full"
    with ThreadPoolExecutor(len(waiting)) as pool:
        second = list(pool.map(again, waiting))
    assert second.count("observer") == 1 and second.count("full") == len(waiting) - 1
    with session_scope() as s:
        assert s.get(InterviewSession, sid).panel_seats == seats


def test_fifty_panel_joins_never_overfill_on_sqlite(app_db):
    _race()


def test_fifty_panel_joins_never_overfill_on_postgresql(app_db_pg):
    _race()
