"""A session's timeline: what happened in the room and when, stamped by the server.

Live features record here (the room channel: chat, tab away/back, runs; the sessions front doors: join/leave; collab:
language switches and large pastes); playback, the report and the integrity signals read it. Edits are not recorded
twice: every document update is kept with its author and time (app.collab.store), and `events` coalesces them into
typing bursts. Times are milliseconds from the session's start (the candidate's first join; the room's creation
before that), so events before the start are negative.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from sqlmodel import select

from app.db import session_scope
from app.models import DocUpdate, InterviewSession, RoomEvent, User

log = logging.getLogger(__name__)
KINDS = ("join", "leave", "edit", "paste", "language", "run", "submit", "chat", "tab_away", "tab_back")
RECORDED = tuple(k for k in KINDS if k != "edit")
BURST_GAP_MS = 2000  # edits by one person closer than this are one burst


def record(session_id: str, kind: str, user_id: int | None = None, at: datetime | None = None, **data) -> None:
    """`at`: when it happened, if not now (a paste is placed at its update's stored time, so playback just before
    the marker never shows it)."""
    if kind not in RECORDED:
        raise ValueError(f"unknown timeline kind {kind!r}")
    with session_scope() as s:
        s.add(RoomEvent(session_id=session_id, kind=kind, user_id=user_id, data=data, **({"at": at} if at else {})))


_pending: set[asyncio.Task] = set()


def record_soon(session_id: str, kind: str, user_id: int | None = None, at: datetime | None = None,
                **data) -> None:
    """Record from the event loop without making the caller wait (a keystroke's relay never waits on this)."""
    async def go():
        try:
            await asyncio.to_thread(record, session_id, kind, user_id, at, **data)
        except Exception:  # the timeline is a record of the room, never a reason for it to fail
            log.exception("timeline: could not record %s for %s", kind, session_id)
    task = asyncio.get_running_loop().create_task(go())
    _pending.add(task)
    task.add_done_callback(_pending.discard)


async def flushed() -> None:
    """Wait for records scheduled with record_soon (tests, shutdown)."""
    while _pending:
        await asyncio.gather(*list(_pending), return_exceptions=True)


def start_of(row: InterviewSession) -> datetime:
    return row.started_at or row.created_at


def ms_since(start: datetime, when: datetime) -> int:
    return int((when - start).total_seconds() * 1000)


def events(session_id: str) -> list[dict]:
    """Every event of the session in time order: `{t_ms, kind, by, by_id, ...}`; edits as bursts
    (`updates`, `until_ms`)."""
    with session_scope() as s:
        row = s.get(InterviewSession, session_id)
        if row is None:
            return []
        start = start_of(row)
        rows = s.exec(select(RoomEvent).where(RoomEvent.session_id == session_id).order_by(RoomEvent.id)).all()
        edits = s.exec(select(DocUpdate.created_at, DocUpdate.author_id)
                       .where(DocUpdate.room == session_id, DocUpdate.author_id.is_not(None))
                       .order_by(DocUpdate.id)).all()
        ids = {r.user_id for r in rows if r.user_id} | {a for _, a in edits}
        names = {u.id: u.display_name for u in s.exec(select(User).where(User.id.in_(ids))).all()} if ids else {}
    out = [{**r.data, "t_ms": ms_since(start, r.at), "kind": r.kind, "by": names.get(r.user_id),
            "by_id": r.user_id} for r in rows]
    burst: dict | None = None
    for at, author in edits:
        t = ms_since(start, at)
        if burst and burst["by_id"] == author and t - burst["until_ms"] <= BURST_GAP_MS:
            burst["until_ms"], burst["updates"] = t, burst["updates"] + 1
            continue
        burst = {"t_ms": t, "until_ms": t, "kind": "edit", "by": names.get(author), "by_id": author, "updates": 1}
        out.append(burst)
    out.sort(key=lambda e: e["t_ms"])
    return out
