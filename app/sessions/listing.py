"""What a person sees of their sessions: public rooms waiting for a candidate, their own recent sessions (hosted,
joined, or sat on the panel of) and the dashboard's counters. The rules of a room stay in `service`."""
from __future__ import annotations

from sqlalchemy import and_, func, or_
from sqlmodel import select

from app.auth.service import Me
from app.db import session_scope
from app.models import CodeRun, InterviewSession, Participant, Problem, utcnow
from app.sessions.roles import PANEL, ROLE_HOST, ROLE_PARTICIPANT
from app.sessions.service import _member, _names, _participant_verdict, _require, _role, _view


def list_public(me: Me | None, limit: int = 50) -> list[dict]:
    _require(me)
    with session_scope() as s:
        rows = s.exec(select(InterviewSession)
                      .where(InterviewSession.visibility == "public", InterviewSession.status == "waiting",
                             InterviewSession.participant_id.is_(None))
                      .order_by(InterviewSession.created_at.desc()).limit(limit)).all()
        return [_view(s, r, _role(s, r, me.id)) for r in rows]


def mine(me: Me | None, limit: int = 20) -> list[dict]:
    """My recent sessions (hosted or joined) with problem, partner, duration and final verdict."""
    me = _require(me)
    with session_scope() as s:
        joined = select(Participant.session_id).where(Participant.user_id == me.id)
        rows = s.exec(select(InterviewSession)
                      .where(or_(InterviewSession.host_id == me.id, InterviewSession.participant_id == me.id,
                                 InterviewSession.id.in_(joined)))
                      .order_by(InterviewSession.created_at.desc()).limit(limit)).all()
        out = []
        for row in rows:
            member = None if row.host_id == me.id else _member(s, row.id, me.id)
            role = ROLE_HOST if row.host_id == me.id else (member.role if member else ROLE_PARTICIPANT)
            view = _view(s, row, role)
            partner_id = row.participant_id if role == ROLE_HOST else row.host_id
            if partner_id is None and role == ROLE_HOST:  # the participant left: still name who was there
                partner_id = s.exec(select(Participant.user_id).where(
                    Participant.session_id == row.id, Participant.role == ROLE_PARTICIPANT)).first()
            view["partner"] = _names(s, partner_id).get(partner_id) if partner_id else None
            end_at = row.ended_at or utcnow()
            view["duration_s"] = int((end_at - row.started_at).total_seconds()) if row.started_at else 0
            if role == ROLE_PARTICIPANT:  # their own stint: not a predecessor's or successor's verdict or name
                view["final_verdict"] = _participant_verdict(s, row.id, _member(s, row.id, me.id))
                view["participant"] = {"id": me.id, "display_name": me.display_name}
            elif row.final_verdict is None:
                view["final_verdict"] = s.exec(select(CodeRun.verdict).where(
                    CodeRun.session_id == row.id, CodeRun.kind == "submit").order_by(CodeRun.id.desc())).first()
            out.append(view)
        return out


def active_for(me: Me | None) -> dict | None:
    """The live room I am in, if any (the dashboard's "rejoin")."""
    me = _require(me)
    with session_scope() as s:
        seated = select(Participant.session_id).where(Participant.user_id == me.id, Participant.role.in_(PANEL),
                                                      Participant.left_at.is_(None))
        row = s.exec(select(InterviewSession)
                     .where(InterviewSession.status != "ended",
                            or_(InterviewSession.host_id == me.id, InterviewSession.participant_id == me.id,
                                InterviewSession.id.in_(seated)))
                     .order_by(InterviewSession.created_at.desc())).first()
        return _view(s, row, _role(s, row, me.id)) if row else None


def stats(me: Me | None) -> dict:
    me = _require(me)
    with session_scope() as s:
        hosted = s.exec(select(func.count()).select_from(InterviewSession)
                        .where(InterviewSession.host_id == me.id)).one()
        joined = s.exec(select(func.count()).select_from(Participant)
                        .where(Participant.user_id == me.id, Participant.role == ROLE_PARTICIPANT)).one()
        solved = s.exec(select(Problem.difficulty, func.count(func.distinct(Problem.id)))
                        .join(CodeRun, and_(CodeRun.problem_id == Problem.id, CodeRun.user_id == me.id,
                                            CodeRun.verdict == "accepted", CodeRun.kind == "submit"))
                        .group_by(Problem.difficulty)).all()
        by = {d: 0 for d in ("Easy", "Medium", "Hard")}
        by.update({d: n for d, n in solved})
        return {"hosted": hosted, "joined": joined, "solved": sum(by.values()), "solved_by_difficulty": by}
