"""What live sockets and live features ask of a session, on every admission: is the room open, who is in it
and in which role now, since when a person may see its history; and `touch`, so rooms in use are never reaped.
The rules that change a room (join, leave, end) stay in `service`."""
from __future__ import annotations

from sqlalchemy import update
from sqlmodel import select

from app.db import session_scope
from app.models import InterviewSession, Participant, Problem, utcnow
from app.sessions.roles import PANEL, ROLE_HOST, ROLE_PARTICIPANT
from app.sessions.service import _member


def room_facts(session_id: str) -> dict | None:
    """What live sockets need to admit someone and seed the room: status, members, problem and language."""
    with session_scope() as s:
        row = s.get(InterviewSession, session_id) if session_id and len(session_id) <= 32 else None
        if row is None:
            return None
        problem = s.get(Problem, row.problem_id)
        member = _member(s, row.id, row.participant_id) if row.participant_id else None
        panel = s.exec(select(Participant.user_id, Participant.role).where(  # roles only: sockets need no names
            Participant.session_id == row.id, Participant.role.in_(PANEL), Participant.left_at.is_(None))).all()
        return {"status": row.status, "host_id": row.host_id, "participant_id": row.participant_id,
                "participant_since": member.joined_at if member else None,
                "panel": {user_id: role for user_id, role in panel},
                "problem": problem.slug, "language": row.language}


def role_in(facts: dict, user_id: int) -> str | None:
    """From `room_facts`: `user_id`'s role in the room now (what sockets act on, whatever an older token says)."""
    if user_id == facts["host_id"]:
        return ROLE_HOST
    if user_id == facts["participant_id"]:
        return ROLE_PARTICIPANT
    return facts.get("panel", {}).get(user_id)


def is_member(session_id: str, user_id: int) -> bool:
    """Whether `user_id` is still in the room, in any role (live features ask after a leave)."""
    facts = room_facts(session_id)
    return bool(facts) and role_in(facts, user_id) is not None


def visible_since(facts: dict, user_id: int):
    """From `room_facts`: since when `user_id` may see the room's history (None = all of it, for the host and the
    panel)."""
    if role_in(facts, user_id) in (ROLE_HOST, *PANEL):
        return None
    return facts.get("participant_since") or utcnow()


def touch(session_id: str) -> None:
    """Live sockets call this so that rooms in use are never reaped as stale."""
    with session_scope() as s:
        s.exec(update(InterviewSession).where(InterviewSession.id == session_id,
                                              InterviewSession.status != "ended")
               .values(last_activity_at=utcnow()))
