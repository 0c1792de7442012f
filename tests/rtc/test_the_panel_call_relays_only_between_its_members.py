"""The built-in call's signalling for a panel of six (host, candidate, two interviewers, two observers) on the
production server with real WebSocket clients, hostile cases first: a stranger, an observer who was removed and a
former candidate are refused; a frame to a peer id not in the call (a stranger's, one's own, not a string), a frame
that is not a JSON object, an oversize SDP and a flood reach nobody, and none of them breaks the others' call. Then
what the mesh needs: everyone is told who is in the call (names from the signed token, roles, and who is polite in
each pair: the higher id), an addressed frame reaches its one target marked with the sender, a seventh socket of a
member replaces their older one instead of taking a seventh seat."""
from __future__ import annotations

import asyncio
import json

import httpx
import jwt
import websockets

from tests.collab.conftest import signup
from tests.conftest import run_async, next_message

QUIET_S = 1.0  # how long "nobody received it" is watched for


def _panel(app_server) -> tuple[str, dict[str, httpx.Client]]:
    """A room with six people: host, candidate, interviewers i1 and i2, observers o1 and o2."""
    host = signup(app_server.url, "Hana Host")
    sid = host.post("/api/sessions", json={"problem": "two-sum"}).json()["id"]
    people = {"host": host}
    for who, role in (("cand", None), ("i1", "interviewer"), ("i2", "interviewer"), ("o1", "observer"),
                      ("o2", "observer")):
        c = signup(app_server.url, f"<b>{who}</b>")
        body = {"invite": host.post(f"/api/sessions/{sid}/invites", json={"role": role}).json()["invite_url"]
                .split("invite=")[1]} if role else {}
        assert c.post(f"/api/sessions/{sid}/join", json=body).status_code == 200
        people[who] = c
    return sid, people


def _token(c: httpx.Client, sid: str) -> str:
    return c.get(f"/api/sessions/{sid}/token").json()["token"]


def _me(c: httpx.Client, sid: str) -> int:
    """The person's user id, as their room token names it."""
    return int(jwt.decode(_token(c, sid), options={"verify_signature": False})["sub"])


async def _open(base: str, sid: str, token: str):
    ws = await websockets.connect(f"{base}/rtc/{sid}?token={token}", max_size=None)
    config = json.loads(await asyncio.wait_for(ws.recv(), 30))
    assert config["type"] == "config", config
    legacy = json.loads(await asyncio.wait_for(ws.recv(), 30))  # the two-person call's "is anyone here"
    assert legacy == {"type": "peer", "present": bool(config["peers"])}
    return ws, config


def _next(ws, kind: str, timeout: float = 10):
    return next_message(ws, kind, timeout)


async def _signals(ws, within: float = QUIET_S) -> list[dict]:
    """Every `signal` the socket receives within `within` seconds."""
    out = []
    try:
        async with asyncio.timeout(within):
            while True:
                m = json.loads(await ws.recv())
                if m["type"] == "signal":
                    out.append(m)
    except TimeoutError:
        pass
    return out


async def _closed_with(ws, timeout: float = 10) -> int:
    try:
        while True:
            await asyncio.wait_for(ws.recv(), timeout)
    except websockets.ConnectionClosed as e:
        return e.rcvd.code if e.rcvd else 1006


def test_strangers_removed_observers_and_former_candidates_are_refused(app_server):
    sid, people = _panel(app_server)
    base = app_server.url.replace("http://", "ws://")
    stranger = signup(app_server.url, "Stan Stranger")
    assert stranger.get(f"/api/sessions/{sid}/token").status_code == 403
    ids = {who: _me(c, sid) for who, c in people.items()}

    async def go():
        host, _ = await _open(base, sid, _token(people["host"], sid))
        leavers = {who: (_token(people[who], sid), *(await _open(base, sid, _token(people[who], sid))))
                   for who in ("o1", "cand")}
        for _ in leavers:  # the host is told they arrived
            assert (await _next(host, "peer"))["present"] is True
        for who, (token, ws, _) in leavers.items():
            assert people[who].post(f"/api/sessions/{sid}/leave", json={}).status_code == 200
            assert await _closed_with(ws) == 4403, who
            gone = await _next(host, "peer")
            assert gone == {"type": "peer", "present": False, "id": str(ids[who]),
                            "name": f"<b>{who}</b>", "role": "observer" if who == "o1" else "participant",
                            "polite": ids["host"] > ids[who]}
            again = await websockets.connect(f"{base}/rtc/{sid}?token={token}")  # their token has not expired
            assert await _closed_with(again) == 4403, who
        for bad in ("", "not-a-jwt", _token(people["host"], sid)[:-2] + "xx"):
            ws = await websockets.connect(f"{base}/rtc/{sid}?token={bad}")
            assert await _closed_with(ws) == 4401
        await host.close()
    run_async(go())


