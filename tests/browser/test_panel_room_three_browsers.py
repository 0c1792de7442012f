"""A panel room in three real browsers: the host copies an observer invite from the room's menu; a guest opens
it, is told they will observe, joins, and sees the shared code read-only with no Run; the candidate's page lists the
observer by name and role; what the observer types reaches nobody; the observer's page makes no foreign request."""
from __future__ import annotations

from tests.conftest import screenshot, signed_up

CLIPBOARD = {"permissions": ["clipboard-read", "clipboard-write"]}


def _wait_room(page):
    page.wait_for_function("window.__parleyEditors && window.__parleyEditors.room && "
                           "window.__parleyEditors.room.getValue().includes('twoSum')", timeout=90000)
    page.get_by_label("Connection: Connected").wait_for(timeout=30000)


def test_an_observer_joins_from_the_hosts_invite_and_only_watches(new_context, app_server):
    host_ctx = signed_up(new_context, "Hana Host", **CLIPBOARD)
    cand_ctx = signed_up(new_context, "Cara Candidate", **CLIPBOARD)
    r = host_ctx.request.post("/api/sessions", data={"problem": "two-sum", "visibility": "private"})
    assert r.status == 201, r.text()
    sid, invite = r.json()["id"], r.json()["invite_url"].split("invite=")[1]
    assert cand_ctx.request.post(f"/api/sessions/{sid}/join", data={"invite": invite}).status == 200
    host = host_ctx.new_page()
    host.goto(f"/session/{sid}", wait_until="networkidle")
    _wait_room(host)
    host.get_by_role("button", name="Invite to the panel").click()
    host.get_by_role("menuitem", name="Copy an observer invite").click()
    host.get_by_text("Observer invite link copied").wait_for(timeout=20000)
    link = host.evaluate("navigator.clipboard.readText()")
    assert f"/session/{sid}?invite=o" in link

    obs_ctx = new_context()
    obs = obs_ctx.new_page()
    obs.goto(link[link.index("/session/"):], wait_until="networkidle")
    assert "invited to observe" in obs.locator("#invited-as").inner_text()
    obs.get_by_label("Your name").fill("<i>Olga</i>")
    obs.get_by_role("button", name="Join as guest").click()
    _wait_room(obs)
    obs.get_by_text("You are observing").wait_for(timeout=20000)
    obs.get_by_text("Observing: read-only").wait_for(timeout=20000)
    assert obs.get_by_role("button", name="Submit").count() == 0
    assert obs.evaluate("window.__parleyEditors.room.getRawOptions().readOnly") is True

    cand = cand_ctx.new_page()
    cand.goto(f"/session/{sid}", wait_until="networkidle")
    _wait_room(cand)
    cand.get_by_role("tab", name="People").click()
    cand.locator(".presence", has_text="<i>Olga</i>").filter(has_text="observer").first.wait_for(timeout=30000)

    # a hostile observer edits through the page's own editor model: the server drops it
    obs.evaluate("window.__parleyEditors.room.executeEdits('x', [{range: window.__parleyEditors.room.getModel()"
                 ".getFullModelRange(), text: '# observer was here'}])")
    cand.wait_for_timeout(3000)
    assert "observer was here" not in cand.evaluate("window.__parleyEditors.room.getValue()")
    assert "observer was here" not in host.evaluate("window.__parleyEditors.room.getValue()")
    screenshot(obs, "panel-observer")
    assert obs_ctx.recorded.foreign_requests(app_server.page_url) == []
