"""The invite flow in real Chromium: a host signs up and creates a private session; a second browser opens the
invite link and joins as a guest (with markup in their name, rendered inert); a third finds the room full;
the host ends it for both."""
import re
import uuid

from tests.conftest import screenshot

EVIL_NAME = '<img src=x onerror="__pwned=1">Bob'  # within the 40-character name limit


def test_private_invite_guest_join_full_room_and_end(new_context, app_server):
    host_ctx = new_context(permissions=["clipboard-read", "clipboard-write"])
    host = host_ctx.new_page()
    host.goto("/signup", wait_until="networkidle")
    host.get_by_label("Display name").fill("Alice Host")
    host.get_by_label("Email").fill(f"alice-{uuid.uuid4().hex[:6]}@example.com")
    host.get_by_label("Password (8+ characters)").fill("alice-password")
    host.get_by_role("button", name="Create account").click()
    host.wait_for_url(re.compile(r"/dashboard/?$"))
    host.get_by_role("heading", name="Dashboard").wait_for()
    host.get_by_text("Alice Host").first.wait_for()

    host.get_by_label("Who can join").click()
    host.get_by_role("option", name="Private, invite link only").click()
    host.get_by_role("button", name="Create session").click()
    host.wait_for_url(re.compile(r"/session/[0-9a-f]+/?$"))
    invite_box = host.get_by_label("Invite link")
    invite_box.wait_for()
    invite = invite_box.input_value()
    assert "invite=" in invite and invite.startswith(app_server.page_url)
    host.get_by_role("button", name="Copy invite link").click()
    host.get_by_text("Invite link copied").wait_for()
    host.wait_for_function("async (v) => (await navigator.clipboard.readText()) === v", arg=invite, timeout=10000)
    screenshot(host, "session-host-waiting")

    guest_ctx = new_context()
    guest = guest_ctx.new_page()
    guest.goto(invite, wait_until="networkidle")
    guest.get_by_role("heading", name="Join the interview").wait_for()
    guest.get_by_label("Your name").fill(EVIL_NAME)
    guest.get_by_role("button", name="Join as guest").click()
    guest.get_by_text("You are the candidate").wait_for(timeout=30000)
    guest.get_by_text("Alice Host").first.wait_for()
    screenshot(guest, "session-guest-joined")
    guest.get_by_text(EVIL_NAME, exact=True).first.wait_for(timeout=10000)  # shown as text

    host.reload(wait_until="networkidle")
    host.get_by_text(EVIL_NAME, exact=True).first.wait_for()
    for page in (host, guest):
        assert page.evaluate("window.__pwned") is None
        assert page.locator("img[src='x']").count() == 0

    third = new_context().new_page()
    third.goto(invite, wait_until="networkidle")
    third.get_by_role("heading", name="This room is full").wait_for()
    screenshot(third, "session-full")

    host.get_by_role("button", name="End session").click()
    host.get_by_role("heading", name="This session has ended").wait_for()
    guest.reload(wait_until="networkidle")
    guest.get_by_role("heading", name="This session has ended").wait_for()

    for ctx in (host_ctx, guest_ctx):
        assert ctx.recorded.foreign_requests(app_server.page_url) == []


def test_wrong_password_is_refused_with_a_message_and_dashboard_needs_sign_in(new_context, app_server):
    import httpx

    c = httpx.Client(base_url=app_server.url)
    c.post("/api/auth/signup", json={"email": f"pw-{uuid.uuid4().hex[:6]}@example.com", "password": "pw-host-pass",
                                     "display_name": "Pat"})
    sid = c.post("/api/sessions", json={"problem": "two-sum", "visibility": "private", "password": "letmein-8"}).json()["id"]
    ctx = new_context()
    page = ctx.new_page()
    page.goto("/dashboard", wait_until="networkidle")
    page.wait_for_url(re.compile(r"/login/?\?next=/dashboard$"))
    page.goto(f"/session/{sid}", wait_until="networkidle")
    page.get_by_label("Your name").fill("Mallory")
    page.get_by_label("Room password").fill("guess")
    page.get_by_role("button", name="Join as guest").click()
    page.get_by_role("alert").filter(has_text="Wrong room password").wait_for(timeout=30000)
    page.get_by_label("Your name").fill("Mallory")
    page.get_by_label("Room password").fill("letmein-8")
    page.get_by_role("button", name="Join as guest").click()
    page.get_by_text("You are the candidate").wait_for(timeout=30000)


def test_wrong_sign_in_shows_one_message_and_keeps_the_email(new_context, app_server):
    page = new_context().new_page()
    page.goto("/login", wait_until="networkidle")
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_label("Password").fill("whatever-pass")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("alert").filter(has_text="Invalid email or password.").wait_for(timeout=30000)
    assert page.get_by_label("Email").input_value() == "nobody@example.com"
