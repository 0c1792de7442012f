"""A member opening a second call-signalling socket (a second tab, or a reload whose old socket is still up)
replaces the first at once: the old one closes with 4409 and the new one gets its `config` straight away, and
relays as before. (Awaiting the old socket's close from the new handler used to hang under granian while the old
handler waited in receive(): the new socket got nothing at all.) Real WebSocket clients, production server."""
from __future__ import annotations

import asyncio
import json
import time

import websockets

from tests.collab.conftest import room  # noqa: F401 (fixture)
from tests.conftest import run_async


def test_the_newer_socket_gets_its_config_at_once_and_the_older_closes_4409(room):
    async def go():
        url = f"{room.ws_base}/rtc/{room.id}?token="
        old = await websockets.connect(url + room.token("guest"))
        assert json.loads(await asyncio.wait_for(old.recv(), 30))["type"] == "config"
        host = await websockets.connect(url + room.token("host"))
        assert json.loads(await asyncio.wait_for(host.recv(), 30))["type"] == "config"
        started = time.monotonic()
        new = await websockets.connect(url + room.token("guest"))
        first = json.loads(await asyncio.wait_for(new.recv(), 10))
        took = time.monotonic() - started
        assert first["type"] == "config" and first["role"] == "participant"
        try:
            while True:
                await asyncio.wait_for(old.recv(), 10)
        except websockets.ConnectionClosed as e:
            assert e.rcvd.code == 4409
        await host.send(json.dumps({"kind": "offer", "sdp": "v=0"}))

        async def signal():
            while True:
                m = json.loads(await new.recv())
                if m["type"] == "signal":
                    return m
        assert (await asyncio.wait_for(signal(), 10))["data"] == {"kind": "offer", "sdp": "v=0"}
        print(f"\nsecond /rtc socket: config after {took * 1000:.0f} ms")
        for ws in (host, new):
            await ws.close()
    run_async(go())
