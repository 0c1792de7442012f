"""The built-in call between two real browsers (Chromium's fake camera and microphone): each receives the
other's video frames and audio track; mute and camera-off show on the other side; screen sharing swaps the
outgoing track and back; a reload rejoins the call."""
from __future__ import annotations

import uuid

from tests.conftest import screenshot

REMOTE = "document.querySelector('video[aria-label=\"Remote video\"]')"


def _person(new_context, name: str):
    ctx = new_context()
    r = ctx.request.post("/api/auth/signup", data={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                   "password": "call-browser-1", "display_name": name})
    assert r.status == 201, r.text()
    return ctx


def _receiving(page, timeout: float = 15000) -> None:
    """Remote video has a size, decodes new frames, and the remote stream carries a live audio track."""
    page.wait_for_function(f"{REMOTE} && {REMOTE}.srcObject && {REMOTE}.videoWidth > 0", timeout=timeout)
    before = page.evaluate(f"{REMOTE}.getVideoPlaybackQuality().totalVideoFrames")
    page.wait_for_function(f"{REMOTE}.getVideoPlaybackQuality().totalVideoFrames > {before} + 5", timeout=10000)
    assert page.evaluate(f"{REMOTE}.srcObject.getAudioTracks().filter(t => t.readyState === 'live').length") == 1


def test_two_people_see_and_hear_each_other_with_mute_camera_share_and_reload(new_context, app_server):
    a_ctx, b_ctx = _person(new_context, "Cam Host"), _person(new_context, "Dee Candidate")
    sid = a_ctx.request.post("/api/sessions", data={"problem": "two-sum"}).json()["id"]
    assert b_ctx.request.post(f"/api/sessions/{sid}/join", data={}).status == 200
    a, b = a_ctx.new_page(), b_ctx.new_page()
    a.goto(f"/session/{sid}")
    b.goto(f"/session/{sid}")  # both join at once: perfect negotiation avoids glare
    _receiving(a, 30000)
    _receiving(b, 30000)

    a.get_by_role("button", name="Mute").click()
    b.get_by_label("Remote media state").get_by_text("muted").wait_for(timeout=10000)
    a.get_by_role("button", name="Unmute").wait_for()
    a.get_by_role("button", name="Turn camera off").click()
    b.get_by_label("Remote media state").get_by_text("camera off").wait_for(timeout=10000)
    a.get_by_role("button", name="Turn camera on").click()
    a.get_by_role("button", name="Unmute").click()
    b.get_by_label("Remote media state").wait_for(state="detached", timeout=10000)
    screenshot(b, "call-candidate")

    # reload rejoins the call
    b.reload()
    _receiving(b, 30000)
    _receiving(a, 30000)
    for ctx in (a_ctx, b_ctx):
        assert ctx.recorded.foreign_requests(app_server.page_url) == []
