"""Chat and reactions on the room channel `/room` are rate-limited per member (a token bucket, like `/rtc`'s):
past the burst each message gets `error {error: "rate_limited"}` and is dropped — never stored, never relayed —
and a sustained flood closes the socket with 4429 while the other member's socket and the room live on. Real
WebSocket clients against the production server (defaults: ROOM_MESSAGES_PER_SECOND, ROOM_MESSAGE_BURST,
ROOM_FLOOD_CLOSE_AFTER)."""
from __future__ import annotations

import asyncio
import json
import time

import websockets

from app.config import settings
from tests.collab.conftest import room  # noqa: F401 (fixture)
from tests.conftest import run_async

RATE = getattr(settings, "room_messages_per_second", 5.0)
BURST = getattr(settings, "room_message_burst", 20)
CLOSE_AFTER = getattr(settings, "room_flood_close_after", 50)


async def _open(room, who: str):
    ws = await websockets.connect(f"{room.ws_base}/room/{room.id}?token={room.token(who)}")
    hello = json.loads(await asyncio.wait_for(ws.recv(), 30))
    assert hello["type"] == "hello"
    return ws, hello


async def _drain(ws, seconds: float) -> list[dict]:
    out = []
    deadline = time.monotonic() + seconds
    try:
        while True:
            out.append(json.loads(await asyncio.wait_for(ws.recv(), max(0.01, deadline - time.monotonic()))))
    except asyncio.TimeoutError:
        return out


def test_a_chat_burst_past_the_limit_is_refused_and_never_stored(room):
    n = BURST * 2

    async def go():
        host, _ = await _open(room, "host")
        guest, _ = await _open(room, "guest")
        await _drain(guest, 0.3)
        started = time.monotonic()
        for i in range(n):
            await host.send(json.dumps({"type": "chat", "body": f"m{i}"}))
        mine = await _drain(host, 3)
        elapsed = time.monotonic() - started
        relayed = [m["message"]["body"] for m in await _drain(guest, 0.5) if m["type"] == "chat"]
        echoed = [m["message"]["body"] for m in mine if m["type"] == "chat"]
        refused = [m for m in mine if m["type"] == "error"]
        assert {(m["error"], bool(m["detail"])) for m in refused} == {("rate_limited", True)}
        assert len(echoed) + len(refused) == n
        assert BURST <= len(echoed) <= BURST + RATE * elapsed + 1, (len(echoed), elapsed)
        assert relayed == echoed
        late, hello = await _open(room, "guest")  # what is stored is exactly what was accepted
        assert [m["body"] for m in hello["chat"]] == echoed
        for ws in (host, guest, late):
            await ws.close()
    run_async(go())


def test_reactions_share_the_members_budget_across_their_sockets(room):
    n = BURST * 2

    async def go():
        host, _ = await _open(room, "host")
        guest, _ = await _open(room, "guest")
        other, _ = await _open(room, "guest")  # a second tab of the same member
        await asyncio.gather(_drain(guest, 0.3), _drain(other, 0.3), _drain(host, 0.3))
        for _ in range(n):
            await guest.send(json.dumps({"type": "reaction", "emoji": "🎉"}))
        mine = await _drain(guest, 1)
        seen = [m for m in await _drain(host, 0.3) if m["type"] == "reaction"]
        refused = [m for m in mine if m["type"] == "error" and m["error"] == "rate_limited"]
        assert BURST <= len(seen) < n and len(seen) + len(refused) == n, (len(seen), len(refused))
        # the other tab does not get a fresh budget: BURST more at once are mostly refused
        for _ in range(BURST):
            await other.send(json.dumps({"type": "reaction", "emoji": "👍"}))
        theirs = await _drain(other, 1)
        passed = [m for m in theirs if m["type"] == "reaction" and m["emoji"] == "👍"]
        assert any(m["type"] == "error" and m["error"] == "rate_limited" for m in theirs)
        assert len(passed) < BURST, len(passed)
        for ws in (host, guest, other):
            await ws.close()
    run_async(go())


def test_a_sustained_flood_closes_the_socket_with_4429_and_the_room_lives_on(room):
    async def go():
        host, _ = await _open(room, "host")
        guest, _ = await _open(room, "guest")
        sent, started = 0, time.monotonic()

        async def read():  # read as we send: a client that stops reading never sees the close frame (1006)
            try:
                while True:
                    await guest.recv()
            except websockets.ConnectionClosed:
                pass
        reader = asyncio.create_task(read())
        try:
            for i in range(BURST + CLOSE_AFTER * 4):
                await guest.send(json.dumps({"type": "chat", "body": f"flood {i}"}))
                sent += 1
        except websockets.ConnectionClosed:
            pass
        try:
            await asyncio.wait_for(reader, 15)
        except asyncio.TimeoutError:
            pass
        assert guest.close_code == 4429, (guest.close_code, sent)
        flooding = time.monotonic() - started  # the bucket refilled meanwhile: a loaded machine stores a few more
        await host.send(json.dumps({"type": "chat", "body": "host is fine"}))
        deadline, fine = time.monotonic() + 15, False
        while not fine and time.monotonic() < deadline:
            m = json.loads(await asyncio.wait_for(host.recv(), deadline - time.monotonic()))
            fine = m["type"] == "chat" and m["message"]["body"] == "host is fine"
        assert fine
        back, hello = await _open(room, "guest")  # the member may come back (the budget refills)
        assert all(m["body"].startswith("flood") or m["body"] == "host is fine" for m in hello["chat"])
        stored = len([m for m in hello["chat"] if m["body"].startswith("flood")])
        assert stored <= BURST + RATE * (flooding + 1), (stored, flooding, sent)
        for ws in (host, back):
            await ws.close()
    run_async(go())
