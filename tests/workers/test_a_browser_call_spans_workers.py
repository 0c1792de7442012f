"""Two real browsers whose pages sit on different workers (the host's on worker A at 127.0.0.1, the candidate's on
worker B at 127.0.0.2, one Redis between them): every socket of each page goes to its own worker, and still the
call connects both ways (video frames and audio decoded on both sides), the shared code typed on B shows on A, and
neither page asks anything of a host other than its own."""
from __future__ import annotations

import uuid
from urllib.parse import urlparse

from tests.browser.test_call_two_people import REMOTE

TYPED = "# typed on worker B"


def _receiving(page, timeout: float) -> None:
    """The other side's video decoded (frames rising) and audio arriving, and shown in the remote <video>."""
    page.wait_for_function("window.__parleyCall && window.__parleyCall.inbound().then(s => s.frameWidth > 0)",
                           timeout=timeout, polling=250)
    before = page.evaluate("window.__parleyCall.inbound()")
    page.wait_for_function(f"window.__parleyCall.inbound().then(s => s.framesDecoded > {before['framesDecoded']} + 10"
                           f" && s.audioPackets > {before['audioPackets']})", timeout=timeout, polling=250)
    page.wait_for_function(f"{REMOTE} && {REMOTE}.srcObject && {REMOTE}.videoWidth > 0", timeout=timeout)


def _person(browser, base: str, name: str):
    ctx = browser.new_context(base_url=base, viewport={"width": 1400, "height": 900})
    ctx.requests, ctx.sockets = [], []
    ctx.on("request", lambda r: ctx.requests.append(r.url))
    ctx.on("page", lambda page: page.on("websocket", lambda ws: ctx.sockets.append(ws.url)))
    r = ctx.request.post("/api/auth/signup", data={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                   "password": "browser-person-1", "display_name": name})
    assert r.status == 201, r.text()
    return ctx


def test_a_call_between_browsers_on_two_workers_connects(browser, workers):
    assert urlparse(workers.a.url).port == urlparse(workers.b.url).port
    host = _person(browser, workers.a.url, "Hana Host")
    cand = _person(browser, workers.b.url, "Cara Candidate")
    try:
        sid = host.request.post("/api/sessions", data={"problem": "two-sum"}).json()["id"]
        assert cand.request.post(f"/api/sessions/{sid}/join", data={}).status == 200
        a, b = host.new_page(), cand.new_page()
        a.goto(f"/session/{sid}")
        b.goto(f"/session/{sid}")
        _receiving(a, 90000)
        _receiving(b, 60000)

        for page in (a, b):
            page.wait_for_function("window.__parleyEditors && window.__parleyEditors.room && "
                                   "window.__parleyEditors.room.getValue().includes('twoSum')", timeout=60000)
        b.evaluate(f"window.__parleyEditors.room.executeEdits('t', [{{range: {{startLineNumber: 1, startColumn: 1, "
                   f"endLineNumber: 1, endColumn: 1}}, text: {TYPED!r} + '\\n'}}])")
        a.wait_for_function(f"window.__parleyEditors.room.getValue().includes({TYPED!r})", timeout=30000)

        for ctx, server in ((host, workers.a), (cand, workers.b)):
            own = urlparse(server.url)
            kinds = {urlparse(u).path.split("/")[1] for u in ctx.sockets}
            assert {"rtc", "collab", "room", "_event"} <= kinds, ctx.sockets
            assert {urlparse(u).hostname for u in ctx.sockets} == {own.hostname}, ctx.sockets
            foreign = [u for u in ctx.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
                       and (urlparse(u).hostname, urlparse(u).port) != (own.hostname, own.port)]
            assert foreign == [], foreign
    finally:
        host.close()
        cand.close()
