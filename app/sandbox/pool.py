"""A bounded pool of worker slots with a bounded wait queue: past it, callers get SandboxBusy at once."""
from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque

from app.config import settings
from app.sandbox import slots as slots_mod
from app.sandbox.errors import RateLimited, SandboxBusy


class Pool:
    def __init__(self, workers: int, queue: int):
        self.workers = workers
        self.queue_limit = queue
        self._slots: list | None = None
        self._free: asyncio.Queue | None = None
        self._waiting = 0
        self._avg_run_s = 0.5

    def _ensure(self) -> None:
        if self._free is None:
            self._slots = slots_mod.create(self.workers)
            self._free = asyncio.Queue()
            for s in self._slots:
                self._free.put_nowait(s)

    async def run(self, fn):
        """Run `fn(slot)` on a free slot; wait in the bounded queue, or raise SandboxBusy when it is full."""
        self._ensure()
        if self._free.empty() and self._waiting >= self.queue_limit:
            retry = max(1, int(self._avg_run_s * (self._waiting + 1) / self.workers + 0.999))
            raise SandboxBusy("all sandbox workers are busy and the queue is full; retry shortly", retry)
        self._waiting += 1
        try:
            slot = await self._free.get()
        finally:
            self._waiting -= 1
        started = time.monotonic()
        try:
            return await fn(slot)
        finally:
            self._avg_run_s = 0.8 * self._avg_run_s + 0.2 * (time.monotonic() - started)
            self._free.put_nowait(slot)


class RateLimiter:
    """Sliding one-minute window per user key, in memory (per process)."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._hits: dict[str, deque] = defaultdict(deque)

    def check(self, key: str | None) -> None:
        if not key or self.per_minute <= 0:
            return
        now = time.monotonic()
        hits = self._hits[key]
        while hits and now - hits[0] > 60:
            hits.popleft()
        if len(hits) >= self.per_minute:
            raise RateLimited(f"rate limit: at most {self.per_minute} runs per minute", int(60 - (now - hits[0])) + 1)
        hits.append(now)


_pool: Pool | None = None
_pool_loop = None
limiter = RateLimiter(settings.runs_per_minute)


def get_pool() -> Pool:
    """One pool per event loop (tests may run several loops; a pool's queue belongs to one)."""
    global _pool, _pool_loop
    loop = asyncio.get_running_loop()
    if _pool is None:
        _pool = Pool(settings.workers, settings.sandbox_queue)
        _pool_loop = loop
    elif _pool_loop is not loop:
        old_slots = _pool._slots
        _pool = Pool(settings.workers, settings.sandbox_queue)
        _pool._slots_reuse = old_slots
        _pool_loop = loop
        if old_slots:
            _pool._slots = old_slots
            _pool._free = asyncio.Queue()
            for s in old_slots:
                _pool._free.put_nowait(s)
    return _pool
