"""Durable Yjs updates: appended before they are relayed, replayed to rebuild a room, compacted into one."""
from __future__ import annotations

from sqlalchemy import delete, func
from sqlmodel import select

from app.db import session_scope
from app.models import DocUpdate


def append(room: str, update: bytes) -> int:
    """Store one update; returns how many the room now has (the caller compacts past a threshold)."""
    with session_scope() as s:
        s.add(DocUpdate(room=room, data=update))
        s.flush()
        return s.exec(select(func.count()).select_from(DocUpdate).where(DocUpdate.room == room)).one()


def load(room: str) -> list[bytes]:
    with session_scope() as s:
        return list(s.exec(select(DocUpdate.data).where(DocUpdate.room == room).order_by(DocUpdate.id)).all())


def compact(room: str, merged: bytes, upto_id: int | None = None) -> None:
    """Replace every stored update (up to `upto_id`) with one that holds the same document."""
    with session_scope() as s:
        last = upto_id or s.exec(select(func.max(DocUpdate.id)).where(DocUpdate.room == room)).one()
        if last is None:
            return
        s.exec(delete(DocUpdate).where(DocUpdate.room == room, DocUpdate.id <= last))
        s.add(DocUpdate(room=room, data=merged))
