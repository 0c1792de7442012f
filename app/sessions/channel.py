"""The room channel `/room/{session_id}?token=ROOM_TOKEN`: JSON messages for everything in a room but the code.

Client → server: `chat {body}`, `reaction {emoji}`, `visibility {visible}`, `run {kind: run|submit}`.
Server → client: `hello` (who you are, presence, chat and run history), `presence`, `joined`/`left`, `chat`,
`reaction`, `run_started`, `run_result`, `ended`, `error {detail}`. Authors and times are stamped here from
the room token, never taken from the client. Presence is the set of open sockets, so it cannot lie.
"""
from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field

from starlette.websockets import WebSocket, WebSocketDisconnect

from app.chat import service as chat
from app.errors import ParleyError
from app.sessions import runs, service as sessions
from app.sessions.sockets import admit, close_ended, end_room, receive_text, release

log = logging.getLogger(__name__)
MAX_FRAME = 16 * 1024
REACTIONS = ("👍", "🎉", "👏", "🔥", "🤔", "😂", "❤️", "🚀")


@dataclass(eq=False)
class Conn:
    ws: WebSocket
    user_id: int
    name: str
    role: str
    visible: bool = True


@dataclass
class Channel:
    conns: set[Conn] = field(default_factory=set)

    def presence(self) -> list[dict]:
        people: dict[int, dict] = {}
        for c in self.conns:
            p = people.setdefault(c.user_id, {"user_id": c.user_id, "name": c.name, "role": c.role,
                                              "connected": True, "visible": False})
            p["visible"] = p["visible"] or c.visible
        return sorted(people.values(), key=lambda p: p["role"])

    def online(self, user_id: int) -> int:
        return sum(1 for c in self.conns if c.user_id == user_id)

    async def send(self, message: dict, exclude: Conn | None = None) -> None:
        text = json.dumps(message)
        await asyncio.gather(*(_send(c, text) for c in list(self.conns) if c is not exclude))


async def _send(c: Conn, text: str) -> None:
    try:
        await c.ws.send_text(text)
    except Exception:  # the socket's own loop notices and cleans up
        pass


_channels: dict[str, Channel] = {}
_tasks: set[asyncio.Task] = set()  # runs outlive the message that started them


def live_rooms() -> set[str]:
    return {r for r, ch in _channels.items() if ch.conns}


async def broadcast(session_id: str, message: dict) -> None:
    ch = _channels.get(session_id)
    if ch:
        await ch.send(message)


async def room_socket(ws: WebSocket, session_id: str) -> None:
    admitted = await admit(ws, session_id)
    if admitted is None:
        return
    claims, facts = admitted
    ch = _channels.setdefault(session_id, Channel())
    me = Conn(ws, claims.user_id, claims.name, claims.role)
    first = ch.online(me.user_id) == 0
    ch.conns.add(me)
    try:
        chat_history, run_history = await asyncio.gather(asyncio.to_thread(chat.history, session_id),
                                                         asyncio.to_thread(runs.history, session_id))
        await ws.send_text(json.dumps({"type": "hello", "you": {"user_id": me.user_id, "name": me.name,
                                                                 "role": me.role},
                                       "presence": ch.presence(), "chat": chat_history, "runs": run_history,
                                       "running": runs.busy(session_id)}))
        if first:
            await ch.send({"type": "joined", "name": me.name, "role": me.role}, exclude=me)
        await ch.send({"type": "presence", "people": ch.presence()}, exclude=me)
        while True:
            raw = await receive_text(ws, MAX_FRAME)
            if raw is None:
                break
            try:
                data = json.loads(raw)
                if not isinstance(data, dict):
                    raise ValueError("not an object")
            except ValueError:
                await _reply_error(me, "Messages are JSON objects.")
                continue
            try:
                await _handle(ch, me, session_id, facts, data)
            except ParleyError as e:
                await _reply_error(me, e.detail, e.error)
    except WebSocketDisconnect:
        pass
    except asyncio.CancelledError:  # the room ended (sockets.end_room)
        await close_ended(ws)
    finally:
        release(session_id)
        ch.conns.discard(me)
        if ch.online(me.user_id) == 0:
            await ch.send({"type": "left", "name": me.name, "role": me.role})
        await ch.send({"type": "presence", "people": ch.presence()})
        if not ch.conns and _channels.get(session_id) is ch:
            del _channels[session_id]


async def _reply_error(me: Conn, detail: str, error: str = "bad_request") -> None:
    await _send(me, json.dumps({"type": "error", "error": error, "detail": detail}))


async def _handle(ch: Channel, me: Conn, session_id: str, facts: dict, data: dict) -> None:
    kind = data.get("type")
    if kind == "chat":
        message = await asyncio.to_thread(chat.post, session_id, me.user_id, me.name, data.get("body"))
        await ch.send({"type": "chat", "message": message})
        await asyncio.to_thread(sessions.touch, session_id)
    elif kind == "reaction":
        if data.get("emoji") not in REACTIONS:
            await _reply_error(me, f"Reactions are one of {' '.join(REACTIONS)}.", "invalid_reaction")
            return
        await ch.send({"type": "reaction", "emoji": data["emoji"], "by": me.name})
    elif kind == "visibility":
        me.visible = bool(data.get("visible"))
        await ch.send({"type": "presence", "people": ch.presence()})
    elif kind == "run":
        task = asyncio.create_task(_run(ch, me, session_id, facts["problem"], str(data.get("kind", "run"))))
        _tasks.add(task)
        task.add_done_callback(_tasks.discard)
    else:
        await _reply_error(me, f"Unknown message type {str(kind)[:40]!r}.", "unknown_type")


async def _run(ch: Channel, me: Conn, session_id: str, problem: str, kind: str) -> None:
    try:
        with runs.slot(session_id):
            await ch.send({"type": "run_started", "by": me.name, "kind": kind})
            try:
                result = await runs.run(session_id, problem, me.user_id, kind)
            except ParleyError as e:
                await ch.send({"type": "run_failed", "by": me.name, "detail": e.detail})
                return
            except Exception:
                log.exception("room run failed")
                await ch.send({"type": "run_failed", "by": me.name, "detail": "The run failed unexpectedly."})
                return
    except ParleyError as e:  # the slot is taken
        await _reply_error(me, e.detail, e.error)
        return
    await ch.send({"type": "run_result", "run": result})
    await asyncio.to_thread(sessions.touch, session_id)


async def announce_end(session_id: str) -> None:
    """Tell everyone in the room it has ended (their pages show the ended screen), then close every socket."""
    await broadcast(session_id, {"type": "ended"})
    end_room(session_id)
