"""Every WebSocket of the production server (/collab, /room, /rtc and Reflex's /_event) checks `Origin` at the
handshake: the app's own origin and a missing Origin (non-browser clients: node y-websocket, scripts) are
admitted; a foreign or `null` origin — another website's page opening a socket with the victim's cookies —
is refused before the socket sends anything."""
from __future__ import annotations

import asyncio

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.conftest import run_async

ORIGINS = {"same": "http://127.0.0.1:{port}", "foreign": "http://evil.example", "null": "null",
           "other_port": "http://127.0.0.1:{other}", "missing": None}


async def _first_frame(url: str, origin: str | None, cookie: str | None) -> tuple[str, object]:
    """("open", first frame) when admitted, ("refused", status or close code) when not."""
    headers = {"Origin": origin} if origin else {}
    if cookie:
        headers["Cookie"] = cookie
    try:
        async with connect(url, additional_headers=headers, open_timeout=20, max_size=None) as ws:
            try:
                return "open", await asyncio.wait_for(ws.recv(), timeout=20)
            except ConnectionClosed as e:
                return "refused", e.rcvd.code if e.rcvd else None
    except InvalidStatus as e:
        return "refused", e.response.status_code


def _urls(app_server, room) -> dict[str, str]:
    ws = f"ws://127.0.0.1:{app_server.port}"
    return {"/collab": f"{ws}/collab/{room.id}?token={room.token()}",
            "/room": f"{ws}/room/{room.id}?token={room.token()}",
            "/rtc": f"{ws}/rtc/{room.id}?token={room.token('participant')}",
            "/_event": f"{ws}/_event/?EIO=4&transport=websocket"}


@pytest.mark.parametrize("origin", list(ORIGINS))
def test_socket_handshakes_by_origin(app_server, room, origin):
    o = ORIGINS[origin]
    o = o.format(port=app_server.port, other=app_server.port + 1) if o else None
    cookie = "; ".join(f"{k}={v}" for k, v in room.host.cookies.items())
    wrong = []
    for name, url in _urls(app_server, room).items():
        outcome, detail = run_async(_first_frame(url, o, cookie))
        admitted = origin in ("same", "missing")
        if admitted and outcome != "open":
            wrong.append(f"{name}: refused ({detail}) with origin {o}")
        if not admitted and (outcome != "refused" or detail not in (403, 4403)):
            wrong.append(f"{name}: {outcome} {str(detail)[:80]!r} with origin {o}")
    assert wrong == [], "\n".join(wrong)
