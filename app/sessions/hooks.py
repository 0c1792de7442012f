"""Live features (editor sync, chat, video signalling) register here to be told when a room ends, so the
sessions service can close them without importing them."""
from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable

log = logging.getLogger(__name__)
_on_end: list[Callable[[str], Awaitable[None]]] = []


def on_end(callback: Callable[[str], Awaitable[None]]) -> Callable[[str], Awaitable[None]]:
    if callback not in _on_end:
        _on_end.append(callback)
    return callback


async def room_ended(session_id: str) -> None:
    results = await asyncio.gather(*(cb(session_id) for cb in _on_end), return_exceptions=True)
    for r in results:
        if isinstance(r, Exception):
            log.warning("closing live feature of room %s failed: %r", session_id, r)
