"""The app's own HTML forms (sign up, sign out, sign in, continue as guest) still work in a real Chromium under
the Origin policy: Chromium sends the page's origin on each form POST, and a page loaded from another address
of the same server (127.0.0.1 instead of localhost, as a LAN address would be) posts to that address — its own
origin — and is signed in there."""
from __future__ import annotations

import re
import uuid

import pytest

from tests.conftest import screenshot


def _post_origins(page) -> list[tuple[str, str | None]]:
    seen: list[tuple[str, str | None]] = []
    page.on("request", lambda r: seen.append((r.url, r.headers.get("origin"))) if r.method == "POST" else None)
    return seen


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_sign_up_sign_out_sign_in_and_guest_forms_work(browser, app_server, host):
    origin = f"http://{host}:{app_server.port}"
    ctx = browser.new_context(base_url=origin)
    page = ctx.new_page()
    posts = _post_origins(page)
    email = f"form-{uuid.uuid4().hex[:8]}@example.com"

    page.goto("/signup", wait_until="networkidle")
    page.get_by_label("Display name").fill("Form Person")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password (8+ characters)").fill("form-password-1")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    page.get_by_text("Form Person").first.wait_for(timeout=30000)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").first.wait_for(timeout=30000)

    page.goto("/login", wait_until="networkidle")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("form-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    page.get_by_text("Form Person").first.wait_for(timeout=30000)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").first.wait_for(timeout=30000)

    page.goto("/problems/two-sum", wait_until="networkidle")
    page.get_by_label("Your name").fill("Guest Form")
    page.get_by_role("button", name="Continue as guest").click()
    page.get_by_text("Guest Form (guest)").first.wait_for(timeout=30000)
    screenshot(page, f"forms-guest-{host.replace('.', '-')}")

    form_posts = [(u, o) for u, o in posts if "/api/auth/" in u]
    assert [u.split(str(app_server.port))[-1] for u, _ in form_posts] == [
        "/api/auth/signup", "/api/auth/logout", "/api/auth/login", "/api/auth/logout", "/api/auth/guest"]
    assert all(u.startswith(origin + "/") for u, _ in form_posts), form_posts  # posted to the page's own host
    assert {o for _, o in form_posts} == {origin}, form_posts  # what Chromium sends: the page's origin
    assert any(c["name"] == "parley_session" and c["domain"] == host for c in ctx.cookies())
    ctx.close()
