"""The room channel `/room/{session_id}?token=ROOM_TOKEN`: JSON messages for everything in a room but the code.

Client → server: `chat {body}`, `reaction {emoji}`, `visibility {visible}`, `run {kind: run|submit}`.
Server → client: `hello` (who you are, presence, chat and run history), `presence`, `joined`/`left`, `chat`,
`reaction`, `run_started`, `run_result`, `ended`, `error {detail}`. Authors and times are stamped here from
the room token, never taken from the client. Presence is the set of open sockets, so it cannot lie.

A participant's `hello` holds only the chat and runs from their join on (the host's holds everything). Every
message a member sends spends from one token bucket per member and room (ROOM_MESSAGES_PER_SECOND, burst
ROOM_MESSAGE_BURST, shared by their sockets and kept across reconnects): past it the message is dropped with
`error {error: "rate_limited"}`, and ROOM_FLOOD_CLOSE_AFTER refusals in a row close the socket with 4429.

Across app workers (REDIS_URL) what one worker sends to its sockets it also publishes (app.room.fanout), and the
others send it to theirs; presence is each worker's people merged by person, so it counts people, not sockets.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field

from starlette.websockets import WebSocket, WebSocketDisconnect

from app import untrusted
from app.chat import service as chat
from app.config import settings
from app.errors import ParleyError
from app.room import fanout, runs, timeline
from app.room.admission import (TOO_FAST, admit, close_cancelled, close_socket, end_room, may_edit, outbox_for,
                                receive_text, release, touch)
from app.room.limits import TokenBucket
from app.room.outbox import Outbox
from app.sessions.live import visible_since

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
    held: list[str] | None = field(default_factory=list)  # what arrived before its hello went out; None once sent
    task: asyncio.Task | None = field(default_factory=asyncio.current_task)  # the handler serving this socket
    outbox: Outbox = field(init=False)  # what the socket is sent (never waited on: see app.room.outbox)

    def __post_init__(self) -> None:
        self.outbox = outbox_for(self.ws.send_text, self.task)


MESSAGE, PEOPLE = b"M", b"P"  # cross-worker kinds: a message, a worker's people (kept: a new follower reads them)
PEOPLE_EVERY_S = 10  # each worker repeats its people this often; a worker silent for 3 times that is gone (kill -9)


@dataclass
class Channel:
    id: str
    conns: set[Conn] = field(default_factory=set)
    away_since: dict[int, float] = field(default_factory=dict)  # person -> when their last visible tab went away
    elsewhere: dict[bytes, tuple[float, list[dict]]] = field(default_factory=dict)  # other worker -> (when
    # heard, its people in this room)
    ready: asyncio.Event = field(default_factory=asyncio.Event)  # set once the other workers' people are known

    def visible(self, user_id: int) -> bool:
        return any(c.visible for c in self.conns if c.user_id == user_id)

    def here(self) -> list[dict]:
        people: dict[int, dict] = {}
        for c in self.conns:
            p = people.setdefault(c.user_id, {"user_id": c.user_id, "name": c.name, "role": c.role,
                                              "connected": True, "visible": False})
            p["visible"] = p["visible"] or c.visible
        return list(people.values())

    def presence(self) -> list[dict]:
        people: dict[int, dict] = {}
        fresh = time.monotonic() - 3 * PEOPLE_EVERY_S
        for p in [*self.here(), *(q for heard, group in self.elsewhere.values() if heard > fresh for q in group)]:
            known = people.setdefault(p["user_id"], dict(p))
            known["visible"] = known["visible"] or p["visible"]
        return sorted(people.values(), key=lambda p: p["role"])

    def online(self, user_id: int) -> int:
        return sum(1 for c in self.conns if c.user_id == user_id)

    async def send(self, message: dict, exclude: Conn | None = None, *, here_only: bool = False) -> None:
        text = json.dumps(message)
        for c in list(self.conns):
            if c is not exclude:
                _send(c, text)
        if not here_only and fanout.bus().enabled:
            await fanout.bus().publish(fanout.channel("room", self.id), MESSAGE + text.encode())

    async def presence_changed(self, exclude: Conn | None = None) -> None:
        """Everyone's presence, here and (through the others' merged views) in every other worker."""
        await self.send({"type": "presence", "people": self.presence()}, exclude=exclude, here_only=True)
        await self.publish_people()

    async def publish_people(self) -> None:
        await fanout.bus().say(fanout.channel("room", self.id), PEOPLE + json.dumps(self.here()).encode(),
                               keep_ms=3 * PEOPLE_EVERY_S * 1000)

    async def from_peers(self, sender: bytes, body: bytes) -> None:
        kind, rest = body[:1], body[1:]
        if kind == MESSAGE:
            text = rest.decode()
            for c in list(self.conns):
                _send(c, text)
        elif kind == PEOPLE:
            people, before = json.loads(rest), self.presence()
            if people:
                self.elsewhere[sender] = (time.monotonic(), people)
            else:
                self.elsewhere.pop(sender, None)
            if self.presence() != before:
                await self.send({"type": "presence", "people": self.presence()}, here_only=True)


def _send(c: Conn, text: str) -> None:
    if c.held is not None:  # its hello is being prepared: this follows it, in order
        c.held.append(text)
        return
    c.outbox.post(text)


@dataclass
class Budget:
    """One member's message budget in one room, and how many messages in a row it has refused."""
    bucket: TokenBucket
    refused: int = 0


