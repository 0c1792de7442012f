"""The y-websocket endpoint `/collab/{session_id}?token=ROOM_TOKEN`: any standard Yjs client can sync with it.

Protocol (y-protocols): byte 0 = sync (step 1 / step 2 / update) or 1 = awareness. The server answers a
client's step 1 with what it lacks, sends its own step 1, stores every update before relaying it, and
relays awareness (cursors, names), announcing a client's cursors gone when its socket closes.
"""
from __future__ import annotations

import asyncio
import logging

from pycrdt import Decoder, YMessageType, YSyncMessageType, create_sync_message, write_message
from starlette.websockets import WebSocket, WebSocketDisconnect

from app.collab import rooms
from app.config import settings
from app.problems.catalog import public_problem
from app.sessions import service as sessions
from app.sessions.sockets import MESSAGE_TOO_BIG, TOO_BIG_DOC, admit, close_ended, release

log = logging.getLogger(__name__)


def _seed_for(facts: dict):
    def seed() -> tuple[dict[str, str], str]:
        problem = public_problem(facts["problem"]) or {}
        return dict(problem.get("starter") or {}), facts["language"]
    return seed


async def collab_socket(ws: WebSocket, session_id: str) -> None:
    admitted = await admit(ws, session_id)
    if admitted is None:
        return
    claims, facts = admitted
    room = await rooms.open_room(session_id, _seed_for(facts))
    client = rooms.Client(send=ws.send_bytes, user_id=claims.user_id, name=claims.name)
    room.clients.add(client)
    await asyncio.to_thread(sessions.touch, session_id)
    try:
        await ws.send_bytes(create_sync_message(room.doc))
        for other in list(room.clients):
            if other is not client and other.last_awareness:
                await ws.send_bytes(other.last_awareness)
        while True:
            msg = await ws.receive()
            if msg["type"] == "websocket.disconnect":
                break
            data = msg.get("bytes")
            if data is None:
                await _close(ws, 1003, "Yjs messages are binary")
                break
            if len(data) > settings.collab_max_message_bytes:
                await ws.close(MESSAGE_TOO_BIG, reason=f"message over {settings.collab_max_message_bytes} bytes")
                break
            await _handle(ws, room, client, data)
    except rooms.DocumentTooLarge as e:
        await _close(ws, TOO_BIG_DOC, str(e))
    except WebSocketDisconnect:
        pass
    except (RuntimeError, IndexError, ValueError) as e:  # a malformed frame ends this client only
        log.info("collab client of %s sent a malformed message: %r", session_id, e)
        await _close(ws, 1003, "malformed Yjs message")
    except asyncio.CancelledError:  # the room ended (sockets.end_room)
        await close_ended(ws)
    finally:
        release(session_id)
        rooms.release(room, client)
        if client.awareness:
            await room.broadcast(rooms.awareness_removal(client.awareness))


async def _handle(ws: WebSocket, room: rooms.Room, client: rooms.Client, data: bytes) -> None:
    if not data:
        return
    if data[0] == YMessageType.SYNC:
        kind, payload = data[1], Decoder(data[2:]).read_message() or b""
        if kind == YSyncMessageType.SYNC_STEP1:
            await ws.send_bytes(bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP2]) +
                                write_message(room.doc.get_update(payload)))
        elif kind in (YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE):
            await room.apply(payload, client)
    elif data[0] == YMessageType.AWARENESS:
        payload = Decoder(data[1:]).read_message() or b""
        for cid, clock, _state in rooms.awareness_entries(payload):
            client.awareness[cid] = clock
        client.last_awareness = data
        await room.broadcast(data, exclude=client)


async def _close(ws: WebSocket, code: int, reason: str) -> None:
    try:
        await ws.close(code, reason=reason[:120])
    except RuntimeError:  # already closed
        pass

