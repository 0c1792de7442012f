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
Frames are size- and rate-limited. With several app workers the call is one call whichever worker each socket
is on (app.rtc.roster).
"""
from __future__ import annotations

import asyncio

from starlette.websockets import WebSocket, WebSocketDisconnect

from app import untrusted
from app.config import settings
from app.rtc import roster
from app.rtc.ice import ice_servers_for
from app.room.admission import TOO_FAST, admit, close_cancelled, close_socket, receive_text, release

MAX_FRAME = 64 * 1024
REPLACED, CALL_FULL = roster.REPLACED, 4423
live_rooms = roster.live_rooms


def _frame(raw: str) -> dict | str:
    """The frame as a JSON object, or why it is not one."""
    try:
        data = untrusted.loads(raw)
    except ValueError:
        return "Messages are JSON."
    if not isinstance(data, dict):
        return "A message is a JSON object."
    return data


async def rtc_socket(ws: WebSocket, session_id: str) -> None:
    admitted = await admit(ws, session_id)
    if admitted is None:
        return
    claims, _ = admitted
    call = await roster.call(session_id)
    others = call.others(claims.user_id)
    if claims.user_id not in call.local and len(others) >= settings.room_max_people:
        release(session_id)
        await roster.done_with(call)
        await ws.close(CALL_FULL, reason="the call is full")
        return
    me = roster.Member(ws, claims.user_id, claims.role, claims.name)
    await call.join(me)
    try:
        await roster.send(me, {"type": "config", "ice_servers": ice_servers_for(me.user_id), "role": me.role,
                               "peer_id": str(me.user_id), "peers": [roster.seen_by(o, me.user_id) for o in others]})
        await roster.send(me, {"type": "peer", "present": bool(others)})  # what the two-person call waits for
        await call.announce(me)
        while True:
            raw = await receive_text(ws, MAX_FRAME)
            if raw is None:
                break
            if not me.bucket.allow():
                await close_socket(ws, TOO_FAST, "too many signalling messages", me.outbox)
                break
            data = _frame(raw)
            refused = data if isinstance(data, str) else await call.relay(me, data)
            if refused:
                await roster.send(me, {"type": "error", "detail": refused})
    except WebSocketDisconnect:
        pass
    except asyncio.CancelledError:  # the room ended, this person left (admission) or a newer socket replaced it
        await close_cancelled(ws, me.outbox)
    finally:
        release(session_id)
        me.outbox.close()
        await call.leave(me)
        await roster.done_with(call)
