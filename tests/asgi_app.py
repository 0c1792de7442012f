"""The real REST app (app.api.build_api) driven in-process over ASGI: the caller's address (ASGI `client`) and
signed-in user are chosen by the test, and every service runs against the test's database (`app_db`)."""
from __future__ import annotations

import httpx


def client(address: str = "127.0.0.1", me=None) -> httpx.AsyncClient:
    """An async HTTP client whose requests reach the REST app from `address`, signed in as `me` (or anonymous)."""
    from app.api import build_api
    from app.auth import cookies

    transport = httpx.ASGITransport(app=build_api(), client=(address, 40000))
    c = httpx.AsyncClient(transport=transport, base_url="http://testserver")
    if me is not None:
        c.cookies.set(cookies.name(), cookies.issue(me.id))
    return c
