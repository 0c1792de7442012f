"""With Stream keys set, Stream follows who is in the room: when the participant leaves (the REST leave, the same
door the page's Leave uses) they are removed from the session's Stream chat channel and from its call (kicked
and blocked, so a call token they still hold no longer gets them in); the host leaving keeps the host; the next
participant is added to the channel with the history before their join hidden, and is unblocked when they get
their call settings. Checked against the local fake of Stream's HTTP API (tests/fake_stream.py)."""
from __future__ import annotations

from datetime import datetime

import pytest

from app.auth import service as auth
from app.chat import stream as stream_chat
from app.rtc import stream_video
from app.sessions import service as sessions
from tests.conftest import leave_through_api, two_person_room
from tests.fake_stream import fake_stream  # noqa: F401 (fixture)

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the fake answers with minimal bodies


_leave = leave_through_api


def test_the_participant_who_leaves_is_removed_from_the_channel_and_the_call(app_db, fake_stream):
    host, guest, sid = two_person_room("Gus")
    gid = f"parley-{guest.id}"
    assert _leave(guest, sid) == 200
    calls = {c["path"]: c["body"] for c in fake_stream}
    assert calls[f"/channels/messaging/{sid}"]["remove_members"] == [gid]
    assert calls[f"/api/v2/video/call/default/{sid}/members"]["remove_members"] == [gid]
    assert calls[f"/api/v2/video/call/default/{sid}/kick"] == {"user_id": gid, "block": True}
    assert not any(f"parley-{host.id}" in str(c["body"]) for c in fake_stream)

    fake_stream.clear()
    assert _leave(host, sid) == 200  # the host leaving keeps the room, and the host in Stream
    assert fake_stream == []


def test_the_next_participant_sees_no_chat_history_from_before_and_is_unblocked(app_db, fake_stream):
    host, first, sid = two_person_room("First")
    assert _leave(first, sid) == 200
    second = auth.create_guest("Second")
    before = datetime.now().astimezone()
    sessions.join(second, sid)
    after = datetime.now().astimezone()
    fake_stream.clear()

    stream_chat.settings_for(second, sid)
    adds = [c["body"] for c in fake_stream if c["body"].get("add_members")]
    assert [a["add_members"] for a in adds] == [[f"parley-{host.id}"], [f"parley-{second.id}"]]
    assert "hide_history_before" not in adds[0]  # the host keeps the whole channel
    hidden = datetime.fromisoformat(adds[1]["hide_history_before"].replace("Z", "+00:00"))
    assert before <= hidden <= after

    fake_stream.clear()
    stream_video.settings_for(second, sid)
    assert {"user_id": f"parley-{second.id}"} in [c["body"] for c in fake_stream
                                                  if c["path"] == f"/api/v2/video/call/default/{sid}/unblock"]
    fake_stream.clear()
    stream_video.settings_for(host, sid)  # the host was never blocked
    assert not any(c["path"].endswith("/unblock") for c in fake_stream)
