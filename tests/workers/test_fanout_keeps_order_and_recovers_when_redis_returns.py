"""The fan-out bus writes a message at once while Redis keeps pace, else queues it for its publisher, which writes
each batch without waiting for the replies to the last one, on a connection of its own: the messages still arrive
in the order they were published, and when Redis goes away and comes back the
publisher reconnects by itself (what was published while Redis was down is lost to other workers, never to the
worker's own sockets). Two buses in one process stand for two workers."""
from __future__ import annotations

import asyncio

from app.room.fanout import RedisBus
from tests.conftest import free_port, run_async
from tests.redis import Redis


def _receiver():
    got: asyncio.Queue = asyncio.Queue()

    async def hear(worker: bytes, body: bytes) -> None:
        await got.put(body)
    return got, hear


def test_two_thousand_messages_arrive_in_the_order_they_were_published(redis_server):
    async def go():
        a, b = RedisBus(redis_server.url), RedisBus(redis_server.url)
        got, hear = _receiver()
        try:
            await b.subscribe("parley:collab:order", hear)
            await asyncio.sleep(0.2)
            for i in range(2000):
                await a.publish("parley:collab:order", str(i).encode())
                if i % 97 == 0:
                    await asyncio.sleep(0)  # some batches of one, some of many
            seen = [int(await asyncio.wait_for(got.get(), 10)) for _ in range(2000)]
            assert seen == list(range(2000))
        finally:
            await a.close()
            await b.close()
    run_async(go())


def test_publishing_resumes_after_redis_restarts():
    port = free_port()
    first = Redis(port)
    first.start()
    second = None
    try:
        async def go():
            nonlocal second
            a, b = RedisBus(first.url), RedisBus(first.url)
            got, hear = _receiver()
            try:
                await b.subscribe("parley:room:comeback", hear)
                await asyncio.sleep(0.2)
                await a.publish("parley:room:comeback", b"before")
                assert await asyncio.wait_for(got.get(), 10) == b"before"

                first.stop()
                for _ in range(5):  # published into the gap: dropped for other workers, nothing blocks
                    await asyncio.wait_for(a.publish("parley:room:comeback", b"gap"), 1)
                    await asyncio.sleep(0.1)
                second = Redis(port)
                second.start()

                loop = asyncio.get_running_loop()
                deadline = loop.time() + 30
                while loop.time() < deadline:  # until both sides are back (the reader resubscribes itself)
                    await a.publish("parley:room:comeback", b"after")
                    try:
                        if await asyncio.wait_for(got.get(), 0.5) == b"after":
                            return
                    except asyncio.TimeoutError:
                        pass
                raise AssertionError("nothing published after Redis came back reached the other bus")
            finally:
                await a.close()
                await b.close()
        run_async(go())
    finally:
        first.stop()
        if second is not None:
            second.stop()


def test_order_holds_when_redis_stalls_and_writes_switch_to_the_queue():
    """publish() writes at once while Redis keeps pace and queues behind the publisher once it does not: a Redis
    that stops reading (SIGSTOP, by PID) and resumes gets every message of both kinds, in order."""
    import os
    import signal

    server = Redis(free_port())
    server.start()
    try:
        async def go():
            a, b = RedisBus(server.url), RedisBus(server.url)
            got, hear = _receiver()
            pad = b"x" * 4096
            try:
                await b.subscribe("parley:collab:stall", hear)
                await asyncio.sleep(0.2)
                await a.publish("parley:collab:stall", b"0 " + pad)
                assert (await asyncio.wait_for(got.get(), 10)).startswith(b"0 ")  # the publisher is connected
                os.kill(server.proc.pid, signal.SIGSTOP)
                queued = 0
                try:
                    for i in range(1, 5001):  # 20 MB: more than the kernel's socket buffers hold
                        await a.publish("parley:collab:stall", f"{i} ".encode() + pad)
                        queued = max(queued, a._queue.qsize())
                        if i % 50 == 0:
                            await asyncio.sleep(0)
                finally:
                    os.kill(server.proc.pid, signal.SIGCONT)
                assert queued > 0, "Redis never fell behind: the queue was not used"
                for i in range(5001, 6001):  # while the queue drains: these must not overtake it
                    await a.publish("parley:collab:stall", f"{i} ".encode() + pad)
                    await asyncio.sleep(0)
                seen = [int((await asyncio.wait_for(got.get(), 30)).split(b" ", 1)[0]) for _ in range(6000)]
                assert seen == list(range(1, 6001))
            finally:
                await a.close()
                await b.close()
        run_async(go())
    finally:
        server.stop()
