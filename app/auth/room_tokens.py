"""Room tokens: short-lived HS256 JWTs that every real-time endpoint of a room (editor sync, chat,
video signalling) demands as `?token=`. Claims: sub (user id), room (session id), role, name, exp."""
from __future__ import annotations

import time
from dataclasses import dataclass, replace

import jwt

from app.config import settings

AUDIENCE = "parley-room"
ROLES = ("host", "participant", "interviewer", "observer")


@dataclass(frozen=True)
class RoomClaims:
    user_id: int
    room: str
    role: str
    name: str
    exp: int


def as_role(claims: RoomClaims, role: str) -> RoomClaims:
    """The claims with the role the room gives the person now (a token outlives a change of seat)."""
    return claims if claims.role == role else replace(claims, role=role)


class RoomTokenError(Exception):
    """The token is missing, malformed, expired, tampered with, or for another room."""


def issue(user_id: int, room: str, role: str, name: str, ttl: int | None = None) -> str:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    now = int(time.time())
    claims = {"sub": str(user_id), "room": room, "role": role, "name": name, "aud": AUDIENCE,
              "iat": now, "exp": now + (ttl or settings.room_token_ttl_seconds)}
    return jwt.encode(claims, settings.secret, algorithm="HS256")


def verify(token: str | None, room: str) -> RoomClaims:
    """Check signature, expiry and that the token names exactly this room."""
    if not token:
        raise RoomTokenError("missing room token")
    try:
        c = jwt.decode(token, settings.secret, algorithms=["HS256"], audience=AUDIENCE,
                       options={"require": ["sub", "room", "role", "exp"]})
    except jwt.PyJWTError as e:
        raise RoomTokenError(f"invalid room token: {e}") from e
    if c["room"] != room:
        raise RoomTokenError("room token is for another room")
    if c["role"] not in ROLES:
        raise RoomTokenError("room token has an unknown role")
    return RoomClaims(int(c["sub"]), c["room"], c["role"], str(c.get("name", "")), int(c["exp"]))
