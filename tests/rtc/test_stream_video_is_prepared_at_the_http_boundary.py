"""With Stream keys set, the server upserts both people, gets-or-creates the session's call with exactly them
as members (the host as `host`) and issues tokens that expire and grant that call only; checked against a
local fake of Stream's HTTP API and by decoding the token offline. Without keys, the built-in call is used."""
from __future__ import annotations

import time

import jwt
import pytest

from app.auth import service as auth
from app.config import settings
from app.errors import Forbidden
from app.sessions import service as sessions
from app.rtc import stream_video
from tests.conftest import two_person_room
from tests.fake_stream import SECRET, fake_stream  # noqa: F401 (fixture)

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the fake answers with minimal bodies


def test_without_keys_the_builtin_call_is_used(app_db):
    host, guest, sid = two_person_room("Gus")
    assert stream_video.settings_for(host, sid) == {"provider": "builtin"}
    assert stream_video.settings_for(guest, sid) == {"provider": "builtin"}


def test_call_members_and_call_token_are_prepared_through_stream_http(app_db, fake_stream):
    host, guest, sid = two_person_room("<img src=x onerror=alert(1)>")
    before = int(time.time())
    out = stream_video.settings_for(guest, sid)
    assert out["provider"] == "stream" and out["api_key"] == "key123"
    assert (out["call_type"], out["call_id"], out["user_id"]) == ("default", sid, f"parley-{guest.id}")
    assert out["user_name"] == "<img src=x onerror=alert(1)>"  # data, rendered as text by React

    assert [c["path"] for c in fake_stream] == ["/api/v2/users", f"/api/v2/video/call/default/{sid}",
                                                f"/api/v2/video/call/default/{sid}/unblock"]  # in case they left once
    users = fake_stream[0]["body"]["users"]
    assert {u["id"]: u["name"] for u in users.values()} == {
        f"parley-{host.id}": "Hana", f"parley-{guest.id}": "<img src=x onerror=alert(1)>"}
    call = fake_stream[1]["body"]["data"]
    assert call["created_by_id"] == f"parley-{host.id}"
    assert call["members"] == [{"user_id": f"parley-{host.id}", "role": "host"},
                               {"user_id": f"parley-{guest.id}", "role": "call_member"}]
    for request in fake_stream:  # server-side calls carry the api key and a server token signed with the secret
        assert request["query"]["api_key"] == ["key123"] and request["auth_type"] == "jwt"
        assert "user_id" not in jwt.decode(request["auth"], SECRET, algorithms=["HS256"])  # no user: the server

    claims = jwt.decode(out["token"], SECRET, algorithms=["HS256"])
    assert claims["user_id"] == f"parley-{guest.id}"
    assert claims["call_cids"] == [f"default:{sid}"]  # this call only
    ttl = settings.stream_token_ttl_seconds
    assert before + ttl <= claims["exp"] <= int(time.time()) + ttl


def test_strangers_and_ended_rooms_get_no_call_token(app_db, fake_stream):
    host, _, sid = two_person_room("Gus")
    stranger = auth.signup(f"s{time.monotonic_ns()}@example.com", "stranger-pw-1", "Sam")
    with pytest.raises(Forbidden):
        stream_video.settings_for(stranger, sid)
    sessions.end(host, sid)
    with pytest.raises(Exception) as ended:
        stream_video.settings_for(host, sid)
    assert type(ended.value).__name__ == "Gone"
    assert fake_stream == []


def test_the_video_endpoint_needs_a_member(app_server, new_context):
    stranger = new_context()
    assert stranger.request.get("/api/sessions/nope/video").status == 401
