"""Stream Chat (optional): with STREAM_API_KEY and STREAM_API_SECRET set, a room's chat is a Stream channel.

The server does everything that needs the secret: upserts both people as Stream users, creates one
`messaging` channel per session with exactly them as members, and issues each an expiring user token. The
browser then talks to Stream with that token only (stream-chat-react). Without keys, the built-in chat runs.

The channel follows who is in the room: a participant is added with the history before their join hidden, and
removed when they leave (`member_left`, an `events.on_leave` callback), so the next one inherits nothing.
"""
from __future__ import annotations

import asyncio
import time
from datetime import datetime

from stream_chat import StreamChat

from app.config import settings
from app.sessions import live, service as sessions

CHANNEL_TYPE = "messaging"


def enabled() -> bool:
    return settings.stream_enabled


def stream_user_id(user_id: int) -> str:
    return f"parley-{user_id}"


def _client() -> StreamChat:
    options = {"base_url": settings.stream_base_url} if settings.stream_base_url else {}
    return StreamChat(settings.stream_api_key, settings.stream_api_secret, timeout=10.0, **options)


def user_token(user_id: int, now: int | None = None) -> tuple[str, int]:
    """An HS256 user token Stream accepts, expiring after STREAM_TOKEN_TTL_SECONDS."""
    now = now or int(time.time())
    exp = now + settings.stream_token_ttl_seconds
    return _client().create_token(stream_user_id(user_id), exp=exp, iat=now), exp


def prepare(session_id: str, me_id: int, members: dict[int, str], title: str,
            participant_since: datetime | None = None) -> dict:
    """Make sure the channel exists with these members (id -> display name, host first; the participant sees
    nothing posted before `participant_since`); the caller's client settings."""
    client = _client()
    client.upsert_users([{"id": stream_user_id(uid), "name": name} for uid, name in members.items()])
    host_id, *participant = members
    channel = client.channel(CHANNEL_TYPE, session_id, {"name": title})
    channel.create(stream_user_id(host_id))
    channel.add_members([stream_user_id(host_id)])
    if participant:
        hidden = {"hide_history_before": participant_since} if participant_since else {"hide_history": True}
        channel.add_members([stream_user_id(participant[0])], **hidden)
    token, exp = user_token(me_id)
    return {"provider": "stream", "api_key": settings.stream_api_key, "user_id": stream_user_id(me_id),
            "user_name": members.get(me_id, ""), "token": token, "expires_at": exp,
            "channel_type": CHANNEL_TYPE, "channel_id": session_id, "base_url": settings.stream_base_url}


def settings_for(me, session_id: str) -> dict:
    """How this member's browser should chat: the built-in channel, or a prepared Stream channel and token
    (members of a live room only)."""
    people = sessions.room_people(me, session_id)
    if not enabled():
        return {"provider": "builtin"}
    return prepare(session_id, me.id, people["members"], f"Parley · {people['title']}", people["participant_since"])


def remove(session_id: str, user_id: int) -> None:
    """Take a person who left out of the session's channel: they can no longer read or post in it."""
    _client().channel(CHANNEL_TYPE, session_id).remove_members([stream_user_id(user_id)])


async def member_left(session_id: str, user_id: int) -> None:
    """events.on_leave: a participant who left is removed from the channel (the host leaving stays the host)."""
    if enabled() and not await asyncio.to_thread(live.is_member, session_id, user_id):
        await asyncio.to_thread(remove, session_id, user_id)
