"""Call recordings: the host's browser records the mixed call and uploads it in numbered chunks as it goes, so
a crash loses at most one chunk. Files live under $PARLEY_DATA_DIR/recordings/<session>/, capped at
RECORDING_MAX_MB, and only the room's two members may list, play or download them."""
from __future__ import annotations

import os
from pathlib import Path

from sqlmodel import select

from app.auth.service import Me
from app.config import settings
from app.db import session_scope
from app.errors import Conflict, Forbidden, Gone, Invalid, NotFound, TooLarge, Unauthorized
from app.models import InterviewSession, Recording, utcnow

MIME_TYPES = ("video/webm", "video/mp4")


def _path(session_id: str, recording_id: str) -> Path:
    return settings.parley_data_dir / "recordings" / session_id / f"{recording_id}.bin"


def _room(s, me: Me | None, session_id: str) -> InterviewSession:
    if me is None:
        raise Unauthorized("Sign in or join as a guest first.", error="not_signed_in")
    row = s.get(InterviewSession, session_id) if session_id and len(session_id) <= 32 else None
    if row is None:
        raise NotFound("No such session.", error="session_not_found")
    if me.id not in (row.host_id, row.participant_id):
        raise Forbidden("You are not in this session.", error="not_a_member")
    return row


def _recording(s, me: Me | None, session_id: str, recording_id: str) -> Recording:
    _room(s, me, session_id)
    rec = s.get(Recording, recording_id)
    if rec is None or rec.session_id != session_id:
        raise NotFound("No such recording.", error="recording_not_found")
    return rec


def _public(r: Recording) -> dict:
    return {"id": r.id, "mime_type": r.mime_type, "size_bytes": r.size_bytes, "chunks": r.chunks,
            "finished": r.finished, "created_at": r.created_at.isoformat(),
            "ended_at": r.ended_at.isoformat() if r.ended_at else None}


def start(me: Me | None, session_id: str, mime_type: str) -> dict:
    with session_scope() as s:
        row = _room(s, me, session_id)
        if me.id != row.host_id:
            raise Forbidden("Only the host can record.", error="host_only")
        if row.status == "ended":
            raise Gone("This session has ended.", error="session_ended")
        if not isinstance(mime_type, str) or not mime_type.split(";")[0].strip() in MIME_TYPES:
            raise Invalid(f"mime_type must be one of {', '.join(MIME_TYPES)}.", error="invalid_mime_type")
        rec = Recording(session_id=session_id, started_by=me.id, mime_type=mime_type[:64])
        s.add(rec)
        s.flush()
        path = _path(session_id, rec.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        return _public(rec)


def append(me: Me | None, session_id: str, recording_id: str, seq: int, data: bytes) -> dict:
    """Store chunk `seq` (0, 1, 2 …). A chunk sent twice (a retried upload) is stored once."""
    with session_scope() as s:
        rec = _recording(s, me, session_id, recording_id)
        if rec.started_by != me.id:
            raise Forbidden("Only who started the recording can add to it.", error="not_the_recorder")
        if rec.finished:
            raise Conflict("This recording is finished.", error="recording_finished")
        if seq < rec.chunks:
            return _public(rec)
        if seq != rec.chunks:
            raise Conflict(f"Expected chunk {rec.chunks}, got {seq}.", error="chunk_out_of_order")
        if rec.size_bytes + len(data) > settings.recording_max_mb * 1024 * 1024:
            raise TooLarge(f"Recordings are limited to {settings.recording_max_mb} MB.", error="recording_too_large")
        with open(_path(session_id, rec.id), "ab") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        rec.size_bytes += len(data)
        rec.chunks += 1
        s.add(rec)
        return _public(rec)


def finish(me: Me | None, session_id: str, recording_id: str) -> dict:
    with session_scope() as s:
        rec = _recording(s, me, session_id, recording_id)
        if rec.started_by != me.id:
            raise Forbidden("Only who started the recording can finish it.", error="not_the_recorder")
        if not rec.finished:
            rec.finished, rec.ended_at = True, utcnow()
            s.add(rec)
        return _public(rec)


def list_for(me: Me | None, session_id: str) -> list[dict]:
    with session_scope() as s:
        _room(s, me, session_id)
        rows = s.exec(select(Recording).where(Recording.session_id == session_id, Recording.size_bytes > 0)
                      .order_by(Recording.created_at)).all()
        return [_public(r) for r in rows]


def file_for(me: Me | None, session_id: str, recording_id: str) -> tuple[Path, str]:
    with session_scope() as s:
        rec = _recording(s, me, session_id, recording_id)
        return _path(session_id, rec.id), rec.mime_type.split(";")[0]
