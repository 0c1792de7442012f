"""A socket's outgoing queue. Whatever a room relays (a worker's fan-out reader relays every room's traffic from
Redis in turn; a keystroke is relayed while its room's lock is held) is posted here and never waited for: a send
to a socket whose peer stops reading waits until the peer reads, which could be never, and would hold up every
room behind it. Each socket sends its own queue, in order, from a task of its own; one that falls `max_bytes`
behind is dropped (`on_behind`: its handler closes it), rather than kept while it grows without bound."""
from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Any, Awaitable, Callable

log = logging.getLogger(__name__)


class Outbox:
    def __init__(self, send: Callable[[Any], Awaitable[None]], on_behind: Callable[[], None], max_bytes: int):
        self._send, self._on_behind, self.max_bytes = send, on_behind, max_bytes
        self._queue: deque = deque()
        self.backlog = 0  # bytes (characters of a text frame) posted and not yet handed to the socket
        self._task: asyncio.Task | None = None
        self.closed = False

    def post(self, message: bytes | str) -> None:
        """Queue `message` behind the ones before it and return at once."""
        if self.closed:
            return
        if self.backlog + len(message) > self.max_bytes:
            log.info("a socket fell %d bytes behind its room: closing it", self.backlog + len(message))
            self.close()
            self._on_behind()
            return
        self._queue.append(message)
        self.backlog += len(message)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        try:
            while self._queue:
                message = self._queue.popleft()
                self.backlog -= len(message)
                await self._send(message)
        except Exception:  # the socket is gone: its own handler notices and cleans up
            self.close()
        finally:
            self._task = None

    async def flush(self) -> None:
        """Wait until everything posted so far has been handed to the socket (or the socket is gone)."""
        while self._task is not None and not self.closed:
            await asyncio.wait([self._task])

    def close(self) -> None:
        """Drop the backlog and stop sending (the socket is closing)."""
        self.closed = True
        self._queue.clear()
        self.backlog = 0
        if self._task is not None and self._task is not asyncio.current_task():
            self._task.cancel()
