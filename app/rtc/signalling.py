"""Signalling for the built-in call at `/rtc/{session_id}?token=ROOM_TOKEN`: relays JSON messages (SDP
descriptions, ICE candidates, media state) between the two members of one room, and nothing else.

On connect a member receives `config` (ICE servers, and whether to be the *polite* peer of the perfect
negotiation pattern: the participant is), then `peer` {present} whenever the other side arrives or goes.
A member reconnecting (reload, new tab) replaces its previous socket. Frames are size- and rate-limited.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

from starlette.websockets import WebSocket, WebSocketDisconnect

from app.rtc.ice import ice_servers_for
from app.sessions.sockets import admit, close_ended, receive_text, release

MAX_FRAME = 64 * 1024
RATE_PER_S, BURST = 50.0, 200.0  # ICE gathering sends a few dozen candidates at once
REPLACED, TOO_FAST = 4409, 4429


@dataclass(eq=False)
class Member:
    ws: WebSocket
    user_id: int
    role: str
    tokens: float = BURST
    last: float = field(default_factory=time.monotonic)

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.last) * RATE_PER_S)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


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
    room = _rooms.setdefault(session_id, {})
    me = Member(ws, claims.user_id, claims.role)
    previous = room.get(me.role)
    room[me.role] = me
    if previous is not None:
        try:
            await previous.ws.close(REPLACED, reason="replaced by a newer connection")
        except RuntimeError:
            pass
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
            if not me.allow():
                await ws.close(TOO_FAST, reason="too many signalling messages")
                break
            try:
                data = json.loads(raw)
            except ValueError:
                await _send(me, {"type": "error", "detail": "Messages are JSON."})
                continue
            await _send(room.get(other_role), {"type": "signal", "data": data})
    except WebSocketDisconnect:
        pass
    except asyncio.CancelledError:  # the room ended (sockets.end_room)
        await close_ended(ws)
    finally:
        release(session_id)
        if room.get(me.role) is me:
            del room[me.role]
            await _send(room.get(other_role), {"type": "peer", "present": False})
        if not room and _rooms.get(session_id) is room:
            del _rooms[session_id]

