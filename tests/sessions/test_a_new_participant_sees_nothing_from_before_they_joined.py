"""Two successive participants: the second sees no chat, runs, verdict or recordings from before they joined
(room channel `hello`, recordings list and file, the session's final verdict, their history), the host sees
everything, and the participant who left reads nothing at all (token, recordings list/file/chunks/finish, chat
and video settings). Real WebSocket and HTTP clients against the production server."""
from __future__ import annotations

import asyncio
import json

import websockets

from tests.collab.conftest import Room, open_room, signup, yjs
from tests.conftest import run_async, next_message


async def _hello(room: Room, who: str, client=None):
    token = (client or getattr(room, who)).get(f"/api/sessions/{room.id}/token").json()["token"]
    ws = await websockets.connect(f"{room.ws_base}/room/{room.id}?token={token}")
    hello = json.loads(await asyncio.wait_for(ws.recv(), 30))
    assert hello["type"] == "hello"
    return ws, hello


def _next(ws, kind: str, timeout: float = 120):
    return next_message(ws, kind, timeout)


def _record(room: Room, data: bytes) -> str:
    r = room.host.post(f"/api/sessions/{room.id}/recordings", json={"mime_type": "video/webm"})
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    assert room.host.post(f"/api/sessions/{room.id}/recordings/{rid}/chunks", params={"seq": 0},
                          content=data).status_code == 200
    assert room.host.post(f"/api/sessions/{room.id}/recordings/{rid}/finish", json={}).status_code == 200
    return rid


def test_the_next_participant_inherits_nothing_and_the_one_who_left_reads_nothing(app_server):
    room = open_room(app_server.url)
    former = room.guest
    yjs("read", room.ws_base + "/collab", room.id, room.token("host"))  # the shared document exists

    async def before():
        host, _ = await _hello(room, "host")
        guest, _ = await _hello(room, "guest")
        await host.send(json.dumps({"type": "chat", "body": "secret hint for the first candidate"}))
        await _next(guest, "chat")  # two sockets: the second message is sent once the first is in
        await guest.send(json.dumps({"type": "chat", "body": "from the first candidate"}))
        await guest.send(json.dumps({"type": "run", "kind": "submit"}))
        run = (await _next(host, "run_result"))["run"]
        for ws in (host, guest):
            await ws.close()
        return run
    first_run = run_async(before())
    old_rec = _record(room, b"first candidate's call")
    assert former.post(f"/api/sessions/{room.id}/leave", json={}).status_code == 200

    second = signup(app_server.url, "Second Candidate")
    assert second.post(f"/api/sessions/{room.id}/join", json={}).status_code == 200

    async def after():
        ws, hello = await _hello(room, "guest", second)
        assert hello["chat"] == [] and hello["runs"] == [], hello
        await ws.send(json.dumps({"type": "chat", "body": "hello from the second"}))
        assert (await _next(ws, "chat"))["message"]["body"] == "hello from the second"
        await ws.close()
        host, hello = await _hello(room, "host")
        assert [m["body"] for m in hello["chat"]] == ["secret hint for the first candidate",
                                                      "from the first candidate", "hello from the second"]
        assert [r["id"] for r in hello["runs"]] == [first_run["id"]]
        await host.close()
        again, hello = await _hello(room, "guest", second)  # and a reconnect does not widen the view
        assert [m["body"] for m in hello["chat"]] == ["hello from the second"] and hello["runs"] == []
        await again.close()
    run_async(after())

    new_rec = _record(room, b"second candidate's call")
    base = f"/api/sessions/{room.id}/recordings"
    assert [r["id"] for r in second.get(base).json()] == [new_rec]
    assert [r["id"] for r in room.host.get(base).json()] == [old_rec, new_rec]
    r = second.get(f"{base}/{old_rec}")
    assert r.status_code == 404 and r.json()["error"] == "recording_not_found"
    assert second.get(f"{base}/{new_rec}").content == b"second candidate's call"
    assert room.host.get(f"{base}/{old_rec}").content == b"first candidate's call"

    def former_reads_nothing():
        for method, path, kw in [
            ("GET", f"/api/sessions/{room.id}/token", {}),
            ("GET", f"/api/sessions/{room.id}/chat", {}),
            ("GET", f"/api/sessions/{room.id}/video", {}),
            ("GET", base, {}),
            ("GET", f"{base}/{old_rec}", {}),
            ("GET", f"{base}/{new_rec}", {}),
            ("POST", f"{base}/{old_rec}/chunks", {"params": {"seq": 1}, "content": b"x"}),
            ("POST", f"{base}/{old_rec}/finish", {"json": {}}),
        ]:
            r = former.request(method, path, **kw)
            assert r.status_code in (403, 410), (method, path, r.status_code, r.text)
            assert set(r.json()) == {"error", "detail"}, r.text
    former_reads_nothing()

    assert room.host.post(f"/api/sessions/{room.id}/end", json={}).status_code == 200
    assert second.get(f"/api/sessions/{room.id}").json()["final_verdict"] is None
    assert room.host.get(f"/api/sessions/{room.id}").json()["final_verdict"] == first_run["verdict"]
    mine = {s["id"]: s for s in second.get("/api/sessions/mine").json()}
    assert mine[room.id]["final_verdict"] is None
    assert [r["id"] for r in second.get(base).json()] == [new_rec]
    former_reads_nothing()
    for c in (room.host, former, second):
        c.close()
