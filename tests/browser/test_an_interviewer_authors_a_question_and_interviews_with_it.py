"""An interviewer writes a question in the editor in real Chromium — statement with a live Markdown preview, a
two-parameter signature, two visible and three hidden tests, a Python reference — sees a reference that fails shown
next to the test it failed on, fixes it, and sees the expected values the sandbox computed; then starts a live
session from it. A guest opens the invite link, sees the statement and the starter code of that signature, solves
it and submits: Accepted on all five tests, and nothing of the hidden tests ever reaches the candidate's browser."""
from __future__ import annotations

import re
import uuid

from tests.conftest import screenshot

HIDDEN = ["[731337,2]\n3", "[-640404]\n5", "[877077,1,1]\n0"]
VISIBLE = ["[1,2,3]\n2", "[]\n9"]
BROKEN = "class Solution:\n    def sumTimes(self, nums, k):\n        return nums[0] * k\n"
REFERENCE = "class Solution:\n    def sumTimes(self, nums, k):\n        return sum(nums) * k\n"
SOLUTION = "class Solution:\n    def sumTimes(self, nums, k):\n        total = 0\n        for x in nums:\n" \
           "            total += x\n        return total * k\n"


def _fill(page, locator, text: str) -> None:
    locator.fill(text)
    page.wait_for_timeout(150)  # the controlled input's debounce reaches the server state


def test_author_a_question_then_interview_a_guest_with_it(new_context, app_server):
    host_ctx = new_context()
    r = host_ctx.request.post("/api/auth/signup", data={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                        "password": "author-browser-1", "display_name": "Ida Author"})
    assert r.status == 201, r.text()
    host = host_ctx.new_page()
    host.goto("/questions", wait_until="networkidle")
    host.get_by_role("heading", name="Questions").wait_for()
    host.get_by_role("button", name="New question").click()
    host.wait_for_url(re.compile(r"/questions/new/?$"))
    host.get_by_role("heading", name="New question").wait_for()

    _fill(host, host.get_by_label("Title"), "Sum Times K")
    _fill(host, host.get_by_label("Statement"), "Return the **sum** of `nums` times `k`.\n\n<b>raw</b>")
    host.locator("#q-preview strong").get_by_text("sum").wait_for()  # the live preview renders Markdown
    assert host.locator("#q-preview b").count() == 0  # ... without raw HTML
    _fill(host, host.get_by_label("Method name"), "sumTimes")
    host.get_by_role("button", name="Parameter", exact=True).click()
    names = host.get_by_label("Parameter name")
    names.nth(1).wait_for()
    _fill(host, names.nth(1), "k")
    host.get_by_role("button", name="Generate starter code").click()
    host.wait_for_function("() => [...document.querySelectorAll('textarea')].some(t => "
                           "t.value.includes('def sumTimes(self, nums: List[int], k: int) -> int:'))")
    for _ in range(4):
        host.get_by_role("button", name="Test", exact=True).click()
    inputs = host.get_by_label("Test input")
    inputs.nth(4).wait_for()
    for i, text in enumerate(VISIBLE + HIDDEN):
        _fill(host, inputs.nth(i), text)
    boxes = host.get_by_role("checkbox", name="Hidden")
    for i in (2, 3, 4):
        boxes.nth(i).click()
    _fill(host, host.get_by_label("Reference solution"), BROKEN)

    host.get_by_role("button", name="Save").click()  # the reference fails on the empty list: shown at test 2
    error = host.locator("text=tests[1]: the reference solution (python) failed").first
    error.wait_for(timeout=120000)
    assert "IndexError" in host.locator(".test-error").first.inner_text()
    assert host.url.rstrip("/").endswith("/questions/new")
    screenshot(host, "question-editor-field-error")

    _fill(host, host.get_by_label("Reference solution"), REFERENCE)
    host.get_by_role("button", name="Save").click()
    host.wait_for_url(re.compile(r"/questions/sum-times-k-[0-9a-f]+/?$"), timeout=120000)
    slug = host.url.rstrip("/").rsplit("/", 1)[1]
    expected = host.locator(".test-expected")
    expected.nth(4).wait_for(timeout=60000)
    assert [expected.nth(i).inner_text().split(": ")[-1] for i in range(5)] == ["12", "0", "2194017", "-3202020", "0"]
    screenshot(host, "question-editor-saved")
    assert host_ctx.request.get(f"/api/questions/{slug}").json()["tests"][2]["hidden"] is True

    host.get_by_role("button", name="Start interview").click()
    host.wait_for_url(re.compile(r"/session/[0-9a-f]+/?$"), timeout=60000)
    invite_box = host.get_by_label("Invite link")
    invite_box.wait_for(timeout=60000)
    invite = invite_box.input_value()

    guest_ctx = new_context(permissions=["clipboard-read", "clipboard-write"])
    heard: list[bytes] = []
    guest = guest_ctx.new_page()
    guest.on("websocket", lambda ws: ws.on("framereceived", lambda f: heard.append(
        f if isinstance(f, bytes) else str(f).encode())))
    responses = []
    guest_ctx.on("response", lambda r: responses.append(r))
    guest.goto(invite, wait_until="networkidle")
    guest.get_by_role("heading", name="Join the interview").wait_for()
    guest.get_by_label("Your name").fill("Gus Guest")
    guest.get_by_role("button", name="Join as guest").click()
    guest.get_by_text("You are the candidate").wait_for(timeout=30000)
    guest.get_by_text("Sum Times K").first.wait_for()
    guest.locator("strong").get_by_text("sum").first.wait_for()
    guest.wait_for_function("window.__parleyEditors && window.__parleyEditors.room && "
                            "window.__parleyEditors.room.getValue().includes('def sumTimes(self, nums: List[int]')",
                            timeout=90000)
    guest.get_by_label("Connection: Connected").wait_for(timeout=30000)
    guest.locator("#room-editor .view-lines").first.click()
    guest.keyboard.press("Control+A")
    guest.keyboard.press("Delete")
    guest.evaluate("c => navigator.clipboard.writeText(c)", SOLUTION)
    guest.keyboard.press("Control+V")
    host.wait_for_function("c => window.__parleyEditors.room.getValue() === c", arg=SOLUTION, timeout=30000)
    guest.get_by_role("button", name="Submit").click()
    for page in (guest, host):
        page.locator("#verdict").get_by_text("Accepted").wait_for(timeout=120000)
        page.get_by_text("5 / 5 tests passed").first.wait_for(timeout=30000)
    screenshot(guest, "question-interview-accepted")

    seen = b"".join(heard) + guest.content().encode()
    for r in responses:
        try:
            seen += r.body()
        except Exception:  # redirects have no body
            continue
    for marker in (b"731337", b"640404", b"877077", b"2194017", b"3202020"):
        assert marker not in seen, f"hidden test data {marker!r} reached the candidate's browser"
