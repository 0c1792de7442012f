"""Cross-worker fan-out of a room's live traffic over Redis pub/sub, so people whose sockets sit on different app
workers share one room. Without REDIS_URL there is one worker and nothing leaves the process.

One Redis channel per room and feature (`parley:<feature>:<room>`) plus `parley:control` for room-wide events
(ended, a person left). Beside a channel, each worker keeps its latest say on it (who it holds in the room) in a
Redis hash, so a worker that starts following a room knows the others' people at once, before its first socket's
hello goes out, rather than asking and sending a hello that misses them. A worker subscribes to a room's channel
while it holds a socket of that room. Every message carries the publishing worker's id and is ignored by that
worker (it has delivered it locally already), as Hocuspocus's Redis extension does. Messages are published in
order from one queue per worker, off the caller's path: the caller has already stored what needs storing (Yjs
updates are stored before they are relayed), so a receiving worker relays, never stores. Redis being down costs
cross-worker delivery, never a local one.
"""
from __future__ import annotations

import asyncio
import logging
import os
import uuid
from typing import Awaitable, Callable

from app.config import settings

log = logging.getLogger(__name__)
PREFIX = "parley:"
QUEUE_MAX = 10_000  # messages waiting to be published; past it the oldest cross-worker ones are dropped
WRITE_AHEAD_MAX = 64 * 1024  # bytes Redis has not read yet past which publish() queues instead of writing

Handler = Callable[[bytes, bytes], Awaitable[None]]  # (publishing worker id, body)


def channel(feature: str, room_id: str) -> str:
    return f"{PREFIX}{feature}:{room_id}"


CONTROL = f"{PREFIX}control"


class LocalBus:
    """One worker: nothing to fan out; locks are a set in memory."""

    enabled = False

    def __init__(self) -> None:
        self._locks: set[str] = set()

    async def lock(self, name: str, ttl_ms: int) -> bool:
        """Take `name` if nobody holds it (taken atomically: no await before the set changes)."""
        if name in self._locks:
            return False
        self._locks.add(name)
        return True

    async def unlock(self, name: str) -> None:
        self._locks.discard(name)

    async def locked(self, name: str) -> bool:
        return name in self._locks

    async def publish(self, channel_name: str, body: bytes) -> None:
        return None

    async def subscribe(self, channel_name: str, handler: Handler) -> None:
        return None

    async def unsubscribe(self, channel_name: str, handler: Handler) -> None:
        return None

    async def keep(self, channel_name: str, body: bytes | None, keep_ms: int) -> None:
        return None

    async def say(self, channel_name: str, body: bytes, keep_ms: int) -> None:
        return None

    async def follow(self, channel_name: str, handler: Handler, fresh_ms: int) -> None:
        return None

    async def close(self) -> None:
        return None


_UNLOCK_IF_MINE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
# A sliding window on Redis's own clock (workers' clocks may differ): -1 when the hit is counted, else the seconds
# until the oldest hit leaves the window. ARGV: window ms, limit, a unique member.
_HIT = """
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('zremrangebyscore', KEYS[1], '-inf', now - window)
if redis.call('zcard', KEYS[1]) >= limit then
  local first = redis.call('zrange', KEYS[1], 0, 0, 'WITHSCORES')
  return math.floor((tonumber(first[2]) + window - now) / 1000) + 1
end
redis.call('zadd', KEYS[1], now, ARGV[3])
redis.call('pexpire', KEYS[1], window)
return -1
"""
# This worker's latest say on a channel, stamped with Redis's clock. KEYS: bodies, stamps; ARGV: worker, body ('' to
# forget it), ms the pair lives after the last say.
_KEEP = """
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[2] == '' then
  redis.call('hdel', KEYS[1], ARGV[1])
  redis.call('hdel', KEYS[2], ARGV[1])
else
  redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
  redis.call('hset', KEYS[2], ARGV[1], now)
end
redis.call('pexpire', KEYS[1], ARGV[3])
redis.call('pexpire', KEYS[2], ARGV[3])
return 0
"""
# Every worker's say from the last ARGV[1] ms, as a flat list worker, body, ...; older ones (a killed worker's) go.
_SAID = """
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local stamps, out = redis.call('hgetall', KEYS[2]), {}
for i = 1, #stamps, 2 do
  if tonumber(stamps[i + 1]) >= now - tonumber(ARGV[1]) then
    local body = redis.call('hget', KEYS[1], stamps[i])
    if body then out[#out + 1] = stamps[i]; out[#out + 1] = body end
  else
    redis.call('hdel', KEYS[1], stamps[i])
    redis.call('hdel', KEYS[2], stamps[i])
  end
end
return out
"""


