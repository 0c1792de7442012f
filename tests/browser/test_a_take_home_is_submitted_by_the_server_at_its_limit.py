"""A take-home in real Chromium: the host creates one with a 2-minute limit on the dashboard; a guest opens the
invite link, reads the rules, starts the clock, types a solution in the room and closes the page. With no browser
open, the server submits that code at the limit; the host's dashboard shows the candidate, the final verdict and
the time used, and the report lists the server's submit."""
from __future__ import annotations

import re
import time
import uuid

from tests.conftest import screenshot

SOLUTION = ("class Solution:\n    def twoSum(self, nums, target):\n        seen = {}  # take-home\n"
            "        for i, n in enumerate(nums):\n            if target - n in seen:\n"
            "                return [seen[target - n], i]\n            seen[n] = i\n")


def test_a_guest_starts_types_and_leaves_and_the_server_submits_at_the_limit(new_context, app_server):
    host_ctx = new_context()
    r = host_ctx.request.post("/api/auth/signup", data={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                        "password": "take-home-browser-1", "display_name": "Tess"})
    assert r.status == 201, r.text()
    host = host_ctx.new_page()
    host.goto("/dashboard", wait_until="networkidle")
    host.get_by_role("heading", name="Assessments").wait_for()
    host.get_by_label("Problem").click()
    host.get_by_role("option", name="Two Sum", exact=True).click()
    host.get_by_label("Time limit (minutes)").fill("2")
    host.wait_for_timeout(300)
    host.get_by_role("button", name="Create take-home").click()
    invite_box = host.get_by_label("Take-home invite link")
    invite_box.wait_for(timeout=30000)
    invite = invite_box.input_value()
    assert "/assessments/" in invite and "invite=" in invite

    guest_ctx = new_context(permissions=["clipboard-read", "clipboard-write"])
    guest = guest_ctx.new_page()
    guest.goto(invite, wait_until="networkidle")
    guest.get_by_role("heading", name="Take-home: Two Sum").wait_for()
    guest.get_by_text("2 minutes").wait_for()
    guest.get_by_label("Your name").fill("Gwen Guest")
    started = time.monotonic()
    guest.get_by_role("button", name="Start the clock").click()
    guest.wait_for_url(re.compile(r"/session/[0-9a-f]+/?$"), timeout=60000)
    sid = guest.url.rstrip("/").rsplit("/", 1)[1]
    guest.locator("#take-home-banner").wait_for(timeout=60000)
    guest.wait_for_function("window.__parleyEditors && window.__parleyEditors.room && "
                            "window.__parleyEditors.room.getValue().includes('twoSum')", timeout=90000)
    guest.get_by_label("Connection: Connected").wait_for(timeout=30000)
    guest.locator("#room-editor .view-lines").first.click()
    guest.keyboard.press("Control+A")
    guest.keyboard.press("Delete")
    guest.evaluate("c => navigator.clipboard.writeText(c)", SOLUTION)
    guest.keyboard.press("Control+V")
    deadline = time.monotonic() + 30
    while "# take-home" not in (host_ctx.request.get(f"/api/sessions/{sid}/code").json()["code"].get("python") or ""):
        assert time.monotonic() < deadline, "the candidate's code never reached the server's history"
        time.sleep(0.5)
    screenshot(guest, "take-home-room")
    guest.close()  # nobody has the room open from here on
    guest_ctx.close()

    done = None
    deadline = started + 120 + 60  # the limit, plus slack for a loaded machine and the sweep
    while time.monotonic() < deadline:
        mine = host_ctx.request.get("/api/assessments").json()
        if mine and mine[0]["status"] == "submitted":
            done = mine[0]
            break
        time.sleep(1)
    assert done is not None, f"not submitted within the limit and its slack: {mine}"
    assert time.monotonic() - started >= 115, "submitted before the limit"
    assert done["final_verdict"] == "accepted" and done["candidate"] == "Gwen Guest", done
    assert 60 <= done["time_used_seconds"] <= 120, done

    host.goto("/dashboard", wait_until="networkidle")
    table = host.locator("#assessments")
    table.get_by_text("Gwen Guest").wait_for(timeout=30000)
    table.locator(".take-home-verdict").get_by_text("accepted").wait_for()
    screenshot(host, "take-home-dashboard")
    table.get_by_role("link", name="Report").click()
    host.wait_for_url(re.compile(rf"/session/{sid}/report/?$"))
    report = host_ctx.request.get(f"/api/sessions/{sid}/report").json()
    assert [(r["kind"], r["verdict"], r["by"]) for r in report["runs"]] == [("submit", "accepted", "Gwen Guest")]
    assert report["final_verdict"] == "accepted"