_channels: dict[str, Channel] = {}
_budgets: dict[str, dict[int, Budget]] = {}  # room -> user id -> budget; dropped when the room ends
_tasks: set[asyncio.Task] = set()  # runs outlive the message that started them


def _budget(session_id: str, user_id: int) -> Budget:
    room = _budgets.setdefault(session_id, {})
    if user_id not in room:
        room[user_id] = Budget(TokenBucket(settings.room_messages_per_second, settings.room_message_burst))
    return room[user_id]


def live_rooms() -> set[str]:
    return {r for r, ch in _channels.items() if ch.conns}


async def _channel(session_id: str) -> Channel:
    """This worker's channel of the room; the first socket here subscribes it to the other workers' traffic."""
    ch = _channels.get(session_id)
    if ch is not None:
        await ch.ready.wait()
        return ch
    ch = _channels[session_id] = Channel(session_id)
    try:
        if fanout.bus().enabled:
            _repeat_people()
            # the others' people, before this socket's hello
            await fanout.bus().follow(fanout.channel("room", session_id), ch.from_peers,
                                      fresh_ms=2 * PEOPLE_EVERY_S * 1000)
    finally:
        ch.ready.set()
    return ch


_repeater: list[asyncio.Task] = []


def _repeat_people() -> None:
    """With other workers: say who is here every PEOPLE_EVERY_S, so a worker that dies drops out of presence."""
    async def repeat() -> None:
        while True:
            await asyncio.sleep(PEOPLE_EVERY_S)
            for ch in list(_channels.values()):
                if ch.conns:
                    await ch.publish_people()
            for ch in list(_channels.values()):  # and drop the ones that went quiet
                if any(heard < time.monotonic() - 3 * PEOPLE_EVERY_S for heard, _ in ch.elsewhere.values()):
                    ch.elsewhere = {k: v for k, v in ch.elsewhere.items()
                                    if v[0] >= time.monotonic() - 3 * PEOPLE_EVERY_S}
                    await ch.send({"type": "presence", "people": ch.presence()}, here_only=True)
    if not _repeater or _repeater[0].done():
        _repeater[:] = [asyncio.get_running_loop().create_task(repeat())]


