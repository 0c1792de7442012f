"""The whiteboard (`whiteboard` Y.Map: element id -> Excalidraw element) over real sockets on the production server.
Hostile updates first: a value nested 50,000 deep (it used to kill the whole server: yrs overflowed its stack), an
element that is not JSON (bytes, NaN), a nested shared type, an element over the size cap, an id that is not its
key, a type that would load other sites (embeddable), a javascript: link: each closes only its sender (1003), is
relayed to nobody and stored nowhere, and the server carries on. Then two standard Yjs clients draw and see each
other's elements, and a late joiner gets the board."""
from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets
from pycrdt import Array, Doc, Map, write_var_uint

from tests.collab.conftest import yjs
from tests.collab.test_malformed_frames_close_only_their_sender import _drain, _joined
from tests.conftest import run_async

RECT = {"id": "rect1", "type": "rectangle", "x": 10, "y": 20, "width": 100, "height": 50, "angle": 0,
        "strokeColor": "#1e1e1e", "backgroundColor": "transparent", "version": 3, "versionNonce": 77,
        "isDeleted": False, "index": "a0", "points": [], "link": None}


def _update_frame(update: bytes) -> bytes:
    return b"\x00\x02" + write_var_uint(len(update)) + update


def _board_update(key: str, value) -> bytes:
    doc = Doc()
    doc.get("whiteboard", type=Map)[key] = value
    return doc.get_update()


def _deeply_nested(depth: int) -> bytes:
    """A map value of `depth` nested arrays (a v1 update written by hand: no encoder nests that deep)."""
    head = bytes.fromhex("0101070028010a") + b"whiteboard" + bytes.fromhex("01") + b"k" + b"\x01"
    return head + b"\x75\x01" * depth + b"\x7d\x01" + b"\x00"


HOSTILE = {
    "nested-50000-deep": lambda: _deeply_nested(50_000),
    "nested-33-deep": lambda: _deeply_nested(33),
    "bytes": lambda: _board_update("rect1", b"\x00binary"),
    "not-finite": lambda: _board_update("rect1", {**RECT, "x": float("nan")}),
    "shared-type": lambda: _board_update("rect1", Map({"id": "rect1"})),
    "array": lambda: _board_update("rect1", Array([1, 2])),
    "oversized": lambda: _board_update("rect1", {**RECT, "customData": {"pad": "x" * 200_000}}),
    "id-not-key": lambda: _board_update("other", RECT),
    "embeddable": lambda: _board_update("rect1", {**RECT, "type": "embeddable", "link": "https://example.com"}),
    "script-link": lambda: _board_update("rect1", {**RECT, "link": "javascript:alert(1)"}),
    "no-version": lambda: _board_update("rect1", {k: v for k, v in RECT.items() if k != "version"}),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_element_closes_its_sender_and_is_neither_relayed_nor_stored(room, app_server, name):
    base = f"{room.ws_base}/collab/{room.id}?token="
    frame = _update_frame(HOSTILE[name]())

    async def go():
        host = await _joined(base + room.token("host"))
        guest = await _joined(base + room.token("guest"))
        await _drain(host)
        await guest.send(frame)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(guest.recv(), 30)
        assert closed.value.rcvd.code == 1003, closed.value.rcvd
        assert not [m for m in await _drain(host) if m[:2] == b"\x00\x02"]
        await host.send(b"\x00\x00\x01\x00")  # the server still answers this room
        assert (await asyncio.wait_for(host.recv(), 30))[:2] == b"\x00\x01"
        await host.close()
    run_async(go())
    assert httpx.get(app_server.url + "/health", timeout=10).status_code == 200
    late = yjs("read", room.ws_base + "/collab", room.id, room.token("host"))
    assert late["board"] == {}
    assert "def twoSum" in late["code"]["code:python"]


def test_two_clients_draw_and_a_late_joiner_sees_the_board(room):
    text = {**RECT, "id": "text1", "type": "text", "text": "hello 😀", "fontSize": 20, "fontFamily": 5,
            "version": 2, "index": "a1"}
    seen = yjs("draw", room.ws_base + "/collab", room.id, room.token("host"), room.token("guest"),
               json.dumps([RECT, text]))["board"]
    assert seen["rect1"]["width"] == 100 and seen["text1"]["text"] == "hello 😀"
    moved = {**RECT, "x": 300, "version": 4}
    seen = yjs("draw", room.ws_base + "/collab", room.id, room.token("guest"), room.token("host"),
               json.dumps([moved]))["board"]
    assert seen["rect1"]["x"] == 300
    late = yjs("read", room.ws_base + "/collab", room.id, room.token("host"))["board"]
    assert set(late) == {"rect1", "text1"} and late["rect1"]["version"] == 4
