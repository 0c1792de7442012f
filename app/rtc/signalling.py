"""Signalling for the built-in call at `/rtc/{session_id}?token=ROOM_TOKEN`: relays JSON messages (SDP
descriptions, ICE candidates, media state) between the members of one room, and nothing else.

The call is a full mesh: one peer connection per pair of people, each pair negotiated on its own. Every member
of the room (host, interviewers, observers, candidate) may join; a peer is known by its id (the user id, as a
string), its display name (from the signed room token) and its role. On connect a member receives `config` (ICE
servers, its own `peer_id`, and `peers`: who is in the call, each with `polite`, whether this member is the
*polite* side of that pair in the perfect negotiation pattern: the one with the higher id is), then `peer`
{present, id, name, role, polite} whenever someone arrives (again, after a reload) or goes.

A frame is a JSON object. With `to` (a peer id in the call) it goes to that peer alone; without, to everyone
else (what the two-person call sends). Either way the receiver gets `signal` {from, data}. A frame for a peer
not in the call, or that is not a JSON object, is answered with `error` and relayed to nobody. A member
reconnecting (reload, new tab) replaces its previous socket; nobody beyond `room_max_people` gets a seat.
Frames are size- and rate-limited.
"""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

from starlette.websockets import WebSocket, WebSocketDisconnect

from app import untrusted
from app.config import settings
from app.rtc.ice import ice_servers_for
from app.room.admission import TOO_FAST, admit, close_cancelled, receive_text, release, replace
from app.room.limits import TokenBucket

MAX_FRAME = 64 * 1024
RATE_PER_S, BURST = 50.0, 200.0  # ICE gathering sends a few dozen candidates per peer at once
REPLACED, CALL_FULL = 4409, 4423


@dataclass(eq=False)
class Member:
    ws: WebSocket
    user_id: int
    role: str
    name: str
    bucket: TokenBucket = field(default_factory=lambda: TokenBucket(RATE_PER_S, BURST))
    task: asyncio.Task | None = field(default_factory=asyncio.current_task)  # the handler serving this socket

    @property
    def peer_id(self) -> str:
        return str(self.user_id)

    def seen_by(self, other: "Member") -> dict:
        """This member as `other` is told about it: `polite` is whether `other` yields in their pair."""
        return {"id": self.peer_id, "name": self.name, "role": self.role, "polite": other.user_id > self.user_id}


_rooms: dict[str, dict[int, Member]] = {}  # session id -> user id -> member


async def _send(m: Member | None, message: dict) -> None:
    if m is None:
        return
    try:
        await m.ws.send_text(json.dumps(message))
    except Exception:  # its own loop cleans up
        pass


def live_rooms() -> set[str]:
    return {r for r, members in _rooms.items() if members}


def _route(room: dict[int, Member], me: Member, raw: str) -> tuple[list[Member], dict] | str:
    """Who a frame goes to and what they receive, or why it goes nowhere."""
    try:
        data = untrusted.loads(raw)
    except ValueError:
        return "Messages are JSON."
    if not isinstance(data, dict):
        return "A message is a JSON object."
    if "to" not in data:
        return [m for m in room.values() if m is not me], {"type": "signal", "from": me.peer_id, "data": data}
    to = data.pop("to")
    target = next((m for m in room.values() if isinstance(to, str) and m.peer_id == to), None)
    if target is None or target is me:
        return "No such peer in this call."
    return [target], {"type": "signal", "from": me.peer_id, "data": data}


async def rtc_socket(ws: WebSocket, session_id: str) -> None:
    admitted = await admit(ws, session_id)
    if admitted is None:
        return
    claims, _ = admitted
    room = _rooms.setdefault(session_id, {})
    if claims.user_id not in room and len(room) >= settings.room_max_people:
        release(session_id)
        await ws.close(CALL_FULL, reason="the call is full")
        return
    me = Member(ws, claims.user_id, claims.role, claims.name)
    previous = room.get(me.user_id)
    room[me.user_id] = me
    if previous is not None and previous.task is not None:
        replace(previous.task, REPLACED, "replaced by a newer connection")
    try:
        others = [m for m in room.values() if m is not me]
        await _send(me, {"type": "config", "ice_servers": ice_servers_for(me.user_id), "role": me.role,
                         "peer_id": me.peer_id, "peers": [m.seen_by(me) for m in others]})
        await _send(me, {"type": "peer", "present": bool(others)})  # what the two-person call waits for
        for other in others:
            await _send(other, {"type": "peer", "present": True, **me.seen_by(other)})
        while True:
            raw = await receive_text(ws, MAX_FRAME)
            if raw is None:
                break
            if not me.bucket.allow():
                await ws.close(TOO_FAST, reason="too many signalling messages")
                break
            routed = _route(room, me, raw)
            if isinstance(routed, str):
                await _send(me, {"type": "error", "detail": routed})
                continue
            targets, message = routed
            for target in targets:
                await _send(target, message)
    except WebSocketDisconnect:
        pass
    except asyncio.CancelledError:  # the room ended, or this person left (admission)
        await close_cancelled(ws)
    finally:
        release(session_id)
        if room.get(me.user_id) is me:
            del room[me.user_id]
            for other in room.values():
                await _send(other, {"type": "peer", "present": False, **me.seen_by(other)})
        if not room and _rooms.get(session_id) is room:
            del _rooms[session_id]
