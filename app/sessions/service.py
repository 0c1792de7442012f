"""The rules of a room.

Who may do what is decided here, once, for every front door (REST, pages, sockets):
- anonymous people may do nothing but land on the gate; guests may join but not host;
- strangers see public rooms' summaries only; private rooms need the password or the invite token;
- the participant slot is claimed by ONE conditional UPDATE, so concurrent joins can never put three
  people in a room (SQLite and PostgreSQL alike); the host never takes the slot; re-joining is idempotent;
- only the host ends a room; an ended room keeps its record but answers 410 to every live request.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.auth import passwords, ratelimit, room_tokens
from app.chat import stream as stream_chat
from app.auth.service import Me
from app.config import settings
from app.db import session_scope
from app.errors import Conflict, Forbidden, Gone, Invalid, NotFound, Unauthorized
from app.models import CodeRun, InterviewSession, Participant, Problem, User, utcnow
from app.rtc import stream_video

VISIBILITIES = ("public", "private")
ROLE_HOST, ROLE_PARTICIPANT = "host", "participant"


@dataclass(frozen=True)
class Access:
    """What a viewer may do with a room, for the page gate and the API alike."""
    gate: str  # room | login | password | invite | full | ended | not_found
    role: str | None = None  # host | participant when a member


def _require(me: Me | None) -> Me:
    if me is None:
        raise Unauthorized("Sign in or join as a guest first.", error="not_signed_in")
    return me


def _load(s, session_id: str) -> InterviewSession:
    row = s.get(InterviewSession, session_id) if session_id and len(session_id) <= 32 else None
    if row is None:
        raise NotFound("No such session.", error="session_not_found")
    return row


def _role(row: InterviewSession, user_id: int) -> str | None:
    if row.host_id == user_id:
        return ROLE_HOST
    if row.participant_id == user_id:
        return ROLE_PARTICIPANT
    return None


def invite_path(row: InterviewSession) -> str:
    return f"/session/{row.id}?invite={row.invite_token}"


def _invite_ok(row: InterviewSession, invite: str | None) -> bool:
    return bool(invite) and hmac.compare_digest(invite.encode(), row.invite_token.encode())


def _live_member(s, me: Me, session_id: str) -> tuple[InterviewSession, str]:
    """The room and `me`'s role in it, for members of a room that has not ended."""
    row = _load(s, session_id)
    role = _role(row, me.id)
    if role is None:
        raise Forbidden("You are not in this session.", error="not_a_member")
    if row.status == "ended":
        raise Gone("This session has ended.", error="session_ended")
    return row, role


def _names(s, *ids: int | None) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {u.id: u.display_name for u in s.exec(select(User).where(User.id.in_(wanted))).all()}


def _view(s, row: InterviewSession, role: str | None) -> dict:
    """The session as `role` may see it. Emails are never included; the invite only for the host."""
    problem = s.get(Problem, row.problem_id)
    names = _names(s, row.host_id, row.participant_id)
    out = {
        "id": row.id, "status": row.status, "visibility": row.visibility,
        "requires_password": row.password_hash is not None,
        "invite_only": row.visibility == "private" and row.password_hash is None,
        "problem": {"slug": problem.slug, "title": problem.title, "difficulty": problem.difficulty},
        "language": row.language,
        "host": {"id": row.host_id, "display_name": names.get(row.host_id, "")},
        "created_at": row.created_at.isoformat(),
        "role": role,
    }
    if role is not None:
        out.update({
            "participant": ({"id": row.participant_id, "display_name": names.get(row.participant_id, "")}
                            if row.participant_id else None),
            "started_at": row.started_at.isoformat() if row.started_at else None,
            "ended_at": row.ended_at.isoformat() if row.ended_at else None,
            "final_verdict": row.final_verdict,
        })
    else:
        out["full"] = row.participant_id is not None
    if role == ROLE_HOST:
        out["invite_path"] = invite_path(row)
    return out


# --- create / read -------------------------------------------------------------------------------

