"""Raw y-websocket frames from a member: a lying length, an undecodable update, an awareness state that is not a
JSON object, each close only the sender's socket (1003) and reach nobody; an awareness entry naming the other
person's client id is not relayed; the other person's socket carries on. Real sockets, production server."""
from __future__ import annotations

import asyncio

import pytest
import websockets
from pycrdt import write_var_uint

from tests.conftest import run_async


def _awareness(cid: int, clock: int, state: bytes) -> bytes:
    body = write_var_uint(1) + write_var_uint(cid) + write_var_uint(clock) + write_var_uint(len(state)) + state
    return b"\x01" + write_var_uint(len(body)) + body


async def _joined(url: str):
    """A socket that has received the server's sync step 1 (a room's first opening may take a moment)."""
    ws = await websockets.connect(url)
    first = await asyncio.wait_for(ws.recv(), 60)
    assert first[:2] == b"\x00\x00"
    return ws


async def _drain(ws, seconds: float = 0.5) -> list[bytes]:
    got = []
    try:
        while True:
            got.append(await asyncio.wait_for(ws.recv(), seconds))
    except asyncio.TimeoutError:
        pass
    return got


@pytest.mark.parametrize("frame", [
    b"\x00\x02\x7f\x01\x02",                      # a length past the end
    b"\x00\x02\x03\x01\x02\x03",                  # an update that does not decode
    b"\x00\x02\x01\x00\x09",                      # bytes after the message
    _awareness(77, 1, b"[1, 2]"),                 # a state peers' browsers would choke on
    _awareness(77, 1, b"{\"user\": "),
    b"\x07\x00",                                  # no such message type
], ids=["lying-length", "undecodable-update", "trailing-bytes", "array-state", "broken-json", "unknown-type"])
def test_a_malformed_frame_closes_its_sender_only(room, frame):
    base = f"{room.ws_base}/collab/{room.id}?token="

    async def go():
        host = await _joined(base + room.token("host"))
        guest = await _joined(base + room.token("guest"))
        await _drain(host)
        await guest.send(frame)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(guest.recv(), 30)
        assert closed.value.rcvd.code == 1003, closed.value.rcvd
        assert frame not in await _drain(host)
        await host.send(b"\x00\x00\x01\x00")  # sync step 1 with an empty state vector: still answered
        reply = await asyncio.wait_for(host.recv(), 30)
        assert reply[:2] == b"\x00\x01"
        await host.close()
    run_async(go())


def test_nobody_moves_or_removes_another_persons_cursor(room):
    base = f"{room.ws_base}/collab/{room.id}?token="

    async def go():
        host = await _joined(base + room.token("host"))
        guest = await _joined(base + room.token("guest"))
        await _drain(host)
        await _drain(guest)
        mine = _awareness(4242, 1, b'{"user": {"name": "Hana"}}')
        await host.send(mine)
        assert mine in await _drain(guest)
        forged = _awareness(4242, 2, b"null")  # the guest tries to make the host's cursor vanish
        await guest.send(forged)
        assert forged not in await _drain(host)
        own = _awareness(999, 1, b'{"user": {"name": "Gus"}}')
        await guest.send(own)
        assert own in await _drain(host)
        await host.close()
        await guest.close()
    run_async(go())
