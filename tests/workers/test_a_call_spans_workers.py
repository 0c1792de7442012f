"""The built-in call's signalling (/rtc) with the two people's sockets on different workers: each learns of the other,
frames addressed to a peer and frames for everyone reach the other worker, a frame for nobody is refused there too,
a person who reconnects to the other worker replaces their old socket (4409) and their peer sees a rejoin, not a
leave; when they hang up their peer is told, and a hostile frame is relayed to nobody."""
from __future__ import annotations

import asyncio
import json

import websockets

from tests.collab.conftest import open_room
from tests.conftest import run_async
from tests.workers.conftest import next_of


def _ws(server) -> str:
    return server.url.replace("http://", "ws://")


async def _join(base: str, room, who: str):
    ws = await websockets.connect(f"{base}/rtc/{room.id}?token={room.token(who)}")
    config = json.loads(await asyncio.wait_for(ws.recv(), 30))
    assert config["type"] == "config", config
    return ws, config


async def _quiet(ws, seconds: float = 1.0) -> list[dict]:
    got = []
    try:
        while True:
            got.append(json.loads(await asyncio.wait_for(ws.recv(), seconds)))
    except asyncio.TimeoutError:
        return got


def test_two_people_on_two_workers_are_in_one_call(workers):
    room = open_room(workers.a.url)

    async def go():
        host, hc = await _join(_ws(workers.a), room, "host")
        assert hc["peers"] == []
        guest, gc = await _join(_ws(workers.b), room, "guest")
        host_id, guest_id = hc["peer_id"], gc["peer_id"]
        # the guest's worker read who is in the call before its config went out; the host hears of the guest
        assert [(p["id"], p["role"]) for p in gc["peers"]] == [(host_id, "host")], gc
        arrived = await next_of(host, "peer", lambda m: m.get("id") == guest_id and m["present"])
        assert arrived["name"] == "Gus Guest" and arrived["role"] == "participant"

        await guest.send(json.dumps({"to": host_id, "description": {"type": "offer", "sdp": "v=0 guest"}}))
        got = await next_of(host, "signal")
        assert got == {"type": "signal", "from": guest_id, "data": {"description": {"type": "offer", "sdp": "v=0 guest"}}}
        await host.send(json.dumps({"state": {"muted": True}}))  # no `to`: everyone else
        assert (await next_of(guest, "signal"))["data"] == {"state": {"muted": True}}

        for hostile in (json.dumps({"to": "999999", "x": 1}), json.dumps({"to": 5, "x": 1}), "[1]", "not json"):
            await guest.send(hostile)
            assert (await next_of(guest, "error"))["type"] == "error"
        assert [m for m in await _quiet(host) if m["type"] == "signal"] == []

        # the guest reconnects, to the other worker: the old socket is replaced, the host sees a rejoin
        again, ac = await _join(_ws(workers.a), room, "guest")
        assert [p["id"] for p in ac["peers"]] == [host_id]
        with_code = None
        try:
            await asyncio.wait_for(guest.recv(), 30)
            while True:
                await asyncio.wait_for(guest.recv(), 30)
        except websockets.ConnectionClosed as closed:
            with_code = closed.rcvd.code if closed.rcvd else None
        assert with_code == 4409
        seen = await _quiet(host, 2.0)
        assert {"type": "peer", "present": False, "id": guest_id} not in [
            {k: m.get(k) for k in ("type", "present", "id")} for m in seen], seen
        await host.send(json.dumps({"to": guest_id, "candidate": {"candidate": "c"}}))
        assert (await next_of(again, "signal"))["data"] == {"candidate": {"candidate": "c"}}

        # hanging up on one worker tells the peer on the other
        guest_b, _ = await _join(_ws(workers.b), room, "guest")
        await next_of(host, "peer", lambda m: m.get("id") == guest_id and m["present"])
        await guest_b.close()
        await next_of(host, "peer", lambda m: m.get("id") == guest_id and not m["present"])
        await host.close()
        await again.close()
    run_async(go())
