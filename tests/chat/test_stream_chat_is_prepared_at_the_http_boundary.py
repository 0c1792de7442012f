"""With Stream keys set, the server upserts both people, creates the session's channel with exactly them as
members and issues expiring user tokens; checked against a local fake of the Stream endpoints (the only SaaS
part we cannot reach) and by decoding the token offline. Without keys, the built-in chat is used."""
from __future__ import annotations

import time

import jwt
import pytest

from app.auth import service as auth
from app.config import settings
from app.errors import Forbidden
from app.chat import stream as stream_chat
from tests.conftest import two_person_room
from tests.fake_stream import SECRET, fake_stream  # noqa: F401 (fixture)


def test_without_keys_the_builtin_chat_is_used(app_db):
    host, _, sid = two_person_room("<b>Gus</b>")
    assert stream_chat.settings_for(host, sid) == {"provider": "builtin"}


def test_channel_members_and_token_are_prepared_through_stream_http(app_db, fake_stream):
    host, guest, sid = two_person_room("<b>Gus</b>")
    before = int(time.time())
    out = stream_chat.settings_for(guest, sid)
    assert out["provider"] == "stream" and out["api_key"] == "key123"
    assert (out["channel_type"], out["channel_id"], out["user_id"]) == ("messaging", sid, f"parley-{guest.id}")

    paths = [c["path"] for c in fake_stream]
    assert paths == ["/users", f"/channels/messaging/{sid}/query", f"/channels/messaging/{sid}",
                     f"/channels/messaging/{sid}"]
    users = fake_stream[0]["body"]["users"]
    assert {u["id"]: u["name"] for u in users.values()} == {f"parley-{host.id}": "Hana", f"parley-{guest.id}": "<b>Gus</b>"}
    assert fake_stream[1]["body"]["data"]["created_by"] == {"id": f"parley-{host.id}"}
    assert fake_stream[2]["body"]["add_members"] == [f"parley-{host.id}"]
    assert fake_stream[3]["body"]["add_members"] == [f"parley-{guest.id}"]  # with the history before them hidden
    assert fake_stream[3]["body"]["hide_history_before"]
    for call in fake_stream:  # server-side calls carry the api key and a server token signed with the secret
        assert call["query"]["api_key"] == ["key123"] and call["auth_type"] == "jwt"
        assert jwt.decode(call["auth"], SECRET, algorithms=["HS256"])["server"] is True

    claims = jwt.decode(out["token"], SECRET, algorithms=["HS256"])
    assert claims["user_id"] == f"parley-{guest.id}"
    assert before + settings.stream_token_ttl_seconds <= claims["exp"] <= int(time.time()) + settings.stream_token_ttl_seconds
    assert out["expires_at"] == claims["exp"]


def test_strangers_get_no_stream_token(app_db, fake_stream):
    _, _, sid = two_person_room("<b>Gus</b>")
    stranger = auth.signup(f"s{time.monotonic_ns()}@example.com", "stranger-pw-1", "Sam")
    with pytest.raises(Forbidden):
        stream_chat.settings_for(stranger, sid)
    assert fake_stream == []
