"""Call recordings: the host's browser records the mixed call and uploads it in numbered chunks as it goes, so
a crash loses at most one chunk. Files live under $PARLEY_DATA_DIR/recordings/<session>/ (0600 files in 0700
directories) and only the room's members may list, play or download them — a participant only those started
after they joined.

Limits, each a clear error: a chunk (RECORDING_MAX_CHUNK_MB) and a recording (RECORDING_MAX_MB), all of a
session's recordings (RECORDING_SESSION_QUOTA_MB) and all of one person's (RECORDING_PERSON_QUOTA_MB) answer 413;
a disk with less than RECORDING_MIN_FREE_MB free answers 507. Nothing starts, grows or finishes once the session
has ended (410); ending it finishes its open recordings.

A chunk is streamed into its own part file as it arrives (never held whole in memory) and only then appended,
under an exclusive lock on the recording's file: the recording is first cut back to the size the database
records, so an aborted, oversize or crashed upload leaves it exactly as it was, a retried chunk is stored once,
and two uploads can never interleave.
"""
from __future__ import annotations

import asyncio
import fcntl
import os
import secrets
import shutil
from pathlib import Path

from sqlalchemy import func, update
from sqlmodel import select

from app.auth.service import Me
from app.config import settings
from app.db import session_scope
from app.errors import (Conflict, Forbidden, Gone, InsufficientStorage, Invalid, NotFound, TooLarge,
                        Unauthorized)
from app.models import InterviewSession, Recording, utcnow
from app.sessions.service import history_since

MIME_TYPES = ("video/webm", "video/mp4")
MB = 1024 * 1024
_WRITE_BLOCK = 256 * 1024  # what an upload holds in memory before it goes to its part file


def _dir(session_id: str) -> Path:
    return settings.parley_data_dir / "recordings" / session_id


def _path(session_id: str, recording_id: str) -> Path:
    return _dir(session_id) / f"{recording_id}.bin"


def _private_dir(session_id: str) -> Path:
    """recordings/ and recordings/<session>/, both 0700 (whatever the umask)."""
    d = _dir(session_id)
    for p in (d.parent, d):
        p.mkdir(mode=0o700, exist_ok=True)
        os.chmod(p, 0o700)
    return d


def canonical_mime(value: object) -> str:
    """`video/webm;codecs=vp8,opus` -> `video/webm`: parameters stripped, lower case, one of MIME_TYPES."""
    base = value.split(";")[0].strip().lower() if isinstance(value, str) and len(value) <= 255 else ""
    if base not in MIME_TYPES:
        raise Invalid(f"mime_type must be one of {', '.join(MIME_TYPES)}.", error="invalid_mime_type")
    return base


def _room(s, me: Me | None, session_id: str) -> InterviewSession:
    if me is None:
        raise Unauthorized("Sign in or join as a guest first.", error="not_signed_in")
    row = s.get(InterviewSession, session_id) if session_id and len(session_id) <= 32 else None
    if row is None:
        raise NotFound("No such session.", error="session_not_found")
    if me.id not in (row.host_id, row.participant_id):
        raise Forbidden("You are not in this session.", error="not_a_member")
    return row


def _recording(s, me: Me | None, session_id: str, recording_id: str) -> tuple[InterviewSession, Recording]:
    row = _room(s, me, session_id)
    rec = s.get(Recording, recording_id) if recording_id and len(recording_id) <= 32 else None
    since = history_since(s, row, me.id)
    if rec is None or rec.session_id != session_id or (since is not None and rec.created_at < since):
        raise NotFound("No such recording.", error="recording_not_found")
    return row, rec


def _recorder(row: InterviewSession, rec: Recording, me: Me, what: str) -> None:
    if rec.started_by != me.id:
        raise Forbidden(f"Only who started the recording can {what} it.", error="not_the_recorder")
    if row.status == "ended":
        raise Gone("This session has ended.", error="session_ended")
    if rec.finished:
        raise Conflict("This recording is finished.", error="recording_finished")


def _public(r: Recording) -> dict:
    return {"id": r.id, "mime_type": r.mime_type, "size_bytes": r.size_bytes, "chunks": r.chunks,
            "finished": r.finished, "created_at": r.created_at.isoformat(),
            "ended_at": r.ended_at.isoformat() if r.ended_at else None}


