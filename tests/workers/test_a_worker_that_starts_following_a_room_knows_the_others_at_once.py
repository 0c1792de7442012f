"""A worker that begins following a room reads every other worker's latest say on it (who they hold in the room)
from Redis before its first socket's hello or call `config` goes out: asking and waiting for answers sent hellos
that missed people on the other worker (a CI failure). Two buses in one process stand for two workers."""
from __future__ import annotations

import asyncio

from app.room.fanout import RedisBus
from tests.conftest import run_async


async def _said(bus: RedisBus, room: str, fresh_ms: int) -> dict[bytes, bytes]:
    """What following `room` hands the handler before follow() returns: {worker: its latest say}, one each."""
    heard: list[tuple[bytes, bytes]] = []

    async def hear(worker: bytes, body: bytes) -> None:
        heard.append((worker, body))
    await bus.follow(room, hear, fresh_ms=fresh_ms)
    await bus.unsubscribe(room, hear)
    assert len(dict(heard)) == len(heard), heard
    return dict(heard)


def test_the_others_latest_says_are_read_on_following_and_a_forgotten_or_stale_one_is_not(redis_server):
    async def go():
        a, b, c = RedisBus(redis_server.url), RedisBus(redis_server.url), RedisBus(redis_server.url)
        room = "parley:room:knows-at-once"
        try:
            await a.say(room, b"P[1]", keep_ms=30_000)
            await a.say(room, b"P[1,2]", keep_ms=30_000)  # only the latest say counts
            await c.say(room, b"P[3]", keep_ms=30_000)
            said = await _said(b, room, 20_000)
            assert said == {a.instance: b"P[1,2]", c.instance: b"P[3]"}, said
            assert await _said(a, room, 20_000) == {c.instance: b"P[3]"}  # never its own
            await c.keep(room, None, keep_ms=30_000)  # c's last person left
            assert await _said(b, room, 20_000) == {a.instance: b"P[1,2]"}
            await asyncio.sleep(0.3)  # a stops saying (killed): once older than fresh_ms it is not read, and goes
            assert await _said(b, room, 200) == {}
            assert await _said(b, room, 20_000) == {}
        finally:
            for bus in (a, b, c):
                await bus.close()
    run_async(go())


def test_a_say_reaches_a_follower_live_too(redis_server):
    async def go():
        a, b = RedisBus(redis_server.url), RedisBus(redis_server.url)
        room, heard = "parley:rtc:knows-live", asyncio.Queue()

        async def hear(worker: bytes, body: bytes) -> None:
            await heard.put((worker, body))
        try:
            await b.follow(room, hear, fresh_ms=20_000)
            assert heard.empty()
            await asyncio.sleep(0.2)  # the subscription is live
            await a.say(room, b"R[]", keep_ms=30_000)
            assert await asyncio.wait_for(heard.get(), 10) == (a.instance, b"R[]")
        finally:
            await a.close()
            await b.close()
    run_async(go())
