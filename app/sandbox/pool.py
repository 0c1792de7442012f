"""A bounded pool of worker slots with a bounded wait queue per lane: past it, callers get SandboxBusy at once.

Two lanes share the slots fairly: room runs (an interview is waiting on them) may use every slot and are served
before waiting practice runs; practice runs may use only the slots not reserved for rooms (SANDBOX_ROOM_SLOTS), so
a flood of practice runs never makes a room's Run busy. One run at a time per person, whatever the lane.

A slot is handed out only with a fresh work dir: after every run (off the run's answer) a tmpfs slot swaps in a
new tmpfs (two quick syscalls; the old files are freed in a thread), and a slot without one is emptied in a
thread; only then is it free again and its next box built (see runner.rearm). The event loop never waits on the
old files. A slot that cannot be made fresh (in SANDBOX_CLEAN_TIMEOUT_MS) is retired and replaced."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections import defaultdict, deque

from app.config import settings
from app.sandbox import slots as slots_mod
from app.sandbox.errors import RateLimited, RunInProgress, SandboxBusy, SandboxError

LANES = ("room", "practice")
log = logging.getLogger(__name__)


class Pool:
    def __init__(self, workers: int, queue: int, room_slots: int = 0):
        self.workers = workers
        self.queue_limit = queue
        self.room_slots = room_slots
        self._slots: list | None = None  # in service (retired ones leave)
        self._free: deque = deque()
        self._waiters: dict[str, deque] = {lane: deque() for lane in LANES}
        self._held = dict.fromkeys(LANES, 0)  # slots handed to each lane's runs
        self._next_index = workers
        self.retired = 0
        self.runs = 0  # started since start (a runner pool's tests see where runs went)
        self._avg_run_s = 0.5

    def _ensure(self) -> None:
        if self._slots is None:
            self._slots = slots_mod.create(self.workers)
            self._free = deque(self._slots)

    def _adopt(self, old: "Pool") -> None:
        """Take over another event loop's slots (tests run several loops; a pool's futures belong to one)."""
        if old._slots is not None:
            self._slots = list(old._slots)
            self._free = deque(self._slots)  # a slot left dirty there is cleaned before its next run here
        self._next_index, self.retired, self.runs = old._next_index, old.retired, old.runs

    @property
    def practice_limit(self) -> int:
        """Slots practice runs may hold at once: all but the reserved ones, and at least one."""
        n = len(self._slots or ())
        return n - min(max(self.room_slots, 0), max(n - 1, 0))

    def stats(self) -> dict:
        return {"slots": len(self._slots or ()), "free": len(self._free), "retired": self.retired, "runs": self.runs}

    async def run(self, fn, lane: str = "practice"):
        """Run `fn(slot)` on a free slot with a fresh work dir; wait in the lane's bounded queue, or raise
        SandboxBusy when it is full."""
        self._ensure()
        slot = await self._acquire(lane)
        try:
            if slot.dirty:  # its clean after the last run was cut short (that run's event loop ended)
                slot = await self._fresh(slot)
        except BaseException:
            self._held[lane] -= 1
            if slot in self._slots:  # cancelled while cleaning: it comes back after a clean
                asyncio.get_running_loop().create_task(self._recycle(slot))
            raise
        started = time.monotonic()
        slot.dirty = True
        self.runs += 1
        try:
            return await fn(slot)
        finally:
            self._avg_run_s = 0.8 * self._avg_run_s + 0.2 * (time.monotonic() - started)
            self._held[lane] -= 1
            asyncio.get_running_loop().create_task(self._recycle(slot))

    def _can_take(self, lane: str) -> bool:
        if not self._free:
            return False
        return lane == "room" or (not self._waiters["room"] and self._held["practice"] < self.practice_limit)

    async def _acquire(self, lane: str):
        if self._can_take(lane) and not self._waiters[lane]:
            self._held[lane] += 1
            return self._free.popleft()
        waiting = self._waiters[lane]
        if len(waiting) >= self.queue_limit:
            share = len(self._slots) if lane == "room" else self.practice_limit
            retry = max(1, int(self._avg_run_s * (len(waiting) + 1) / max(share, 1) + 0.999))
            raise SandboxBusy("all sandbox workers are busy and the queue is full; retry shortly", retry)
        fut = asyncio.get_running_loop().create_future()
        waiting.append(fut)
        try:
            return await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():  # handed a slot just as the caller gave up: pass it on
                self._held[lane] -= 1
                self._free.appendleft(fut.result())
                self._dispatch()
            else:
                with contextlib.suppress(ValueError):
                    waiting.remove(fut)
            raise

    def _dispatch(self) -> None:
        """Hand free slots to waiters: room runs first, practice runs within their share."""
        while self._free:
            for lane in LANES:
                waiting = self._waiters[lane]
                while waiting and waiting[0].done():  # cancelled while waiting
                    waiting.popleft()
                if waiting and (lane == "room" or self._held["practice"] < self.practice_limit):
                    self._held[lane] += 1
                    waiting.popleft().set_result(self._free.popleft())
                    break
            else:
                return

    async def _clean(self, slot) -> bool:
        """Make the slot's work dir fresh; False (logged) when that fails or takes too long."""
        timeout = settings.sandbox_clean_timeout_ms / 1000
        try:
            old = slot.swap_now()
            if old is None:
                await asyncio.wait_for(asyncio.to_thread(slot.clean, timeout), timeout + 5)
            else:
                _free_later(old)
            return True
        except (OSError, TimeoutError, asyncio.TimeoutError) as e:
            log.error("sandbox slot %d could not be cleaned (%s): retiring it", slot.index, e)
            return False

    def _replace(self, slot):
        """Retire `slot`; its replacement (a new index, uid, cgroup and work dir), or None if none can be made."""
        from app.sandbox import runner

        runner.discard_spare(slot)
        slot.retire()
        self.retired += 1
        self._slots = [s for s in self._slots if s is not slot]
        try:
            new = slots_mod.make(self._next_index)
        except (OSError, SandboxError) as e:
            log.error("no replacement for sandbox slot %d: %s", slot.index, e)
            return None
        finally:
            self._next_index += 1
        self._slots.append(new)
        return new

    async def _fresh(self, slot):
        """`slot` cleaned now, or a fresh replacement (SandboxError when none can be made)."""
        from app.sandbox import runner

        runner.discard_spare(slot)
        if await self._clean(slot):
            return slot
        new = self._replace(slot)
        if new is None:
            raise SandboxError("a sandbox slot failed and could not be replaced; retry shortly")
        return new

    async def _recycle(self, slot) -> None:
        """After a run: a fresh work dir, the next box started (it settles the last run's processes first), and
        the slot free for the next run."""
        from app.sandbox import runner

        if self._slots is None or slot not in self._slots:  # the pool was closed meanwhile
            return
        runner.discard_spare(slot)
        if not await self._clean(slot):
            if self._slots is None:
                return
            slot = self._replace(slot)
            if slot is None:
                return
        elif self._slots is None:
            return
        runner.rearm(slot)
        self._free.append(slot)
        self._dispatch()

    async def close(self) -> None:
        """At the end of a server's lifespan: free every slot (work dirs unmounted and removed, cgroups deleted)."""
        from app.sandbox import runner

        for slot in self._slots or []:
            runner.discard_spare(slot)
        self._slots, self._free = None, deque()
        await asyncio.to_thread(slots_mod.close_all)


