"""Admission for every real-time socket of a room (editor sync, room channel, video signalling).

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
    return claims, facts
