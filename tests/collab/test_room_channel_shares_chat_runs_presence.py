"""The room channel with real WebSocket clients: chat is stamped by the server and kept, a run started by one
person reaches both with the same verdict and is stored with who ran it, presence and reactions are live,
and bad messages get a clear error without closing the socket."""
from __future__ import annotations

import json

import websockets

from tests.collab.conftest import yjs
from tests.conftest import run_async, next_message


async def _open(room, who: str):
    ws = await websockets.connect(f"{room.ws_base}/room/{room.id}?token={room.token(who)}")
    hello = json.loads(await ws.recv())
    assert hello["type"] == "hello"
    return ws, hello


def _next(ws, kind: str, timeout: float = 60):
    return next_message(ws, kind, timeout)


def test_chat_is_server_stamped_shared_both_ways_and_kept_for_late_joiners(room):
    async def go():
        host, hello = await _open(room, "host")
        assert hello["you"]["role"] == "host" and hello["chat"] == []
        guest, _ = await _open(room, "guest")
        joined = await _next(host, "joined")
        assert joined["name"] == "Gus Guest"
        await guest.send(json.dumps({"type": "chat", "body": "<img src=x onerror=alert(1)> hi", "author": "Hana Host",
                                     "author_id": 1}))
        for ws in (host, guest):
            m = (await _next(ws, "chat"))["message"]
            assert (m["author"], m["body"]) == ("Gus Guest", "<img src=x onerror=alert(1)> hi")
        await host.send(json.dumps({"type": "chat", "body": "welcome"}))
        assert (await _next(guest, "chat"))["message"]["author"] == "Hana Host"
        await host.send(json.dumps({"type": "chat", "body": "x" * 2001}))
        err = await _next(host, "error")
        assert err["error"] == "message_too_long"
        await host.send("{not json")
        assert (await _next(host, "error"))["detail"] == "Messages are JSON objects."
        await host.send(json.dumps({"type": "chat", "body": "   "}))
        assert (await _next(host, "error"))["error"] == "empty_message"
        await guest.close()
        assert (await _next(host, "left"))["name"] == "Gus Guest"
        late, hello = await _open(room, "guest")
        assert [(m["author"], m["body"]) for m in hello["chat"]] == [
            ("Gus Guest", "<img src=x onerror=alert(1)> hi"), ("Hana Host", "welcome")]
        await late.close()
        await host.close()
    run_async(go())


def test_presence_visibility_and_reactions_reach_the_other_person(room):
    async def go():
        host, _ = await _open(room, "host")
        guest, hello = await _open(room, "guest")
        assert {p["role"] for p in hello["presence"]} == {"host", "participant"}
        await guest.send(json.dumps({"type": "visibility", "visible": False}))
        while True:
            people = (await _next(host, "presence"))["people"]
            cand = [p for p in people if p["role"] == "participant"]
            if cand and not cand[0]["visible"]:
                break
        await host.send(json.dumps({"type": "reaction", "emoji": "🎉"}))
        r = await _next(guest, "reaction")
        assert (r["emoji"], r["by"]) == ("🎉", "Hana Host")
        await host.send(json.dumps({"type": "reaction", "emoji": "<script>"}))
        assert (await _next(host, "error"))["error"] == "invalid_reaction"
        await host.send(json.dumps({"type": "teleport"}))
        assert (await _next(host, "error"))["error"] == "unknown_type"
        await host.close()
        await guest.close()
    run_async(go())


def test_a_run_by_one_person_reaches_both_with_the_same_verdict_and_is_stored(room):
    solution = ("class Solution:\n    def twoSum(self, nums, target):\n        seen = {}\n"
                "        for i, n in enumerate(nums):\n            if target - n in seen:\n"
                "                return [seen[target - n], i]\n            seen[n] = i\n")
    # replace the shared code through a standard Yjs client: the judge runs what the document holds
    yjs("set", room.ws_base + "/collab", room.id, room.token("guest"), solution)

    async def go():
        host, _ = await _open(room, "host")
        guest, _ = await _open(room, "guest")
        await guest.send(json.dumps({"type": "run", "kind": "submit"}))
        started = [await _next(ws, "run_started") for ws in (host, guest)]
        assert all(s["by"] == "Gus Guest" and s["kind"] == "submit" for s in started)
        results = [(await _next(ws, "run_result", 120))["run"] for ws in (host, guest)]
        assert results[0] == results[1]
        assert results[0]["verdict"] == "accepted" and results[0]["by"] == "Gus Guest"
        late, hello = await _open(room, "host")
        assert hello["runs"][-1]["id"] == results[0]["id"]
        for ws in (host, guest, late):
            await ws.close()
    run_async(go())
    r = room.host.get("/api/sessions/mine")
    assert r.status_code == 200
