"""The interviewer's toolkit with two real browsers. The candidate types, switches language and back, pastes 200
characters, switches to another tab (a real background tab: visibilitychange fires) and runs; meanwhile the host
writes private notes and fills the scorecard in the room. The host sees the tab-away live and in the timeline. After
End, the host opens playback, scrubs with the keyboard to a moment just after the paste and sees exactly the code of
that moment (as `GET /code?at=` computes it), coloured by who typed it; a moment in Java shows Java; playing at 8x
advances time ~8x faster; the report shows runs, pastes, tab switches, scorecard and notes, stays editable after the
end, and downloads as Markdown and JSON. The candidate gets 403 on every toolkit URL (the pages show the refusal and
fetch no data) and, over the whole test, not one WebSocket frame or HTTP response the candidate's browser received
contains the note or the scorecard summary (a chat canary proves the recorder hears the room). Playback and report
make no request to any other host."""
from __future__ import annotations

import json
import re
import time
import uuid
from pathlib import Path

import pytest

from tests.browser.real_tabs import tabbed_chromium
from tests.conftest import screenshot

PASTE = ("class Solution:\n    def twoSum(self, nums, target):\n        d={}\n"
         "        for i, n in enumerate(nums):\n            if target - n in d:\n"
         "                return [d[target - n], i]\n            d[n] = i\n")
PASTE = PASTE + "# " + "x" * (200 - len(PASTE) - 3) + "\n"
assert len(PASTE) == 200
TOOLKIT = ["/history", "/timeline", "/code?at=0", "/notes", "/scorecard", "/report", "/report?format=md"]


@pytest.fixture
def candidate_browser(browser):
    with tabbed_chromium(browser.browser_type) as b:
        yield b


class Heard:
    """Everything one browser context received: WebSocket frames and HTTP responses (bodies read at the end)."""

    def __init__(self, ctx):
        self.frames: list[bytes] = []
        self.responses = []
        self.read: list[bytes] = []
        self.urls: list[str] = []
        ctx.on("response", lambda r: self.responses.append(r))
        ctx.on("request", lambda r: self.urls.append(r.url))

    def watch(self, page):
        page.on("websocket", lambda ws: ws.on(
            "framereceived", lambda f: self.frames.append(f if isinstance(f, bytes) else str(f).encode())))
        return page

    def bodies(self) -> list[bytes]:
        """Every body so far (call before a page navigates or closes: the browser then drops them)."""
        pending, self.responses = self.responses, []
        for r in pending:
            try:
                self.read.append(r.body())
            except Exception:  # redirects have none
                continue
        return self.read


def _signup(ctx, base: str, name: str) -> dict:
    r = ctx.request.post(base + "/api/auth/signup", data={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                          "password": "toolkit-browser-1", "display_name": name})
    assert r.status == 201, r.text()
    return r.json()


def _room(page, url: str):
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("window.__parleyEditors && window.__parleyEditors.room && window.__parleyRoom && "
                           "window.__parleyEditors.room.getValue().includes('twoSum')", timeout=90000)
    page.get_by_label("Connection: Connected").wait_for(timeout=30000)
    return page


def _events(host, base: str, sid: str, kind: str, n: int = 1, timeout: float = 20) -> list[dict]:
    """The host's timeline events of `kind`, waiting (bounded) until there are at least n."""
    deadline = time.monotonic() + timeout
    while True:
        r = host.request.get(f"{base}/api/sessions/{sid}/timeline")
        assert r.status == 200, r.text()
        got = [e for e in r.json()["events"] if e["kind"] == kind]
        if len(got) >= n or time.monotonic() > deadline:
            return got
        time.sleep(0.3)


