"""The profile: solved / total by difficulty and by tag, acceptance rate, streaks, the year's activity,
attempted-but-unsolved problems and the latest submissions, for one person in their time zone.

Everything that grows with the number of runs is counted in SQL; only per-problem rows (bounded by the problem
bank) are combined in Python."""
from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy import case, func
from sqlmodel import select

from app.db import session_scope
from app.models import CodeRun, InterviewSession, Participant, Problem
from app.progress import activity, submissions
from app.progress.queries import own_runs
from app.progress.zones import zone_name
from app.problems.store import in_bank

DIFFICULTIES = ("Easy", "Medium", "Hard")


def solved_ids(s, user_id: int) -> set[int]:
    return set(s.exec(select(CodeRun.problem_id).distinct().where(
        own_runs(user_id), CodeRun.kind == "submit", CodeRun.verdict == "accepted",
        CodeRun.problem_id.is_not(None))).all())


def attempts(s, user_id: int) -> dict[int, datetime]:
    """{problem id: latest attempt}: any own run or submit, or being an interview session's candidate."""
    latest: dict[int, datetime] = dict(s.exec(
        select(CodeRun.problem_id, func.max(CodeRun.created_at))
        .where(own_runs(user_id), CodeRun.problem_id.is_not(None)).group_by(CodeRun.problem_id)).all())
    interviews = s.exec(select(InterviewSession.problem_id, func.max(Participant.joined_at))
                        .join(Participant, Participant.session_id == InterviewSession.id)
                        .where(Participant.user_id == user_id, Participant.role == "participant")
                        .group_by(InterviewSession.problem_id)).all()
    for pid, at in interviews:
        latest[pid] = max(at, latest[pid]) if pid in latest else at
    return latest


def acceptance(s, user_id: int) -> dict:
    submits, accepted = s.exec(select(func.count(), func.coalesce(func.sum(
        case((CodeRun.verdict == "accepted", 1), else_=0)), 0)).where(own_runs(user_id),
                                                                       CodeRun.kind == "submit")).one()
    return {"accepted": int(accepted), "submits": int(submits),
            "rate": round(accepted / submits, 4) if submits else None}


def profile(user_id: int, tz: tzinfo, now: datetime | None = None) -> dict:
    today = activity.today_in(tz, now)
    with session_scope() as s:
        catalog = s.exec(select(Problem.id, Problem.slug, Problem.title, Problem.difficulty, Problem.tags)
                         .where(in_bank()).order_by(Problem.number, Problem.slug)).all()
        solved = solved_ids(s, user_id)
        tried = attempts(s, user_id)
        rate = acceptance(s, user_id)
    days = activity.active_days(user_id, tz)
    by_difficulty = [{"difficulty": d, "solved": sum(1 for p in catalog if p.difficulty == d and p.id in solved),
                      "total": sum(1 for p in catalog if p.difficulty == d)} for d in DIFFICULTIES]
    tags: dict[str, list[int]] = {}
    for p in catalog:
        for t in p.tags or []:
            tags.setdefault(t, [0, 0])
            tags[t][0] += p.id in solved
            tags[t][1] += 1
    unsolved = sorted((p for p in catalog if p.id in tried and p.id not in solved), key=lambda p: tried[p.id],
                      reverse=True)
    return {
        "zone": zone_name(tz), "today": today.isoformat(),
        "solved": {"total": sum(1 for p in catalog if p.id in solved), "of": len(catalog),
                   "by_difficulty": by_difficulty},
        "acceptance": rate,
        "streak": activity.streaks(days, today),
        "heatmap": activity.heatmap(days, today),
        "tags": [{"tag": t, "solved": n, "total": of} for t, (n, of) in
                 sorted(tags.items(), key=lambda kv: (-kv[1][0], kv[0].lower()))],
        "attempted_unsolved": [{"slug": p.slug, "title": p.title, "difficulty": p.difficulty,
                                "last_at": submissions.local_text(tried[p.id], tz)} for p in unsolved],
        "recent": submissions.recent(user_id, tz),
    }
