"""The built-in call between two real browsers (Chromium's fake camera, microphone and screen): each receives
the other's video frames and audio; the speaking indicator, mute and camera-off show on the other side; a
different microphone is picked without dropping the call; screen sharing replaces the video the other side
receives and gives the camera back; the host records a few seconds that both see flagged and that play back;
a reload (of either side) rejoins the call."""
from __future__ import annotations

from tests.conftest import screenshot, signed_up

REMOTE = "document.querySelector('video[aria-label=\"Remote video\"]')"


def _receiving(page, timeout: float = 15000) -> None:
    """WebRTC stats show the other side's video being decoded (640 wide, framesDecoded rising) and audio
    packets arriving, and the remote <video> has the stream with a live audio track."""
    page.wait_for_function("window.__parleyCall && window.__parleyCall.inbound().then(s => s.frameWidth > 0)",
                           timeout=timeout, polling=250)
    before = page.evaluate("window.__parleyCall.inbound()")
    page.wait_for_function(f"window.__parleyCall.inbound().then(s => s.framesDecoded > {before['framesDecoded']} + 10"
                           f" && s.audioPackets > {before['audioPackets']})", timeout=10000, polling=250)
    page.wait_for_function(f"{REMOTE} && {REMOTE}.srcObject && {REMOTE}.videoWidth > 0", timeout=10000)
    assert page.evaluate(f"{REMOTE}.srcObject.getAudioTracks().filter(t => t.readyState === 'live').length") == 1


def test_two_people_see_and_hear_each_other_share_record_and_rejoin(new_context, app_server):
    a_ctx, b_ctx = signed_up(new_context, "Cam Host"), signed_up(new_context, "Dee Candidate")
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
    b.get_by_label("Other person speaking").wait_for(timeout=10000)  # the fake microphone beeps every second
    screenshot(b, "call-candidate")

    # another microphone: the track is swapped in place, the other side keeps hearing
    mic = a.get_by_label("Microphone")
    mic.select_option(label="Fake Audio Input 1")
    a.wait_for_function("document.querySelector('video[aria-label=\"Your video\"]').srcObject"
                        ".getAudioTracks()[0].label === 'Fake Audio Input 1'", timeout=10000)
    _receiving(b)

    # screen share replaces the video track (the fake screen is 1280 wide, the fake camera 640) and back
    # (a new call starts small and steps up as its bandwidth estimate grows: wait for the camera's full width)
    b.wait_for_function("window.__parleyCall.inbound().then(s => s.frameWidth === 640)", timeout=30000, polling=250)
    a.get_by_role("button", name="Share screen").click()
    b.wait_for_function("window.__parleyCall.inbound().then(s => s.frameWidth === 1280)", timeout=30000, polling=250)
    screenshot(b, "call-screen-shared")
    a.get_by_role("button", name="Stop sharing").click()
    b.wait_for_function("window.__parleyCall.inbound().then(s => s.frameWidth === 640)", timeout=30000, polling=250)

    # the host records a few seconds; both see the indicator; the upload is playable
    a.get_by_role("button", name="Start recording").click()
    b.get_by_role("status", name="Recording").wait_for(timeout=10000)
    a.wait_for_timeout(4500)
    a.get_by_role("button", name="Stop recording").click()
    b.get_by_role("status", name="Recording").wait_for(state="detached", timeout=10000)
    for _ in range(40):  # the last chunk and the finish call follow the click
        rows = a_ctx.request.get(f"/api/sessions/{sid}/recordings").json()
        if rows and rows[0]["finished"]:
            break
        a.wait_for_timeout(250)
    assert len(rows) == 1 and rows[0]["finished"] and rows[0]["size_bytes"] > 10_000
    assert b_ctx.request.get(f"/api/sessions/{sid}/recordings/{rows[0]['id']}").status == 200
    a.get_by_role("tab", name="Recordings").click()
    video = a.locator("video.recording").first
    video.wait_for()
    duration = a.evaluate("""async () => {
        const v = document.querySelector('video.recording');
        if (v.readyState < 1) await new Promise(r => v.addEventListener('loadedmetadata', r, {once: true}));
        if (v.duration === Infinity) {  // MediaRecorder WebM has no duration header: seek to the end to learn it
            v.currentTime = 1e9;
            await new Promise(r => v.addEventListener('timeupdate', r, {once: true}));
        }
        return v.duration;
    }""")
    assert duration > 1.0

    # a reload of either side rejoins the call: media flows again both ways
    for page in (b, a):
        page.reload()
        _receiving(a)
        _receiving(b)

    for ctx in (a_ctx, b_ctx):
        assert ctx.recorded.foreign_requests(app_server.page_url) == []
