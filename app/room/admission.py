"""Admission for every real-time socket of a room (editor sync, room channel, video signalling), and closing them.

The socket is accepted and then closed with a 44xx code that says why, before any room data is sent:
browsers cannot read the status of a refused handshake, but they can read a close code. Every admitted
handler is registered under its room and person, so ending a room closes all of them (4410) and a person
leaving closes theirs (4403) at once, whichever feature the socket belongs to.
"""
from __future__ import annotations

import asyncio

from starlette.websockets import WebSocket

from app.auth import room_tokens
from app.config import settings
from app.room.outbox import Outbox
from app.sessions import live, service
from app.sessions.roles import WRITERS

BAD_TOKEN, NOT_MEMBER, NO_ROOM, ROOM_ENDED, TOO_BIG_DOC, TOO_FAST = 4401, 4403, 4404, 4410, 4413, 4429
MESSAGE_TOO_BIG = 1009
BEHIND = 1013  # "try again later": the socket fell too far behind in reading (app.room.outbox)
CLOSE_WAIT_S = 2.0  # a close frame to a peer that does not read waits this long, then the handler ends anyway

_handlers: dict[str, dict[asyncio.Task, int]] = {}  # room -> handler task -> user id
_closing: dict[asyncio.Task, tuple[int, str]] = {}  # why a cancelled handler is being closed


async def admit(ws: WebSocket, session_id: str) -> tuple[room_tokens.RoomClaims, dict] | None:
    """Accept `ws` for a member of a live room holding a valid room token, or close it and return None."""
    await ws.accept()
    try:
        claims = room_tokens.verify(ws.query_params.get("token"), session_id)
    except room_tokens.RoomTokenError as e:
        await ws.close(BAD_TOKEN, reason=str(e)[:120])
        return None
    facts = await asyncio.to_thread(live.room_facts, session_id)
    if facts is None:
        await ws.close(NO_ROOM, reason="no such session")
        return None
    if facts["status"] == "ended":
        await ws.close(ROOM_ENDED, reason="this session has ended")
        return None
    role = live.role_in(facts, claims.user_id)
    if role is None:
        await ws.close(NOT_MEMBER, reason="you are no longer in this session")
        return None
    _handlers.setdefault(session_id, {})[asyncio.current_task()] = claims.user_id
    return room_tokens.as_role(claims, role), facts


def may_edit(role: str) -> bool:
    """Whether a member in `role` may change the shared document and run the code (observers only watch)."""
    return role in WRITERS


def release(session_id: str) -> None:
    """Called by a handler as it finishes."""
    task = asyncio.current_task()
    _closing.pop(task, None)
    tasks = _handlers.get(session_id)
    if tasks is not None:
        tasks.pop(task, None)
        if not tasks:
            _handlers.pop(session_id, None)


def _cancel(tasks, code: int, reason: str) -> None:
    """Each handler is cancelled and closes its own socket: a close sent from another task does not interrupt a
    handler waiting in receive() under granian."""
    for task in tasks:
        if task.done():  # already gone: nothing to close (and nothing to remember)
            continue
        _closing[task] = (code, reason)
        task.cancel()


def end_room(session_id: str) -> None:
    """Every socket of the room closes with 4410."""
    _cancel(list(_handlers.pop(session_id, {})), ROOM_ENDED, "this session has ended")


def outbox_for(send, task: asyncio.Task | None) -> Outbox:
    """The outbox of the socket handler `task` serves: falling SOCKET_MAX_BACKLOG_BYTES behind kicks it (1013)."""
    def behind() -> None:
        if task is not None:
            kick(task, BEHIND, "this connection fell too far behind; reconnect")
    return Outbox(send, behind, settings.socket_max_backlog_bytes)


def kick(task: asyncio.Task, code: int, reason: str) -> None:
    """Close another handler's socket (a newer connection of the same person replaces it, it fell too far behind)
    the only way that works under granian: cancelled, it closes its own socket with `code`. Awaiting its ws.close()
    from here would hang while it waits in receive()."""
    _cancel([task], code, reason)


def close_member(session_id: str, user_id: int) -> None:
    """Every socket this person has open in the room closes with 4403 (they left)."""
    tasks = _handlers.get(session_id, {})
    _cancel([t for t, uid in list(tasks.items()) if uid == user_id], NOT_MEMBER, "you are no longer in this session")


async def close_cancelled(ws: WebSocket, outbox=None) -> None:
    """In a handler that was cancelled by end_room, close_member or kick: close its socket with the code that says
    why (after what its `outbox` still holds)."""
    code, reason = _closing.pop(asyncio.current_task(), (ROOM_ENDED, "this session has ended"))
    await close_socket(ws, code, reason, outbox)


async def close_socket(ws: WebSocket, code: int, reason: str, outbox=None) -> None:
    """Close with `code` once `outbox` (app.room.outbox) is sent; a peer that does not read gets CLOSE_WAIT_S for
    both, then the handler goes on without it."""
    try:
        await asyncio.wait_for(_flush_then_close(ws, code, reason, outbox), CLOSE_WAIT_S)
    except (RuntimeError, asyncio.TimeoutError):  # already closed, or the peer stopped reading
        pass


async def _flush_then_close(ws: WebSocket, code: int, reason: str, outbox) -> None:
    if outbox is not None:
        await outbox.flush()
    await ws.close(code, reason=reason[:120])


async def touch(session_id: str) -> None:
    """Live sockets call this so that rooms in use are never reaped as stale."""
    await asyncio.to_thread(live.touch, session_id)


async def receive_text(ws: WebSocket, max_bytes: int) -> str | None:
    """The next text (or UTF-8 bytes) frame; None once the peer has gone or after closing it (1009) for a
    frame over `max_bytes`."""
    msg = await ws.receive()
    if msg["type"] == "websocket.disconnect":
        return None
    raw = msg.get("text") if msg.get("text") is not None else (msg.get("bytes") or b"").decode("utf-8", "replace")
    if len(raw) > max_bytes:
        await ws.close(MESSAGE_TOO_BIG, reason=f"message over {max_bytes} bytes")
        return None
    return raw