def _disk_room(directory: Path) -> int:
    """Bytes that may still be written before the free-disk floor."""
    return shutil.disk_usage(directory).free - settings.recording_min_free_mb * MB


def _room_left(s, rec: Recording) -> tuple[int, TooLarge]:
    """How many more bytes this recording may take, and the error that says which limit that is."""
    used_session = s.exec(select(func.coalesce(func.sum(Recording.size_bytes), 0))
                          .where(Recording.session_id == rec.session_id)).one()
    used_person = s.exec(select(func.coalesce(func.sum(Recording.size_bytes), 0))
                         .where(Recording.started_by == rec.started_by)).one()
    limits = [
        (settings.recording_max_chunk_mb * MB, TooLarge(
            f"A chunk is limited to {settings.recording_max_chunk_mb} MB.", error="chunk_too_large")),
        (settings.recording_max_mb * MB - rec.size_bytes, TooLarge(
            f"Recordings are limited to {settings.recording_max_mb} MB.", error="recording_too_large")),
        (settings.recording_session_quota_mb * MB - used_session, TooLarge(
            f"This session's recordings are limited to {settings.recording_session_quota_mb} MB in all.",
            error="session_recording_quota")),
        (settings.recording_person_quota_mb * MB - used_person, TooLarge(
            f"Your recordings are limited to {settings.recording_person_quota_mb} MB in all.",
            error="person_recording_quota")),
    ]
    return min(limits, key=lambda x: x[0])


def _disk_full() -> InsufficientStorage:
    return InsufficientStorage("The server is low on disk space; recording is paused.", error="disk_full")