def test_hostile_frames_reach_nobody_and_break_no_one_elses_call(app_server):
    sid, people = _panel(app_server)
    base = app_server.url.replace("http://", "ws://")
    stranger_id = str(10**9)  # nobody in this room

    async def go():
        ws = {who: (await _open(base, sid, _token(c, sid)))[0] for who, c in people.items()}
        ids = {who: str(_me(c, sid)) for who, c in people.items()}
        attacker, others = ws["o2"], [w for who, w in ws.items() if who != "o2"]
        for frame in ({"to": stranger_id, "sdp": "x"}, {"to": ids["o2"], "sdp": "x"}, {"to": int(ids["host"])},
                      {"to": True}, {"to": None}, {"to": [ids["host"]]}, {"to": {"id": ids["host"]}}):
            await attacker.send(json.dumps(frame))
            assert (await _next(attacker, "error"))["detail"] == "No such peer in this call.", frame
        for frame in ("[1, 2]", "42", '"str"', "null", "{", "\u0000"):
            await attacker.send(frame)
            assert (await _next(attacker, "error"))["detail"].startswith(("A message is a JSON object",
                                                                         "Messages are JSON")), frame
        for w in others:
            assert await _signals(w, 0.3) == []  # none of it was relayed

        # an oversize SDP closes the sender's socket (1009); a flood closes it too (4429); nobody else is touched
        big = await websockets.connect(f"{base}/rtc/{sid}?token={_token(people['o1'], sid)}", max_size=None)
        await big.send(json.dumps({"to": ids["host"], "description": {"type": "offer", "sdp": "v=0\r\n" * 20_000}}))
        assert await _closed_with(big) == 1009
        flood = await websockets.connect(f"{base}/rtc/{sid}?token={_token(people['o2'], sid)}", max_size=None)
        try:
            for n in range(400):  # twice the burst, faster than the refill
                await flood.send(json.dumps({"to": ids["i1"], "candidate": {"n": n}}))
            await _closed_with(flood)
        except websockets.ConnectionClosed:
            pass
        assert flood.close_code == 4429
        received = await _signals(ws["i1"], 1.5)
        assert 0 < len(received) < 400 and all(m["from"] == ids["o2"] for m in received)

        await ws["host"].send(json.dumps({"to": ids["cand"], "description": {"type": "offer", "sdp": "v=0"}}))
        got = await _signals(ws["cand"])
        assert got == [{"type": "signal", "from": ids["host"], "data": {"description": {"type": "offer", "sdp": "v=0"}}}]
        for w in ws.values():
            await w.close()
    run_async(go())


def test_six_people_each_learn_the_others_and_an_addressed_frame_reaches_only_its_target(app_server):
    sid, people = _panel(app_server)
    base = app_server.url.replace("http://", "ws://")
    ids = {who: _me(c, sid) for who, c in people.items()}

    async def go():
        ws, configs = {}, {}
        for who, c in people.items():  # one after the other: each config lists the people already there
            ws[who], configs[who] = await _open(base, sid, _token(c, sid))
        order = list(people)
        for n, who in enumerate(order):
            assert configs[who]["peer_id"] == str(ids[who])
            listed = {p["id"]: p for p in configs[who]["peers"]}
            assert set(listed) == {str(ids[o]) for o in order[:n]}
            for o in order[:n]:
                p = listed[str(ids[o])]
                assert p["polite"] is (ids[who] > ids[o])  # exactly one side of each pair yields
                assert p["name"] == ("Hana Host" if o == "host" else f"<b>{o}</b>")
        roles = {p["id"]: p["role"] for p in configs["o2"]["peers"]}
        assert [roles[str(ids[w])] for w in ("host", "cand", "i1", "i2", "o1")] == \
            ["host", "participant", "interviewer", "interviewer", "observer"]

        await ws["i1"].send(json.dumps({"to": str(ids["o2"]), "candidate": {"candidate": "c1"}}))
        heard = {who: await _signals(w, 0.5) for who, w in ws.items()}
        assert heard["o2"] == [{"type": "signal", "from": str(ids["i1"]), "data": {"candidate": {"candidate": "c1"}}}]
        assert all(v == [] for who, v in heard.items() if who != "o2")
        await ws["cand"].send(json.dumps({"state": {"muted": True}}))  # no `to`: everyone else
        heard = {who: await _signals(w, 0.5) for who, w in ws.items()}
        assert heard.pop("cand") == []
        assert all(v == [{"type": "signal", "from": str(ids["cand"]), "data": {"state": {"muted": True}}}]
                   for v in heard.values())

        # a seventh socket, of a member (a reload, a new tab), replaces their older one: still six seats
        old = ws["o1"]
        ws["o1"], again = await _open(base, sid, _token(people["o1"], sid))
        assert await _closed_with(old) == 4409
        assert len(again["peers"]) == 5
        back = await _next(ws["host"], "peer")
        assert back["present"] is True and back["id"] == str(ids["o1"])
        await ws["host"].send(json.dumps({"to": str(ids["o1"]), "description": {"type": "offer", "sdp": "v=0"}}))
        assert len(await _signals(ws["o1"])) == 1
        for w in ws.values():
            await w.close()
    run_async(go())
