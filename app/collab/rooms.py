"""In-memory rooms: the live Yjs document of each session and the sockets connected to it.

Ordering is the point: under the room's lock an update is checked (it decodes and applies), then stored, then
relayed, so a peer only ever sees what is on disk, a restart replays exactly what was acknowledged, and nothing
that fails to apply is ever stored (one such update used to brick its room for good). A failure after the
document was touched puts the document back to what is stored.
"""
from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from typing import Awaitable, Callable

from pycrdt import Doc, Map, Text, create_update_message, get_state, write_var_uint

from app.collab import store, structure, whiteboard
from app.collab.watch import DocWatch
from app.config import settings
from app.room import timeline

# A hostile update can make yrs panic (caught, refused); with RUST_BACKTRACE=1 each panic symbolises a backtrace on
# the event loop: ~90 ms instead of ~0.2 ms. Set before the first panic, which is when Rust reads it.
os.environ["RUST_BACKTRACE"] = "0"

Send = Callable[[bytes], Awaitable[None]]
SNAPSHOT_EVERY = 500  # updates between snapshots: what a load or a playback seek replays at most


class DocumentTooLarge(Exception):
    pass


class BadUpdate(Exception):
    """The update does not decode or does not apply: refused, never stored or relayed."""


class RoomUnavailable(Exception):
    """The document could not be put back after a failure (the database is down): the room closes."""


@dataclass(eq=False)
class Client:
    send: Send
    user_id: int
    name: str
    awareness: dict[int, int] = field(default_factory=dict)  # Yjs client id -> last awareness clock
    last_awareness: bytes | None = None  # replayed to whoever joins later, so they see this cursor at once
    may_write: bool = True  # False for observers: their updates are read, then dropped (admission.may_edit)


@dataclass(eq=False)
class Room:
    id: str
    doc: Doc
    size: int
    stored: int = 1  # updates on disk since the last snapshot
    clients: set[Client] = field(default_factory=set)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    watch: DocWatch | None = None
    snapshotting: bool = False
    broken: bool = False  # set when the document could not be restored; every socket of it closes

    def __post_init__(self) -> None:
        self.watch = DocWatch(self.doc)

    async def apply(self, update: bytes, origin: Client) -> None:
        if update == b"\x00\x00":
            return
        async with self.lock:
            if self.broken:
                raise RoomUnavailable("the room is being reopened")
            if self.size + len(update) > settings.collab_max_doc_bytes:
                raise DocumentTooLarge(f"the document is over {settings.collab_max_doc_bytes} bytes")
            try:
                structure.check(update)  # bounded: yrs' own decoder overflows the stack on deep values
                get_state(update)  # decodes all of it without touching the document
            except ValueError as e:
                raise BadUpdate(f"the update does not decode ({e})") from None
            try:
                applied = self.watch.apply(update)
            except whiteboard.InvalidElement as e:
                await self._restore()
                raise BadUpdate(f"whiteboard: {e}") from None
            except BaseException as e:  # pycrdt reports a Rust panic as a BaseException
                if store.fatal(e):
                    raise
                await self._restore()
                raise BadUpdate("the update does not apply") from None
            try:
                stored_at = await store.append(self.id, update, origin.user_id)
            except BaseException:
                await self._restore()  # the document holds an update nobody may see: back to the disk's
                raise
            self.size += len(update)
            self.stored += 1
            await self.broadcast(create_update_message(update), exclude=origin)
        if applied.inserted >= settings.paste_flag_chars:
            timeline.record_soon(self.id, "paste", origin.user_id, stored_at, chars=applied.inserted,
                                 language=self.watch.language)
        if applied.language:
            timeline.record_soon(self.id, "language", origin.user_id, stored_at, language=applied.language)
        if self.stored >= SNAPSHOT_EVERY and not self.snapshotting:
            self.snapshotting, self.stored = True, 1
            asyncio.get_running_loop().create_task(self._snapshot())

    async def _restore(self) -> None:
        """Rebuild the document from storage (an update that failed half-way may have left part of itself)."""
        try:
            updates = await asyncio.to_thread(store.load, self.id)
            doc = store.replay(updates, self.id)
        except Exception:
            self.broken = True
            if _rooms.get(self.id) is self:
                del _rooms[self.id]
            raise RoomUnavailable("the room's document could not be reloaded") from None
        self.doc, self.watch = doc, DocWatch(doc)
        self.size = sum(len(u) for u in updates)

    async def _snapshot(self) -> None:
        """Off the keystroke path: the snapshot is read back from the database in a thread."""
        try:
            self.size = await asyncio.to_thread(store.snapshot, self.id) or self.size
        finally:
            self.snapshotting = False

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
        doc = store.replay(updates, room_id)
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
    return read_doc(store.replay(updates, room_id))
