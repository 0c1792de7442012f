"""Stream Video (optional): with STREAM_API_KEY and STREAM_API_SECRET set, a room's call runs on Stream.

The server does what needs the secret (package `getstream`): upserts both people as Stream users, creates one
call per session with exactly them as members (the host as `host`), and issues each a token that expires and
is scoped to that call only. The browser joins with that token (@stream-io/video-react-sdk). Without keys, the
built-in WebRTC call runs.
"""
from __future__ import annotations

from getstream import Stream
from getstream.models import CallRequest, MemberRequest, UserRequest

from app.chat.stream import stream_user_id
from app.config import settings

CALL_TYPE = "default"


def enabled() -> bool:
    return settings.stream_enabled


def _client() -> Stream:
    options = {"base_url": settings.stream_base_url} if settings.stream_base_url else {}
    return Stream(api_key=settings.stream_api_key, api_secret=settings.stream_api_secret, timeout=10.0, **options)


def prepare(session_id: str, me_id: int, members: dict[int, str]) -> dict:
    """Make sure the call exists with these members (id -> display name, host first); the caller's settings."""
    client = _client()
    client.upsert_users(*[UserRequest(id=stream_user_id(uid), name=name) for uid, name in members.items()])
    host_id = next(iter(members))
    roles = {uid: "host" if uid == host_id else "call_member" for uid in members}
    client.video.call(CALL_TYPE, session_id).get_or_create(data=CallRequest(
        created_by_id=stream_user_id(host_id),
        members=[MemberRequest(user_id=stream_user_id(uid), role=role) for uid, role in roles.items()]))
    ttl = settings.stream_token_ttl_seconds
    token = client.create_call_token(stream_user_id(me_id), call_cids=[f"{CALL_TYPE}:{session_id}"], expiration=ttl)
    return {"provider": "stream", "api_key": settings.stream_api_key, "user_id": stream_user_id(me_id),
            "user_name": members.get(me_id, ""), "token": token, "call_type": CALL_TYPE, "call_id": session_id,
            "base_url": settings.stream_base_url}
