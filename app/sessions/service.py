"""The rules of a room.

Who may do what is decided here, once, for every front door (REST, pages, sockets):
- anonymous people may do nothing but land on the gate; guests may join but not host;
- strangers see public rooms' summaries only; private rooms need the password or the invite token;
- the participant (candidate) slot is claimed by ONE conditional UPDATE, so concurrent joins can never put two
  candidates in a room (SQLite and PostgreSQL alike); the host never takes the slot; re-joining is idempotent;
- the host hands out role invites: interviewers (accounts only) and observers (guests too) take panel seats,
  claimed the same way, so a room never holds more than ROOM_MAX_PEOPLE (one seat is always the candidate's);
- only the host ends a room; an ended room keeps its record but answers 410 to every live request.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.auth import passwords, ratelimit, room_tokens
from app.auth.service import Me
from app.config import settings
from app.db import session_scope
from app.errors import Conflict, Forbidden, Gone, Invalid, NotFound, Unauthorized
from app.models import Assessment, CodeRun, InterviewSession, Participant, Problem, User, utcnow
from app.problems import lookup
from app.sessions import invites
from app.sessions.roles import PANEL, REVIEWERS, ROLE_HOST, ROLE_INTERVIEWER, ROLE_PARTICIPANT

VISIBILITIES = ("public", "private")


@dataclass(frozen=True)
class Access:
    """What a viewer may do with a room, for the page gate and the API alike."""
    gate: str  # room | join | login | password | invite | full | ended | not_found
    role: str | None = None  # host | participant | interviewer | observer when a member
    invited: str | None = None  # for a non-member: the role the invite in hand would give (participant by default)


def _require(me: Me | None) -> Me:
    if me is None:
        raise Unauthorized("Sign in or join as a guest first.", error="not_signed_in")
    return me


def _find(s, session_id: str) -> InterviewSession | None:
    return s.get(InterviewSession, session_id) if session_id and len(session_id) <= 32 else None


def _load(s, session_id: str) -> InterviewSession:
    row = _find(s, session_id)
    if row is None:
        raise NotFound("No such session.", error="session_not_found")
    return row


def _panel_role(s, session_id: str, user_id: int) -> str | None:
    return s.exec(select(Participant.role).where(Participant.session_id == session_id, Participant.user_id == user_id,
                                                 Participant.role.in_(PANEL), Participant.left_at.is_(None))).first()


def _role(s, row: InterviewSession, user_id: int) -> str | None:
    """`user_id`'s role in the room now (inside the unit of work `s`), None for anyone not in it."""
    if row.host_id == user_id:
        return ROLE_HOST
    if row.participant_id == user_id:
        return ROLE_PARTICIPANT
    return _panel_role(s, row.id, user_id)


def _live_member(s, me: Me, session_id: str) -> tuple[InterviewSession, str]:
    """The room and `me`'s role in it, for members of a room that has not ended."""
    row = _load(s, session_id)
    role = _role(s, row, me.id)
    if role is None:
        raise Forbidden("You are not in this session.", error="not_a_member")
    if row.status == "ended":
        raise Gone("This session has ended.", error="session_ended")
    return row, role


def _panel(s, session_id: str) -> list[dict]:
    """The interviewers and observers in the room now, in the order they came."""
    rows = s.exec(select(Participant.user_id, Participant.role).where(
        Participant.session_id == session_id, Participant.role.in_(PANEL), Participant.left_at.is_(None))
        .order_by(Participant.joined_at)).all()
    names = _names(s, *(u for u, _ in rows))
    return [{"id": u, "display_name": names.get(u, ""), "role": r} for u, r in rows]


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
            "panel": _panel(s, row.id),  # nobody watches unseen: the candidate is told who observes
            "started_at": row.started_at.isoformat() if row.started_at else None,
            "ended_at": row.ended_at.isoformat() if row.ended_at else None,
            "final_verdict": (row.final_verdict if role == ROLE_HOST
                              else _participant_verdict(s, row.id, _member(s, row.id, row.participant_id))),
        })
    else:
        out["full"] = row.participant_id is not None
    if role == ROLE_HOST:
        out["invite_path"] = invites.path(row)
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
    low = settings.room_password_min_length
    if password is not None and password != "" and not (low <= len(password) <= 128):
        raise Invalid(f"A room password must be at least {low} characters (at most 128).", error="invalid_password")
    from app.judge import languages as judge_languages

    language = language or "python"
    if language not in {l["id"] for l in judge_languages()}:
        raise Invalid(f"Unknown language {language!r}.", error="unknown_language")
    if lookup.visible(problem or "", me.id) is None:  # someone else's private question is no problem at all
        raise Invalid(f"Unknown problem {problem!r}.", error="unknown_problem")
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


