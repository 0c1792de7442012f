"""Private Markdown notes on a session: the host's and interviewers' shared notes, kept under the host's id, and
each observer's own, under theirs. They travel only over the REST endpoints the panel calls (never the room's
sockets, never a Reflex state the candidate has)."""
from __future__ import annotations

from sqlmodel import select

from app.auth.service import Me
from app.config import settings
from app.db import session_scope
from app.errors import Unprocessable
from app.models import Note, utcnow
from app.sessions.roles import NOTE_TAKERS, REVIEWERS
from app.sessions.service import review_facts


def _owner(me: Me, facts: dict) -> int:
    """Whose notes `me` reads and writes: the panel's (under the host's id), or an observer's own."""
    return facts["host_id"] if facts["role"] in REVIEWERS else me.id


def get(me: Me | None, session_id: str) -> dict:
    facts = review_facts(me, session_id, NOTE_TAKERS)
    with session_scope() as s:
        note = s.exec(select(Note).where(Note.session_id == session_id, Note.user_id == _owner(me, facts))).first()
        return _view(note)


def put(me: Me | None, session_id: str, markdown: object) -> dict:
    facts = review_facts(me, session_id, NOTE_TAKERS)
    if not isinstance(markdown, str):
        raise Unprocessable("markdown: a string is required.", error="invalid_notes")
    if len(markdown) > settings.notes_max_chars:
        raise Unprocessable(f"markdown: notes are limited to {settings.notes_max_chars} characters.",
                            error="notes_too_long")
    owner = _owner(me, facts)
    with session_scope() as s:
        note = s.exec(select(Note).where(Note.session_id == session_id, Note.user_id == owner)).first()
        if note is None:
            note = Note(session_id=session_id, user_id=owner)
        note.body, note.updated_at, note.updated_by = markdown, utcnow(), me.id
        s.add(note)
        s.flush()
        return _view(note)


def text(session_id: str, host_id: int) -> str:
    """The panel's notes for the report (the caller has checked who is asking)."""
    with session_scope() as s:
        note = s.exec(select(Note).where(Note.session_id == session_id, Note.user_id == host_id)).first()
        return note.body if note else ""


def _view(note: Note | None) -> dict:
    return {"markdown": note.body if note else "",
            "updated_at": note.updated_at.isoformat() if note else None}
