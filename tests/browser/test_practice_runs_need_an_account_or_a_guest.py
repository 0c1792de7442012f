"""Solo practice in a real Chromium: an anonymous visitor reads and edits but cannot run code — Run and Submit
give way to Sign in / "Continue as guest", and the run event itself (Ctrl+Enter in the editor still sends it)
is refused by the server. Continuing as a guest comes back to the problem, signed in, and runs. A run that
fails unexpectedly never leaves the page stuck on "Running…"."""
from __future__ import annotations

from tests.conftest import screenshot


def _open(ctx, slug="two-sum"):
    page = ctx.new_page()
    page.goto(f"/problems/{slug}", wait_until="networkidle")
    page.wait_for_function("window.__parleyEditors && window.__parleyEditors.solo", timeout=60000)
    return page


def test_an_anonymous_visitor_cannot_run_and_a_guest_can(new_context, app_server):
    ctx = new_context()
    page = _open(ctx)
    assert page.get_by_role("button", name="Run", exact=True).count() == 0
    assert page.get_by_role("button", name="Submit").count() == 0
    page.get_by_role("button", name="Continue as guest").wait_for()

    page.locator(".monaco-editor .view-lines").first.click()
    page.keyboard.press("Control+Enter")  # the editor's shortcut sends the run event regardless of the buttons
    page.get_by_text("Sign in or continue as a guest to run code.").first.wait_for(timeout=30000)
    page.wait_for_timeout(1500)
    assert page.locator("#verdict").count() == 0
    screenshot(page, "practice-anonymous")

    page.get_by_label("Your name").fill("Practice Guest")
    page.get_by_role("button", name="Continue as guest").click()
    page.wait_for_url(f"{app_server.page_url}/problems/two-sum")
    page.get_by_text("Practice Guest (guest)").first.wait_for(timeout=30000)
    page.wait_for_function("window.__parleyEditors && window.__parleyEditors.solo", timeout=60000)
    page.get_by_role("button", name="Run", exact=True).click()
    page.locator("#verdict").wait_for(timeout=60000)
    assert page.get_by_role("button", name="Continue as guest").count() == 0
    assert ctx.recorded.foreign_requests(app_server.page_url) == []


def test_an_unexpected_failure_does_not_leave_the_run_spinning(new_context, app_server):
    """A lone surrogate in the code cannot be encoded for the sandbox: the run fails, and Run comes back."""
    ctx = new_context()
    ctx.request.post(app_server.page_url + "/api/auth/guest", data={"display_name": "Surrogate"})
    page = _open(ctx)
    page.evaluate("window.__parleyEditors.solo.setValue('x = \"' + String.fromCharCode(0xD800) + '\"')")
    page.wait_for_timeout(800)  # the editor's debounced change reaches the server
    run = page.get_by_role("button", name="Run", exact=True)
    run.click()
    page.wait_for_timeout(3000)
    page.wait_for_function("() => { const b = [...document.querySelectorAll('button')].find("
                           "x => x.textContent.trim() === 'Run'); return b && !b.disabled; }", timeout=30000)
    assert page.get_by_text("Running in the sandbox").count() == 0
    run.click()  # and it can be used again
    page.wait_for_timeout(1000)
    page.wait_for_function("() => { const b = [...document.querySelectorAll('button')].find("
                           "x => x.textContent.trim() === 'Run'); return b && !b.disabled; }", timeout=30000)
