"""A member whose socket stops reading (on purpose or not) while their room floods it must not stall anyone else:
the worker's fan-out reader relays every room's traffic from Redis in turn, so one send that waits on a full
socket would freeze every room that spans workers there. Here the flooder's own sink sits on worker B and never
reads while its source on worker A sends big cursor frames; another room split over A and B keeps its cursors
moving, and the sink is dropped once it is far behind (socket_max_backlog_bytes)."""
from __future__ import annotations

import asyncio
import json
import time

import websockets

from tests.collab.conftest import open_room
from tests.conftest import run_async


def _ws(server) -> str:
    return server.url.replace("http://", "ws://")


def _uint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def awareness(client_id: int, clock: int, state: dict) -> bytes:
    """A y-protocols awareness message: one entry (client id, clock, JSON state)."""
    js = json.dumps(state).encode()
    entry = _uint(1) + _uint(client_id) + _uint(clock) + _uint(len(js)) + js
    return bytes([1]) + _uint(len(entry)) + entry


async def _connect(base: str, room, who: str, **kw):
    return await websockets.connect(f"{base}/collab/{room.id}?token={room.token(who)}", max_size=None, **kw)


def test_a_flooded_socket_that_never_reads_stalls_no_other_room(workers):
    flood, calm = open_room(workers.a.url), open_room(workers.a.url)
    a, b = _ws(workers.a), _ws(workers.b)

    async def go():
        sink = await _connect(b, flood, "guest", max_queue=1)  # reads (almost) nothing from here on
        source = await _connect(a, flood, "host")
        mover = await _connect(a, calm, "host")
        watcher = await _connect(b, calm, "guest")
        stop = asyncio.Event()

        async def drain(ws):  # sockets that do read, read everything
            try:
                async for _ in ws:
                    pass
            except websockets.ConnectionClosed:
                pass

        async def pour():
            blob = "x" * 900_000
            clock = 1
            try:
                while not stop.is_set():
                    await source.send(awareness(7001, clock, {"user": {"name": "flood"}, "pad": blob}))
                    clock += 1
                    await asyncio.sleep(0.01)
            except websockets.ConnectionClosed:
                pass

        drains = [asyncio.create_task(drain(w)) for w in (source, mover)]
        pouring = asyncio.create_task(pour())
        try:
            await asyncio.sleep(3)  # tens of MB poured at a sink that does not read
            late = []
            for clock in range(1, 21):
                frame = awareness(8001, clock, {"user": {"name": "calm"}, "n": clock})
                t = time.monotonic()
                await mover.send(frame)
                while True:  # the watcher's next cursor frame with this clock
                    m = await asyncio.wait_for(watcher.recv(), 10)
                    if isinstance(m, bytes) and m[:1] == b"\x01" and f'"n": {clock}'.encode() in m:
                        break
                late.append(time.monotonic() - t)
                await asyncio.sleep(0.05)
            assert max(late) < 2.0, f"the calm room's cursors were held up: {sorted(late)[-3:]}"
            # the sink fell far behind: the worker dropped it (1013 if the close frame got through, which it
            # cannot while nothing reads) rather than hold its backlog
            closed = False
            try:
                for _ in range(100_000):
                    await asyncio.wait_for(sink.recv(), 10)
            except websockets.ConnectionClosed as e:
                closed = e.rcvd is None or e.rcvd.code == 1013
            assert closed, "the sink was never closed"
        finally:
            stop.set()
            await asyncio.wait([pouring], timeout=10)
            for w in (sink, source, mover, watcher):
                await w.close()
            for d in drains:
                d.cancel()
    run_async(go())
