"""A person practises in a real Chromium whose clock is in Pacific/Kiritimati (UTC+14, so its day is often not
the server's), then reads /profile: solved / total, acceptance, streak, today's heatmap cell counted in the
browser's zone, the attempted-but-unsolved problem and the submissions; opens a submission's page (code,
language, verdict, per-test rows, hidden tests as counts); sees the marks and acceptance in the problems table.
Another person opening that submission gets the not-found page and none of the code; an anonymous visitor is
sent to sign in. Every control reached is keyboard-focusable with a visible ring; no request leaves the app."""
from __future__ import annotations

import re
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.browser.test_solo_practice import SOLUTION, WRONG, open_problem, type_code
from tests.conftest import screenshot

ZONE = "Pacific/Kiritimati"


def sign_up(ctx, name: str):
    page = ctx.new_page()
    page.goto("/signup", wait_until="networkidle")
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Email").fill(f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com")
    page.get_by_label("Password (8+ characters)").fill("progress-pw-1")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r".*/dashboard/?$"), timeout=30000)
    return page


def submit(page, code: str, button: str = "Submit") -> str:
    type_code(page, code)
    page.get_by_role("button", name=button).click()
    page.wait_for_function("() => { const v = document.querySelector('#verdict'); return v && v.innerText; }",
                           timeout=60000)
    verdict = page.locator("#verdict").inner_text()
    page.evaluate("() => document.querySelector('#verdict').remove()")  # the next verdict must be a new one
    return verdict


def focus_ring_on(page, selector: str, max_tabs: int = 80) -> bool:
    """Tab through the page until `selector` has focus (bounded); True if it then shows an outline."""
    page.locator("body").click(position={"x": 5, "y": 300})
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return page.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                                 "return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }")
    return False


def test_profile_and_submission_pages_after_practising(new_context, app_server):
    ctx = new_context(permissions=["clipboard-read", "clipboard-write"], timezone_id=ZONE)
    dash = sign_up(ctx, "Pia")
    dash.get_by_role("link", name=re.compile("Your progress")).click()
    dash.wait_for_url(re.compile(r".*/profile/?$"))
    dash.get_by_text("0 of 0 submissions accepted").wait_for(timeout=30000)

    page = open_problem(ctx, "two-sum")
    assert submit(page, WRONG) == "Wrong Answer"
    assert submit(page, SOLUTION) == "Accepted"
    other = open_problem(ctx, "reverse-string")
    other.get_by_role("button", name="Run").click()
    other.locator("#verdict").wait_for(timeout=60000)

    page.get_by_role("navigation").get_by_role("link", name="Progress").click()
    page.wait_for_url(re.compile(r".*/profile/?$"))
    page.locator("#acceptance").wait_for(timeout=30000)
    assert page.locator("#solved-total").inner_text() == "1"
    assert page.locator("#acceptance").inner_text() == "50.0%"
    assert page.get_by_text("1 of 2 submissions accepted").is_visible()
    assert page.locator("#current-streak").inner_text() == "1"
    assert page.get_by_text(f"Days and times are in {ZONE}.").is_visible()
    today = datetime.now(ZoneInfo(ZONE)).date().isoformat()
    cells = page.locator("#heatmap [role=img]")
    assert cells.count() == 365
    last = cells.last
    assert last.get_attribute("data-date") == today and last.get_attribute("data-count") == "2"
    assert re.fullmatch(r"2 submissions on \w{3} \w{3} \d{1,2}, \d{4}", last.get_attribute("aria-label"))
    assert last.get_attribute("title") == last.get_attribute("aria-label")
    assert page.locator("#attempted-unsolved").get_by_role("link", name="Reverse String").is_visible()
    rows = page.locator("#submissions tbody tr")
    assert rows.count() == 2 and "Accepted" in rows.nth(0).inner_text() and "Wrong Answer" in rows.nth(1).inner_text()
    assert focus_ring_on(page, "[role=region][aria-label^='Submissions per day']")
    screenshot(page, "progress-profile")

    rows.nth(0).get_by_role("link", name=re.compile("^Submission")).click()
    page.wait_for_url(re.compile(r".*/submissions/\d+/?$"))
    page.locator("#submission-code").wait_for(timeout=30000)
    url = page.url
    assert page.locator("#verdict").inner_text() == "Accepted"
    assert page.locator("#submission-code").inner_text() == SOLUTION.rstrip("\n") or \
        page.locator("#submission-code").inner_text() == SOLUTION
    meta = page.locator("#submission-meta").inner_text()
    assert "Submit · Python" in meta and ZONE in meta
    assert re.fullmatch(r"Hidden tests: (\d+) of \1 passed", page.locator("#hidden-tests").inner_text())
    assert page.get_by_role("row").filter(has_text="nums = [2,7,11,15], target = 9").is_visible()
    assert focus_ring_on(page, "#submission-code")
    screenshot(page, "progress-submission")

    page.goto("/problems", wait_until="networkidle")
    two_sum = page.get_by_role("row").filter(has=page.get_by_role("link", name="Two Sum", exact=True))
    two_sum.wait_for(timeout=30000)
    assert two_sum.get_by_role("img", name="Solved").count() == 1 and re.search(r"\d+\.\d%", two_sum.inner_text())
    reverse = page.get_by_role("row").filter(has=page.get_by_role("link", name="Reverse String", exact=True))
    assert reverse.get_by_role("img", name="Attempted").count() == 1
    screenshot(page, "progress-problems-table")
    assert ctx.recorded.foreign_requests(app_server.page_url) == []
    assert ctx.recorded.console_errors == []

    eve_ctx = new_context()
    eve = sign_up(eve_ctx, "Eve")
    eve.goto(url, wait_until="networkidle")
    eve.get_by_text("No such submission").wait_for(timeout=30000)
    assert "seen = {}" not in eve.content()
    screenshot(eve, "progress-submission-not-yours")
    anon = new_context().new_page()
    anon.goto("/profile")
    anon.wait_for_url(re.compile(r".*/login/?\?next=/profile$"), timeout=30000)
    assert eve_ctx.recorded.foreign_requests(app_server.page_url) == []
    assert eve_ctx.recorded.console_errors == []
