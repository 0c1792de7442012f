"""Durability: text and chat acknowledged to the other person survive `kill -9` of the server."""
from __future__ import annotations

import json
import shutil
import signal
import tempfile
from pathlib import Path

import websockets

from tests.collab.conftest import open_room, yjs
from tests.conftest import run_async, start_app, stop_app


def test_text_and_chat_are_all_there_after_kill_9_and_restart():
    data_dir = Path(tempfile.mkdtemp(prefix="parley-kill9-"))
    server = start_app(data_dir)
    try:
        room = open_room(server.url)
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
        stop_app(server, signal.SIGKILL)

        server = start_app(data_dir)
        room.host.base_url = room.guest.base_url = server.url
        room.ws_base = server.url.replace("http://", "ws://")
        after = yjs("read", room.ws_base + "/collab", room.id, room.token("guest"))
        assert after == before
        assert after["code"]["code:python"].endswith("\n# line 29")

        async def history():
            async with websockets.connect(f"{room.ws_base}/room/{room.id}?token={room.token('host')}") as ws:
                return json.loads(await ws.recv())["chat"]
        assert [m["body"] for m in run_async(history())] == ["remember me"]
    finally:
        stop_app(server)
        shutil.rmtree(data_dir, ignore_errors=True)
