"""Durability: text and chat acknowledged to the other person survive `kill -9` of the server, and so does the
history playback reads: every edit on the timeline, and the code as it was at the first one."""
from __future__ import annotations

import json
import signal

import websockets

from tests.collab.conftest import open_room, yjs
from tests.conftest import restart_app, run_async


def test_text_chat_and_history_are_all_there_after_kill_9_and_restart(app_server):
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

    edits = [e for e in room.host.get(f"/api/sessions/{room.id}/timeline").json()["events"] if e["kind"] == "edit"]
    assert sum(e["updates"] for e in edits) == 30 and {e["by"] for e in edits} == {"Hana Host"}
    first = room.host.get(f"/api/sessions/{room.id}/code", params={"at": edits[0]["t_ms"]}).json()
    assert first["code"]["python"].endswith("\n# line 0")
    assert room.host.get(f"/api/sessions/{room.id}/code").json()["code"]["python"] == after["code"]["code:python"]
