"""The y-websocket endpoint `/collab/{session_id}?token=ROOM_TOKEN`: any standard Yjs client can sync with it.

Protocol (y-protocols): byte 0 = sync (step 1 / step 2 / update) or 1 = awareness. The server answers a
client's step 1 with what it lacks, sends its own step 1, stores every update before relaying it, and
relays awareness (cursors, names), announcing a client's cursors gone when its socket closes.

Every frame is read strictly (`wire`) before it acts: a malformed frame, an update that does not decode or
apply, or an awareness entry that is not a JSON object closes the sender's socket (1003) and touches nobody
else; a cursor may only be moved by the socket that owns it. An observer's document updates are dropped
(the editor is read-only for them, and the server does not take the browser's word for it).
"""
from __future__ import annotations

import asyncio
import logging

from pycrdt import create_sync_message, write_message
from starlette.websockets import WebSocket, WebSocketDisconnect

from app.collab import rooms, wire
from app.config import settings
from app.problems.lookup import problem
from app.room.admission import (MESSAGE_TOO_BIG, TOO_BIG_DOC, admit, close_cancelled, close_socket, may_edit,
                                release, touch)

log = logging.getLogger(__name__)


def _seed_for(facts: dict):
    def seed() -> rooms.Seed:
        p = problem(facts["problem"])  # the room admitted this member: any problem it has
        return rooms.Seed(dict(p.starter) if p else {}, facts["language"], list(p.whiteboard) if p else [])
    return seed


async def collab_socket(ws: WebSocket, session_id: str) -> None:
    admitted = await admit(ws, session_id)
    if admitted is None:
        return
    claims, facts = admitted
    try:
        room = await rooms.open_room(session_id, _seed_for(facts))
    except asyncio.CancelledError:
        release(session_id)
        await close_cancelled(ws)
        return
    except Exception:  # the database is down, a seed fails: the socket says so, the next attempt may work
        log.exception("could not open the shared document of %s", session_id)
        release(session_id)
        await close_socket(ws, 1011, "the shared document could not be opened; try again")
        return
    client = rooms.Client(send=ws.send_bytes, user_id=claims.user_id, name=claims.name,
                          may_write=may_edit(claims.role))
    room.clients.add(client)
    await touch(session_id)
    try:
        client.outbox.post(create_sync_message(room.doc))
        for other in list(room.clients):
            if other is not client and other.last_awareness:
                client.outbox.post(other.last_awareness)
        for cursor in list(room.remote_cursors.values()):
            client.outbox.post(cursor.frame)
        while True:
            msg = await ws.receive()
            if msg["type"] == "websocket.disconnect":
                break
            data = msg.get("bytes")
            if data is None:
                await close_socket(ws, 1003, "Yjs messages are binary", client.outbox)
                break
            if len(data) > settings.collab_max_message_bytes:
                await close_socket(ws, MESSAGE_TOO_BIG, f"message over {settings.collab_max_message_bytes} bytes",
                                   client.outbox)
                break
            await _handle(room, client, data)
    except rooms.DocumentTooLarge as e:
        await close_socket(ws, TOO_BIG_DOC, str(e), client.outbox)
    except WebSocketDisconnect:
        pass
    except (wire.Malformed, rooms.BadUpdate) as e:  # ends this client only; nothing was stored or relayed
        log.info("collab client of %s sent a malformed message: %s", session_id, e)
        await close_socket(ws, 1003, f"malformed Yjs message: {e}", client.outbox)
    except ValueError as e:  # a state vector that does not decode (sync step 1)
        log.info("collab client of %s sent a malformed state vector: %s", session_id, e)
        await close_socket(ws, 1003, "malformed Yjs message: the state vector does not decode", client.outbox)
    except rooms.RoomUnavailable as e:
        await close_socket(ws, 1011, str(e), client.outbox)
    except asyncio.CancelledError:  # the room ended, this person left (admission), or the socket fell behind
        await close_cancelled(ws, client.outbox)
    except BaseException as e:  # pycrdt reports a Rust panic as a BaseException: it ends this client only
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        log.exception("collab client of %s: unexpected failure", session_id)
        await close_socket(ws, 1011, "the server could not handle that message", client.outbox)
    finally:
        release(session_id)
        rooms.release(room, client)
        if client.awareness:
            removal = rooms.awareness_removal(client.awareness)
            room.broadcast(removal)
            await room.publish_gone(client, removal)


async def _handle(room: rooms.Room, client: rooms.Client, data: bytes) -> None:
    frame = wire.parse(data)
    if frame.kind == wire.SYNC:
        if frame.step == wire.STEP1:
            client.outbox.post(bytes([wire.SYNC, wire.STEP2]) + write_message(room.doc.get_update(frame.payload)))
        elif client.may_write:
            await room.apply(frame.payload, client)
        return  # an observer's edit: read (a malformed one still closes the socket), never stored or relayed
    entries = wire.awareness_entries(frame.payload)
    others = [c for c in room.clients if c is not client]
    if any(cid in other.awareness and other.user_id != client.user_id
           for cid, _clock, _state in entries for other in others) or any(
            room.remote_owner(cid) not in (None, client.user_id) for cid, _clock, _state in entries):
        return  # someone else's cursor (not this person's reconnecting tab): not this socket's to move
    for cid, clock, _state in entries:
        client.awareness[cid] = clock
    client.last_awareness = data
    room.broadcast(data, exclude=client)
    await room.publish_cursor(client)
