"""Signalling for the built-in call at `/rtc/{session_id}?token=ROOM_TOKEN`: relays JSON messages (SDP
descriptions, ICE candidates, media state) between the two members of one room, and nothing else.

On connect a member receives `config` (ICE servers, and whether to be the *polite* peer of the perfect
negotiation pattern: the participant is), then `peer` {present} whenever the other side arrives or goes.
A member reconnecting (reload, new tab) replaces its previous socket. Frames are size- and rate-limited.
"""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

from starlette.websockets import WebSocket, WebSocketDisconnect

from app import untrusted
from app.rtc.ice import ice_servers_for
from app.room.admission import NOT_MEMBER, TOO_FAST, admit, close_cancelled, receive_text, release, replace
from app.room.limits import TokenBucket

MAX_FRAME = 64 * 1024
RATE_PER_S, BURST = 50.0, 200.0  # ICE gathering sends a few dozen candidates at once
REPLACED = 4409
CALLERS = ("host", "participant")


@dataclass(eq=False)
class Member:
    ws: WebSocket
    user_id: int
    role: str
    bucket: TokenBucket = field(default_factory=lambda: TokenBucket(RATE_PER_S, BURST))
    task: asyncio.Task | None = field(default_factory=asyncio.current_task)  # the handler serving this socket


_rooms: dict[str, dict[str, Member]] = {}  # session id -> role -> member


async def _send(m: Member | None, message: dict) -> None:
    if m is None:
        return
    try:
        await m.ws.send_text(json.dumps(message))
    except Exception:  # its own loop cleans up
        pass


def live_rooms() -> set[str]:
    return {r for r, members in _rooms.items() if members}


async def rtc_socket(ws: WebSocket, session_id: str) -> None:
    admitted = await admit(ws, session_id)
    if admitted is None:
        return
    claims, _ = admitted
    if claims.role not in CALLERS:  # the built-in call pairs the host and the candidate; a panel seat watches
        release(session_id)
        await ws.close(NOT_MEMBER, reason="the built-in call is between the host and the candidate")
        return
    room = _rooms.setdefault(session_id, {})
    me = Member(ws, claims.user_id, claims.role)
    previous = room.get(me.role)
    room[me.role] = me
    if previous is not None and previous.task is not None:
        replace(previous.task, REPLACED, "replaced by a newer connection")
    other_role = "participant" if me.role == "host" else "host"
    try:
        await _send(me, {"type": "config", "ice_servers": ice_servers_for(me.user_id),
                         "polite": me.role == "participant", "role": me.role})
        await _send(me, {"type": "peer", "present": other_role in room})
        await _send(room.get(other_role), {"type": "peer", "present": True})
        while True:
            raw = await receive_text(ws, MAX_FRAME)
            if raw is None:
                break
            if not me.bucket.allow():
                await ws.close(TOO_FAST, reason="too many signalling messages")
                break
            try:
                data = untrusted.loads(raw)
            except ValueError:
                await _send(me, {"type": "error", "detail": "Messages are JSON."})
                continue
            await _send(room.get(other_role), {"type": "signal", "data": data})
    except WebSocketDisconnect:
        pass
    except asyncio.CancelledError:  # the room ended, or this person left (admission)
        await close_cancelled(ws)
    finally:
        release(session_id)
        if room.get(me.role) is me:
            del room[me.role]
            await _send(room.get(other_role), {"type": "peer", "present": False})
        if not room and _rooms.get(session_id) is room:
            del _rooms[session_id]