def _free_later(fd: int) -> None:
    """Close, in a thread, the fd holding a swapped-out tmpfs: the kernel frees its files then."""
    try:
        asyncio.get_running_loop().run_in_executor(None, os.close, fd)
    except RuntimeError:  # the loop's executor is shutting down
        os.close(fd)


# With REDIS_URL app/app.py sets this to the workers' shared bus (app.room.fanout.bus): the run limits below then
# hold across workers (Redis counts and locks); None = this process's own, in memory.
shared = None
# The longest a run can take (the judge may execute twice, a fast-prelude compile then the full one): a worker that
# dies holding a run lock (a person's, a room's) frees it by then.
RUN_HELD_MS = 2 * settings.judge_timeout_ms + 60_000


def _shared_bus():
    bus = shared() if shared is not None else None
    return bus if bus is not None and bus.enabled else None


class RateLimiter:
    """Sliding one-minute window per user key: the workers' shared one in Redis when there is one (per process, in
    memory, otherwise or while Redis is unreachable)."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._hits: dict[str, deque] = defaultdict(deque)

    async def check(self, key: str | None) -> None:
        if not key or self.per_minute <= 0:
            return
        bus = _shared_bus()
        if bus is not None:
            try:
                wait = await bus.hit("runs:" + key, self.per_minute, 60_000)
            except ConnectionError:
                pass
            else:
                if wait is not None:
                    raise RateLimited(f"rate limit: at most {self.per_minute} runs per minute", wait)
                return
        now = time.monotonic()
        hits = self._hits[key]
        while hits and now - hits[0] > 60:
            hits.popleft()
        if len(hits) >= self.per_minute:
            raise RateLimited(f"rate limit: at most {self.per_minute} runs per minute", int(60 - (now - hits[0])) + 1)
        hits.append(now)


_running: set[str] = set()  # people with a run waiting or running in this process


@contextlib.asynccontextmanager
async def one_run_per_person(key: str | None):
    """Hold `key`'s one run; RunInProgress at once if they already have one, here or (with the shared bus) on any
    worker. Taken atomically: in memory with no await before the set changes, in Redis by SET NX."""
    if key is None:
        yield
        return
    if key in _running:
        raise RunInProgress("a run of yours is already in progress; wait for it to finish", 1)
    _running.add(key)
    bus = _shared_bus()
    try:
        if bus is not None and not await bus.lock("person-run:" + key, RUN_HELD_MS):
            raise RunInProgress("a run of yours is already in progress; wait for it to finish", 1)
        try:
            yield
        finally:
            if bus is not None:
                await bus.unlock("person-run:" + key)
    finally:
        _running.discard(key)


_pool: Pool | None = None
_pool_loop = None
limiter = RateLimiter(settings.runs_per_minute)


def get_pool() -> Pool:
    """One pool per event loop (tests may run several loops; a pool's queue belongs to one)."""
    global _pool, _pool_loop
    loop = asyncio.get_running_loop()
    if _pool is None or _pool_loop is not loop:
        old, _pool = _pool, Pool(settings.workers, settings.sandbox_queue, settings.sandbox_room_slots)
        _pool_loop = loop
        if old is not None:
            _pool._adopt(old)
    return _pool


def health() -> dict:
    """Counts only: slots in service, free now, retired and runs started since start (all zero before the pool
    starts)."""
    return _pool.stats() if _pool is not None else {"slots": 0, "free": 0, "retired": 0, "runs": 0}
