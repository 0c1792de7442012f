"""The built-in call as a grid in four real browsers (host, interviewer, observer, candidate; Chromium's fake
camera and microphone): everyone receives the video of everyone whose camera is on; the observer joins with camera
and microphone off, so the others see the observer's named tile without video, until the observer turns the
camera on; with four people each camera is sent at half size and 15 fps; names are text, never markup; a reload of one person rejoins without breaking the others' calls; what
the observer types reaches nobody; no room page makes a foreign request."""
from __future__ import annotations

from tests.conftest import screenshot, signed_up

# On this page: one tile per other person, named `name`; with `video`, its <video> has decoded frames (else none).
SEES = """(expected) => {
  const tiles = [...document.querySelectorAll('[data-peer-tile]')];
  if (tiles.length !== expected.length) return false;
  return expected.every(([name, video]) => {
    const t = tiles.find((x) => x.dataset.peerName === name);
    const v = t && t.querySelector('video[aria-label="Remote video"]');
    return v && (video ? v.srcObject && v.videoWidth > 0 : v.videoWidth === 0);
  });
}"""
NAMES = {"host": "Hana Host", "interviewer": "Ivan Interviewer", "observer": "<b>Olga</b>", "candidate": "Cara Candidate"}


def _sees_all(pages: dict, camera_on: set[str], timeout: float = 60000) -> None:
    for who, page in pages.items():
        expected = [[NAMES[o], o in camera_on] for o in pages if o != who]
        page.wait_for_function(SEES, arg=expected, timeout=timeout, polling=250)


def test_four_people_see_each_other_and_the_observer_starts_unseen(new_context, app_server):
    ctxs = {who: signed_up(new_context, name) for who, name in NAMES.items()}
    host = ctxs["host"].request
    sid = host.post("/api/sessions", data={"problem": "two-sum"}).json()["id"]
    assert ctxs["candidate"].request.post(f"/api/sessions/{sid}/join", data={}).status == 200
    for role in ("interviewer", "observer"):
        invite = host.post(f"/api/sessions/{sid}/invites", data={"role": role}).json()["invite_url"].split("invite=")[1]
        assert ctxs[role].request.post(f"/api/sessions/{sid}/join", data={"invite": invite}).json()["role"] == role
    pages = {who: ctx.new_page() for who, ctx in ctxs.items()}
    for page in pages.values():
        page.goto(f"/session/{sid}")  # all at once: perfect negotiation per pair avoids glare
    for page in pages.values():
        page.wait_for_function("window.__parleyEditors && window.__parleyEditors.room && "
                               "window.__parleyEditors.room.getValue().includes('twoSum')", timeout=90000)
    cameras = {"host", "interviewer", "candidate"}
    _sees_all(pages, cameras, 90000)
    # four people: every camera goes out to each peer at half size and 15 fps (a mesh encodes once per peer)
    for who, page in pages.items():
        page.wait_for_function("() => { const s = window.__parleyCall.sending(); return s.length === 3 && "
                               "s.every((x) => x.scale === 2 && x.fps === 15); }", timeout=30000)
    obs = pages["observer"]
    assert obs.get_by_role("button", name="Unmute").is_visible()  # microphone off by default too
    tile = pages["candidate"].locator(f'[data-peer-tile][data-peer-name="{NAMES["observer"]}"]')
    assert tile.locator("b").count() == 0 and "<b>Olga</b> · observer" in tile.inner_text()
    assert tile.get_attribute("data-muted") == "true" and tile.get_attribute("data-camera-off") == "true"
    screenshot(pages["candidate"], "panel-call-candidate")

    # the observer turns the camera on: now everyone sees them
    obs.get_by_role("button", name="Turn camera on").click()
    _sees_all(pages, cameras | {"observer"})
    assert tile.get_attribute("data-camera-off") == "false"

    # a reload of one person rejoins them; the others' calls carry on
    before = pages["host"].evaluate("window.__parleyCall.peers()")
    pages["interviewer"].reload()
    _sees_all(pages, cameras | {"observer"})
    after = pages["host"].evaluate("window.__parleyCall.peers()")
    grew = {p["name"]: p["framesDecoded"] for p in after}
    assert all(grew[p["name"]] > p["framesDecoded"] for p in before if p["name"] != NAMES["interviewer"])

    # what the observer types reaches nobody (the editors mount after the call: on a loaded box, later than it)
    for page in (obs, *(pages[w] for w in ("host", "interviewer", "candidate"))):
        page.wait_for_function("window.__parleyEditors && window.__parleyEditors.room", timeout=90000)
    obs.evaluate("window.__parleyEditors.room.executeEdits('x', [{range: window.__parleyEditors.room.getModel()"
                 ".getFullModelRange(), text: '# observer was here'}])")
    pages["host"].wait_for_timeout(2000)
    for who in ("host", "interviewer", "candidate"):
        assert "observer was here" not in pages[who].evaluate("window.__parleyEditors.room.getValue()"), who

    for who, ctx in ctxs.items():
        assert ctx.recorded.foreign_requests(app_server.page_url) == [], who
