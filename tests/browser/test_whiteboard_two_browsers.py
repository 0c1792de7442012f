"""The room's shared whiteboard with two real browsers: the Code | Whiteboard switch is shared; host and candidate
each draw a rectangle and a text with mouse and keyboard and both see all four; the other person's pointer shows
with their name; a reload, a late joiner and a `kill -9` of the server keep the board; the fonts come from
Parley's own origin and no page makes a request anywhere else. Playback at a moment between the two people's
drawings shows the board as it was then; the report draws the final board as SVG."""
from __future__ import annotations

import signal

from tests.browser.test_room_two_people import CLIPBOARD, _open
from tests.conftest import restart_app, screenshot, signed_up

BOARD = "#room-whiteboard .excalidraw canvas.interactive"


def _ready(page) -> None:
    page.locator("#room-whiteboard").wait_for(state="visible", timeout=30000)
    page.wait_for_function("window.__parleyBoard && window.__parleyBoard.ready()", timeout=60000)


def _draw(page, dx: int, label: str) -> None:
    """A rectangle dragged out with the rectangle tool, then a text typed with the text tool, as a person would."""
    box = page.locator(BOARD).bounding_box()
    x, y = box["x"] + 120 + dx, box["y"] + 140
    page.mouse.click(box["x"] + box["width"] - 40, box["y"] + box["height"] - 40)  # focus the board
    page.keyboard.press("r")
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 90, y + 60, steps=8)
    page.mouse.up()
    page.keyboard.press("t")
    page.mouse.click(x, y + 140)
    page.locator(".excalidraw-wysiwyg").wait_for(timeout=10000)
    page.keyboard.type(label)
    page.keyboard.press("Escape")


def _kinds(page) -> list:
    return page.evaluate("window.__parleyBoard.elements().map(e => [e.type, e.text || ''])")


def _sees_all(page, texts) -> None:
    page.wait_for_function(
        "texts => { const els = window.__parleyBoard && window.__parleyBoard.ready() ? window.__parleyBoard.elements() : [];"
        " return els.filter(e => e.type === 'rectangle').length === 2 &&"
        " texts.every(t => els.some(e => e.type === 'text' && e.text === t)); }", arg=texts, timeout=30000)


def test_host_and_candidate_draw_and_both_see_everything_kept_after_reload_late_join_and_kill_9(new_context,
                                                                                                 app_server):
    a_ctx, b_ctx = signed_up(new_context, "Ada Host", **CLIPBOARD), signed_up(new_context, "Bo Candidate", **CLIPBOARD)
    r = a_ctx.request.post("/api/sessions", data={"problem": "two-sum", "visibility": "public"})
    assert r.status == 201, r.text()
    sid = r.json()["id"]
    assert b_ctx.request.post(f"/api/sessions/{sid}/join", data={}).status == 200
    a, b = _open(a_ctx, sid), _open(b_ctx, sid)

    # the switch is shared: A switches, B's room shows the whiteboard too
    assert b.locator("#room-whiteboard").is_hidden()
    a.locator("#view-whiteboard").click()
    for page in (a, b):
        _ready(page)
        page.locator("#view-whiteboard[aria-pressed=true]").wait_for(timeout=20000)
        assert page.locator("#room-editor").is_hidden()

    _draw(a, 0, "Ada's idea")
    _draw(b, 320, "Bo's plan")
    texts = ["Ada's idea", "Bo's plan"]
    for page in (a, b):
        _sees_all(page, texts)

    # A's pointer shows on B's board with A's name
    box = a.locator(BOARD).bounding_box()
    for i in range(6):
        a.mouse.move(box["x"] + 400 + i * 10, box["y"] + 400)
        a.wait_for_timeout(80)
    b.wait_for_function("() => { const c = window.__parleyBoard.api.getAppState().collaborators;"
                        " return [...c.values()].some(p => p.username === 'Ada Host' && p.pointer); }", timeout=20000)
    screenshot(a, "whiteboard-host")
    screenshot(b, "whiteboard-candidate")

    # reload keeps the board and the view; a late joiner lands on both
    b.reload(wait_until="networkidle")
    _ready(b)
    _sees_all(b, texts)
    late = a_ctx.new_page()
    late.goto(f"/session/{sid}", wait_until="networkidle")
    _ready(late)
    _sees_all(late, texts)
    late.close()

    # playback: the moment after Ada drew and before Bo did shows exactly Ada's two elements, the end all four
    pb = a_ctx.new_page()
    pb.goto(f"/session/{sid}/playback", wait_until="networkidle")
    pb.wait_for_function("window.__parleyPlayback && window.__parleyPlayback.ready && window.__parleyBoardView",
                         timeout=90000)
    moment = pb.evaluate("""() => {
        const p = window.__parleyPlayback, { start, end } = p.range();
        for (let t = start; t <= end; t += 20) {
          p.seek(t);
          const b = p.board();
          if (b.some(e => e.text === "Ada's idea") && b.some(e => e.type === 'rectangle')) return t;
        }
        return null; }""")
    assert moment is not None
    pb.evaluate("t => window.__parleyPlayback.seek(t)", moment)
    shown = lambda: pb.evaluate("window.__parleyBoardView.getSceneElements().map(e => [e.type, e.text || ''])")
    pb.wait_for_function("() => window.__parleyBoardView.getSceneElements().length === 2", timeout=10000)
    assert sorted(shown()) == [["rectangle", ""], ["text", "Ada's idea"]]
    pb.evaluate("() => window.__parleyPlayback.seek(window.__parleyPlayback.range().end)")
    pb.wait_for_function("() => window.__parleyBoardView.getSceneElements().length === 4", timeout=10000)
    assert sorted(shown()) == [["rectangle", ""], ["rectangle", ""], ["text", "Ada's idea"], ["text", "Bo's plan"]]
    screenshot(pb, "whiteboard-playback")

    # the report draws the final board as SVG, with both texts in it
    report = a_ctx.new_page()
    report.goto(f"/session/{sid}/report")
    svg = report.locator("#report-board-svg svg")
    svg.wait_for(timeout=60000)
    html = svg.evaluate("e => e.outerHTML")
    assert "Ada&#39;s idea" in html or "Ada's idea" in html
    assert "Bo&#39;s plan" in html or "Bo's plan" in html
    screenshot(report, "whiteboard-report")

    # kill -9 of the server: everything drawn was stored before anyone saw it
    restart_app(app_server, signal.SIGKILL)
    again = b_ctx.new_page()
    again.goto(f"/session/{sid}", wait_until="networkidle")
    _ready(again)
    _sees_all(again, texts)

    for ctx in (a_ctx, b_ctx):
        assert ctx.recorded.foreign_requests(app_server.page_url) == []
        assert "esm.sh" not in " ".join(ctx.recorded.requests)
    fonts = [u for u in a_ctx.recorded.requests + b_ctx.recorded.requests if "/excalidraw-assets/fonts/" in u]
    assert fonts, "the board's fonts were never loaded from our origin"
    assert app_server.get(fonts[0].split(str(app_server.port), 1)[1]).status_code == 200