def create(me: Me | None, problem: str, visibility: str = "public", password: str | None = None,
           language: str | None = None) -> dict:
    me = _require(me)
    if me.is_guest:
        raise Forbidden("Guests can join sessions; create an account to host one.", error="guest_cannot_host")
    if visibility not in VISIBILITIES:
        raise Invalid(f"visibility must be one of {', '.join(VISIBILITIES)}.", error="invalid_visibility")
    if password is not None and password != "" and visibility != "private":
        raise Invalid("Only private sessions take a password.", error="invalid_password")
    if password is not None and password != "" and not (4 <= len(password) <= 128):
        raise Invalid("A room password must be 4 to 128 characters.", error="invalid_password")
    from app.judge import languages as judge_languages

    language = language or "python"
    if language not in {l["id"] for l in judge_languages()}:
        raise Invalid(f"Unknown language {language!r}.", error="unknown_language")
    with session_scope() as s:
        prob = s.exec(select(Problem).where(Problem.slug == (problem or ""))).first()
        if prob is None:
            raise Invalid(f"Unknown problem {problem!r}.", error="unknown_problem")
        row = InterviewSession(host_id=me.id, problem_id=prob.id, language=language, visibility=visibility,
                               password_hash=passwords.hash_password(password) if password else None)
        s.add(row)
        s.flush()
        s.add(Participant(session_id=row.id, user_id=me.id, role=ROLE_HOST))
        return _view(s, row, ROLE_HOST)


def list_public(me: Me | None, limit: int = 50) -> list[dict]:
    _require(me)
    with session_scope() as s:
        rows = s.exec(select(InterviewSession)
                      .where(InterviewSession.visibility == "public", InterviewSession.status == "waiting",
                             InterviewSession.participant_id.is_(None))
                      .order_by(InterviewSession.created_at.desc()).limit(limit)).all()
        return [_view(s, r, _role(r, me.id)) for r in rows]


def access(me: Me | None, session_id: str, invite: str | None = None) -> Access:
    """The gate a viewer meets at /session/{id}: enter the room, or what stands in the way."""
    with session_scope() as s:
        row = s.get(InterviewSession, session_id) if session_id and len(session_id) <= 32 else None
        if row is None:
            return Access("not_found")
        role = _role(row, me.id) if me else None
        if row.status == "ended":
            return Access("ended", role)
        if role:
            return Access("room", role)
        if row.participant_id is not None:
            return Access("full")
        if row.visibility == "private" and not _invite_ok(row, invite):
            return Access("password" if row.password_hash else "invite")
        return Access("join" if me else "login")


def summary(session_id: str, invite: str | None = None) -> dict | None:
    """What the gate may show a non-member: problem and host for public rooms or invite holders only."""
    with session_scope() as s:
        row = s.get(InterviewSession, session_id) if session_id and len(session_id) <= 32 else None
        if row is None:
            return None
        if row.visibility == "private" and not _invite_ok(row, invite):
            return {"id": row.id, "visibility": row.visibility, "requires_password": row.password_hash is not None}
        return _view(s, row, None)


def get(me: Me | None, session_id: str, invite: str | None = None) -> dict:
    me = _require(me)
    with session_scope() as s:
        row = _load(s, session_id)
        role = _role(row, me.id)
        if role is None:
            if row.status == "ended":
                raise Gone("This session has ended.", error="session_ended")
            if row.visibility == "private" and not _invite_ok(row, invite):
                raise Forbidden("This session is private.", error="private_session")
        return _view(s, row, role)


# --- join / leave / end ----------------------------------------------------------------------------

