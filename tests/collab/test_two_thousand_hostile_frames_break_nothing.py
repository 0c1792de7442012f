"""A member sends 2,000 random and mutated frames over `/collab`, `/room` and `/rtc` (sync steps 1 and 2,
updates, awareness, truncated varints, lying lengths, garbage, wrong JSON types, oversize frames), reconnecting
whenever the server closes the socket. Afterwards two fresh standard Yjs clients sync and exchange edits, chat
works, the document reloads from storage, and the server logged no unhandled exception."""
from __future__ import annotations

import asyncio
import json
import random

import websockets
from pycrdt import Doc, Map, Text, write_var_uint

from app.config import settings
from tests.collab.conftest import yjs
from tests.conftest import run_async

FRAMES = 2000
SEED = 20261202


def _varuint(n: int) -> bytes:
    return write_var_uint(n)


def _updates() -> list[bytes]:
    """Real updates from a document of our own: mutated, some still decode and apply, most do not."""
    doc, out = Doc(), []
    text, meta = doc.get("code:python", type=Text), doc.get("meta", type=Map)
    for i in range(40):
        before = doc.get_state()
        text.insert(len(str(text)) // 2, f"<script>x{i}</script>")
        if i % 9 == 0:
            meta["language"] = "python"
        if i % 4 == 0 and len(str(text)) > 5:
            del text[1:3]
        out.append(doc.get_update(before))
    return out


def _mutate(rand: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rand.randint(1, 4)):
        op = rand.random()
        if op < 0.35 and b:
            b[rand.randrange(len(b))] = rand.randrange(256)
        elif op < 0.6:
            b = b[:rand.randrange(len(b) + 1)]
        elif op < 0.8:
            b.insert(rand.randrange(len(b) + 1), rand.randrange(256))
        else:
            b += bytes(rand.randrange(256) for _ in range(rand.randint(1, 8)))
    return bytes(b)


def _awareness(rand: random.Random) -> bytes:
    states = [b'{"user":{"name":"<img src=x onerror=alert(1)>"}}', b"null", b"[1,2]", b"42", b"{not json",
              b"\xff\xfe", b"[" * 5000 + b"]" * 5000, b'{"cursor":' + b"9" * 400 + b"}"]
    entries = [(rand.choice([rand.randrange(2**32), 2**60, 1]), rand.choice([0, 1, rand.randrange(10**6), 2**62]),
                rand.choice(states)) for _ in range(rand.randint(0, 3))]
    body = _varuint(len(entries)) + b"".join(_varuint(c) + _varuint(k) + _varuint(len(s)) + s for c, k, s in entries)
    if rand.random() < 0.3:
        body = _mutate(rand, body)
    return b"\x01" + _varuint(len(body) + rand.choice([0, 0, 0, 3, -1 if body else 0])) + body


def _collab_frame(rand: random.Random, updates: list[bytes]) -> bytes | str:
    pick = rand.random()
    u = rand.choice(updates)
    if pick < 0.25:
        return b"\x00\x02" + _varuint(len(u)) + u if rand.random() < 0.3 else \
            (lambda m: b"\x00\x02" + _varuint(len(m)) + m)(_mutate(rand, u))
    if pick < 0.35:
        m = _mutate(rand, u)
        return b"\x00\x01" + _varuint(len(m)) + m
    if pick < 0.45:
        sv = _mutate(rand, b"\x01" + _varuint(rand.randrange(2**32)) + _varuint(rand.randrange(100)))
        return b"\x00\x00" + _varuint(len(sv)) + sv
    if pick < 0.65:
        return _awareness(rand)
    if pick < 0.72:  # truncated varints
        return rand.choice([b"\x00", b"\x00\x02", b"\x80", b"\x00\x02\xff", b"\x01\xff\xff\xff", b""])
    if pick < 0.80:  # lying lengths
        return b"\x00\x02" + _varuint(rand.choice([10**9, 2**40, len(u) + 50])) + u[: rand.randrange(len(u) + 1)]
    if pick < 0.86:
        return bytes([rand.randrange(2, 256)]) + _mutate(rand, u)
    if pick < 0.90:
        return "a text frame"
    if pick < 0.905:
        return b"\x00\x02" + b"\x00" * (settings.collab_max_message_bytes + 10)
    return _mutate(rand, rand.choice([b"\x00\x00\x01\x00", b"\x01\x01\x00", u]))


def _json_frame(rand: random.Random) -> str | bytes:
    choices = [
        lambda: json.dumps({"type": "chat", "body": rand.choice([None, 7, [], {"a": 1}, "", "x" * 5000,
                                                                 "<b onmouseover=alert(1)>hi</b>"])}),
        lambda: json.dumps({"type": rand.choice([None, 1, [], {}, "chat", "reaction", "visibility", "nope"]),
                            "emoji": rand.choice(["👍", "💣", None, 3]), "visible": rand.choice([0, "x", None])}),
        lambda: json.dumps({"type": "run", "kind": rand.choice([[], {"x": 1}, "rm -rf", None])}),
        lambda: rand.choice(["[]", "null", "42", '"str"', "{", "{}", "[" * 3000 + "]" * 3000, "\u0000"]),
        lambda: bytes(rand.randrange(256) for _ in range(rand.randint(0, 40))),
        lambda: json.dumps({"type": "signal", "data": {"sdp": "x" * rand.randint(0, 200)}}),
        lambda: "{" + "\"a\":" * 50 + "1" + "}" * 50,
    ]
    return rand.choice(choices)()


async def _pound(url: str, frames: list, log_closes: list[int]) -> None:
    ws = await websockets.connect(url, max_size=None)
    for frame in frames:
        try:
            await ws.send(frame)
        except websockets.ConnectionClosed as e:
            log_closes.append(e.rcvd.code if e.rcvd else 1006)
            ws = await websockets.connect(url, max_size=None)
            await ws.send(frame)
        # drain what the server says, without waiting for it
        try:
            while True:
                await asyncio.wait_for(ws.recv(), 0.001)
        except (asyncio.TimeoutError, websockets.ConnectionClosed):
            pass
    await ws.close()


def test_two_thousand_hostile_frames_leave_the_room_working(app_server, room):
    rand = random.Random(SEED)
    updates = _updates()
    log_from = app_server.log.stat().st_size
    token = room.token("guest")
    per = {"collab": [], "room": [], "rtc": []}
    for _ in range(FRAMES):
        where = rand.choices(["collab", "room", "rtc"], weights=[6, 3, 1])[0]
        per[where].append(_collab_frame(rand, updates) if where == "collab" else _json_frame(rand))
    closes: list[int] = []

    async def go():
        for where, frames in per.items():
            await _pound(f"{room.ws_base}/{where}/{room.id}?token={token}", frames, closes)
    run_async(go())
    assert sum(len(f) for f in per.values()) == FRAMES
    assert closes and all(c != 1011 for c in closes), closes  # malformed frames close with their own codes

    # two fresh standard clients sync and exchange edits
    answer = yjs("converge", room.ws_base + "/collab", room.id, room.token("host"), room.token("guest"), "50")
    assert answer["equal"] and answer["late_equal"], answer

    async def chat():
        host = await websockets.connect(f"{room.ws_base}/room/{room.id}?token={room.token('host')}")
        hello = json.loads(await asyncio.wait_for(host.recv(), 30))
        assert hello["type"] == "hello"
        await host.send(json.dumps({"type": "chat", "body": "still here"}))
        while True:
            m = json.loads(await asyncio.wait_for(host.recv(), 30))
            if m["type"] == "chat":
                assert m["message"]["body"] == "still here"
                break
        await host.close()
    run_async(chat())

    log = app_server.log.read_bytes()[log_from:].decode("utf-8", "replace")
    for sign in ("Traceback", "Exception in ASGI", "unexpected failure"):  # (a caught Rust panic prints too)
        at = log.find(sign)
        assert at < 0, "\n".join(ln for ln in log[max(0, at - 500):at + 20000].splitlines()
                                 if "site-packages" not in ln)[:6000]
