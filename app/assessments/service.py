"""The rules of a take-home.

- an interviewer (signed in, not a guest) creates one on a problem they may see (the bank, a shared question, their
  own), with a time limit (ASSESSMENT_MIN_MINUTES..ASSESSMENT_MAX_MINUTES), an optional last moment to start and the
  languages allowed; what a candidate needs is the invite link, and without it the assessment does not exist (404);
- the first person with the link to press Start is its candidate, by ONE conditional UPDATE (nobody starts twice,
  and no second person starts it); the clock is the server's: `ends_at` is fixed then and nothing moves it;
- the candidate works in a private room of their own (app.sessions.open_solo: autosaved, history kept, the
  toolkit's timeline), and at `ends_at` the server submits the code as it stood at that moment (`sweep`) — whether a
  browser is open or not — and ends the room; finishing early does the same now;
- the host sees every one of theirs with its candidate, final verdict, time used, report and playback.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
from datetime import datetime, timedelta, timezone

from sqlalchemy import update
from sqlmodel import select

from app.auth.service import Me
from app.collab import history
from app.config import settings
from app.db import session_scope
from app.errors import Conflict, Forbidden, Gone, Invalid, NotFound, Unauthorized
from app.judge.harness import GENERATORS
from app.judge.service import JudgeError, judge
from app.judge.store import save_run
from app.models import Assessment, Problem, User, utcnow
from app.problems import lookup
from app.room import events
from app.sandbox.errors import SandboxError
from app.sessions import service as sessions

log = logging.getLogger("parley.assessments")


def _require(me: Me | None) -> Me:
    if me is None:
        raise Unauthorized("Sign in or continue as a guest first.", error="not_signed_in")
    return me


def _aware(when: datetime | None) -> datetime | None:
    return when.replace(tzinfo=timezone.utc) if when is not None and when.tzinfo is None else when


def _load(s, assessment_id: str) -> Assessment:
    row = s.get(Assessment, assessment_id) if assessment_id and len(assessment_id) <= 32 else None
    if row is None:
        raise NotFound("No such assessment.", error="assessment_not_found")
    return row


def _invited(row: Assessment, invite: str | None) -> bool:
    return bool(invite) and hmac.compare_digest(str(invite).encode(), row.invite_token.encode())


def _status(row: Assessment, now: datetime) -> str:
    if row.submitted_at is not None:  # claimed for the final submit; judged once the verdict is in
        return "submitted" if row.final_verdict is not None else "submitting"
    if row.started_at is None:
        return "expired" if row.deadline_at is not None and now > _aware(row.deadline_at) else "not_started"
    return "in_progress" if now < _aware(row.ends_at) else "time_up"


def _view(s, row: Assessment, role: str, now: datetime | None = None) -> dict:
    now = now or utcnow()
    problem = s.get(Problem, row.problem_id)
    out = {"id": row.id, "problem": {"slug": problem.slug, "title": problem.title, "difficulty": problem.difficulty},
           "time_limit_minutes": row.time_limit_minutes, "languages": list(row.languages),
           "deadline_at": _aware(row.deadline_at).isoformat() if row.deadline_at else None,
           "status": _status(row, now), "role": role,
           "started_at": _aware(row.started_at).isoformat() if row.started_at else None,
           "ends_at": _aware(row.ends_at).isoformat() if row.ends_at else None,
           "remaining_seconds": max(0, int((_aware(row.ends_at) - now).total_seconds())) if row.ends_at and
           row.submitted_at is None else 0}
    if role in ("host", "candidate"):
        out["session_id"] = row.session_id
    if role == "host":
        candidate = s.get(User, row.candidate_id) if row.candidate_id else None
        end = min(_aware(row.submitted_at) or now, _aware(row.ends_at)) if row.ends_at else None
        out.update(invite_path=f"/assessments/{row.id}?invite={row.invite_token}",
                   candidate=candidate.display_name if candidate else None, final_verdict=row.final_verdict,
                   time_used_seconds=int((end - _aware(row.started_at)).total_seconds()) if row.started_at else None,
                   links={"report": f"/session/{row.session_id}/report", "playback": f"/session/{row.session_id}"
                          "/playback"} if row.session_id else None)
    return out


def _role(row: Assessment, me: Me | None) -> str | None:
    if me is None:
        return None
    if row.host_id == me.id:
        return "host"
    if row.candidate_id == me.id:
        return "candidate"
    return None


def create(me: Me | None, problem: str, minutes: int, languages: list[str] | None = None,
           deadline: datetime | None = None) -> dict:
    me = _require(me)
    if me.is_guest:
        raise Forbidden("Guests cannot create assessments; create an account.", error="guest_cannot_host")
    low, high = settings.assessment_min_minutes, settings.assessment_max_minutes
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not low <= minutes <= high:
        raise Invalid(f"time_limit_minutes must be from {low} to {high}.", error="invalid_time_limit")
    languages = list(GENERATORS) if languages is None else list(dict.fromkeys(languages))
    unknown = [l for l in languages if l not in GENERATORS]
    if unknown or not languages:
        raise Invalid(f"languages must be some of {', '.join(GENERATORS)}.", error="invalid_languages")
    deadline = _aware(deadline)
    if deadline is not None and deadline <= utcnow():
        raise Invalid("deadline_at must be in the future.", error="invalid_deadline")
    if lookup.visible(problem or "", me.id) is None:
        raise Invalid(f"Unknown problem {problem!r}.", error="unknown_problem")
    with session_scope() as s:
        prob = s.exec(select(Problem).where(Problem.slug == problem)).first()
        if prob is None:
            raise Invalid(f"Unknown problem {problem!r}.", error="unknown_problem")
        row = Assessment(host_id=me.id, problem_id=prob.id, time_limit_minutes=minutes, languages=languages,
                         deadline_at=deadline)
        s.add(row)
        s.flush()
        return _view(s, row, "host")


def get(me: Me | None, assessment_id: str, invite: str | None = None) -> dict:
    """The host and the candidate see theirs; anyone holding the invite sees the rules (before anyone started)."""
    with session_scope() as s:
        row = _load(s, assessment_id)
        role = _role(row, me)
        if role is None and not (_invited(row, invite) and row.started_at is None):
            raise NotFound("No such assessment.", error="assessment_not_found")
        return _view(s, row, role or "invited")


def start(me: Me | None, assessment_id: str, invite: str | None) -> dict:
    me = _require(me)
    now = utcnow()
    with session_scope() as s:
        row = _load(s, assessment_id)
        role = _role(row, me)
        if role == "host":
            raise Forbidden("You wrote this assessment; a candidate takes it.", error="host_cannot_start")
        if role == "candidate":
            raise Conflict("You have already started this assessment.", error="already_started")
        if not _invited(row, invite):
            raise NotFound("No such assessment.", error="assessment_not_found")
        if row.started_at is not None:  # someone else holds it: to them it does not exist
            raise NotFound("No such assessment.", error="assessment_not_found")
        if row.deadline_at is not None and now > _aware(row.deadline_at):
            raise Gone("The deadline to start this assessment has passed.", error="deadline_passed")
        ends = now + timedelta(minutes=row.time_limit_minutes)
        claimed = s.exec(update(Assessment).where(Assessment.id == row.id, Assessment.started_at.is_(None))
                         .values(candidate_id=me.id, started_at=now, ends_at=ends)).rowcount
        if not claimed:
            raise NotFound("No such assessment.", error="assessment_not_found")
        sid = sessions.open_solo(s, row.host_id, me.id, row.problem_id, row.languages[0], now)
        s.exec(update(Assessment).where(Assessment.id == row.id).values(session_id=sid))
    with session_scope() as s:
        return _view(s, _load(s, assessment_id), "candidate")


def mine(me: Me | None) -> list[dict]:
    """The assessments I created, newest first."""
    me = _require(me)
    with session_scope() as s:
        rows = s.exec(select(Assessment).where(Assessment.host_id == me.id)
                      .order_by(Assessment.created_at.desc()).limit(200)).all()
        return [_view(s, r, "host") for r in rows]


def _claim(assessment_id: str, now: datetime) -> Assessment | None:
    """Mark one as submitted (once: two sweepers or a sweep and a finish cannot both submit it)."""
    with session_scope() as s:
        done = s.exec(update(Assessment).where(Assessment.id == assessment_id, Assessment.submitted_at.is_(None),
                                               Assessment.started_at.is_not(None))
                      .values(submitted_at=now)).rowcount
        if not done:
            return None
        row = s.get(Assessment, assessment_id)
        s.expunge(row)
        return row


async def _submit(row: Assessment, at: datetime) -> None:
    """Judge the code as it stood at `at` (the room's kept history), store it as the candidate's submit in the
    room, end the room and close its sockets."""
    started = _aware(row.started_at)
    code = await asyncio.to_thread(history.code_at, row.session_id, int((at - started).total_seconds() * 1000))
    language = code["language"] if code["language"] in row.languages else row.languages[0]
    with session_scope() as s:
        slug = s.get(Problem, row.problem_id).slug
    source = code["code"].get(language)
    if source is None:
        found = lookup.problem(slug)
        source = found.starter.get(language, "") if found else ""
    verdict, run_id = "internal_error", None
    try:
        result = await judge(slug, language, source, mode="submit", user_key=None, lane="room")
        run_id = await asyncio.to_thread(save_run, row.candidate_id, slug, language, "submit", source, result,
                                         row.session_id)
        verdict = result["verdict"]
    except (JudgeError, SandboxError) as e:
        log.warning("assessment %s: the final submit could not be judged: %s", row.id, e)
    with session_scope() as s:
        s.exec(update(Assessment).where(Assessment.id == row.id).values(final_verdict=verdict, final_run_id=run_id))
    if await asyncio.to_thread(sessions.close, row.session_id):
        await events.room_ended(row.session_id)


async def finish(me: Me | None, assessment_id: str) -> dict:
    """The candidate hands in before the limit: their code as it is now."""
    me = _require(me)
    with session_scope() as s:
        row = _load(s, assessment_id)
        if _role(row, me) != "candidate":
            raise NotFound("No such assessment.", error="assessment_not_found")
    now = utcnow()
    claimed = await asyncio.to_thread(_claim, assessment_id, min(now, _aware(row.ends_at)))
    if claimed is None:
        raise Gone("This assessment has already been submitted.", error="already_submitted")
    await _submit(claimed, min(now, _aware(claimed.ends_at)))
    with session_scope() as s:
        return _view(s, _load(s, assessment_id), "candidate")


async def sweep(now: datetime | None = None) -> int:
    """Submit every started assessment past its limit (bounded per sweep); returns how many."""
    now = now or utcnow()
    with session_scope() as s:
        due = s.exec(select(Assessment.id).where(Assessment.submitted_at.is_(None), Assessment.ends_at.is_not(None),
                                                 Assessment.ends_at <= now).limit(20)).all()
    count = 0
    for aid in due:
        row = await asyncio.to_thread(_claim, aid, now)
        if row is None:
            continue
        try:
            await _submit(row, _aware(row.ends_at))
        except Exception:  # one broken assessment must not stop the others being submitted
            log.exception("assessment %s: the final submit failed", aid)
        count += 1
    return count


async def run_forever() -> None:
    """Lifespan task: sweep every ASSESSMENT_SWEEP_SECONDS."""
    while True:
        try:
            await sweep()
        except Exception:
            log.exception("assessment sweep failed")
        await asyncio.sleep(settings.assessment_sweep_seconds)


def for_session(me: Me | None, session_id: str) -> dict | None:
    """The take-home a room belongs to, for its candidate or host (the room shows its clock); else None."""
    if me is None or not session_id:
        return None
    with session_scope() as s:
        row = s.exec(select(Assessment).where(Assessment.session_id == session_id)).first()
        if row is None or _role(row, me) is None:
            return None
        return _view(s, row, _role(row, me))


def allowed_languages(session_id: str) -> list[str] | None:
    """The languages a take-home's room may run (room runs ask through `events.language_rule`); None elsewhere."""
    with session_scope() as s:
        row = s.exec(select(Assessment).where(Assessment.session_id == session_id)).first()
        return list(row.languages) if row is not None else None
