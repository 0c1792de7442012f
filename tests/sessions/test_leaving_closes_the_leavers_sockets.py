"""Leaving ends access at once: when the participant leaves (REST `leave`, or the room page's Leave button) every
socket they hold in the room — editor sync `/collab`, room channel `/room`, call signalling `/rtc` — is closed
with 4403 within about a second, while the host's sockets stay open and keep working. Real WebSocket clients
against the production server."""
from __future__ import annotations

import asyncio
import json
import threading
import time

import websockets

from tests.collab.conftest import Room, room  # noqa: F401 (fixture)
from tests.conftest import run_async, next_message

PATHS = ("/collab", "/room", "/rtc")
SYNC_STEP1_EMPTY = b"\x00\x00\x01\x00"  # y-protocols: sync, step 1, state vector of an empty doc
CLOSE_WITHIN_S = 2.0  # "about a second"; a loaded 2-core CI box gets some slack


async def _connect(room: Room, who: str, path: str):
    token = await asyncio.to_thread(room.token, who)
    try:
        ws = await websockets.connect(f"{room.ws_base}{path}/{room.id}?token={token}", max_size=None,
                                      open_timeout=60)
        await asyncio.wait_for(ws.recv(), 60)  # admitted: the server speaks first (sync step 1 / hello / config)
    except (asyncio.TimeoutError, OSError) as e:
        raise AssertionError(f"{who} could not open {path}: {e!r}") from e
    return ws


async def _closed_code(ws, deadline: float) -> int | None:
    """The close code once the server closes `ws`, or None if it is still open at `deadline`."""
    try:
        while True:
            await asyncio.wait_for(ws.recv(), max(0.01, deadline - time.monotonic()))
    except websockets.ConnectionClosed as e:
        return e.rcvd.code if e.rcvd else None
    except asyncio.TimeoutError:
        return None


def _next(ws, kind: str, timeout: float = 10):
    return next_message(ws, kind, timeout)


async def _host_still_works(room: Room, host: dict) -> None:
    """Each of the host's sockets is open and answers."""
    await host["/collab"].send(SYNC_STEP1_EMPTY)

    async def step2():
        while True:  # awareness updates (the leaver's cursor going) may come first
            reply = await host["/collab"].recv()
            if isinstance(reply, bytes) and reply[:2] == b"\x00\x01":
                return
    await asyncio.wait_for(step2(), 10)
    await host["/room"].send(json.dumps({"type": "chat", "body": "still here"}))
    assert (await _next(host["/room"], "chat"))["message"]["body"] == "still here"
    await host["/rtc"].send(json.dumps({"type": "ping"}))  # relayed to nobody, but accepted
    assert await _closed_code(host["/rtc"], time.monotonic() + 0.5) is None


def _leave_and_watch(room: Room, leave) -> dict[str, float]:
    """Open the host's and the participant's three sockets, call `leave`, and return per path how long the
    participant's socket took to close with 4403; checks the host's stay open and working."""
    async def go():
        host = {p: await _connect(room, "host", p) for p in PATHS}
        guest = {p: await _connect(room, "guest", p) for p in PATHS}
        left_at = time.monotonic()  # from the moment the leave request is made
        await asyncio.to_thread(leave)
        closed = dict(zip(PATHS, await asyncio.gather(*(_closed_at(guest[p], left_at + CLOSE_WITHIN_S)
                                                        for p in PATHS))))
        assert {p: code for p, (code, _) in closed.items()} == {p: 4403 for p in PATHS}, f"leaver's sockets: {closed}"
        took = {p: round(at - left_at, 3) for p, (_, at) in closed.items()}
        assert (await _next(host["/rtc"], "peer"))["present"] is False
        await _host_still_works(room, host)
        for ws in (*host.values(), *guest.values()):
            await ws.close()
        return took
    return run_async(go())


def test_rest_leave_closes_the_participants_sockets_with_4403_and_keeps_the_hosts(room):
    took = _leave_and_watch(room, lambda: room.guest.post(f"/api/sessions/{room.id}/leave", json={})
                            .raise_for_status())
    print(f"\nREST leave -> 4403 after: {took}")
    # the token they still hold opens nothing any more
    assert room.guest.get(f"/api/sessions/{room.id}/token").status_code == 403


def test_the_room_pages_leave_button_closes_the_participants_sockets(app_server, room, new_context):
    """The page's Leave (app/state/session.py) goes through the same door: the person's sockets close."""
    ctx = new_context()
    ctx.add_cookies([{"name": "parley_session", "value": room.guest.cookies["parley_session"],
                      "url": app_server.page_url}])
    page = ctx.new_page()
    page.goto(f"/session/{room.id}", wait_until="networkidle")
    page.get_by_label("Connection: Connected").wait_for(timeout=90000)
    # The page's call has its signalling socket before the watcher opens the same person's: a person's newer /rtc
    # socket replaces the older one (4409), so the watcher's must be the newer, or the page's would replace it.
    page.wait_for_function("performance.getEntriesByName('parley:call-signalling').length > 0", timeout=90000)
    ready, outcome = threading.Event(), {}

    async def watch():
        host = {p: await _connect(room, "host", p) for p in PATHS}
        guest = {p: await _connect(room, "guest", p) for p in PATHS}
        ready.set()
        closed = await asyncio.gather(*(_closed_at(guest[p], time.monotonic() + 60) for p in PATHS))
        outcome["closed"] = dict(zip(PATHS, closed))
        await _host_still_works(room, host)
        for ws in (*host.values(), *guest.values()):
            await ws.close()

    def run():
        try:
            asyncio.run(watch())
        except BaseException as e:  # reported by the assert below
            outcome["error"] = repr(e)

    watcher = threading.Thread(target=run, daemon=True)
    watcher.start()
    assert ready.wait(150), outcome
    clicked = time.monotonic()
    page.get_by_role("button", name="Leave").click()
    page.wait_for_url("**/dashboard", timeout=30000)
    watcher.join(90)
    assert "error" not in outcome, outcome
    assert {p: code for p, (code, _) in outcome["closed"].items()} == {p: 4403 for p in PATHS}
    took = {p: at - clicked for p, (_, at) in outcome["closed"].items()}
    print(f"\npage Leave click -> 4403 after: {took}")
    assert max(took.values()) < 10  # click, Reflex event round trip, then the close itself
    assert room.guest.get(f"/api/sessions/{room.id}/token").status_code == 403


async def _closed_at(ws, deadline: float) -> tuple[int | None, float]:
    code = await _closed_code(ws, deadline)
    return code, time.monotonic()