def join(me: Me | None, session_id: str, password: str | None = None, invite: str | None = None) -> dict:
    me = _require(me)
    with session_scope() as s:
        row = _load(s, session_id)
        if row.status == "ended":
            raise Gone("This session has ended.", error="session_ended")
        role = _role(row, me.id)
        if role is not None:  # the host, or the participant coming back: nothing to claim
            return _view(s, row, role)
        if row.visibility == "private" and not _invite_ok(row, invite):
            if row.password_hash is None:
                raise Forbidden("This session is private: you need its invite link.", error="invite_required")
            keys = [f"room:{row.id}:{me.id}"]
            ratelimit.check(keys, settings.room_password_max_failures, settings.login_window_seconds,
                            "room password attempts")
            if not password or not passwords.verify_password(row.password_hash, password):
                ratelimit.fail(keys)
                raise Forbidden("Wrong room password.", error="wrong_password")
        if row.participant_id is not None:
            raise Conflict("This room is full: it already has a host and a participant.", error="room_full")
    # The claim: a conditional UPDATE is the only write that decides who gets the slot.
    now = utcnow()
    with session_scope() as s:
        claimed = s.exec(
            update(InterviewSession)
            .where(InterviewSession.id == session_id, InterviewSession.participant_id.is_(None),
                   InterviewSession.status != "ended", InterviewSession.host_id != me.id)
            .values(participant_id=me.id, status="active", last_activity_at=now,
                    started_at=func.coalesce(InterviewSession.started_at, now))
        ).rowcount
    with session_scope() as s:
        row = _load(s, session_id)
        if not claimed:
            if row.participant_id == me.id:
                return _view(s, row, ROLE_PARTICIPANT)
            if row.status == "ended":
                raise Gone("This session has ended.", error="session_ended")
            raise Conflict("This room is full: it already has a host and a participant.", error="room_full")
        _record_member(s, session_id, me.id, ROLE_PARTICIPANT)
        return _view(s, row, ROLE_PARTICIPANT)


def _record_member(s, session_id: str, user_id: int, role: str) -> None:
    existing = s.exec(select(Participant).where(Participant.session_id == session_id,
                                                Participant.user_id == user_id)).first()
    if existing is None:
        try:
            with s.begin_nested():
                s.add(Participant(session_id=session_id, user_id=user_id, role=role))
        except IntegrityError:
            pass
    else:
        existing.left_at = None
        s.add(existing)


def leave(me: Me | None, session_id: str) -> dict:
    """The participant gives up the slot (someone else may take it); the host leaving keeps the room."""
    me = _require(me)
    with session_scope() as s:
        row, role = _live_member(s, me, session_id)
        if role == ROLE_PARTICIPANT:
            s.exec(update(InterviewSession).where(InterviewSession.id == session_id,
                                                  InterviewSession.participant_id == me.id)
                   .values(participant_id=None))
        member = s.exec(select(Participant).where(Participant.session_id == session_id,
                                                  Participant.user_id == me.id)).first()
        if member is not None:
            member.left_at = utcnow()
            s.add(member)
        s.flush()
        s.refresh(row)
        return _view(s, row, role if role == ROLE_HOST else None)


def end(me: Me | None, session_id: str) -> dict:
    """Host only. Keeps the record (with the last verdict); live features are closed by the caller via hooks."""
    me = _require(me)
    with session_scope() as s:
        row = _load(s, session_id)
        role = _role(row, me.id)
        if role != ROLE_HOST:
            raise Forbidden("Only the host can end the session.", error="host_only")
        if row.status == "ended":
            raise Gone("This session has already ended.", error="session_ended")
        _close(s, row)
        return _view(s, row, role)


def _close(s, row: InterviewSession) -> None:
    last = s.exec(select(CodeRun.verdict).where(CodeRun.session_id == row.id, CodeRun.kind == "submit")
                  .order_by(CodeRun.id.desc())).first()
    row.status, row.ended_at, row.final_verdict = "ended", utcnow(), last
    s.add(row)


def room_token(me: Me | None, session_id: str) -> dict:
    """A short-lived JWT for the room's sockets, for members of a live room only."""
    me = _require(me)
    with session_scope() as s:
        row, role = _live_member(s, me, session_id)
        row.last_activity_at = utcnow()
        s.add(row)
        ttl = settings.room_token_ttl_seconds
        return {"token": room_tokens.issue(me.id, row.id, role, me.display_name, ttl), "role": role,
                "room": row.id, "expires_in": ttl}


def _stream_members(s, row: InterviewSession) -> dict[int, str]:
    """The room's people for Stream, host first: id -> display name."""
    names = _names(s, row.host_id, row.participant_id)
    return {uid: names.get(uid, "") for uid in (row.host_id, row.participant_id) if uid}


