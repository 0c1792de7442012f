"""Who is in one room's call and which worker holds their socket. Members whose sockets are on this worker are
`local`; with several app workers (REDIS_URL) the others' members are `remote`, learned over the room's
`parley:rtc:<room>` channel (app.room.fanout), so `config`, `peer` and the seat count agree whichever worker a
person's socket lands on, and a frame for a peer on another worker is published to it.

Cross-worker messages (a kind byte, then JSON): JOINED {id, role, name, at}; LEFT {id, at}; SIGNAL {to (a peer
id, or null for everyone), from, text}; ROSTER (a worker's members in the room, repeated every ROSTER_EVERY_S so a
killed worker's members drop out after three silent periods, and kept beside the channel so a worker that begins
following the room knows everyone before its first member's `config`). A person has one socket in the whole call:
the newer join (larger `at`) wins everywhere, and the older socket closes 4409 whichever worker holds it.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

from starlette.websockets import WebSocket

from app.room import fanout
from app.room.admission import kick, outbox_for
from app.room.outbox import Outbox
from app.room.limits import TokenBucket

RATE_PER_S, BURST = 50.0, 200.0  # ICE gathering sends a few dozen candidates per peer at once
REPLACED = 4409
ROSTER_EVERY_S = 10
JOINED, LEFT, SIGNAL, ROSTER = b"J", b"L", b"S", b"R"
KEEP_MS = 3 * ROSTER_EVERY_S * 1000


@dataclass(eq=False)
class Member:
    """A person in the call whose socket this worker holds."""
    ws: WebSocket
    user_id: int
    role: str
    name: str
    at: int = field(default_factory=time.time_ns)  # when this socket joined: the newer of two sockets wins
    bucket: TokenBucket = field(default_factory=lambda: TokenBucket(RATE_PER_S, BURST))
    task: asyncio.Task | None = field(default_factory=asyncio.current_task)  # the handler serving this socket
    outbox: Outbox = field(init=False)  # what the socket is sent (never waited on: see app.room.outbox)

    def __post_init__(self) -> None:
        self.outbox = outbox_for(self.ws.send_text, self.task)


@dataclass
class Remote:
    """A person in the call whose socket another worker holds."""
    worker: bytes
    user_id: int
    role: str
    name: str
    at: int
    heard: float = field(default_factory=time.monotonic)


def seen_by(person: Member | Remote, other_id: int) -> dict:
    """`person` as the member `other_id` is told about them: `polite` is whether the other yields in their pair."""
    return {"id": str(person.user_id), "name": person.name, "role": person.role, "polite": other_id > person.user_id}


def _card(m: Member) -> dict:
    return {"id": m.user_id, "role": m.role, "name": m.name, "at": m.at}


async def send(m: Member, message: dict | str) -> None:
    """Posted to the member's outbox (sent in order by its own task; the caller never waits on the socket)."""
    m.outbox.post(message if isinstance(message, str) else json.dumps(message))


