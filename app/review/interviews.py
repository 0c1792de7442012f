""""Interviews I ran": the sessions I hosted that a candidate joined, newest first, with the candidate, the
scorecard's recommendation and the final verdict, for the dashboard (links into report and playback)."""
from __future__ import annotations

from sqlmodel import select

from app.auth.service import Me
from app.db import session_scope
from app.errors import Unauthorized
from app.models import CodeRun, InterviewSession, Participant, Problem, Scorecard, User


def ran_by(me: Me | None, limit: int = 50) -> list[dict]:
    """`[{id, problem {slug, title, difficulty}, status, started_at, ended_at, duration_s, candidate,
    recommendation, final_verdict, links {report, playback}}]`: only sessions `me` hosted (a candidate's own
    sessions never appear here, so nobody learns their recommendation)."""
    if me is None:
        raise Unauthorized("Sign in first.", error="not_signed_in")
    with session_scope() as s:
        rows = s.exec(select(InterviewSession, Problem, Scorecard.recommendation)
                      .join(Problem, Problem.id == InterviewSession.problem_id)
                      .join(Scorecard, Scorecard.session_id == InterviewSession.id, isouter=True)
                      .where(InterviewSession.host_id == me.id, InterviewSession.started_at.is_not(None))
                      .order_by(InterviewSession.started_at.desc(), InterviewSession.id).limit(limit)).all()
        ids = [row.id for row, _, _ in rows]
        candidates: dict[str, str] = {}
        verdicts: dict[str, str] = {}
        if ids:
            for sid, name in s.exec(select(Participant.session_id, User.display_name)
                                    .join(User, User.id == Participant.user_id)
                                    .where(Participant.session_id.in_(ids), Participant.role == "participant")
                                    .order_by(Participant.joined_at)).all():
                candidates.setdefault(sid, name)  # the first candidate who joined
            for sid, verdict in s.exec(select(CodeRun.session_id, CodeRun.verdict)
                                       .where(CodeRun.session_id.in_(ids), CodeRun.kind == "submit")
                                       .order_by(CodeRun.id)).all():
                verdicts[sid] = verdict  # the last submit wins
        out = []
        for row, problem, recommendation in rows:
            end = row.ended_at
            out.append({
                "id": row.id, "status": row.status,
                "problem": {"slug": problem.slug, "title": problem.title, "difficulty": problem.difficulty},
                "started_at": row.started_at.isoformat(), "ended_at": end.isoformat() if end else None,
                "duration_s": int((end - row.started_at).total_seconds()) if end else None,
                "candidate": candidates.get(row.id), "recommendation": recommendation,
                "final_verdict": row.final_verdict or verdicts.get(row.id),
                "links": {"report": f"/session/{row.id}/report", "playback": f"/session/{row.id}/playback"},
            })
        return out
