"""Stream Chat (optional): with STREAM_API_KEY and STREAM_API_SECRET set, a room's chat is a Stream channel.

The server does everything that needs the secret: upserts both people as Stream users, creates one
`messaging` channel per session with exactly them as members, and issues each an expiring user token. The
browser then talks to Stream with that token only (stream-chat-react). Without keys, the built-in chat runs.
"""
from __future__ import annotations

import time

from stream_chat import StreamChat

from app.config import settings

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


def prepare(session_id: str, me_id: int, members: dict[int, str], title: str) -> dict:
    """Make sure the channel exists with these members (id -> display name); the caller's client settings."""
    client = _client()
    client.upsert_users([{"id": stream_user_id(uid), "name": name} for uid, name in members.items()])
    host_id = next(iter(members))
    channel = client.channel(CHANNEL_TYPE, session_id, {"name": title})
    channel.create(stream_user_id(host_id))
    channel.add_members([stream_user_id(uid) for uid in members])
    token, exp = user_token(me_id)
    return {"provider": "stream", "api_key": settings.stream_api_key, "user_id": stream_user_id(me_id),
            "user_name": members.get(me_id, ""), "token": token, "expires_at": exp,
            "channel_type": CHANNEL_TYPE, "channel_id": session_id, "base_url": settings.stream_base_url}