class Call:
    def __init__(self, room_id: str):
        self.id = room_id
        self.channel = fanout.channel("rtc", room_id)
        self.local: dict[int, Member] = {}
        self.remote: dict[int, Remote] = {}
        self.ready = asyncio.Event()  # set once the other workers' members are known

    def others(self, user_id: int) -> list[Member | Remote]:
        fresh = time.monotonic() - 3 * ROSTER_EVERY_S
        return ([m for uid, m in self.local.items() if uid != user_id]
                + [r for uid, r in self.remote.items() if uid != user_id and r.heard > fresh])

    def local_peer(self, peer_id) -> Member | None:
        return next((m for m in self.local.values() if isinstance(peer_id, str) and str(m.user_id) == peer_id), None)

    def remote_peer(self, peer_id) -> Remote | None:
        return next((r for r in self.remote.values() if isinstance(peer_id, str) and str(r.user_id) == peer_id), None)

    async def _tell_here(self, person: Member | Remote, present: bool) -> None:
        for m in list(self.local.values()):
            if m.user_id != person.user_id:
                await send(m, {"type": "peer", "present": present, **seen_by(person, m.user_id)})

    async def _publish(self, kind: bytes, body) -> None:
        if fanout.bus().enabled:
            await fanout.bus().publish(self.channel, kind + json.dumps(body).encode())

    def _roster(self) -> bytes:
        return ROSTER + json.dumps([_card(m) for m in self.local.values()]).encode()

    async def _keep(self) -> None:
        """What a worker that begins following the room reads first: who is in the call here (nobody: forgotten)."""
        await fanout.bus().keep(self.channel, self._roster() if self.local else None, KEEP_MS)

    async def join(self, me: Member) -> None:
        """`me` takes its seat here; the person's older socket, here or on another worker, is replaced."""
        previous = self.local.get(me.user_id)
        self.local[me.user_id] = me
        self.remote.pop(me.user_id, None)
        if previous is not None and previous.task is not None:
            kick(previous.task, REPLACED, "replaced by a newer connection")
        await self._publish(JOINED, _card(me))
        await self._keep()

    async def announce(self, me: Member) -> None:
        await self._tell_here(me, True)

    async def leave(self, me: Member) -> None:
        """`me`'s socket is gone: unless a newer socket of the person took the seat, everyone is told."""
        if self.local.get(me.user_id) is not me:
            return
        del self.local[me.user_id]
        await self._tell_here(me, False)
        await self._publish(LEFT, {"id": me.user_id, "at": me.at})
        await self._keep()

    async def relay(self, me: Member, data: dict) -> str | None:
        """Send `me`'s frame on: to its `to` peer wherever its socket is, or without `to` to everyone else. Returns
        why it goes nowhere, if it does."""
        if "to" not in data:
            text = json.dumps({"type": "signal", "from": str(me.user_id), "data": data})
            for m in [m for m in self.local.values() if m is not me]:
                await send(m, text)
            await self._publish(SIGNAL, {"to": None, "from": me.user_id, "text": text})
            return None
        to = data.pop("to")
        text = json.dumps({"type": "signal", "from": str(me.user_id), "data": data})
        target = self.local_peer(to)
        if target is not None and target is not me:
            await send(target, text)
            return None
        far = self.remote_peer(to) if target is None else None
        if far is not None and far.heard > time.monotonic() - 3 * ROSTER_EVERY_S:
            await self._publish(SIGNAL, {"to": far.user_id, "from": me.user_id, "text": text})
            return None
        return "No such peer in this call."

    # -- other workers ----------------------------------------------------------------------------------------

    async def _heard_of(self, worker: bytes, card: dict) -> None:
        """Another worker holds (or still holds) `card`'s socket."""
        uid, at = card["id"], card["at"]
        mine = self.local.get(uid)
        if mine is not None:
            if mine.at >= at:
                return  # ours is newer: that worker closes its own when it hears our join
            del self.local[uid]  # replaced from elsewhere: not a leave
            if mine.task is not None:
                kick(mine.task, REPLACED, "replaced by a newer connection")
        known = self.remote.get(uid)
        if known is not None and known.at == at:
            known.heard, known.worker = time.monotonic(), worker
            return
        self.remote[uid] = person = Remote(worker, uid, str(card["role"]), str(card["name"]), at)
        await self._tell_here(person, True)

    async def _forget(self, person: Remote) -> None:
        if self.remote.get(person.user_id) is person:
            del self.remote[person.user_id]
            await self._tell_here(person, False)

    async def from_peers(self, worker: bytes, body: bytes) -> None:
        kind, data = body[:1], json.loads(body[1:] or b"null")
        if kind == JOINED:
            await self._heard_of(worker, data)
        elif kind == LEFT:
            known = self.remote.get(data["id"])
            if known is not None and known.at == data["at"]:
                await self._forget(known)
        elif kind == SIGNAL:
            if data["to"] is None:
                targets = [m for uid, m in self.local.items() if uid != data["from"]]
            else:
                targets = [m for m in (self.local.get(data["to"]),) if m is not None]
            for m in targets:
                await send(m, data["text"])
        elif kind == ROSTER:
            cards = {c["id"]: c for c in data}
            for person in [r for r in self.remote.values() if r.worker == worker and r.user_id not in cards]:
                await self._forget(person)  # it left there and we missed it
            for card in cards.values():
                await self._heard_of(worker, card)

    async def publish_roster(self) -> None:
        if self.local:
            await fanout.bus().say(self.channel, self._roster(), KEEP_MS)

    async def drop_silent(self) -> None:
        fresh = time.monotonic() - 3 * ROSTER_EVERY_S
        for person in [r for r in self.remote.values() if r.heard <= fresh]:
            await self._forget(person)


_calls: dict[str, Call] = {}
_repeater: list[asyncio.Task] = []


def live_rooms() -> set[str]:
    return {r for r, call in _calls.items() if call.local}


async def call(room_id: str) -> Call:
    """This worker's view of the room's call; the first socket here starts following the other workers'."""
    c = _calls.get(room_id)
    if c is None:
        c = _calls[room_id] = Call(room_id)
        try:
            if fanout.bus().enabled:
                _repeat()
                # everyone in the call elsewhere, before the first `config`
                await fanout.bus().follow(c.channel, c.from_peers, fresh_ms=2 * ROSTER_EVERY_S * 1000)
        finally:
            c.ready.set()
    else:
        await c.ready.wait()
    return c


async def done_with(c: Call) -> None:
    """The last socket here has gone: stop following the room (what others say of it would go stale)."""
    if not c.local and _calls.get(c.id) is c:
        del _calls[c.id]
        if fanout.bus().enabled:
            await fanout.bus().unsubscribe(c.channel, c.from_peers)


def _repeat() -> None:
    async def repeat() -> None:
        while True:
            await asyncio.sleep(ROSTER_EVERY_S)
            for c in list(_calls.values()):
                await c.publish_roster()
                await c.drop_silent()
    if not _repeater or _repeater[0].done():
        _repeater[:] = [asyncio.get_running_loop().create_task(repeat())]
