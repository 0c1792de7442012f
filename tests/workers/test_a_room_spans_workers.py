"""Two app workers on one Redis: whichever worker holds each person's sockets, they share one room. Yjs pairs whose
two sides sit on different workers converge and see each other's cursors; chat, presence, reactions and a shared
run's result cross; one run per room holds across workers; ending a room closes its sockets in both."""
from __future__ import annotations

import asyncio
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor

import websockets

from tests.collab.conftest import open_room, yjs
from tests.conftest import run_async, stop_app
from tests.workers.conftest import next_of, start_second_worker

PAIRS = 20


def _ws(server) -> str:
    return server.url.replace("http://", "ws://")


async def _open(base: str, room, who: str):
    ws = await websockets.connect(f"{base}/room/{room.id}?token={room.token(who)}")
    hello = json.loads(await ws.recv())
    assert hello["type"] == "hello", hello
    return ws, hello


def test_twenty_pairs_split_across_workers_converge_and_see_each_others_cursors(workers):
    rooms = [open_room(workers.a.url) for _ in range(PAIRS)]
    args = [x for r in rooms for x in (r.id, r.token("host"), r.token("guest"))]
    answer = yjs("span", _ws(workers.a) + "/collab", "-", _ws(workers.b) + "/collab", "200", *args, timeout=200)
    assert answer["pairs"] == PAIRS and answer["equal"]
    # what either worker relayed was stored by the one that took it: a fresh reader on either sees it all
    for base in (workers.a, workers.b):
        doc = yjs("read", _ws(base) + "/collab", rooms[0].id, rooms[0].token("guest"))
        assert len(doc["code"]["code:python"]) == answer["lengths"][0]


def test_a_new_room_opened_by_two_workers_at_once_gets_its_starter_code_once(workers):
    rooms = [open_room(workers.a.url) for _ in range(8)]
    with ThreadPoolExecutor(16) as pool:
        reads = list(pool.map(lambda job: yjs("read", _ws(job[0]) + "/collab", job[1].id, job[1].token("guest")),
                              [(w, r) for r in rooms for w in (workers.a, workers.b)]))
    for doc in reads:
        assert doc["code"]["code:python"].count("def twoSum") == 1, doc["code"]["code:python"]


def test_workers_2_serves_two_workers_on_one_port_that_share_rooms(workers):
    both = start_second_worker(workers.a, WORKERS="2")
    try:
        children = subprocess.run(["pgrep", "-P", str(both.proc.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 2, children
        rooms = [open_room(both.url) for _ in range(10)]  # sockets land on either worker, as the kernel deals them
        args = [x for r in rooms for x in (r.id, r.token("host"), r.token("guest"))]
        answer = yjs("span", _ws(both) + "/collab", "-", _ws(both) + "/collab", "100", *args, timeout=200)
        assert answer["pairs"] == 10
    finally:
        stop_app(both)


def test_chat_presence_reactions_and_a_run_cross_workers(workers):
    room = open_room(workers.a.url)
    yjs("read", _ws(workers.a) + "/collab", room.id, room.token("host"))  # the shared code exists: runs judge it

    async def go():
        host, _ = await _open(_ws(workers.a), room, "host")
        guest, hello = await _open(_ws(workers.b), room, "guest")
        assert {p["role"] for p in hello["presence"]} == {"host", "participant"}, hello["presence"]
        assert (await next_of(host, "joined"))["name"] == "Gus Guest"
        await next_of(host, "presence", where=lambda m: len(m["people"]) == 2)
        await guest.send(json.dumps({"type": "chat", "body": "<b>hi</b> from worker B"}))
        for ws in (host, guest):
            assert (await next_of(ws, "chat"))["message"]["body"] == "<b>hi</b> from worker B"
        await host.send(json.dumps({"type": "reaction", "emoji": "🎉"}))
        assert (await next_of(guest, "reaction"))["by"] == "Hana Host"
        await guest.send(json.dumps({"type": "visibility", "visible": False}))
        await next_of(host, "presence", where=lambda m: any(not p["visible"] for p in m["people"]))
        await guest.send(json.dumps({"type": "run", "kind": "run"}))
        assert (await next_of(host, "run_started"))["by"] == "Gus Guest"
        # the run is under way in worker B: a run asked of worker A is refused, not started twice
        await host.send(json.dumps({"type": "run", "kind": "run"}))
        refused = await next_of(host, "error", timeout=30)
        assert refused["error"] == "run_in_progress", refused
        results = [(await next_of(ws, "run_result", timeout=120))["run"] for ws in (host, guest)]
        assert results[0]["id"] == results[1]["id"] and results[0]["by"] == "Gus Guest"
        await guest.close()
        assert (await next_of(host, "left"))["name"] == "Gus Guest"
        await next_of(host, "presence", where=lambda m: len(m["people"]) == 1)
        await host.close()
    run_async(go())


def test_ending_a_room_in_one_worker_closes_its_sockets_in_the_other(workers):
    room = open_room(workers.a.url)

    async def go():
        guest, _ = await _open(_ws(workers.b), room, "guest")
        collab = await websockets.connect(f"{_ws(workers.b)}/collab/{room.id}?token={room.token('guest')}")
        await collab.recv()
        r = room.host.post(f"/api/sessions/{room.id}/end")
        assert r.status_code == 200, r.text
        assert (await next_of(guest, "ended", timeout=30))["type"] == "ended"
        for ws in (guest, collab):
            try:
                while True:
                    await asyncio.wait_for(ws.recv(), 30)
            except websockets.ConnectionClosed as e:
                assert e.rcvd.code == 4410, e
    run_async(go())