def _quiet_moment(updates: list[dict], after: int, before: int) -> int:
    """A whole-second moment in (after, before) with no update within 100 ms of it (so the browser's replay and the
    server's `code?at=` cannot differ on which side of the moment an update falls)."""
    for t in range((after // 1000 + 1) * 1000, before, 1000):
        if all(abs(u["t_ms"] - t) > 100 for u in updates):
            return t
    raise AssertionError(f"no quiet second between {after} and {before}")


def test_candidate_works_host_takes_notes_then_plays_back_and_reports(new_context, candidate_browser, app_server,
                                                                       tmp_path):
    base = app_server.page_url
    note_marker = f"private-note-{uuid.uuid4().hex[:8]}"
    summary_marker = f"private-summary-{uuid.uuid4().hex[:8]}"
    chat_canary = f"chat-canary-{uuid.uuid4().hex[:8]}"

    host_ctx = new_context()
    _signup(host_ctx, base, "Hana Host")
    cctx = candidate_browser.contexts[0]
    cctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    heard = Heard(cctx)
    cara = _signup(cctx, base, "Cara Candidate")
    sid = host_ctx.request.post(base + "/api/sessions", data={"problem": "two-sum", "visibility": "public"}).json()["id"]
    assert cctx.request.post(f"{base}/api/sessions/{sid}/join", data={}).status == 200

    host = _room(host_ctx.new_page(), f"{base}/session/{sid}")
    cand = _room(heard.watch(cctx.pages[0] if cctx.pages else cctx.new_page()), f"{base}/session/{sid}")

    # the candidate types, and switches to Java and back
    cand.locator("#room-editor .view-lines").first.click()
    cand.keyboard.press("Control+End")
    cand.keyboard.type("# thinking about a hash map")
    host.wait_for_function("window.__parleyEditors.room.getValue().includes('# thinking about a hash map')",
                           timeout=20000)
    cand.get_by_label("Language").click()
    cand.get_by_role("option", name="Java", exact=True).click()
    host.wait_for_function("window.__parleyEditors.room.getValue().includes('public int[] twoSum')", timeout=20000)
    cand.wait_for_timeout(1500)
    cand.get_by_label("Language").click()
    cand.get_by_role("option", name="Python 3", exact=True).click()
    host.wait_for_function("window.__parleyEditors.room.getValue().includes('# thinking about a hash map')",
                           timeout=20000)

    # the host writes private notes (typed, with a timestamp link) and fills the scorecard
    host.get_by_role("tab", name="Notes").click()
    notes = host.get_by_label("Private notes (Markdown)")
    notes.click()
    host.keyboard.type(f"## First impressions\n{note_marker}: asks good questions <b>really</b> ")
    host.get_by_role("button", name="Insert timestamp").click()
    host.locator("#notes-status").get_by_text("Saved", exact=True).wait_for(timeout=15000)
    host.wait_for_function("() => document.querySelector('#notes-input').value.includes('/playback?t=')")
    host.locator("#notes-preview").get_by_role("heading", name="First impressions").wait_for()
    assert host.locator("#notes-preview b").count() == 0  # raw HTML is text
    host.locator("#notes-status").get_by_text("Saved", exact=True).wait_for(timeout=15000)
    screenshot(host, "toolkit-room-notes")
    criteria = host_ctx.request.get(f"{base}/api/sessions/{sid}/scorecard").json()["criteria"]
    host.get_by_role("tab", name="Scorecard").click()
    for i, c in enumerate(criteria):
        host.locator(f'fieldset[data-criterion="{c["key"]}"] input[value="{2 + i % 3}"]').check()
    host.get_by_role("radio", name="Yes", exact=True).check()
    host.get_by_label("Scorecard summary").fill(f"{summary_marker}: solid, hesitant on testing")
    host.locator("#scorecard-status").get_by_text("Saved", exact=True).wait_for(timeout=15000)
    screenshot(host, "toolkit-room-scorecard")
    card = host_ctx.request.get(f"{base}/api/sessions/{sid}/scorecard").json()
    assert card["scores"] == {c["key"]: 2 + i % 3 for i, c in enumerate(criteria)}
    assert card["recommendation"] == "yes" and card["summary"].startswith(summary_marker)
    host.get_by_role("tab", name="Chat").click()
    host.get_by_label("Chat message").fill(chat_canary)
    host.get_by_role("button", name="Send").click()
    cand.locator(".chat-body").get_by_text(chat_canary).wait_for(timeout=20000)

    # the candidate pastes 200 characters as one edit
    cand.locator("#room-editor .view-lines").first.click()
    cand.keyboard.press("Control+A")
    cand.keyboard.press("Delete")
    cand.evaluate("c => navigator.clipboard.writeText(c)", PASTE)
    cand.keyboard.press("Control+V")
    host.wait_for_function("c => window.__parleyEditors.room.getValue() === c", arg=PASTE, timeout=20000)
    paste = _events(host_ctx, base, sid, "paste")
    assert [(e["chars"], e["by"]) for e in paste] == [(200, "Cara Candidate")], paste

    # ...switches to another tab for real (a background tab), then comes back; the host sees it live
    assert cand.evaluate("document.visibilityState") == "visible"
    other = cctx.new_page()
    other.goto(f"{base}/problems", wait_until="domcontentloaded")
    cand.wait_for_function("document.visibilityState === 'hidden'", timeout=10000)
    host.get_by_text("The candidate is on another tab").wait_for(timeout=20000)
    screenshot(host, "toolkit-room-candidate-away")
    other.wait_for_timeout(1500)
    heard.bodies()
    cand.bring_to_front()
    cand.wait_for_function("document.visibilityState === 'visible'", timeout=10000)
    other.close()
    host.get_by_text("The candidate is on another tab").wait_for(state="detached", timeout=20000)
    away = _events(host_ctx, base, sid, "tab_away")
    back = _events(host_ctx, base, sid, "tab_back")
    assert [e["by"] for e in away] == ["Cara Candidate"] and len(back) == 1 and back[0]["away_s"] >= 1

    # ...and runs
    cand.get_by_role("button", name="Run", exact=True).click()
    for page in (host, cand):
        page.locator("#verdict").get_by_text("Accepted").wait_for(timeout=120000)
    runs = _events(host_ctx, base, sid, "run")
    assert runs and runs[0]["verdict"] == "accepted"

    # End; the host goes from the ended page to playback
    host.get_by_role("button", name="End session").click()
    host.get_by_role("heading", name="This session has ended").wait_for(timeout=30000)
    cand.get_by_role("heading", name="This session has ended").wait_for(timeout=30000)
    errors_before = len(host_ctx.recorded.console_errors)
    requests_before = len(host_ctx.recorded.requests)
    host.locator("#review-links").get_by_role("link", name="Playback").click()
    host.wait_for_url(re.compile(rf"/session/{sid}/playback"))
    host.wait_for_function("window.__parleyPlayback && window.__parleyPlayback.ready", timeout=60000)
    history = host_ctx.request.get(f"{base}/api/sessions/{sid}/history").json()["updates"]
    start, end = host.evaluate("window.__parleyPlayback.range()").values()
    assert host.evaluate("window.__parleyPlayback.updates") == len(history)

    # scrub with the keyboard (Home, then 1 s per arrow) to a quiet moment just after the paste
    paste_update = max(u["t_ms"] for u in history if u["t_ms"] <= paste[0]["t_ms"])
    moment = start + _quiet_moment([{"t_ms": u["t_ms"] - start} for u in history], paste_update - start,
                                   away[0]["t_ms"] - start + 60000)
    scrubber = host.get_by_role("slider", name="Playback position")
    scrubber.focus()
    host.keyboard.press("Home")
    for _ in range((moment - start) // 1000):
        host.keyboard.press("ArrowRight")
    assert host.evaluate("window.__parleyPlayback.t()") == moment
    want = host_ctx.request.get(f"{base}/api/sessions/{sid}/code?at={moment}").json()
    assert want["language"] == "python" and PASTE in want["code"]["python"]
    shown = host.evaluate("window.__parleyEditors.playback.getValue()")
    assert shown == want["code"]["python"], (moment, shown, want)
    assert host.evaluate("window.__parleyPlayback.language()") == "python"
    host.get_by_text("Language: Python 3").wait_for()
    # who typed what: the pasted text is the candidate's colour
    runs_by = host.evaluate("window.__parleyPlayback.authors()")
    pasted_at = shown.index(PASTE)
    assert any(r["author"] == cara["id"] and r["start"] <= pasted_at and r["end"] >= pasted_at + len(PASTE)
               for r in runs_by), runs_by
    host.locator(".pb-author-1").first.wait_for()
    host.get_by_text("Cara Candidate (candidate)").wait_for()
    screenshot(host, "toolkit-playback-after-paste")

    # a moment while Java was on screen shows Java
    switches = _events(host_ctx, base, sid, "language", 2)
    to_java = next(e for e in switches if e["language"] == "java")
    to_python = next(e for e in switches if e["language"] == "python" and e["t_ms"] > to_java["t_ms"])
    java_at = (to_java["t_ms"] + to_python["t_ms"]) // 2
    host.evaluate("t => window.__parleyPlayback.seek(t)", java_at)
    want_java = host_ctx.request.get(f"{base}/api/sessions/{sid}/code?at={java_at}").json()
    assert want_java["language"] == "java"
    assert host.evaluate("window.__parleyPlayback.language()") == "java"
    assert host.evaluate("window.__parleyEditors.playback.getValue()") == want_java["code"]["java"]
    host.get_by_text("Language: Java").wait_for()

    # every quiet moment sampled across the session shows what the server says was there
    quiet = [t for t in range(start, end, 997) if all(abs(u["t_ms"] - t) > 100 for u in history)]
    for t in quiet[::max(1, len(quiet) // 10)]:
        want = host_ctx.request.get(f"{base}/api/sessions/{sid}/code?at={t}").json()
        host.evaluate("t => window.__parleyPlayback.seek(t)", t)
        assert host.evaluate("window.__parleyPlayback.language()") == (want["language"] or "python"), t
        assert host.evaluate("window.__parleyEditors.playback.getValue()") == \
            want["code"].get(want["language"] or "python", ""), t

    # jump buttons land on the events; the timeline lists the tab-away
    host.keyboard.press("Home")
    host.get_by_role("button", name="Next paste ▶").click()
    assert host.evaluate("window.__parleyPlayback.t()") == paste[0]["t_ms"]
    host.get_by_role("button", name="Next tab-away ▶").click()
    assert host.evaluate("window.__parleyPlayback.t()") == away[0]["t_ms"]
    host.get_by_role("list", name="Timeline events").get_by_text("Cara Candidate switched to another tab").wait_for()

    # play at 8x (skip idle off, so session time runs evenly): time advances ~8x the wall clock
    host.get_by_label("Skip idle (gaps over 3 s)").uncheck()
    host.get_by_role("button", name="8× speed").click()
    host.evaluate("window.__parleyPlayback.seek(window.__parleyPlayback.range().start)")
    host.get_by_role("button", name="Play", exact=True).click()
    rate = host.evaluate("""async () => {
        const p = window.__parleyPlayback, t0 = p.t(), w0 = performance.now();
        await new Promise(r => setTimeout(r, 1500));
        return {rate: (p.t() - t0) / (performance.now() - w0), playing: p.playing(), speed: p.speed()};
    }""")
    assert rate["playing"] and rate["speed"] == 8
    assert 5.5 <= rate["rate"] <= 8.5, rate  # frames under load can only lose time, never gain it
    assert end - start > 1500 * 8
    host.get_by_role("button", name="Pause", exact=True).click()
    screenshot(host, "toolkit-playback-playing")

    # the report: everything, readable; editable after the end; downloads
    host.get_by_role("link", name="Report", exact=True).click()
    host.wait_for_url(re.compile(rf"/session/{sid}/report"))
    host.get_by_role("heading", name="Interview report: Two Sum").wait_for(timeout=30000)
    report = host.locator("#report")
    report.locator("#report-people").get_by_text("Cara Candidate").wait_for()
    report.locator("#report-runs").get_by_text("Accepted").wait_for()
    report.locator("#report-pastes").get_by_text("Cara Candidate pasted 200 characters").wait_for()
    assert report.locator("#report-tab-away").inner_text().startswith("1 time,")
    assert report.locator("#report-recommendation").inner_text() == "Yes"
    report.locator("#report-notes").get_by_text(note_marker).wait_for()
    assert report.locator("#report-notes b").count() == 0
    report.locator("#report-summary").get_by_text(summary_marker).wait_for()
    assert PASTE.strip() in report.locator("#report-code pre").first.inner_text()
    screenshot(host, "toolkit-report")
    host.get_by_role("button", name="Edit scorecard and notes").click()
    host.get_by_role("radio", name="Strong yes", exact=True).check()
    host.locator("#scorecard-status").get_by_text("Saved", exact=True).wait_for(timeout=15000)
    report.locator("#report-recommendation").get_by_text("Strong yes", exact=True).wait_for(timeout=15000)
    host.get_by_role("button", name="Done editing").click()
    host.emulate_media(media="print")
    assert host.locator("nav").first.is_hidden() and host.locator(".report-actions").is_hidden()
    screenshot(host, "toolkit-report-print")
    host.emulate_media(media="screen")
    with host.expect_download() as dl:
        host.locator("#download-md").click()
    md = Path(dl.value.path()).read_text()
    assert dl.value.suggested_filename == f"parley-report-{sid}.md"
    assert md.startswith("# Interview report: Two Sum") and note_marker in md and "200 characters" in md
    assert "**Recommendation:** Strong yes" in md
    with host.expect_download() as dl:
        host.locator("#download-json").click()
    assert dl.value.suggested_filename == f"parley-report-{sid}.json"
    data = json.loads(Path(dl.value.path()).read_text())
    assert data["id"] == sid and data["signals"]["tab_away_count"] == 1 and data["scorecard"]["recommendation"] == \
        "strong_yes"
    toolkit_requests = host_ctx.recorded.requests[requests_before:]
    assert any("/history" in u for u in toolkit_requests) and any("/timeline" in u for u in toolkit_requests)
    assert host_ctx.recorded.foreign_requests(base) == []
    assert host_ctx.recorded.console_errors[errors_before:] == []

    # the candidate: every toolkit page shows the refusal and loads nothing; every toolkit API answers 403
    assert any(b"Run history" in b for b in heard.bodies()), "the response recorder read no page code"
    before = len(heard.urls)
    for tail in ("/playback", "/report"):
        heard.bodies()
        cand.goto(f"{base}/session/{sid}{tail}", wait_until="networkidle")
        cand.get_by_text("Only the session's interviewers can see this").wait_for(timeout=30000)
        screenshot(cand, f"toolkit-candidate-refused-{tail.strip('/')}")
    assert not [u for u in heard.urls[before:] if f"/api/sessions/{sid}/" in u], heard.urls[before:]
    for path in TOOLKIT:
        r = cctx.request.get(f"{base}/api/sessions/{sid}{path}")
        assert r.status == 403 and set(r.json()) == {"error", "detail"}, (path, r.status, r.text())
        assert note_marker not in r.text() and summary_marker not in r.text()
    assert cctx.request.put(f"{base}/api/sessions/{sid}/notes", data={"markdown": "mine now"}).status == 403
    assert cctx.request.get(f"{base}/api/sessions/{sid}/report?format=json&download=true").status == 403

    # ...and nothing the candidate's browser received all along carried the notes or the summary
    bodies = heard.bodies()
    assert any(chat_canary.encode() in f for f in heard.frames), "the frame recorder heard nothing of the room"
    leaks = [x[:200] for x in heard.frames + bodies if note_marker.encode() in x or summary_marker.encode() in x]
    assert leaks == []
    foreign = [u for u in heard.urls if not u.startswith(base) and not u.startswith(("data:", "blob:", "about:"))]
    assert foreign == []

    # anonymous visitors: the pages ask them to sign in, the APIs answer 401
    anon = new_context()
    page = anon.new_page()
    page.goto(f"/session/{sid}/report", wait_until="networkidle")
    page.get_by_text("Sign in to see this").wait_for(timeout=30000)
    for path in TOOLKIT:
        assert anon.request.get(f"{base}/api/sessions/{sid}{path}").status == 401, path