def start(me: Me | None, session_id: str, mime_type: str) -> dict:
    with session_scope() as s:
        row = _room(s, me, session_id)
        if me.id != row.host_id:
            raise Forbidden("Only the host can record.", error="host_only")
        if row.status == "ended":
            raise Gone("This session has ended.", error="session_ended")
        mime = canonical_mime(mime_type)
        directory = _private_dir(session_id)
        if _disk_room(directory) <= 0:
            raise _disk_full()
        rec = Recording(session_id=session_id, started_by=me.id, mime_type=mime)
        s.add(rec)
        s.flush()
        fd = os.open(_path(session_id, rec.id), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.close(fd)
        return _public(rec)


class ChunkUpload:
    """Chunk `seq` of a recording on its way in: `write` its bytes as they arrive (into a 0600 part file next to
    the recording, refused past the limits), then `commit` appends it; `discard` (always) removes the part file."""

    def __init__(self, me: Me, session_id: str, recording_id: str, seq: int, limit: int, over: Exception):
        self.me, self.session_id, self.recording_id, self.seq = me, session_id, recording_id, seq
        self.limit, self.over, self.size = limit, over, 0
        self.part = _dir(session_id) / f"{recording_id}.{seq}.{secrets.token_hex(6)}.part"
        self._fd: int | None = os.open(self.part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)

    def write(self, data: bytes) -> None:
        if self.size + len(data) > self.limit:
            raise self.over
        _write_all(self._fd, data)
        self.size += len(data)

    def commit(self) -> dict:
        os.fsync(self._fd)
        os.close(self._fd)
        self._fd = None
        return _append(self.me, self.session_id, self.recording_id, self.seq, self.part, self.size)

    def discard(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self.part.unlink(missing_ok=True)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def begin_chunk(me: Me | None, session_id: str, recording_id: str, seq: int,
                declared: int | None = None) -> ChunkUpload | dict:
    """Check chunk `seq` may be added before any of it is read: the recording as it stands when it was already
    stored (a retry), else a ChunkUpload to stream it into. `declared` (a Content-Length) is refused at once past
    the limits."""
    with session_scope() as s:
        rec = _next_chunk(s, me, session_id, recording_id, seq)
        if seq < rec.chunks:
            return _public(rec)
        limit, over = _room_left(s, rec)
    disk = _disk_room(_dir(session_id))
    if disk < limit:
        limit, over = disk, _disk_full()
    if limit <= 0 or (declared is not None and declared > limit):
        raise over
    return ChunkUpload(me, session_id, recording_id, seq, limit, over)


def _next_chunk(s, me: Me, session_id: str, recording_id: str, seq: int):
    """The recording `me` may add chunk `seq` to: `seq` is its next chunk, or one already stored (a retry, which
    the caller answers with the recording as it stands); any other chunk is out of order."""
    row, rec = _recording(s, me, session_id, recording_id)
    _recorder(row, rec, me, "add to")
    if seq > rec.chunks:
        raise Conflict(f"Expected chunk {rec.chunks}, got {seq}.", error="chunk_out_of_order")
    return rec


def _append(me: Me, session_id: str, recording_id: str, seq: int, part: Path, size: int) -> dict:
    """Append a received part under an exclusive lock on the recording's file (held across processes): cut the
    file back to the recorded size, append, fsync, then record the new size if `seq` is still the next chunk."""
    path = _path(session_id, recording_id)
    fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.fchmod(fd, 0o600)  # recordings made before files were private become so
        with session_scope() as s:  # everything is checked again: the session may have ended meanwhile
            rec = _next_chunk(s, me, session_id, recording_id, seq)
            if seq < rec.chunks:
                return _public(rec)
            limit, over = _room_left(s, rec)
            if size > limit:
                raise over
            if size > _disk_room(path.parent):
                raise _disk_full()
            old = rec.size_bytes
            os.ftruncate(fd, old)  # whatever an interrupted append left past the recorded size goes
            os.lseek(fd, old, os.SEEK_SET)
            with open(part, "rb") as src:
                while block := src.read(_WRITE_BLOCK):
                    _write_all(fd, block)
            os.fsync(fd)
            claimed = s.exec(update(Recording).where(Recording.id == rec.id, Recording.chunks == seq,
                                                     Recording.size_bytes == old)
                             .values(size_bytes=old + size, chunks=seq + 1)).rowcount
            if not claimed:  # cannot happen under the lock; never record bytes twice if it does
                os.ftruncate(fd, old)
                raise Conflict("The recording changed during the upload; send the chunk again.",
                               error="chunk_conflict")
            rec.size_bytes, rec.chunks = old + size, seq + 1
            return _public(rec)
    finally:
        os.close(fd)  # releases the lock


def append(me: Me | None, session_id: str, recording_id: str, seq: int, data: bytes) -> dict:
    """Store chunk `seq` (0, 1, 2 …) given whole (the HTTP endpoint streams it instead). A chunk sent twice (a
    retried upload) is stored once."""
    upload = begin_chunk(me, session_id, recording_id, seq, len(data))
    if isinstance(upload, dict):
        return upload
    try:
        upload.write(data)
        return upload.commit()
    finally:
        upload.discard()


def finish(me: Me | None, session_id: str, recording_id: str) -> dict:
    with session_scope() as s:
        row, rec = _recording(s, me, session_id, recording_id)
        if rec.started_by != me.id:
            raise Forbidden("Only who started the recording can finish it.", error="not_the_recorder")
        if row.status == "ended":
            raise Gone("This session has ended.", error="session_ended")
        if not rec.finished:
            rec.finished, rec.ended_at = True, utcnow()
            s.add(rec)
        return _public(rec)


def close_for(session_id: str) -> int:
    """The session ended: its open recordings are finished as they stand (no more chunks can come)."""
    with session_scope() as s:
        return s.exec(update(Recording).where(Recording.session_id == session_id,
                                              Recording.finished == False)  # noqa: E712 (SQL, not Python)
                      .values(finished=True, ended_at=utcnow())).rowcount or 0


async def room_ended(session_id: str) -> None:
    """events.on_end callback."""
    await asyncio.to_thread(close_for, session_id)


def list_for(me: Me | None, session_id: str) -> list[dict]:
    with session_scope() as s:
        row = _room(s, me, session_id)
        q = select(Recording).where(Recording.session_id == session_id, Recording.size_bytes > 0)
        since = history_since(s, row, me.id)
        if since is not None:
            q = q.where(Recording.created_at >= since)
        return [_public(r) for r in s.exec(q.order_by(Recording.created_at)).all()]


def file_for(me: Me | None, session_id: str, recording_id: str) -> tuple[Path, str]:
    """(path, canonical MIME type) of a recording this member may read."""
    with session_scope() as s:
        _, rec = _recording(s, me, session_id, recording_id)
        return _path(session_id, rec.id), canonical_mime(rec.mime_type)
