"""Durability: text and chat acknowledged to the other person survive `kill -9` of the server."""
from __future__ import annotations

import json
import signal

import websockets

from tests.collab.conftest import open_room, yjs
from tests.conftest import restart_app, run_async


def test_text_and_chat_are_all_there_after_kill_9_and_restart(app_server):
    room = open_room(app_server.url)
    for i in range(30):  # thirty separate updates, each seen by a peer before the next
        yjs("type", room.ws_base + "/collab", room.id, room.token("host"), f"\n# line {i}")

    async def chat():
        async with websockets.connect(f"{room.ws_base}/room/{room.id}?token={room.token('guest')}") as ws:
            await ws.recv()
            await ws.send(json.dumps({"type": "chat", "body": "remember me"}))
            while json.loads(await ws.recv())["type"] != "chat":
                pass
    run_async(chat())
    before = yjs("read", room.ws_base + "/collab", room.id, room.token("guest"))

    restart_app(app_server, signal.SIGKILL)  # same port and data dir

    after = yjs("read", room.ws_base + "/collab", room.id, room.token("guest"))
    assert after == before
    assert after["code"]["code:python"].endswith("\n# line 29")

    async def history():
        async with websockets.connect(f"{room.ws_base}/room/{room.id}?token={room.token('host')}") as ws:
            return json.loads(await ws.recv())["chat"]
    assert [m["body"] for m in run_async(history())] == ["remember me"]
