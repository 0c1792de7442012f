"""Who is calling, by network address: the peer, or — only when the peer is one of TRUSTED_PROXIES — the client
its X-Forwarded-For names. Every per-address limit keys on `client_address`, so a header anybody can send must
never move a stranger to a fresh address.
"""
from __future__ import annotations

import ipaddress
from functools import lru_cache

from app.config import settings


def _ip(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def is_trusted(host: str | None) -> bool:
    return bool(settings.trusted_proxies) and _in(host or "", settings.trusted_proxies)


@lru_cache(maxsize=4096)
def _in(host: str, spec: str) -> bool:  # `spec` (TRUSTED_PROXIES) keys the cache
    ip = _ip(host)
    return ip is not None and any(ip in net for net in settings.trusted_proxy_networks)


def header(scope, name: bytes) -> str | None:
    """One request header from an ASGI scope (the last one if repeated), decoded as latin-1."""
    found = None
    for k, v in scope.get("headers", ()):
        if k == name:
            found = v.decode("latin-1")
    return found


def peer(scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def client_address(scope) -> str:
    """The rightmost X-Forwarded-For hop that is not a trusted proxy, when the peer itself is trusted; else the
    peer. (The left of the list is whatever the client wrote: only hops added by our own proxies are believed.)"""
    addr = peer(scope)
    if not is_trusted(addr):
        return addr
    hops = [h.strip() for v in _all(scope, b"x-forwarded-for") for h in v.split(",") if h.strip()]
    for hop in reversed(hops):
        if _ip(hop) is None:
            return addr  # garbage in the chain: keep the last address we can vouch for
        if not is_trusted(hop):
            return str(_ip(hop))
        addr = hop
    return addr


def forwarded(scope, name: bytes) -> str | None:
    """X-Forwarded-Proto / X-Forwarded-Host, believed only from a trusted proxy (first value: the proxy's own)."""
    if not is_trusted(peer(scope)):
        return None
    value = header(scope, name)
    return value.split(",")[0].strip() if value else None


def _all(scope, name: bytes) -> list[str]:
    return [v.decode("latin-1") for k, v in scope.get("headers", ()) if k == name]
