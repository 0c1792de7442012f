"""The shared document at any moment of a session, from the kept history (every update with its time and author)
and the snapshots taken every so many updates (keyframes): a seek replays at most one snapshot's worth of updates."""
from __future__ import annotations

from datetime import datetime, timedelta

from pycrdt import Map, Text
from sqlmodel import select

from app.collab import whiteboard
from app.collab.store import replay
from app.db import session_scope
from app.models import DocSnapshot, DocUpdate, InterviewSession
from app.room.timeline import ms_since, start_of


def _texts(doc) -> dict[str, str]:
    out = {}
    for name in doc.keys():
        if name.startswith("code:"):
            try:
                out[name[5:]] = str(doc.get(name, type=Text))
            except Exception:  # not a text (refused by the server's checks since)
                continue
    return out


def doc_at(room: str, when: datetime | None):
    """The document with every update stored at or before `when` (None: everything)."""
    with session_scope() as s:
        q = select(DocUpdate.id).where(DocUpdate.room == room)
        if when is not None:
            q = q.where(DocUpdate.created_at <= when)
        last = s.exec(q.order_by(DocUpdate.id.desc()).limit(1)).first()
        if last is None:
            return replay([], room)
        snap = s.exec(select(DocSnapshot).where(DocSnapshot.room == room, DocSnapshot.upto_id <= last)
                      .order_by(DocSnapshot.upto_id.desc()).limit(1)).first()
        after = snap.upto_id if snap else 0
        tail = list(s.exec(select(DocUpdate.data).where(DocUpdate.room == room, DocUpdate.id > after,
                                                         DocUpdate.id <= last).order_by(DocUpdate.id)).all())
    return replay(([snap.data] if snap else []) + tail, room)


def code_at(session_id: str, t_ms: int | None) -> dict:
    """`{"language", "code": {language: text}, "board": [whiteboard element]}` as it was `t_ms` after the session's start (None: now). The
    timeline gives whole milliseconds, cut down: the moment `t_ms` runs to the end of its millisecond, so the code
    at an edit's `t_ms` holds that edit."""
    with session_scope() as s:
        row = s.get(InterviewSession, session_id)
        when = (None if row is None or t_ms is None
                else start_of(row) + timedelta(milliseconds=t_ms + 1) - timedelta(microseconds=1))
    doc = doc_at(session_id, when)
    try:
        language = doc.get("meta", type=Map).get("language")
    except Exception:
        language = None
    return {"language": language if isinstance(language, str) else None, "code": _texts(doc),
            "board": whiteboard.elements(doc)}


def updates(session_id: str) -> dict:
    """Everything playback needs to replay the session in the browser: the updates in order with their times and
    authors, and the snapshot each one may start from."""
    with session_scope() as s:
        row = s.get(InterviewSession, session_id)
        start = start_of(row)
        rows = s.exec(select(DocUpdate.id, DocUpdate.created_at, DocUpdate.author_id, DocUpdate.data)
                      .where(DocUpdate.room == session_id).order_by(DocUpdate.id)).all()
    return {"start": start.isoformat(),
            "updates": [{"id": i, "t_ms": ms_since(start, at), "by_id": a, "data": d} for i, at, a, d in rows]}
