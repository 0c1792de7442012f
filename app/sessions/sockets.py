"""Admission for every real-time socket of a room (editor sync, room channel, video signalling), and ending them.

The socket is accepted and then closed with a 44xx code that says why, before any room data is sent:
browsers cannot read the status of a refused handshake, but they can read a close code.
"""
from __future__ import annotations

import asyncio

from starlette.websockets import WebSocket

from app.auth import room_tokens
from app.sessions import service

BAD_TOKEN, NOT_MEMBER, NO_ROOM, ROOM_ENDED, TOO_BIG_DOC = 4401, 4403, 4404, 4410, 4413
MESSAGE_TOO_BIG = 1009


async def admit(ws: WebSocket, session_id: str) -> tuple[room_tokens.RoomClaims, dict] | None:
    """Accept `ws` for a member of a live room holding a valid room token, or close it and return None."""
    await ws.accept()
    try:
        claims = room_tokens.verify(ws.query_params.get("token"), session_id)
    except room_tokens.RoomTokenError as e:
        await ws.close(BAD_TOKEN, reason=str(e)[:120])
        return None
    facts = await asyncio.to_thread(service.room_facts, session_id)
    if facts is None:
        await ws.close(NO_ROOM, reason="no such session")
        return None
    if facts["status"] == "ended":
        await ws.close(ROOM_ENDED, reason="this session has ended")
        return None
    if claims.user_id not in (facts["host_id"], facts["participant_id"]):
        await ws.close(NOT_MEMBER, reason="you are no longer in this session")
        return None
    _handlers.setdefault(session_id, set()).add(asyncio.current_task())
    return claims, facts


_handlers: dict[str, set[asyncio.Task]] = {}


def release(session_id: str) -> None:
    """Called by a handler as it finishes."""
    tasks = _handlers.get(session_id)
    if tasks is not None:
        tasks.discard(asyncio.current_task())
        if not tasks:
            _handlers.pop(session_id, None)


def end_room(session_id: str) -> None:
    """Every socket of the room closes with 4410. Each handler is cancelled and closes its own socket: a close
    sent from another task does not interrupt a handler waiting in receive() under granian."""
    for task in list(_handlers.pop(session_id, ())):
        task.cancel()


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


async def close_ended(ws: WebSocket) -> None:
    try:
        await ws.close(ROOM_ENDED, reason="this session has ended")
    except RuntimeError:  # already closed
        pass
