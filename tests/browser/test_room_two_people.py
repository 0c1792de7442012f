"""The interview room with two real browsers: A types and B sees the text and A's named cursor; B submits and
A sees the verdict; chat both ways with an unread badge and inert HTML; reactions; the language switch is
shared and keeps each language's code; reload keeps everything; undo only undoes your own edits."""
from __future__ import annotations

from tests.conftest import screenshot, signed_up

CLIPBOARD = {"permissions": ["clipboard-read", "clipboard-write"]}

SOLUTION = ("class Solution:\n    def twoSum(self, nums, target):\n        seen = {}\n"
            "        for i, n in enumerate(nums):\n            if target - n in seen:\n"
            "                return [seen[target - n], i]\n            seen[n] = i\n")
EVIL = '<img src=x onerror="window.__pwned=1"><b>bold?</b>'


def _open(ctx, sid: str):
    page = ctx.new_page()
    page.goto(f"/session/{sid}", wait_until="networkidle")
    page.wait_for_function("window.__parleyEditors && window.__parleyEditors.room && window.__parleyRoom && "
                           "window.__parleyEditors.room.getValue().includes('twoSum')", timeout=90000)
    page.get_by_label("Connection: Connected").wait_for(timeout=30000)
    return page


def _code(page) -> str:
    return page.evaluate("window.__parleyEditors.room.getValue()")


def test_two_people_share_code_cursors_runs_chat_reactions_and_reload(new_context, app_server):
    a_ctx, b_ctx = signed_up(new_context, "Ada Host", **CLIPBOARD), signed_up(new_context, "Bo Candidate", **CLIPBOARD)
    r = a_ctx.request.post("/api/sessions", data={"problem": "two-sum", "visibility": "public"})
    assert r.status == 201, r.text()
    sid = r.json()["id"]
    assert b_ctx.request.post(f"/api/sessions/{sid}/join", data={}).status == 200
    a, b = _open(a_ctx, sid), _open(b_ctx, sid)

    # A types; B sees the text and a cursor labelled with A's name
    a.locator("#room-editor .view-lines").first.click()
    a.keyboard.press("Control+End")
    a.keyboard.type("# hello from Ada")
    b.wait_for_function("window.__parleyEditors.room.getValue().includes('# hello from Ada')", timeout=20000)
    head = b.locator("#room-editor .yRemoteSelectionHead").first
    head.wait_for(state="attached", timeout=20000)
    label = b.evaluate("() => getComputedStyle(document.querySelector('#room-editor .yRemoteSelectionHead'), "
                       "'::after').content")
    assert "Ada Host" in label

    # undo in B does not remove A's text; B's own edit is undone
    b.locator("#room-editor .view-lines").first.click()
    b.keyboard.press("Control+Home")
    b.keyboard.type("# bo was here\n")
    a.wait_for_function("window.__parleyEditors.room.getValue().startsWith('# bo was here')", timeout=20000)
    b.keyboard.press("Control+Z")
    a.wait_for_function("!window.__parleyEditors.room.getValue().includes('# bo was here')", timeout=20000)
    assert "# hello from Ada" in _code(a) and "# hello from Ada" in _code(b)

    # B pastes a correct solution and submits; A sees the same verdict, and the run history has it
    b.locator("#room-editor .view-lines").first.click()
    b.keyboard.press("Control+A")
    b.keyboard.press("Delete")
    b.evaluate("c => navigator.clipboard.writeText(c)", SOLUTION)
    b.keyboard.press("Control+V")
    a.wait_for_function("c => window.__parleyEditors.room.getValue() === c", arg=SOLUTION, timeout=20000)
    b.get_by_role("button", name="Submit").click()
    for page in (a, b):
        page.locator("#verdict").get_by_text("Accepted").wait_for(timeout=120000)
        page.get_by_text("submit by Bo Candidate").first.wait_for()
    a.get_by_role("tab", name="Run history (1)").click()
    a.get_by_role("cell", name="Bo Candidate").wait_for()

    # chat both ways; HTML renders as text; the unread badge counts while the chat is hidden
    a.get_by_role("tab", name="People").click()
    b.get_by_label("Chat message").fill(EVIL)
    b.get_by_role("button", name="Send").click()
    a.locator("#unread").first.get_by_text("1").wait_for(timeout=20000)
    a.get_by_role("tab", name="Chat").click()
    a.locator(".chat-body").get_by_text(EVIL, exact=True).wait_for()
    assert a.locator("#unread").count() == 0
    a.get_by_label("Chat message").fill("Nice, walk me through it")
    a.keyboard.press("Enter")
    b.locator(".chat-body").get_by_text("Nice, walk me through it").wait_for(timeout=20000)
    for page in (a, b):
        assert page.evaluate("window.__pwned") is None
        assert page.locator("#chat-log img").count() == 0 and page.locator("#chat-log b").count() == 0

    # reactions reach the other person
    a.get_by_role("button", name="React 🎉").click()
    b.locator(".parley-reaction").get_by_text("🎉").first.wait_for(timeout=10000)

    # switching language is shared, and each language keeps its own code
    a.get_by_label("Language").click()
    a.get_by_role("option", name="Java", exact=True).click()
    b.wait_for_function("window.__parleyEditors.room.getValue().includes('public int[] twoSum')", timeout=20000)
    b.get_by_label("Language").get_by_text("Java").wait_for()
    a.get_by_label("Language").click()
    a.get_by_role("option", name="Python 3", exact=True).click()
    b.wait_for_function("c => window.__parleyEditors.room.getValue() === c", arg=SOLUTION, timeout=20000)
    screenshot(a, "room-host")
    screenshot(b, "room-candidate")

    # reload keeps text, chat and runs
    b.reload(wait_until="networkidle")
    b.wait_for_function("c => window.__parleyEditors && window.__parleyEditors.room && "
                        "window.__parleyEditors.room.getValue() === c", arg=SOLUTION, timeout=90000)
    b.locator(".chat-body").get_by_text("Nice, walk me through it").wait_for(timeout=20000)
    b.locator("#verdict").get_by_text("Accepted").wait_for()

    # the host sees when the candidate leaves the tab
    b.evaluate("() => { Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});"
               " document.dispatchEvent(new Event('visibilitychange')); }")
    a.get_by_text("The candidate is on another tab").wait_for(timeout=20000)

    for ctx in (a_ctx, b_ctx):
        assert ctx.recorded.foreign_requests(app_server.page_url) == []
