"""With Stream keys set, a panel room's Stream call has every person in the room as a member: the host (as
`host`), the candidate, the interviewers and the observers (as `call_member`), each upserted with their display
name and given a token for that call only; an observer who leaves is removed from the call and kicked with a
block, and a stranger gets nothing. Checked against the local fake of Stream's HTTP API (tests/fake_stream.py)."""
from __future__ import annotations

import time

import jwt
import pytest

from app.auth import service as auth
from app.errors import Forbidden
from app.rtc import stream_video
from app.sessions import service as sessions
from tests.conftest import leave_through_api, two_person_room
from tests.fake_stream import SECRET, fake_stream  # noqa: F401 (fixture)

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the fake answers with minimal bodies


def _seat(host, sid: str, person, role: str) -> None:
    invite = sessions.create_invite(host, sid, role)["invite_path"].split("invite=")[1]
    assert sessions.join(person, sid, invite=invite)["role"] == role


_leave = leave_through_api


def test_host_candidate_interviewer_and_observer_are_all_members_of_the_call(app_db, fake_stream):
    host, cand, sid = two_person_room("Cara")
    interviewer = auth.signup(f"i{time.monotonic_ns()}@example.com", "interviewer-pw-1", "Ivan")
    observer = auth.create_guest("<img src=x onerror=alert(1)>")
    _seat(host, sid, interviewer, "interviewer")
    _seat(host, sid, observer, "observer")
    stranger = auth.signup(f"s{time.monotonic_ns()}@example.com", "stranger-pw-1", "Sam")
    with pytest.raises(Forbidden):
        stream_video.settings_for(stranger, sid)
    assert fake_stream == []

    out = stream_video.settings_for(observer, sid)
    assert out["provider"] == "stream" and out["user_id"] == f"parley-{observer.id}"
    assert out["user_name"] == "<img src=x onerror=alert(1)>"  # data, rendered as text by React
    users = next(c for c in fake_stream if c["path"] == "/api/v2/users")["body"]["users"]
    assert {u["id"]: u["name"] for u in users.values()} == {
        f"parley-{host.id}": "Hana", f"parley-{cand.id}": "Cara", f"parley-{interviewer.id}": "Ivan",
        f"parley-{observer.id}": "<img src=x onerror=alert(1)>"}
    call = next(c for c in fake_stream if c["path"] == f"/api/v2/video/call/default/{sid}")["body"]["data"]
    assert call["created_by_id"] == f"parley-{host.id}"
    assert call["members"] == [{"user_id": f"parley-{host.id}", "role": "host"},
                               {"user_id": f"parley-{cand.id}", "role": "call_member"},
                               {"user_id": f"parley-{interviewer.id}", "role": "call_member"},
                               {"user_id": f"parley-{observer.id}", "role": "call_member"}]
    claims = jwt.decode(out["token"], SECRET, algorithms=["HS256"])
    assert claims["user_id"] == f"parley-{observer.id}" and claims["call_cids"] == [f"default:{sid}"]

    fake_stream.clear()
    assert _leave(observer, sid) == 200
    calls = {c["path"]: c["body"] for c in fake_stream}
    gid = f"parley-{observer.id}"
    assert calls[f"/api/v2/video/call/default/{sid}/members"]["remove_members"] == [gid]
    assert calls[f"/api/v2/video/call/default/{sid}/kick"] == {"user_id": gid, "block": True}
    fake_stream.clear()
    stream_video.settings_for(interviewer, sid)  # the call goes on without them
    call = next(c for c in fake_stream if c["path"] == f"/api/v2/video/call/default/{sid}")["body"]["data"]
    assert gid not in str(call["members"]) and len(call["members"]) == 3
