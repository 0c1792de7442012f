"""Every room socket (editor sync, room channel, call signalling) refuses a missing, forged, expired, other-room or
stale-member token, and an ended room, before sending a single byte of the room; oversize frames close 1009."""
from __future__ import annotations

import time

import jwt
import pytest
import websockets

from tests.collab.conftest import open_room, yjs
from tests.conftest import run_async

PATHS = ("/collab", "/room", "/rtc")


def _forged(app_server, room_id: str, **over) -> str:
    secret = (app_server.data_dir / "secret").read_text().strip()
    now = int(time.time())
    claims = {"sub": "1", "room": room_id, "role": "host", "name": "x", "aud": "parley-room", "iat": now,
              "exp": now + 600, **over}
    return jwt.encode(claims, secret, algorithm="HS256")


@pytest.mark.parametrize("path", PATHS)
def test_missing_tampered_expired_and_other_room_tokens_are_refused_with_4401(app_server, room, path):
    other = open_room(app_server.url)
    good = room.token("host")
    cases = {
        "missing": "-",
        "garbage": "not-a-jwt",
        "tampered": good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB"),
        "expired": _forged(app_server, room.id, exp=int(time.time()) - 5),
        "other room": other.token("host"),
        "wrong key": jwt.encode({"sub": "1", "room": room.id, "role": "host", "aud": "parley-room",
                                 "exp": int(time.time()) + 600}, "not-the-secret-" * 4, algorithm="HS256"),
    }
    for name, token in cases.items():
        answer = yjs("refused", room.ws_base + path, room.id, token)
        assert answer["code"] == 4401, (name, answer)
        assert answer["bytes"] == 0, (name, answer)


@pytest.mark.parametrize("path", PATHS)
def test_a_participant_who_left_and_an_ended_room_are_refused(app_server, room, path):
    guest_token, host_token = room.token("guest"), room.token("host")
    assert room.guest.post(f"/api/sessions/{room.id}/leave", json={}).status_code == 200
    answer = yjs("refused", room.ws_base + path, room.id, guest_token)
    assert (answer["code"], answer["bytes"]) == (4403, 0)
    assert room.host.post(f"/api/sessions/{room.id}/end", json={}).status_code == 200
    answer = yjs("refused", room.ws_base + path, room.id, host_token)
    assert (answer["code"], answer["bytes"]) == (4410, 0)
    answer = yjs("refused", room.ws_base + path, "doesnotexist0000", _forged(app_server, "doesnotexist0000"))
    assert answer["code"] == 4404


@pytest.mark.parametrize("path,size", [("/collab", 2 * 1024 * 1024), ("/room", 64 * 1024), ("/rtc", 128 * 1024)])
def test_a_huge_frame_closes_the_socket_with_1009_and_the_room_lives_on(room, path, size):
    async def go():
        url = f"{room.ws_base}{path}/{room.id}?token={room.token('host')}"
        async with websockets.connect(url, max_size=None) as ws:
            await ws.recv()  # the server speaks first (sync step 1 / hello)
            await ws.send(b"\x00\x02" + b"\xff" * size if path == "/collab" else "x" * size)
            with pytest.raises(websockets.ConnectionClosed) as closed:
                for _ in range(20):
                    await ws.recv()
            return closed.value.rcvd.code
    assert run_async(go()) == 1009
    assert "def twoSum" in yjs("read", room.ws_base + "/collab", room.id, room.token("guest"))["code"]["code:python"]