def access(me: Me | None, session_id: str, invite: str | None = None) -> Access:
    """The gate a viewer meets at /session/{id}: enter the room, or what stands in the way."""
    with session_scope() as s:
        row = _find(s, session_id)
        if row is None:
            return Access("not_found")
        role = _role(s, row, me.id) if me else None
        if row.status == "ended":
            return Access("ended", role)
        if role:
            return Access("room", role)
        invited = invites.role_of(row, invite)
        if invited in PANEL:
            if row.panel_seats >= _panel_capacity():
                return Access("full", invited=invited)
            return Access("join" if me else "login", invited=invited)
        if row.participant_id is not None:
            return Access("full")
        if row.visibility == "private" and invited is None:
            return Access("password" if row.password_hash else "invite")
        return Access("join" if me else "login", invited=ROLE_PARTICIPANT)


def summary(session_id: str, invite: str | None = None) -> dict | None:
    """What the gate may show a non-member: problem and host for public rooms or invite holders only."""
    with session_scope() as s:
        row = _find(s, session_id)
        if row is None:
            return None
        if row.visibility == "private" and not invites.valid(row, invite):
            return {"id": row.id, "visibility": row.visibility, "requires_password": row.password_hash is not None}
        return _view(s, row, None)


def get(me: Me | None, session_id: str, invite: str | None = None) -> dict:
    me = _require(me)
    with session_scope() as s:
        row = _load(s, session_id)
        role = _role(s, row, me.id)
        if role is None:
            if row.status == "ended":
                raise Gone("This session has ended.", error="session_ended")
            if row.visibility == "private" and not invites.valid(row, invite):
                raise Forbidden("This session is private.", error="private_session")
        return _view(s, row, role)


# --- join / leave / end ----------------------------------------------------------------------------

def join(me: Me | None, session_id: str, password: str | None = None, invite: str | None = None,
         address: str | None = None) -> dict:
    """Take the participant slot, or with a role invite a panel seat. `address` is the caller's client address
    (front doors pass it): room password attempts are limited per person, per room and per address."""
    me = _require(me)
    with session_scope() as s:
        row = _load(s, session_id)
        if row.status == "ended":
            raise Gone("This session has ended.", error="session_ended")
        role = _role(s, row, me.id)
        if role is not None:  # already in, whatever the invite says: nothing to claim
            return _view(s, row, role)
        invited = invites.role_of(row, invite)
    if invited in PANEL:
        return _join_panel(me, session_id, invited)
    with session_scope() as s:
        row = _load(s, session_id)
        if row.participant_id is not None:  # before any password, so a right guess answers like a wrong one
            raise Conflict("This room is full: it already has a host and a participant.", error="room_full")
        stored = None
        if row.visibility == "private" and not invites.valid(row, invite):
            if row.password_hash is None:
                raise Forbidden("This session is private: you need its invite link.", error="invite_required")
            stored = row.password_hash
    if stored is not None:  # outside the unit of work above: a nested one would hold two pooled connections
        _check_password(me, session_id, stored, password, address)
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
        if claimed:  # in the same transaction: what the participant may see starts with the claim
            _record_member(s, session_id, me.id, ROLE_PARTICIPANT, now)
    with session_scope() as s:
        row = _load(s, session_id)
        if not claimed:
            if row.participant_id == me.id:
                return _view(s, row, ROLE_PARTICIPANT)
            if row.status == "ended":
                raise Gone("This session has ended.", error="session_ended")
            raise Conflict("This room is full: it already has a host and a participant.", error="room_full")
        return _view(s, row, ROLE_PARTICIPANT)