def _stream_settings(me: Me | None, session_id: str, service, prepare) -> dict:
    """Built-in, or Stream prepared for this live room's members: prepare(my id, members, problem title)."""
    me = _require(me)
    with session_scope() as s:
        row, _ = _live_member(s, me, session_id)
        if not service.enabled():
            return {"provider": "builtin"}
        members = _stream_members(s, row)
        title = s.get(Problem, row.problem_id).title
    return prepare(me.id, members, title)


def chat_settings(me: Me | None, session_id: str) -> dict:
    """How this member's browser should chat: the built-in channel, or a prepared Stream channel and token."""
    return _stream_settings(me, session_id, stream_chat, lambda uid, members, title: stream_chat.prepare(
        session_id, uid, members, f"Parley · {title}"))


def video_settings(me: Me | None, session_id: str) -> dict:
    """How this member's browser should call: built-in WebRTC, or a prepared Stream call and call token."""
    return _stream_settings(me, session_id, stream_video,
                            lambda uid, members, _title: stream_video.prepare(session_id, uid, members))


def room_facts(session_id: str) -> dict | None:
    """What live sockets need to admit someone and seed the room: status, members, problem and language."""
    with session_scope() as s:
        row = s.get(InterviewSession, session_id) if session_id and len(session_id) <= 32 else None
        if row is None:
            return None
        problem = s.get(Problem, row.problem_id)
        return {"status": row.status, "host_id": row.host_id, "participant_id": row.participant_id,
                "problem": problem.slug, "language": row.language}


def touch(session_id: str) -> None:
    """Live sockets call this so that rooms in use are never reaped as stale."""
    with session_scope() as s:
        s.exec(update(InterviewSession).where(InterviewSession.id == session_id,
                                              InterviewSession.status != "ended")
               .values(last_activity_at=utcnow()))


def end_stale(idle_minutes: int | None = None, connected: set[str] | frozenset = frozenset()) -> list[str]:
    """End rooms nobody has used for `idle_minutes` (rooms with a live socket in `connected` are kept)."""
    cutoff = utcnow() - timedelta(minutes=idle_minutes if idle_minutes is not None else settings.stale_session_minutes)
    with session_scope() as s:
        rows = s.exec(select(InterviewSession).where(InterviewSession.status != "ended",
                                                     InterviewSession.last_activity_at < cutoff)).all()
        ended = []
        for row in rows:
            if row.id in connected:
                continue
            _close(s, row)
            ended.append(row.id)
        return ended


# --- history and stats ---------------------------------------------------------------------------

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
            role = ROLE_HOST if row.host_id == me.id else ROLE_PARTICIPANT
            view = _view(s, row, role)
            partner_id = row.participant_id if role == ROLE_HOST else row.host_id
            if partner_id is None and role == ROLE_HOST:  # the participant left: still name who was there
                partner_id = s.exec(select(Participant.user_id).where(
                    Participant.session_id == row.id, Participant.role == ROLE_PARTICIPANT)).first()
            view["partner"] = _names(s, partner_id).get(partner_id) if partner_id else None
            end_at = row.ended_at or utcnow()
            view["duration_s"] = int((end_at - row.started_at).total_seconds()) if row.started_at else 0
            if row.final_verdict is None:
                view["final_verdict"] = s.exec(select(CodeRun.verdict).where(
                    CodeRun.session_id == row.id, CodeRun.kind == "submit").order_by(CodeRun.id.desc())).first()
            out.append(view)
        return out


def active_for(me: Me | None) -> dict | None:
    """The live room I am in, if any (the dashboard's "rejoin")."""
    me = _require(me)
    with session_scope() as s:
        row = s.exec(select(InterviewSession)
                     .where(InterviewSession.status != "ended",
                            or_(InterviewSession.host_id == me.id, InterviewSession.participant_id == me.id))
                     .order_by(InterviewSession.created_at.desc())).first()
        return _view(s, row, _role(row, me.id)) if row else None


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
