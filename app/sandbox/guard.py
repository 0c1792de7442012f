"""Who may talk to the standalone sandbox server (`python -m app.sandbox serve`). Its Host must be the server's
own name (the bind address, localhost, 127.0.0.1, ::1 or one of SANDBOX_HOSTS, with or without the port): a web
page whose DNS name was rebound to 127.0.0.1 sends its own name and is refused. With SANDBOX_TOKEN set, /api/
needs `Authorization: Bearer <token>` (compared in constant time); /health stays open for liveness probes."""
from __future__ import annotations

import hmac

from app.sandbox.http import error


class Guard:
    """ASGI middleware in front of the standalone server's app."""

    def __init__(self, app, bind_host: str, port: int, token: str = "", extra_hosts: str = ""):
        self.app = app
        names = {bind_host, "localhost", "127.0.0.1", "::1", *(h.strip() for h in extra_hosts.split(","))}
        names = {f"[{n}]" if ":" in n else n for n in (n.lower() for n in names) if n}
        self.hosts = names | {f"{n}:{port}" for n in names}
        self.token = token.encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        host = headers.get(b"host", b"").decode("latin-1").lower()
        if host not in self.hosts:
            response = error(403, f"this sandbox server does not answer for host {host!r}", "forbidden_host")
        elif self.token and scope["path"].startswith("/api/") and not self._authorized(headers):
            response = error(401, "a valid `Authorization: Bearer <SANDBOX_TOKEN>` header is required",
                             "unauthorized", **{"WWW-Authenticate": "Bearer"})
        else:
            return await self.app(scope, receive, send)
        await response(scope, receive, send)

    def _authorized(self, headers: dict) -> bool:
        auth = headers.get(b"authorization", b"")
        return auth[:7].lower() == b"bearer " and hmac.compare_digest(auth[7:].strip(), self.token)