def _panel_capacity() -> int:
    """Panel seats in a room: everyone but the host and the candidate's seat (always kept free for them)."""
    return max(0, settings.room_max_people - 2)


def _join_panel(me: Me, session_id: str, role: str) -> dict:
    """Take a panel seat as `role`. The seat is claimed by one conditional UPDATE and the membership written in the
    same transaction; a second claim by the same person (a double click, two tabs) fails on the membership's
    unique key or finds it active, and its whole transaction, seat included, is rolled back."""
    if role == ROLE_INTERVIEWER and me.is_guest:
        raise Forbidden("Interviewers need an account: sign up, then open the invite again.",
                        error="guest_cannot_interview")
    now = utcnow()
    try:
        with session_scope() as s:
            claimed = s.exec(
                update(InterviewSession)
                .where(InterviewSession.id == session_id, InterviewSession.status != "ended",
                       InterviewSession.host_id != me.id, or_(InterviewSession.participant_id.is_(None),
                                                               InterviewSession.participant_id != me.id),
                       InterviewSession.panel_seats < _panel_capacity())
                .values(panel_seats=InterviewSession.panel_seats + 1, last_activity_at=now)).rowcount
            if claimed:
                back = s.exec(update(Participant)
                              .where(Participant.session_id == session_id, Participant.user_id == me.id,
                                     Participant.left_at.is_not(None))
                              .values(left_at=None, joined_at=now, role=role)).rowcount
                if not back:  # first time here (an active membership makes this insert fail: rolled back)
                    s.add(Participant(session_id=session_id, user_id=me.id, role=role, joined_at=now))
                    s.flush()
    except IntegrityError:
        claimed = 0
    with session_scope() as s:
        row = _load(s, session_id)
        mine = _role(s, row, me.id)
        if mine is not None:
            return _view(s, row, mine)
        if row.status == "ended":
            raise Gone("This session has ended.", error="session_ended")
        raise Conflict(f"This room is full: at most {settings.room_max_people} people.", error="room_full")


def create_invite(me: Me | None, session_id: str, role: object) -> dict:
    """Host only, live rooms only: the invite link that joins as `role` (interviewer or observer)."""
    me = _require(me)
    if role not in PANEL:
        raise Invalid(f"role must be one of {', '.join(PANEL)}.", error="invalid_role")
    with session_scope() as s:
        row, mine = _live_member(s, me, session_id)
        if mine != ROLE_HOST:
            raise Forbidden("Only the host can invite people to the panel.", error="host_only")
        return {"invite_path": invites.path(row, role), "role": role}


def _password_keys(me: Me, session_id: str, address: str | None) -> dict[str, int]:
    keys = {f"room-pw:user:{me.id}": settings.room_password_max_failures,
            f"room-pw:room:{session_id}": settings.room_password_max_per_room}
    if address:
        keys[f"room-pw:ip:{address}"] = settings.room_password_max_per_address
    return keys


def _check_password(me: Me, session_id: str, stored: str, password: str | None, address: str | None) -> None:
    """The attempt is counted against the person, the room and the address BEFORE the (slow) verify, so N
    concurrent guesses see each other's claims and at most the limit are verified. Once right, the person's count
    is forgotten; the room's and the address's are not (knowing one room's password must not buy guesses)."""
    if not isinstance(password, str) or not password:
        raise Forbidden("Wrong room password.", error="wrong_password")
    keys = _password_keys(me, session_id, address)
    ratelimit.claim(keys, settings.login_window_seconds, "room password attempts")
    if len(password) > 128 or not passwords.verify_password(stored, password):
        raise Forbidden("Wrong room password.", error="wrong_password")
    ratelimit.clear([f"room-pw:user:{me.id}"])


