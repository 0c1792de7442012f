"""In-memory rooms: the live Yjs document of each session and the sockets connected to it.

Ordering is the point: an update is stored, then applied, then relayed, under the room's lock, so what
a peer sees is always already on disk, and a restart replays exactly what was acknowledged.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Awaitable, Callable

from pycrdt import Decoder, Doc, Map, Text, create_update_message, write_var_uint

from app.collab import store
from app.config import settings

Send = Callable[[bytes], Awaitable[None]]
COMPACT_EVERY = 500


class DocumentTooLarge(Exception):
    pass


@dataclass(eq=False)
class Client:
    send: Send
    user_id: int
    name: str
    awareness: dict[int, int] = field(default_factory=dict)  # Yjs client id -> last awareness clock
    last_awareness: bytes | None = None  # replayed to whoever joins later, so they see this cursor at once


@dataclass(eq=False)
class Room:
    id: str
    doc: Doc
    size: int
    stored: int = 1  # updates on disk; past COMPACT_EVERY they are folded into one
    clients: set[Client] = field(default_factory=set)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def apply(self, update: bytes, origin: Client) -> None:
        if update == b"\x00\x00":
            return
        async with self.lock:
            if self.size + len(update) > settings.collab_max_doc_bytes:
                raise DocumentTooLarge(f"the document is over {settings.collab_max_doc_bytes} bytes")
            await store.append(self.id, update)
            self.doc.apply_update(update)
            self.size += len(update)
            self.stored += 1
            await self.broadcast(create_update_message(update), exclude=origin)
            if self.stored >= COMPACT_EVERY:
                merged = self.doc.get_update()
                await asyncio.to_thread(store.compact, self.id, merged)
                self.size, self.stored = len(merged), 1

    async def broadcast(self, message: bytes, exclude: Client | None = None) -> None:
        targets = [c for c in self.clients if c is not exclude]
        if len(targets) == 1:  # the usual room (two people): no task to schedule, so no extra loop turn
            await _safe_send(targets[0], message)
        else:
            await asyncio.gather(*(_safe_send(c, message) for c in targets))


async def _safe_send(client: Client, message: bytes) -> None:
    try:
        await client.send(message)
    except Exception:  # a dead socket is cleaned up by its own handler
        pass


_rooms: dict[str, Room] = {}
_starting: dict[str, asyncio.Lock] = {}


def seed_doc(doc: Doc, starters: dict[str, str], language: str) -> None:
    with doc.transaction():
        for lang, code in starters.items():
            doc.get(f"code:{lang}", type=Text).insert(0, code)
        doc.get("meta", type=Map)["language"] = language


async def open_room(room_id: str, seed: Callable[[], tuple[dict[str, str], str]]) -> Room:
    """The live room, rebuilt from storage (or seeded) by exactly one opener even when two arrive at once."""
    if room_id in _rooms:
        return _rooms[room_id]
    lock = _starting.setdefault(room_id, asyncio.Lock())
    async with lock:
        if room_id in _rooms:
            return _rooms[room_id]
        updates = await asyncio.to_thread(store.load, room_id)
        doc = Doc()
        for u in updates:
            doc.apply_update(u)
        if not updates:
            starters, language = await asyncio.to_thread(seed)
            seed_doc(doc, starters, language)
            await store.append(room_id, doc.get_update())
        room = Room(room_id, doc, sum(len(u) for u in updates) or len(doc.get_update()), max(1, len(updates)))
        _rooms[room_id] = room
        return room


def release(room: Room, client: Client) -> None:
    room.clients.discard(client)
    if not room.clients and _rooms.get(room.id) is room:
        del _rooms[room.id]  # everything is on disk; the next opener replays it
        _starting.pop(room.id, None)


def live_rooms() -> set[str]:
    return {r for r, room in _rooms.items() if room.clients}


def awareness_entries(payload: bytes) -> list[tuple[int, int, str]]:
    """(client id, clock, state JSON) entries of an awareness update."""
    d = Decoder(payload)
    return [(d.read_var_uint(), d.read_var_uint(), d.read_var_string()) for _ in range(d.read_var_uint())]


def awareness_removal(clocks: dict[int, int]) -> bytes:
    """An awareness message saying these clients are gone (state null), so their cursors disappear.

    Each clock is one past the last one seen: peers accept it, and the same client coming back with its
    next clock is accepted too."""
    body = write_var_uint(len(clocks))
    for cid, clock in clocks.items():
        body += write_var_uint(cid) + write_var_uint(clock + 1) + write_var_uint(4) + b"null"
    return write_var_uint(1) + write_var_uint(len(body)) + body


def read_doc(doc: Doc) -> tuple[str, str]:
    """(language, code) as both people see it right now."""
    language = str(doc.get("meta", type=Map).get("language") or "python")
    return language, str(doc.get(f"code:{language}", type=Text))


async def current_code(room_id: str) -> tuple[str, str] | None:
    """The shared code of a room, live or from storage (None if the room was never opened)."""
    room = _rooms.get(room_id)
    if room is not None:
        return read_doc(room.doc)
    updates = await asyncio.to_thread(store.load, room_id)
    if not updates:
        return None
    doc = Doc()
    for u in updates:
        doc.apply_update(u)
    return read_doc(doc)