class RedisBus:
    """Redis pub/sub: one subscriber connection reading every channel this worker follows, one publisher task."""

    enabled = True

    def __init__(self, url: str):
        import redis.asyncio as redis  # only when configured

        self._redis = redis.from_url(url, health_check_interval=30)
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        self._handlers: dict[str, set[Handler]] = {}
        self._queue: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue(QUEUE_MAX)
        self._tasks: list[asyncio.Task] = []
        self._conn = None  # the publishing connection, once the publisher has written on it
        self._writer: asyncio.StreamWriter | None = None  # its stream, for publish() to write at once
        self._sub_lock = asyncio.Lock()
        self.instance = uuid.uuid4().bytes  # 16 bytes naming this worker (made after any fork)
        self._fallback = LocalBus()  # locks while Redis cannot be reached: this worker's own

    def _start(self) -> None:
        if not self._tasks:
            loop = asyncio.get_running_loop()
            self._tasks = [loop.create_task(self._publisher()), loop.create_task(self._reader())]

    async def lock(self, name: str, ttl_ms: int) -> bool:
        """Held by one worker at a time; it expires after `ttl_ms` if its holder dies holding it."""
        try:
            return bool(await self._redis.set(PREFIX + "lock:" + name, self.instance, nx=True, px=ttl_ms))
        except Exception as e:
            log.warning("fan-out: Redis unreachable (%r); lock %s held in this worker only", e, name)
            return await self._fallback.lock(name, ttl_ms)

    async def unlock(self, name: str) -> None:
        if await self._fallback.locked(name):
            await self._fallback.unlock(name)
            return
        try:
            await self._redis.eval(_UNLOCK_IF_MINE, 1, PREFIX + "lock:" + name, self.instance)
        except Exception as e:  # it expires by itself
            log.warning("fan-out: could not release lock %s (%r)", name, e)

    async def locked(self, name: str) -> bool:
        try:
            return bool(await self._redis.exists(PREFIX + "lock:" + name)) or await self._fallback.locked(name)
        except Exception:
            return await self._fallback.locked(name)

    async def hit(self, name: str, limit: int, window_ms: int) -> int | None:
        """Count one hit of `name` unless it had `limit` in the last `window_ms` (every worker's hits count): None
        when counted, else seconds to wait. Raises ConnectionError when Redis cannot be reached (the caller falls
        back to its own count)."""
        try:
            wait = await self._redis.eval(_HIT, 1, PREFIX + "hits:" + name, window_ms, limit, uuid.uuid4().hex)
        except Exception as e:
            log.warning("fan-out: Redis unreachable (%r); %s counted in this worker only", e, name)
            raise ConnectionError(str(e)) from e
        return None if int(wait) < 0 else int(wait)

    async def publish(self, channel_name: str, body: bytes) -> None:
        """Write at once when nothing waits before it and the publishing connection is up and keeping pace; else
        queue for the publisher (in order either way: one connection, and nothing overtakes the queue)."""
        self._start()
        data = self.instance + body
        writer = self._writer
        if writer is not None and self._queue.empty() and not writer.transport.is_closing() and \
                writer.transport.get_write_buffer_size() < WRITE_AHEAD_MAX:
            writer.writelines(self._conn.pack_commands([("PUBLISH", channel_name, data)]))
            return
        try:
            self._queue.put_nowait((channel_name, data))
        except asyncio.QueueFull:  # Redis is gone or far behind: local delivery already happened
            self._queue.get_nowait()
            self._queue.put_nowait((channel_name, data))

    async def subscribe(self, channel_name: str, handler: Handler) -> None:
        self._start()
        async with self._sub_lock:
            first = channel_name not in self._handlers
            self._handlers.setdefault(channel_name, set()).add(handler)
            if first:
                try:
                    await self._pubsub.subscribe(channel_name)
                except Exception as e:  # the room works here; other workers' traffic comes once Redis is back
                    log.warning("fan-out: could not subscribe to %s (%r)", channel_name, e)

    async def unsubscribe(self, channel_name: str, handler: Handler) -> None:
        async with self._sub_lock:
            handlers = self._handlers.get(channel_name)
            if handlers is None:
                return
            handlers.discard(handler)
            if not handlers:
                del self._handlers[channel_name]
                try:
                    await self._pubsub.unsubscribe(channel_name)
                except Exception:
                    log.warning("could not unsubscribe from %s", channel_name)

    async def keep(self, channel_name: str, body: bytes | None, keep_ms: int) -> None:
        """Store `body` as this worker's latest say on the channel (None: it has nothing to say any more)."""
        try:
            await self._redis.eval(_KEEP, 2, channel_name + ":said", channel_name + ":said-at", self.instance,
                                   body or b"", keep_ms)
        except Exception as e:  # followers hear the next say instead
            log.warning("fan-out: could not keep this worker's say on %s (%r)", channel_name, e)

    async def say(self, channel_name: str, body: bytes, keep_ms: int) -> None:
        """Publish `body` and keep it as this worker's latest say, for workers that start following later."""
        await self.publish(channel_name, body)
        await self.keep(channel_name, body, keep_ms)

    async def follow(self, channel_name: str, handler: Handler, fresh_ms: int) -> None:
        """Subscribe, then hand `handler` the other workers' latest says from the last `fresh_ms` before returning
        (subscribing first: a say made meanwhile arrives twice rather than never)."""
        await self.subscribe(channel_name, handler)
        try:
            flat = await self._redis.eval(_SAID, 2, channel_name + ":said", channel_name + ":said-at", fresh_ms)
        except Exception as e:
            log.warning("fan-out: could not read the others' says on %s (%r)", channel_name, e)
            return
        for i in range(0, len(flat), 2):
            if flat[i] != self.instance:
                await handler(flat[i], flat[i + 1])

    async def _publisher(self) -> None:
        """Keep the publishing connection (a connection of its own, its replies read and dropped by a second task,
        so no write waits for the one before) and write what publish() queued: while it connects, and while
        Redis is not reading fast enough. A message queued during a round trip no longer waits that round trip out."""
        replies = None
        try:
            while True:
                name, data = await self._queue.get()
                batch = [(name, data)]
                while not self._queue.empty() and len(batch) < 256:
                    batch.append(self._queue.get_nowait())
                try:
                    if self._conn is None or replies.done():
                        self._conn = self._writer = None  # publish() queues until this batch is out
                        conn = self._redis.connection_pool.make_connection()
                        await conn.connect()
                        replies = asyncio.get_running_loop().create_task(self._replies(conn))
                        self._conn = conn
                    await self._conn.send_packed_command(self._conn.pack_commands(
                        [("PUBLISH", n, d) for n, d in batch]), check_health=False)  # waits while Redis is not reading
                    self._writer = getattr(self._conn, "_writer", None)  # redis-py's stream: None, always queue
                except Exception as e:
                    log.warning("fan-out: %d message(s) not published (%r)", len(batch), e)
                    if replies is not None:
                        replies.cancel()
                    self._conn = self._writer = None
                    await asyncio.sleep(0.5)
        finally:  # closed (cancelled): the reply reader goes with it and disconnects
            self._conn = self._writer = None
            if replies is not None:
                replies.cancel()

    @staticmethod
    async def _replies(conn) -> None:
        """Read (and drop) the publisher connection's replies until it breaks; the publisher then reconnects."""
        try:
            while True:
                await conn.read_response()
        except Exception as e:
            log.warning("fan-out: the publishing connection broke (%r)", e)
        finally:
            await conn.disconnect(nowait=True)

    async def _reader(self) -> None:
        while True:
            try:
                if not self._pubsub.subscribed:
                    await asyncio.sleep(0.05)
                    continue
                msg = await self._pubsub.get_message(timeout=1.0)
            except Exception as e:
                log.warning("fan-out: reading from Redis failed (%r); retrying", e)
                await asyncio.sleep(0.5)
                continue
            if msg is None or msg.get("type") != "message":
                continue
            data = msg["data"]
            if data[:16] == self.instance:
                continue
            name = msg["channel"].decode() if isinstance(msg["channel"], bytes) else msg["channel"]
            for handler in list(self._handlers.get(name, ())):
                try:
                    await handler(data[:16], data[16:])
                except Exception:
                    log.exception("fan-out handler for %s failed", name)

    async def close(self) -> None:
        for t in self._tasks:
            t.cancel()
        self._tasks = []
        await self._pubsub.aclose()
        await self._redis.aclose()


_bus: tuple[int, LocalBus | RedisBus] | None = None


def bus() -> LocalBus | RedisBus:
    """The process's bus, made on first use in each process (a forked worker makes its own id and connections)."""
    global _bus
    if _bus is None or _bus[0] != os.getpid():
        _bus = (os.getpid(), RedisBus(settings.redis_url) if settings.redis_url else LocalBus())
    return _bus[1]
