"""In-memory rooms: the live Yjs document of each session and the sockets connected to it.

Ordering is the point: under the room's lock an update is checked (it decodes and applies), then stored, then
relayed, so a peer only ever sees what is on disk, a restart replays exactly what was acknowledged, and nothing
that fails to apply is ever stored (one such update used to brick its room for good). A failure after the
document was touched puts the document back to what is stored.

Across app workers (REDIS_URL) each worker holding a socket of the room keeps its own copy of the document and
relays what its peers publish (app.room.fanout): updates were stored by the worker that took them, so a receiving
worker applies and relays them, never stores. A worker subscribes before it loads the document, and holds what
arrives meanwhile until the load is done, so nothing published between the load and the subscription is missed
(an update met twice is a no-op in Yjs).
"""
from __future__ import annotations

import asyncio
import os
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Awaitable, Callable, NamedTuple, Sequence

from pycrdt import Doc, Map, Text, create_update_message, get_state, write_var_uint

from app.collab import store, structure, whiteboard, wire
from app.collab.watch import DocWatch
from app.config import settings
from app.room import fanout, timeline
from app.room.admission import outbox_for
from app.room.outbox import Outbox

# A hostile update can make yrs panic (caught, refused); with RUST_BACKTRACE=1 each panic symbolises a backtrace on
# the event loop: ~90 ms instead of ~0.2 ms. Set before the first panic, which is when Rust reads it.
os.environ["RUST_BACKTRACE"] = "0"

Send = Callable[[bytes], Awaitable[None]]
# Cross-worker message kinds (one byte after the worker id): a stored update; a socket's awareness (key, user id,
# frame); a socket gone (key, removal frame); a worker that just opened the room asking for everyone's cursors.
UPDATE, AWARENESS, GONE, CURSORS_PLEASE = b"U", b"A", b"R", b"Q"
SEED_LOCK_MS = 10_000
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
    key: bytes = field(default_factory=lambda: uuid.uuid4().bytes)  # names this socket to other workers
    task: asyncio.Task | None = field(default_factory=asyncio.current_task)  # the handler serving this socket
    outbox: Outbox = field(init=False)  # everything this socket is sent goes through it (never waited on)

    def __post_init__(self) -> None:
        self.outbox = outbox_for(self.send, self.task)


@dataclass(frozen=True)
class RemoteCursor:
    """A socket's last awareness frame as another worker published it, its Yjs client ids read once on arrival
    (every local awareness message is checked against them)."""
    user_id: int
    frame: bytes
    client_ids: frozenset[int]


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
    remote_cursors: dict[bytes, RemoteCursor] = field(default_factory=dict)  # other workers' sockets by key,
    # replayed to whoever joins here

    def remote_owner(self, yjs_client_id: int) -> int | None:
        """The person whose socket on another worker last sent this Yjs client id's cursor, if any."""
        for cursor in self.remote_cursors.values():
            if yjs_client_id in cursor.client_ids:
                return cursor.user_id
        return None

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
            self.broadcast(create_update_message(update), exclude=origin)
            await fanout.bus().publish(fanout.channel("collab", self.id), UPDATE + update)
        if applied.inserted >= settings.paste_flag_chars:
            timeline.record_soon(self.id, "paste", origin.user_id, stored_at, chars=applied.inserted,
                                 language=self.watch.language)
        if applied.language:
            timeline.record_soon(self.id, "language", origin.user_id, stored_at, language=applied.language)
        if self.stored >= SNAPSHOT_EVERY and not self.snapshotting:
            self.snapshotting, self.stored = True, 1
            asyncio.get_running_loop().create_task(self._snapshot())

    async def relay_remote(self, message: bytes) -> None:
        """What another worker published about this room: apply and relay to the sockets here."""
        kind, body = message[:1], message[1:]
        if kind == UPDATE:
            async with self.lock:
                if self.broken:
                    return
                try:
                    self.watch.apply(body)
                except BaseException as e:  # stored by a peer, so it applied there; reload if not here
                    if store.fatal(e):
                        raise
                    await self._restore()
                self.size += len(body)
            self.broadcast(create_update_message(body))
        elif kind == AWARENESS:
            key, user_id, frame = body[:16], int.from_bytes(body[16:24], "big"), body[24:]
            self.remote_cursors[key] = RemoteCursor(user_id, frame, _awareness_ids(frame))
            self.broadcast(frame)
        elif kind == GONE:
            self.remote_cursors.pop(body[:16], None)
            self.broadcast(body[16:])
        elif kind == CURSORS_PLEASE:
            for c in list(self.clients):
                if c.last_awareness:
                    await self.publish_cursor(c)

    async def publish_cursor(self, client: Client) -> None:
        if not fanout.bus().enabled:
            return
        await fanout.bus().publish(fanout.channel("collab", self.id),
                                   AWARENESS + client.key + client.user_id.to_bytes(8, "big") + client.last_awareness)

    async def publish_gone(self, client: Client, removal: bytes) -> None:
        if not fanout.bus().enabled:
            return
        await fanout.bus().publish(fanout.channel("collab", self.id), GONE + client.key + removal)

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

    def broadcast(self, message: bytes, exclude: Client | None = None) -> None:
        """Posted to each socket's outbox: the room (and its lock, and a worker's fan-out reader) never waits on a
        socket."""
        for c in list(self.clients):
            if c is not exclude:
                c.outbox.post(message)