def _record_member(s, session_id: str, user_id: int, role: str, now=None) -> None:
    """Membership history. A participant coming back after leaving starts afresh: `joined_at` is where what they
    may see of the room begins."""
    now = now or utcnow()
    existing = _member(s, session_id, user_id)
    if existing is None:
        try:
            with s.begin_nested():
                s.add(Participant(session_id=session_id, user_id=user_id, role=role, joined_at=now))
        except IntegrityError:
            pass
    else:
        existing.left_at, existing.joined_at, existing.role = None, now, role
        s.add(existing)


def _member(s, session_id: str, user_id: int | None) -> Participant | None:
    return s.exec(select(Participant).where(Participant.session_id == session_id,
                                            Participant.user_id == user_id)).first()


def history_since(s, row: InterviewSession, user_id: int):
    """From when `user_id` may see the room's chat, runs and recordings (inside the caller's unit of work `s`):
    None = all of it, for the host and the panel; a participant from their latest join on."""
    if user_id == row.host_id:
        return None
    member = _member(s, row.id, user_id)
    if member is not None and member.role in PANEL and member.left_at is None:
        return None
    return member.joined_at if member is not None else utcnow()


def _participant_verdict(s, session_id: str, member: Participant | None) -> str | None:
    """The last submit's verdict while this participant was in the room (never a predecessor's)."""
    if member is None:
        return None
    q = select(CodeRun.verdict).where(CodeRun.session_id == session_id, CodeRun.kind == "submit",
                                      CodeRun.created_at >= member.joined_at)
    if member.left_at is not None:
        q = q.where(CodeRun.created_at <= member.left_at)
    return s.exec(q.order_by(CodeRun.id.desc())).first()


def leave(me: Me | None, session_id: str) -> dict:
    """The participant gives up the slot (someone else may take it); the host leaving keeps the room."""
    me = _require(me)
    with session_scope() as s:
        row, role = _live_member(s, me, session_id)
        if role == ROLE_PARTICIPANT:
            s.exec(update(InterviewSession).where(InterviewSession.id == session_id,
                                                  InterviewSession.participant_id == me.id)
                   .values(participant_id=None))
        gone = s.exec(update(Participant).where(Participant.session_id == session_id, Participant.user_id == me.id,
                                                Participant.left_at.is_(None))
                      .values(left_at=utcnow())).rowcount
        if role in PANEL and gone:  # the seat goes back once, however many leaves race
            s.exec(update(InterviewSession).where(InterviewSession.id == session_id,
                                                  InterviewSession.panel_seats > 0)
                   .values(panel_seats=InterviewSession.panel_seats - 1))
        s.flush()
        s.refresh(row)
        return _view(s, row, role if role == ROLE_HOST else None)


def end(me: Me | None, session_id: str) -> dict:
    """Host only. Keeps the record (with the last verdict); live features are closed by the caller via hooks."""
    me = _require(me)
    with session_scope() as s:
        row = _load(s, session_id)
        role = _role(s, row, me.id)
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


def open_solo(s, host_id: int, candidate_id: int, problem_id: int, language: str, now) -> str:
    """A take-home's room (app.assessments), in the caller's transaction: private, no password, the candidate in the
    participant slot from the start and the assessment's author as its host (report and playback are theirs)."""
    row = InterviewSession(host_id=host_id, participant_id=candidate_id, problem_id=problem_id, language=language,
                           visibility="private", status="active", started_at=now, last_activity_at=now)
    s.add(row)
    s.flush()
    _record_member(s, row.id, host_id, ROLE_HOST, now)
    _record_member(s, row.id, candidate_id, ROLE_PARTICIPANT, now)
    return row.id