async def room_socket(ws: WebSocket, session_id: str) -> None:
    admitted = await admit(ws, session_id)
    if admitted is None:
        return
    claims, facts = admitted
    ch = await _channel(session_id)
    me = Conn(ws, claims.user_id, claims.name, claims.role)
    budget = _budget(session_id, me.user_id)
    first = ch.online(me.user_id) == 0
    ch.conns.add(me)
    try:
        since = visible_since(facts, me.user_id)  # a participant sees nothing from before they joined
        chat_history, run_history = await asyncio.gather(
            asyncio.to_thread(chat.history, session_id, chat.HISTORY, since),
            asyncio.to_thread(runs.history, session_id, runs.HISTORY, since))
        me.outbox.post(json.dumps({"type": "hello", "you": {"user_id": me.user_id, "name": me.name, "role": me.role},
                                   "presence": ch.presence(), "chat": chat_history, "runs": run_history,
                                   "running": await runs.busy(session_id)}))
        held, me.held = me.held or [], None
        for text in held:
            _send(me, text)
        if first:
            timeline.record_soon(session_id, "join", me.user_id, role=me.role)
            await ch.send({"type": "joined", "name": me.name, "role": me.role}, exclude=me)
        await ch.presence_changed(exclude=me)
        while True:
            raw = await receive_text(ws, MAX_FRAME)
            if raw is None:
                break
            if not budget.bucket.allow():  # dropped before it is even parsed: never stored, never relayed
                budget.refused += 1
                if budget.refused >= settings.room_flood_close_after:
                    await close_socket(ws, TOO_FAST, "too many messages", me.outbox)
                    break
                _reply_error(me, "You are sending messages too fast; this one was dropped.", "rate_limited")
                continue
            budget.refused = 0
            try:
                data = untrusted.loads(raw)
                if not isinstance(data, dict):
                    raise ValueError("not an object")
            except ValueError:
                _reply_error(me, "Messages are JSON objects.")
                continue
            try:
                await _handle(ch, me, session_id, facts, data)
            except ParleyError as e:
                _reply_error(me, e.detail, e.error)
    except WebSocketDisconnect:
        pass
    except asyncio.CancelledError:  # the room ended, this person left (admission), or the socket fell behind
        await close_cancelled(ws, me.outbox)
    finally:
        release(session_id)
        ch.conns.discard(me)
        me.outbox.close()
        if ch.online(me.user_id) == 0:
            ch.away_since.pop(me.user_id, None)
            timeline.record_soon(session_id, "leave", me.user_id, role=me.role)
            await ch.send({"type": "left", "name": me.name, "role": me.role})
        await ch.presence_changed()
        if not ch.conns and _channels.get(session_id) is ch:
            del _channels[session_id]
            if fanout.bus().enabled:
                await fanout.bus().unsubscribe(fanout.channel("room", session_id), ch.from_peers)


def _reply_error(me: Conn, detail: str, error: str = "bad_request") -> None:
    _send(me, json.dumps({"type": "error", "error": error, "detail": detail}))


async def _handle(ch: Channel, me: Conn, session_id: str, facts: dict, data: dict) -> None:
    kind = data.get("type")
    if kind == "chat":
        message = await asyncio.to_thread(chat.post, session_id, me.user_id, me.name, data.get("body"))
        timeline.record_soon(session_id, "chat", me.user_id, message_id=message["id"], chars=len(message["body"]))
        await ch.send({"type": "chat", "message": message})
        await touch(session_id)
    elif kind == "reaction":
        if data.get("emoji") not in REACTIONS:
            _reply_error(me, f"Reactions are one of {' '.join(REACTIONS)}.", "invalid_reaction")
            return
        await ch.send({"type": "reaction", "emoji": data["emoji"], "by": me.name})
    elif kind == "visibility":
        was = ch.visible(me.user_id)
        me.visible = bool(data.get("visible"))
        now = ch.visible(me.user_id)
        if was and not now:
            ch.away_since[me.user_id] = time.monotonic()
            timeline.record_soon(session_id, "tab_away", me.user_id)
        elif now and not was and me.user_id in ch.away_since:
            away = time.monotonic() - ch.away_since.pop(me.user_id)
            timeline.record_soon(session_id, "tab_back", me.user_id, away_s=round(away, 1))
        await ch.presence_changed()
    elif kind == "run":
        if not may_edit(me.role):
            _reply_error(me, "Observers watch: they cannot run the code.", "observers_cannot_run")
            return
        task = asyncio.create_task(_run(ch, me, session_id, facts["problem"], str(data.get("kind", "run"))))
        _tasks.add(task)
        task.add_done_callback(_tasks.discard)
    else:
        _reply_error(me, f"Unknown message type {str(kind)[:40]!r}.", "unknown_type")


async def _run(ch: Channel, me: Conn, session_id: str, problem: str, kind: str) -> None:
    try:
        async with runs.slot(session_id):
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
        _reply_error(me, e.detail, e.error)
        return
    timeline.record_soon(session_id, "submit" if result["kind"] == "submit" else "run", me.user_id,
                         run_id=result["id"], language=result["language"], verdict=result["verdict"],
                         passed=result["passed"], total=result["total"])
    await ch.send({"type": "run_result", "run": result})
    await touch(session_id)


async def announce_end(session_id: str) -> None:
    """Tell everyone in the room it has ended (their pages show the ended screen), then close every socket."""
    ch = _channels.get(session_id)
    if ch:  # every worker does this for its own sockets (the end reaches them all)
        await ch.send({"type": "ended"}, here_only=True)
    end_room(session_id)
    _budgets.pop(session_id, None)
