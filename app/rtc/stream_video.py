"""Stream Video (optional): with STREAM_API_KEY and STREAM_API_SECRET set, a room's call runs on Stream.

The server does what needs the secret (package `getstream`): upserts the room's people (host, candidate,
interviewers, observers) as Stream users, creates one call per session with exactly them as members (the host as
`host`) and issues each a token that expires and is scoped to that call only. The browser joins with that token (@stream-io/video-react-sdk). Without keys, the
built-in WebRTC call runs.

When someone other than the host leaves (`member_left`, an `events.on_leave` callback) they are removed from the call's
members and kicked out of it with a block, so a call token they still hold no longer gets them in; a
person is unblocked when they (re)join the room and ask for their settings.
"""
from __future__ import annotations

import asyncio
import logging

from getstream import Stream
from getstream.models import CallRequest, MemberRequest, UserRequest

from app.chat.stream import stream_user_id
from app.config import settings
from app.sessions import live, service as sessions

CALL_TYPE = "default"
log = logging.getLogger(__name__)


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
    call = client.video.call(CALL_TYPE, session_id)
    call.get_or_create(data=CallRequest(
        created_by_id=stream_user_id(host_id),
        members=[MemberRequest(user_id=stream_user_id(uid), role=role) for uid, role in roles.items()]))
    if me_id != host_id:  # someone blocked when they (or a predecessor in their seat) left may be back
        try:
            call.unblock_user(stream_user_id(me_id))
        except Exception as e:  # never blocked: nothing to undo
            log.info("Stream unblock of %s in call %s: %r", me_id, session_id, e)
    ttl = settings.stream_token_ttl_seconds
    token = client.create_call_token(stream_user_id(me_id), call_cids=[f"{CALL_TYPE}:{session_id}"], expiration=ttl)
    return {"provider": "stream", "api_key": settings.stream_api_key, "user_id": stream_user_id(me_id),
            "user_name": members.get(me_id, ""), "token": token, "call_type": CALL_TYPE, "call_id": session_id,
            "base_url": settings.stream_base_url}


def settings_for(me, session_id: str) -> dict:
    """How this member's browser should call: built-in WebRTC, or a prepared Stream call and call token (members
    of a live room only)."""
    people = sessions.room_people(me, session_id)
    if not enabled():
        return {"provider": "builtin"}
    return prepare(session_id, me.id, {**people["members"], **people["panel"]})


def remove(session_id: str, user_id: int) -> None:
    """Take a person who left out of the session's call: no longer a member, kicked out and blocked."""
    call = _client().video.call(CALL_TYPE, session_id)
    call.update_call_members(remove_members=[stream_user_id(user_id)])
    call.kick_user(stream_user_id(user_id), block=True)


async def member_left(session_id: str, user_id: int) -> None:
    """events.on_leave: anyone who left is removed from the call (the host leaving stays the host)."""
    if enabled() and not await asyncio.to_thread(live.is_member, session_id, user_id):
        await asyncio.to_thread(remove, session_id, user_id)
