"""A room for a problem whose file carries a starter drawing opens on a board that already shows it, drawn by
Excalidraw in a real browser from the elements the server seeded (the tree of the level-order example); the
candidate can move one of them and the host sees the move. A board that was hidden when the drawing arrived still
shows it in view once switched to."""
from __future__ import annotations

from app.problems import bank
from tests.browser.test_whiteboard_two_browsers import _ready
from tests.conftest import screenshot, signed_up

TREE = "binary-tree-level-order-traversal"


def _open(ctx, sid):
    page = ctx.new_page()
    page.goto(f"/session/{sid}", wait_until="networkidle")
    page.get_by_label("Connection: Connected").wait_for(timeout=90000)
    return page


def test_the_starter_drawing_is_on_the_board_and_editable_by_the_candidate(new_context, app_server):
    host, cand = signed_up(new_context, "Hal Host"), signed_up(new_context, "Cy Candidate")
    r = host.request.post("/api/sessions", data={"problem": TREE, "visibility": "public"})
    assert r.status == 201, r.text()
    sid = r.json()["id"]
    assert cand.request.post(f"/api/sessions/{sid}/join", data={}).status == 200
    a, b = _open(host, sid), _open(cand, sid)
    a.locator("#view-whiteboard").click()
    starter = bank.get(TREE).whiteboard
    for page in (a, b):
        _ready(page)
        page.wait_for_function("n => window.__parleyBoard.elements().length === n", arg=len(starter), timeout=30000)
    texts = sorted(e["text"] for e in starter if e["type"] == "text")
    assert sorted(a.evaluate("window.__parleyBoard.elements().filter(e => e.type === 'text').map(e => e.text)")) == texts
    # Excalidraw completed each element (restoreElements) the same way in both browsers
    first = b.evaluate("window.__parleyBoard.api.getSceneElements().find(e => e.id === 'starter-0')")
    assert first["fontFamily"] == 5 and first["lineHeight"] == 1.25 and first["originalText"] == starter[0]["text"]

    # the host switched to the board after it was set up hidden: it still opens with the drawing in view
    a.wait_for_function("""() => { const api = window.__parleyBoard.api, s = api.getAppState();
        return api.getSceneElements().every(e => e.x + s.scrollX >= 0 && e.y + s.scrollY >= 0
            && e.x + e.width + s.scrollX <= s.width && e.y + e.height + s.scrollY <= s.height); }""", timeout=10000)

    b.evaluate("""() => { const api = window.__parleyBoard.api;
        api.updateScene({ elements: api.getSceneElementsIncludingDeleted().map(e => e.id === 'starter-1'
            ? { ...e, x: e.x + 200, version: e.version + 1, versionNonce: e.versionNonce + 1 } : e) }); }""")
    a.wait_for_function("() => window.__parleyBoard.api.getSceneElements().find(e => e.id === 'starter-1').x === 374",
                        timeout=30000)
    screenshot(a, "whiteboard-starter-drawing")
    assert host.recorded.foreign_requests(app_server.page_url) == []