def close(session_id: str) -> bool:
    """End a room on the server's own account (a take-home at its limit); False if it had ended already."""
    with session_scope() as s:
        row = _load(s, session_id)
        if row.status == "ended":
            return False
        _close(s, row)
        return True


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


def room_people(me: Me | None, session_id: str) -> dict:
    """For a member of a live room: its people (id -> display name, host first), the panel's (interviewers and
    observers, in the order they came) and the problem's title; what Stream's chat channel and call are prepared
    with."""
    me = _require(me)
    with session_scope() as s:
        row, _ = _live_member(s, me, session_id)
        names = _names(s, row.host_id, row.participant_id)
        member = _member(s, row.id, row.participant_id) if row.participant_id else None
        return {"members": {uid: names.get(uid, "") for uid in (row.host_id, row.participant_id) if uid},
                "panel": {p["id"]: p["display_name"] for p in _panel(s, row.id)},
                "participant_since": member.joined_at if member else None,
                "title": s.get(Problem, row.problem_id).title}




def _reviewer_role(s, row: InterviewSession, user_id: int) -> str | None:
    """The host, or anyone who sat on the panel (an ended room keeps its interviewers and observers)."""
    if row.host_id == user_id:
        return ROLE_HOST
    return s.exec(select(Participant.role).where(Participant.session_id == row.id, Participant.user_id == user_id,
                                                 Participant.role.in_(PANEL))).first()


def review_facts(me: Me | None, session_id: str, roles: tuple[str, ...] = REVIEWERS) -> dict:
    """For the interviewers of a session (`roles`), live or ended: what the toolkit needs to know about it. Anyone
    else is refused: 401 anonymous, 404 no such session, 403 the candidate, strangers and former participants."""
    me = _require(me)
    with session_scope() as s:
        row = _load(s, session_id)
        role = _reviewer_role(s, row, me.id)
        if role not in roles:
            raise Forbidden("Only the session's interviewers can see this.", error="interviewers_only")
        problem = s.get(Problem, row.problem_id)
        members = s.exec(select(Participant).where(Participant.session_id == row.id)
                         .order_by(Participant.joined_at)).all()
        names = _names(s, row.host_id, *(m.user_id for m in members))
        return {"id": row.id, "role": role, "status": row.status, "host_id": row.host_id,
                "problem": {"slug": problem.slug, "title": problem.title, "difficulty": problem.difficulty,
                            "id": problem.id},
                "created_at": row.created_at, "started_at": row.started_at, "ended_at": row.ended_at,
                "language": row.language, "final_code": row.final_code, "final_verdict": row.final_verdict,
                "people": [{"user_id": m.user_id, "name": names.get(m.user_id, ""), "role": m.role,
                            "joined_at": m.joined_at, "left_at": m.left_at} for m in members]}


def keep_final_code(session_id: str, code: dict[str, str]) -> None:
    """Keep an ended session's final code on its record (the report and similarity read it without replaying)."""
    with session_scope() as s:
        s.exec(update(InterviewSession).where(InterviewSession.id == session_id, InterviewSession.status == "ended")
               .values(final_code=code))


def end_stale(idle_minutes: int | None = None, connected: set[str] | frozenset = frozenset()) -> list[str]:
    """End rooms nobody has used for `idle_minutes` (rooms with a live socket in `connected` are kept, and a
    take-home's room until it is submitted: its candidate may come back any time before the limit)."""
    cutoff = utcnow() - timedelta(minutes=idle_minutes if idle_minutes is not None else settings.stale_session_minutes)
    taking = select(Assessment.session_id).where(Assessment.submitted_at.is_(None), Assessment.session_id.is_not(None))
    with session_scope() as s:
        rows = s.exec(select(InterviewSession).where(InterviewSession.status != "ended",
                                                     InterviewSession.last_activity_at < cutoff,
                                                     InterviewSession.id.not_in(taking))).all()
        ended = []
        for row in rows:
            if row.id in connected:
                continue
            _close(s, row)
            ended.append(row.id)
        return ended