_rooms: dict[str, Room] = {}
_starting: dict[str, asyncio.Lock] = {}
_held: dict[str, list[bytes]] = {}  # room -> what other workers published while this one was loading it


async def _from_peers(room_id: str, message: bytes) -> None:
    room = _rooms.get(room_id)
    if room is not None:
        await room.relay_remote(message)
    elif room_id in _held:
        _held[room_id].append(message)


def _listener(room_id: str):
    async def listen(_sender: bytes, message: bytes) -> None:
        await _from_peers(room_id, message)
    return listen


_listeners: dict[str, Callable] = {}


class Seed(NamedTuple):
    """What a new room's document starts with: the problem's starter code, the language, its starter drawing."""
    starters: dict[str, str]
    language: str
    board: Sequence[dict] = ()


def seed_doc(doc: Doc, seed: Seed) -> None:
    with doc.transaction():
        for lang, code in seed.starters.items():
            doc.get(f"code:{lang}", type=Text).insert(0, code)
        doc.get("meta", type=Map)["language"] = seed.language
        board = doc.get(whiteboard.NAME, type=Map)
        for element in seed.board:
            board[element["id"]] = element


async def open_room(room_id: str, seed: Callable[[], Seed]) -> Room:
    """The live room, rebuilt from storage (or seeded) by exactly one opener even when two arrive at once."""
    if room_id in _rooms:
        return _rooms[room_id]
    lock = _starting.setdefault(room_id, asyncio.Lock())
    async with lock:
        if room_id in _rooms:
            return _rooms[room_id]
        bus = fanout.bus()
        if bus.enabled:
            _held[room_id] = []
            listener = _listeners.setdefault(room_id, _listener(room_id))
            await bus.subscribe(fanout.channel("collab", room_id), listener)
        try:
            async with _seeding(room_id):  # two workers opening a new room at once seed it once
                updates = await asyncio.to_thread(store.load, room_id)
                doc = store.replay(updates, room_id)
                if not updates:
                    seed_doc(doc, await asyncio.to_thread(seed))
                    await store.append(room_id, doc.get_update())
        except BaseException:
            _held.pop(room_id, None)
            _unsubscribe_soon(room_id)
            raise
        room = Room(room_id, doc, sum(len(u) for u in updates) or len(doc.get_update()), max(1, len(updates)))
        _rooms[room_id] = room
        for message in _held.pop(room_id, []):
            await room.relay_remote(message)
        if bus.enabled:
            await bus.publish(fanout.channel("collab", room_id), CURSORS_PLEASE)
        return room


@asynccontextmanager
async def _seeding(room_id: str):
    """Across workers, one opener at a time loads (and, for a new room, seeds) the document: two seeds would put
    the starter code in twice. A holder that died frees it after SEED_LOCK_MS."""
    bus = fanout.bus()
    name, held = f"open:{room_id}", False
    if bus.enabled:
        deadline = asyncio.get_running_loop().time() + SEED_LOCK_MS / 1000
        while not (held := await bus.lock(name, SEED_LOCK_MS)) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
    try:
        yield
    finally:
        if held:
            await bus.unlock(name)


def _unsubscribe_soon(room_id: str) -> None:
    listener = _listeners.pop(room_id, None)
    if listener is not None:
        task = asyncio.get_running_loop().create_task(
            fanout.bus().unsubscribe(fanout.channel("collab", room_id), listener))
        _background.add(task)
        task.add_done_callback(_background.discard)


_background: set[asyncio.Task] = set()


def release(room: Room, client: Client) -> None:
    room.clients.discard(client)
    client.outbox.close()
    if not room.clients and _rooms.get(room.id) is room:
        del _rooms[room.id]  # everything is on disk; the next opener replays it
        _starting.pop(room.id, None)
        _unsubscribe_soon(room.id)


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


def _awareness_ids(frame: bytes) -> frozenset[int]:
    try:  # the frame was checked by the worker it arrived at
        return frozenset(cid for cid, _clock, _state in wire.awareness_entries(wire.parse(frame).payload))
    except Exception:
        return frozenset()


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
