"""ICE servers for the call: the configured list, with time-limited TURN credentials when a TURN secret is set
(coturn's REST scheme: username `expiry:user`, credential base64(HMAC-SHA1(secret, username)))."""
from __future__ import annotations

import base64
import hashlib
import hmac
import time

from app.config import settings


def turn_credentials(user_id: int, ttl: int, now: int | None = None) -> tuple[str, str]:
    username = f"{(now or int(time.time())) + ttl}:parley-{user_id}"
    digest = hmac.new(settings.turn_secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def ice_servers_for(user_id: int) -> list[dict]:
    servers = [dict(s) for s in settings.ice_server_list]
    if settings.turn_secret:
        username, credential = turn_credentials(user_id, settings.room_token_ttl_seconds)
        for s in servers:
            urls = s.get("urls")
            urls = urls if isinstance(urls, list) else [urls]
            if any(str(u).startswith(("turn:", "turns:")) for u in urls):
                s.update(username=username, credential=credential)
    return servers
