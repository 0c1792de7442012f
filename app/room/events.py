"""What live features register with the room, so the sessions service can drive them without importing them:
- `on_end(cb)`: told when a room ends (close its sockets, tell its clients);
- `on_leave(cb)`: told when a person leaves a room (drop them from Stream, close their sockets);
- `live_rooms(fn)`: asked which rooms have sockets open right now (the stale-room sweep keeps those);
- `code_source(fn)`: where a room's shared code is read from (the collab document), for room runs;
- `language_rule(fn)`: which languages a room may run (a take-home's allowed ones; None = any).

With several app workers (REDIS_URL), an end or a leave is also published to the others, which run the callbacks
registered with `every_worker=True` (those about their own sockets); the rest (Stream, recordings) run once, in
the worker where it happened.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Awaitable, Callable

from app.room import fanout

log = logging.getLogger(__name__)
_on_end: list[Callable[[str], Awaitable[None]]] = []
_on_leave: list[Callable[[str, int], Awaitable[None]]] = []
_everywhere: set[Callable] = set()  # callbacks other workers run too
_live: list[Callable[[], set[str]]] = []
_code: list[Callable[[str], Awaitable[tuple[str, str] | None]]] = []
_languages: list[Callable[[str], list[str] | None]] = []


def on_end(callback: Callable[[str], Awaitable[None]], every_worker: bool = False):
    if callback not in _on_end:
        _on_end.append(callback)
    if every_worker:
        _everywhere.add(callback)
    return callback


def on_leave(callback: Callable[[str, int], Awaitable[None]], every_worker: bool = False):
    if callback not in _on_leave:
        _on_leave.append(callback)
    if every_worker:
        _everywhere.add(callback)
    return callback


def live_rooms(provider: Callable[[], set[str]]) -> Callable[[], set[str]]:
    if provider not in _live:
        _live.append(provider)
    return provider


def code_source(provider: Callable[[str], Awaitable[tuple[str, str] | None]]):
    _code[:] = [provider]
    return provider


def language_rule(provider: Callable[[str], list[str] | None]):
    _languages[:] = [provider]
    return provider


def allowed_languages(session_id: str) -> list[str] | None:
    """The languages the room may run, or None for any (blocking: call from a thread)."""
    return _languages[0](session_id) if _languages else None


def connected() -> set[str]:
    """Rooms with at least one live socket in this process."""
    return set().union(*(f() for f in _live)) if _live else set()


async def current_code(session_id: str) -> tuple[str, str] | None:
    """(language, code) of the room's shared document, or None when nothing provides it (or it was never opened)."""
    return await _code[0](session_id) if _code else None


async def _dispatch(callbacks: list, session_id: str, *args) -> None:
    results = await asyncio.gather(*(cb(session_id, *args) for cb in callbacks), return_exceptions=True)
    for r in results:
        if isinstance(r, Exception):
            log.warning("live feature of room %s failed: %r", session_id, r)


async def room_ended(session_id: str) -> None:
    await fanout.bus().publish(fanout.CONTROL, json.dumps({"event": "end", "room": session_id}).encode())
    await _dispatch(_on_end, session_id)


async def member_left(session_id: str, user_id: int) -> None:
    await fanout.bus().publish(fanout.CONTROL, json.dumps({"event": "leave", "room": session_id,
                                                          "user": user_id}).encode())
    await _dispatch(_on_leave, session_id, user_id)


async def _from_peers(_sender: bytes, body: bytes) -> None:
    event = json.loads(body)
    if event["event"] == "end":
        await _dispatch([cb for cb in _on_end if cb in _everywhere], str(event["room"]))
    elif event["event"] == "leave":
        await _dispatch([cb for cb in _on_leave if cb in _everywhere], str(event["room"]), int(event["user"]))


async def follow_other_workers() -> None:
    """Lifespan task: hear the ends and leaves that happen in other workers (nothing to do with one worker)."""
    await fanout.bus().subscribe(fanout.CONTROL, _from_peers)
