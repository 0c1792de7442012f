"""A room's timeline, playback code and report record what happened, stamped by the server: join and leave, a tab
switch with its duration, chat, typing bursts, a large paste, a language switch and a run with its verdict."""
from __future__ import annotations

import asyncio
import json

import websockets

from tests.collab.conftest import yjs
from tests.conftest import run_async, next_message

PASTE = "x = [" + ", ".join(str(i) for i in range(60)) + "]  # pasted"  # one update of ~230 characters


def _next(ws, kind: str, timeout: float = 90):
    return next_message(ws, kind, timeout)


def test_the_timeline_the_code_at_a_moment_and_the_report(cast):
    async def candidate_session():
        async with websockets.connect(f"{cast.ws_base}/room/{cast.id}?token={cast.token('candidate')}") as ws:
            await _next(ws, "hello")
            await ws.send(json.dumps({"type": "visibility", "visible": False}))
            await asyncio.sleep(1.2)
            await ws.send(json.dumps({"type": "visibility", "visible": True}))
            await ws.send(json.dumps({"type": "chat", "body": "thinking out loud"}))
            await _next(ws, "chat")
            await asyncio.to_thread(yjs, "type", cast.ws_base + "/collab", cast.id, cast.token("candidate"), "\n# hi")
            await asyncio.to_thread(yjs, "type", cast.ws_base + "/collab", cast.id, cast.token("candidate"), PASTE)
            await asyncio.to_thread(yjs, "language", cast.ws_base + "/collab", cast.id, cast.token("candidate"), "java")
            await ws.send(json.dumps({"type": "run", "kind": "run"}))
            return (await _next(ws, "run_result"))["run"]
    run = run_async(candidate_session())
    assert run["by"] == "Cara Candidate"

    events = []
    for _ in range(50):  # the leave is recorded as the socket's handler finishes
        events = cast.host.get(f"/api/sessions/{cast.id}/timeline").json()["events"]
        if any(e["kind"] == "leave" and e["by"] == "Cara Candidate" for e in events):
            break
        run_async(asyncio.sleep(0.1))
    mine = [e for e in events if e["by"] == "Cara Candidate"]
    kinds = [e["kind"] for e in mine]
    for kind in ("join", "tab_away", "tab_back", "chat", "edit", "paste", "language", "run", "leave"):
        assert kind in kinds, (kind, kinds)
    assert [e["t_ms"] for e in events] == sorted(e["t_ms"] for e in events)
    back = next(e for e in mine if e["kind"] == "tab_back")
    assert back["away_s"] >= 1.0
    paste = next(e for e in mine if e["kind"] == "paste")
    assert paste["chars"] >= len(PASTE) and paste["language"] == "python"
    assert next(e for e in mine if e["kind"] == "language")["language"] == "java"
    ran = next(e for e in mine if e["kind"] == "run")
    assert (ran["verdict"], ran["passed"], ran["total"]) == (run["verdict"], run["passed"], run["total"])

    before = cast.host.get(f"/api/sessions/{cast.id}/code", params={"at": paste["t_ms"] - 1}).json()
    after = cast.host.get(f"/api/sessions/{cast.id}/code", params={"at": paste["t_ms"] + 1}).json()
    assert PASTE not in before["code"]["python"] and after["code"]["python"].endswith(PASTE)
    assert before["language"] == "python"
    assert cast.host.get(f"/api/sessions/{cast.id}/code").json()["language"] == "java"

    report = cast.host.get(f"/api/sessions/{cast.id}/report").json()
    for key in ("problem", "people", "duration_s", "final_code", "runs", "scorecard", "notes", "signals"):
        assert key in report, key
    sig = report["signals"]
    assert sig["tab_away_count"] == 1 and sig["tab_away_s"] >= 1.0
    assert len(sig["pastes"]) == 1 and sig["pastes"][0]["playback"].startswith(f"/session/{cast.id}/playback?t=")
    assert report["runs"][0]["verdict"] == run["verdict"] and report["runs"][0]["by"] == "Cara Candidate"
    assert report["final_code"]["python"].endswith(PASTE)
    md = cast.host.get(f"/api/sessions/{cast.id}/report", params={"format": "md", "download": "true"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "attachment" in md.headers["content-disposition"]
    assert "Tab switches: 1" in md.text and PASTE in md.text
